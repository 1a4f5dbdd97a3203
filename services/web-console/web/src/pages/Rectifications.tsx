import { useCallback, useEffect, useState } from 'react';
import {
  AutoComplete,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  message,
} from 'antd';
import dayjs from 'dayjs';
import { api, qs, type Me } from '../api';
import { chars, maxChars, showError } from '../forms';
import { DOCUMENT_KINDS, RECT_STATUS, SUPERVISION_FORMS, fmtTime } from '../labels';
import { go } from '../router';
import { useCursorPages } from './Acts';
import { readUntil } from '../freshness';

interface Rectification {
  rectificationId: string;
  agencyId: string;
  documentKind: string;
  documentNumber: string;
  supervisionForm: string;
  status: string;
  overdue: boolean;
  grounds: { kind: string; alertId: string; description: string }[];
  findings: string;
  requirements: string;
  deadline?: string;
  issuedAt?: string;
  measures: string[];
  explanation: string;
  repliedAt?: string;
  repliedLate: boolean;
  returns: number;
  lastOpinion?: string;
  outcome: string;
  publicSummary: string;
  closedAt?: string;
  accountabilityRecorded: boolean;
  version: number;
}

/** The measures supervision's documents name (the field takes any text, as supervision does). */
const ACCOUNTABILITY_MEASURES = ['批评教育', '通报批评', '诫勉谈话', '暂扣执法证', '调离执法岗位', '取消执法资格', '政务处分'];
const MAX_SHORT = 200;

export function RectificationsList({ me }: { me: Me }) {
  const [status, setStatus] = useState<string>();
  const [overdue, setOverdue] = useState(false);
  const { items, loading, pager } = useCursorPages<Rectification>(
    (cursor) =>
      api<{ rectifications: Rectification[]; nextCursor: string }>(
        'GET',
        `/api/rectifications${qs({ status, overdue: overdue || undefined, cursor, limit: 20 })}`,
      ).then((r) => ({ items: r.rectifications, nextCursor: r.nextCursor })),
    [status, overdue],
  );
  return (
    <Card
      title={me.user.role === 'agency_clerk' ? '本单位收到的整改通知' : '整改'}
      extra={
        me.user.role === 'county_supervisor' ? (
          <Button type="primary" onClick={() => go('rectification-new')}>
            发出监督文书
          </Button>
        ) : null
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 160 }}
          value={status}
          onChange={setStatus}
          options={Object.entries(RECT_STATUS).map(([value, label]) => ({ value, label }))}
        />
        <Checkbox checked={overdue} onChange={(e) => setOverdue(e.target.checked)}>
          仅看逾期
        </Checkbox>
      </Space>
      <Table<Rectification>
        rowKey="rectificationId"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 800 }}
        onRow={(r) => ({ onClick: () => go('rectification', r.rectificationId), style: { cursor: 'pointer' } })}
        columns={[
          { title: '文号', dataIndex: 'documentNumber' },
          { title: '文书', dataIndex: 'documentKind', render: (k: string) => DOCUMENT_KINDS[k] ?? k },
          { title: '被监督单位', dataIndex: 'agencyId' },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: string, r) => (
              <Space>
                <Tag>{RECT_STATUS[s] ?? s}</Tag>
                {r.overdue && <Tag color="red">逾期</Tag>}
              </Space>
            ),
          },
          { title: '期限', dataIndex: 'deadline', render: fmtTime },
          { title: '发出时间', dataIndex: 'issuedAt', render: fmtTime },
        ]}
      />
      {pager}
    </Card>
  );
}

