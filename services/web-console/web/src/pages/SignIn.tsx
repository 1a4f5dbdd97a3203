import { useState } from 'react';
import { Button, Card, Form, Input, Select, Tabs, Typography } from 'antd';
import { api, type Me } from '../api';
import { showError } from '../forms';

const ROLES = [
  { value: 'agency_clerk', label: '执法单位法制员' },
  { value: 'county_supervisor', label: '县级执法监督员' },
  { value: 'regional_viewer', label: '市/省级监督（只读）' },
  { value: 'task_force_member', label: '联合监督小组成员' },
  { value: 'operator', label: '运维管理员（读模型重建）' },
];

export function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [devForm] = Form.useForm();
  const [tokenForm] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const role = Form.useWatch('role', devForm) as string | undefined;

  const submit = async (path: string, body: unknown, form: typeof devForm) => {
    setBusy(true);
    try {
      await api('POST', path, body);
      onSignedIn(await api<Me>('GET', '/api/me'));
    } catch (error) {
      showError(error, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5', padding: 16 }}
    >
      <Card style={{ width: 440, maxWidth: '100%' }}>
        <Typography.Title level={3} style={{ textAlign: 'center' }}>
          执法监督工作台
        </Typography.Title>
        <Tabs
          items={[
            {
              key: 'dev',
              label: '开发环境登录',
              children: (
                <Form
                  form={devForm}
                  layout="vertical"
                  initialValues={{ role: 'agency_clerk' }}
                  onFinish={(values: Record<string, string>) =>
                    void submit(
                      '/api/session/dev',
                      {
                        role: values['role'],
                        name: values['name'],
                        ...(values['countyCode'] ? { countyCode: values['countyCode'] } : {}),
                        ...(values['agencyId'] ? { agencyId: values['agencyId'] } : {}),
                        ...(values['regionCode'] ? { regionCode: values['regionCode'] } : {}),
                        ...(values['agreementCounties']
                          ? { agreementCounties: values['agreementCounties'].split(/[,，\s]+/).filter(Boolean) }
                          : {}),
                      },
                      devForm,
                    )
                  }
                >
                  <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
                    <Input id="signin-name" />
                  </Form.Item>
                  <Form.Item name="role" label="角色" rules={[{ required: true }]}>
                    <Select id="signin-role" options={ROLES} />
                  </Form.Item>
                  {(role === 'agency_clerk' || role === 'county_supervisor') && (
                    <Form.Item
                      name="countyCode"
                      label="所属区县代码"
                      rules={[{ required: true, pattern: /^[1-8]\d{5}$/, message: '应为 6 位行政区划代码' }]}
                    >
                      <Input id="signin-county" placeholder="431103" />
                    </Form.Item>
                  )}
                  {role === 'agency_clerk' && (
                    <Form.Item name="agencyId" label="所属执法单位编号" rules={[{ required: true, message: '请填写执法单位编号' }]}>
                      <Input id="signin-agency" />
                    </Form.Item>
                  )}
                  {role === 'regional_viewer' && (
                    <Form.Item
                      name="regionCode"
                      label="市/省代码"
                      rules={[{ required: true, pattern: /^[1-8]\d(\d\d)?$/, message: '如 4311 或 43' }]}
                    >
                      <Input id="signin-region" placeholder="4311" />
                    </Form.Item>
                  )}
                  {role === 'task_force_member' && (
                    <Form.Item
                      name="agreementCounties"
                      label="协议成员区县"
                      rules={[{ required: true, message: '请填写区县代码，逗号分隔' }]}
                    >
                      <Input id="signin-agreement" placeholder="433124,522229,500241" />
                    </Form.Item>
                  )}
                  <Button type="primary" htmlType="submit" block loading={busy} id="signin-submit">
                    登录
                  </Button>
                </Form>
              ),
            },
            {
              key: 'token',
              label: '令牌登录',
              children: (
                <Form
                  form={tokenForm}
                  layout="vertical"
                  onFinish={(values: { token: string }) => void submit('/api/session', values, tokenForm)}
                >
                  <Form.Item name="token" label="身份提供方签发的令牌" rules={[{ required: true, message: '请粘贴令牌' }]}>
                    <Input.TextArea rows={4} />
                  </Form.Item>
                  <Button type="primary" htmlType="submit" block loading={busy}>
                    登录
                  </Button>
                </Form>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