export function RectificationDetail({ me, rectificationId }: { me: Me; rectificationId: string }) {
  const [r, setR] = useState<Rectification>();
  const load = useCallback(() => {
    api<Rectification>('GET', `/api/rectifications/${encodeURIComponent(rectificationId)}`).then(setR, (e: unknown) => showError(e));
  }, [rectificationId]);
  useEffect(load, [load]);
  const [replyForm] = Form.useForm();
  const [acceptForm] = Form.useForm();
  const [returnForm] = Form.useForm();
  const [closeForm] = Form.useForm();
  const [accountabilityForm] = Form.useForm();
  if (!r) return <Card loading />;
  const act = async (
    path: string,
    body: unknown,
    form: ReturnType<typeof Form.useForm>[0],
    done: string,
    shows: (fresh: Rectification) => boolean = (fresh) => fresh.status !== r.status,
  ) => {
    try {
      await api('POST', `/api/rectifications/${encodeURIComponent(r.rectificationId)}/${path}`, body);
      void message.success(done);
      // The read model follows the command; read it again until it shows the change.
      const { value } = await readUntil(
        () => api<Rectification>('GET', `/api/rectifications/${encodeURIComponent(r.rectificationId)}`),
        shows,
      );
      setR(value);
      form.resetFields();
    } catch (error) {
      showError(error, form);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={`${DOCUMENT_KINDS[r.documentKind] ?? r.documentKind} ${r.documentNumber}`} data-testid="rectification-detail">
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label="状态">
            <span data-testid="rectification-status">{RECT_STATUS[r.status] ?? r.status}</span>
            {r.overdue && (
              <Tag color="red" style={{ marginLeft: 8 }}>
                逾期
              </Tag>
            )}
          </Descriptions.Item>
          <Descriptions.Item label="被监督单位">{r.agencyId}</Descriptions.Item>
          <Descriptions.Item label="监督方式">{SUPERVISION_FORMS[r.supervisionForm] ?? r.supervisionForm}</Descriptions.Item>
          <Descriptions.Item label="整改期限">{fmtTime(r.deadline)}</Descriptions.Item>
          <Descriptions.Item label="发现的问题" span={2}>
            {r.findings}
          </Descriptions.Item>
          <Descriptions.Item label="整改要求" span={2}>
            {r.requirements}
          </Descriptions.Item>
          <Descriptions.Item label="依据" span={2}>
            {r.grounds.map((g, i) =>
              g.kind === 'alert' ? (
                <a key={i} onClick={() => go('alert', g.alertId)}>
                  预警 {g.alertId}{' '}
                </a>
              ) : (
                <span key={i}>{g.description} </span>
              ),
            )}
          </Descriptions.Item>
          {r.measures.length > 0 && (
            <Descriptions.Item label="整改措施" span={2}>
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {r.measures.map((m, i) => (
                  <li key={i}>{m}</li>
                ))}
              </ul>
            </Descriptions.Item>
          )}
          {r.explanation && (
            <Descriptions.Item label="情况说明" span={2}>
              {r.explanation}
            </Descriptions.Item>
          )}
          {r.repliedAt && (
            <Descriptions.Item label="回复时间">
              {fmtTime(r.repliedAt)}
              {r.repliedLate ? '（逾期回复）' : ''}
            </Descriptions.Item>
          )}
          {r.lastOpinion && <Descriptions.Item label="验收意见">{r.lastOpinion}</Descriptions.Item>}
          {r.status === 'closed' && (
            <Descriptions.Item label="责任追究">
              <span data-testid="accountability-recorded">{r.accountabilityRecorded ? '已记录' : '未记录'}</span>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {me.user.role === 'county_supervisor' && r.status === 'closed' && (
        <Card title="记录责任追究" data-testid="accountability-card">
          <Form
            form={accountabilityForm}
            layout="vertical"
            style={{ maxWidth: 720 }}
            initialValues={{ decidedAt: dayjs() }}
            onFinish={(v: { decidedBy: string; measure: string; persons: string; basis: string; decidedAt: dayjs.Dayjs }) =>
              void act(
                'accountability',
                {
                  decidedBy: v.decidedBy,
                  measure: v.measure,
                  persons: v.persons
                    .split('\n')
                    .map((p) => p.trim())
                    .filter(Boolean),
                  basis: v.basis,
                  decidedAt: v.decidedAt.toISOString(),
                },
                accountabilityForm,
                '已记录责任追究',
                (fresh) => fresh.version > r.version,
              )
            }
          >
            <Form.Item
              name="decidedBy"
              label="追责决定机关"
              rules={[{ required: true, whitespace: true, message: '追责决定机关不能为空' }, maxChars(MAX_SHORT, '追责决定机关')]}
            >
              <Input id="accountability-decided-by" placeholder="如：区纪委监委" />
            </Form.Item>
            <Form.Item
              name="measure"
              label="追责方式"
              rules={[{ required: true, whitespace: true, message: '追责方式不能为空' }, maxChars(MAX_SHORT, '追责方式')]}
            >
              <AutoComplete
                id="accountability-measure"
                options={ACCOUNTABILITY_MEASURES.map((value) => ({ value }))}
                placeholder="选择或填写"
              />
            </Form.Item>
            <Form.Item
              name="persons"
              label="被追责人员（每行一人：执法证号或姓名，不公开）"
              required
              rules={[
                {
                  validator: async (_, v: string = '') => {
                    const persons = v
                      .split('\n')
                      .map((p) => p.trim())
                      .filter(Boolean);
                    if (persons.length === 0 || persons.length > 50) throw new Error('被追责人员应为 1 到 50 名');
                    if (persons.some((p) => chars(p) > MAX_SHORT)) throw new Error(`每名被追责人员不超过 ${MAX_SHORT} 个字`);
                  },
                },
              ]}
            >
              <Input.TextArea id="accountability-persons" rows={3} />
            </Form.Item>
            <Form.Item
              name="basis"
              label="追责依据"
              rules={[{ required: true, whitespace: true, message: '追责依据不能为空' }, maxChars(5000, '追责依据')]}
            >
              <Input.TextArea id="accountability-basis" rows={3} />
            </Form.Item>
            <Form.Item name="decidedAt" label="追责决定时间" rules={[{ required: true, message: '追责决定时间无效或未填写' }]}>
              <DatePicker id="accountability-decided-at" showTime style={{ width: '100%', maxWidth: 280 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" id="accountability-submit">
              记录责任追究
            </Button>
          </Form>
        </Card>
      )}
      {me.user.role === 'agency_clerk' && r.status === 'awaiting_reply' && (
        <Card title="回复整改情况">
          <Form
            form={replyForm}
            layout="vertical"
            style={{ maxWidth: 720 }}
            onFinish={(v: { measures: string; explanation?: string }) =>
              void act(
                'reply',
                {
                  measures: v.measures
                    .split('\n')
                    .map((m) => m.trim())
                    .filter(Boolean),
                  explanation: v.explanation ?? '',
                },
                replyForm,
                '已回复',
              )
            }
          >
            <Form.Item name="measures" label="整改措施（每行一项）" rules={[{ required: true, message: '请至少填写一项整改措施' }]}>
              <Input.TextArea rows={4} id="reply-measures" />
            </Form.Item>
            <Form.Item name="explanation" label="情况说明" rules={[{ max: 4000, message: '不能超过 4000 个字' }]}>
              <Input.TextArea rows={3} id="reply-explanation" />
            </Form.Item>
            <Button type="primary" htmlType="submit" id="reply-submit">
              提交回复
            </Button>
          </Form>
        </Card>
      )}
      {me.user.role === 'county_supervisor' && (r.status === 'accepted' || r.status === 'awaiting_reply') && (
        <Card title="办结">
          <Form
            form={closeForm}
            layout="vertical"
            style={{ maxWidth: 720 }}
            initialValues={{ outcome: r.status === 'accepted' ? 'rectified' : 'not_rectified' }}
            onFinish={(v: { outcome: string; publicSummary: string }) => void act('closure', v, closeForm, '已办结')}
          >
            <Form.Item name="outcome" label="整改结果" rules={[{ required: true, message: '请选择整改结果' }]}>
              <Select
                options={[
                  ...(r.status === 'accepted' ? [{ value: 'rectified', label: '已整改到位' }] : []),
                  { value: 'not_rectified', label: '未整改到位' },
                ]}
              />
            </Form.Item>
            <Form.Item
              name="publicSummary"
              label="公开的整改情况（整改落实公布）"
              rules={[{ required: true, message: '请填写公开的整改情况' }]}
            >
              <Input.TextArea rows={3} id="close-summary" />
            </Form.Item>
            <Button type="primary" htmlType="submit" id="close-submit">
              办结
            </Button>
          </Form>
        </Card>
      )}
      {me.user.role === 'county_supervisor' && r.status === 'replied' && (
        <Card title="验收">
          <Form
            form={acceptForm}
            layout="vertical"
            style={{ maxWidth: 720 }}
            onFinish={(v: { opinion: string }) => void act('acceptance', v, acceptForm, '已验收')}
          >
            <Form.Item name="opinion" label="验收意见" rules={[{ required: true, message: '请填写验收意见' }]}>
              <Input.TextArea rows={3} id="accept-opinion" />
            </Form.Item>
            <Button type="primary" htmlType="submit" id="accept-submit">
              验收通过
            </Button>
          </Form>
          <Form
            form={returnForm}
            layout="inline"
            style={{ marginTop: 16 }}
            onFinish={(v: { reason: string; newDeadlineWorkingDays: number }) => void act('return', v, returnForm, '已退回')}
          >
            <Form.Item name="reason" rules={[{ required: true, message: '请填写退回理由' }]}>
              <Input placeholder="退回理由" />
            </Form.Item>
            <Form.Item name="newDeadlineWorkingDays" initialValue={5} rules={[{ required: true, message: '新期限' }]}>
              <InputNumber min={1} max={120} addonAfter="个工作日" />
            </Form.Item>
            <Button danger htmlType="submit">
              退回重改
            </Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}

export function RectificationIssue({ agencyId, alertId }: { agencyId: string; alertId: string }) {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [agencies, setAgencies] = useState<{ agencyId: string; name: string }[]>([]);
  useEffect(() => {
    api<{ agencies: { agencyId: string; name: string }[] }>('GET', '/api/agencies').then(
      (r) => setAgencies(r.agencies),
      (e: unknown) => showError(e),
    );
  }, []);
  const submit = async (values: Record<string, unknown>) => {
    setBusy(true);
    try {
      await api('POST', '/api/rectifications', {
        documentKind: values['documentKind'],
        documentNumber: values['documentNumber'],
        supervisionForm: values['supervisionForm'],
        agencyId: values['agencyId'],
        ...(alertId ? { alertIds: [alertId] } : {}),
        findings: values['findings'],
        requirements: values['requirements'],
        deadlineWorkingDays: values['deadlineWorkingDays'],
      });
      void message.success('已发出');
      go('rectifications');
    } catch (error) {
      showError(error, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="发出监督文书">
      <Form
        form={form}
        layout="vertical"
        style={{ maxWidth: 720 }}
        onFinish={(v) => void submit(v as Record<string, unknown>)}
        initialValues={{ documentKind: 'notice', supervisionForm: 'routine', agencyId: agencyId || undefined, deadlineWorkingDays: 5 }}
      >
        {alertId && <p>依据预警：{alertId}</p>}
        <Form.Item name="documentKind" label="文书类型" rules={[{ required: true }]}>
          <Select options={Object.entries(DOCUMENT_KINDS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="documentNumber" label="文号" rules={[{ required: true, message: '必填' }]}>
          <Input id="notice-number" />
        </Form.Item>
        <Form.Item name="supervisionForm" label="监督方式" rules={[{ required: true }]}>
          <Select options={Object.entries(SUPERVISION_FORMS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="agencyId" label="被监督单位" rules={[{ required: true, message: '请选择被监督单位' }]}>
          <Select id="notice-agency" options={agencies.map((a) => ({ value: a.agencyId, label: a.name }))} />
        </Form.Item>
        <Form.Item name="findings" label="发现的问题" rules={[{ required: true, message: '必填' }]}>
          <Input.TextArea rows={3} id="notice-findings" />
        </Form.Item>
        <Form.Item name="requirements" label="整改要求" rules={[{ required: true, message: '必填' }]}>
          <Input.TextArea rows={3} id="notice-requirements" />
        </Form.Item>
        <Form.Item name="deadlineWorkingDays" label="整改期限（工作日）" rules={[{ required: true, message: '必填' }]}>
          <InputNumber min={1} max={120} id="notice-days" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} id="notice-submit">
          发出
        </Button>
      </Form>
    </Card>
  );
}
