import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Alert,
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
  Steps,
  Table,
  Tag,
  Timeline,
  Typography,
  message,
} from 'antd';
import dayjs from 'dayjs';
import { api, ApiError, qs, type Me } from '../api';
import { showError } from '../forms';
import { ACT_STATUS, CATEGORIES, CERT_STATUS, EVIDENCE_KINDS, OPENED_BY, OUTCOMES, SERVICE_METHODS, STEP_NAMES, fmtTime } from '../labels';
import { go } from '../router';
import { readUntil } from '../freshness';

export interface Act {
  actId: string;
  countyCode: string;
  agencyId: string;
  category: string;
  caseNumber: string;
  title: string;
  status: string;
  targetName: string;
  officerIds: string[];
  openedAt?: string;
  decidedAt?: string;
  closedAt?: string;
  decisionOutcome: string;
  fineFen: number;
  version: number;
}
interface Officer {
  officerId: string;
  name: string;
  certificateNumber: string;
  certificateStatus: string;
  certificateValidNow: boolean;
}

/** Cursor paging on the server: a stack of the cursors that led to each page. */
export function useCursorPages<T>(load: (cursor: string) => Promise<{ items: T[]; nextCursor: string }>, deps: unknown[]) {
  const [cursors, setCursors] = useState<string[]>(['']);
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState('');
  const [loading, setLoading] = useState(false);
  const current = cursors[cursors.length - 1]!;
  const stableLoad = useCallback(load, deps);
  useEffect(() => setCursors(['']), [stableLoad]);
  useEffect(() => {
    setLoading(true);
    stableLoad(current)
      .then(
        (page) => {
          setItems(page.items);
          setNext(page.nextCursor);
        },
        (error: unknown) => showError(error),
      )
      .finally(() => setLoading(false));
  }, [stableLoad, current]);
  const pager = (
    <Space style={{ marginTop: 12 }}>
      <Button disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
        上一页
      </Button>
      <span>第 {cursors.length} 页</span>
      <Button disabled={!next} onClick={() => setCursors([...cursors, next])} data-testid="next-page">
        下一页
      </Button>
    </Space>
  );
  return { items, loading, pager, reload: () => setCursors([...cursors]) };
}

export function ActsList({ me }: { me: Me }) {
  const [category, setCategory] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [target, setTarget] = useState('');
  const { items, loading, pager } = useCursorPages<Act>(
    (cursor) =>
      api<{ acts: Act[]; nextCursor: string }>('GET', `/api/acts${qs({ category, status, target, cursor, limit: 20 })}`).then((r) => ({
        items: r.acts,
        nextCursor: r.nextCursor,
      })),
    [category, status, target],
  );
  return (
    <Card
      title="执法行为"
      extra={
        me.user.role === 'agency_clerk' ? (
          <Button type="primary" onClick={() => go('act-new')}>
            登记执法行为
          </Button>
        ) : null
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder="类别"
          style={{ width: 140 }}
          value={category}
          onChange={setCategory}
          options={Object.entries(CATEGORIES).map(([value, label]) => ({ value, label }))}
        />
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 120 }}
          value={status}
          onChange={setStatus}
          options={Object.entries(ACT_STATUS).map(([value, label]) => ({ value, label }))}
        />
        <Input.Search placeholder="相对人" allowClear style={{ width: 200 }} onSearch={setTarget} />
      </Space>
      <Table<Act>
        rowKey="actId"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 900 }}
        onRow={(act) => ({ onClick: () => go('act', act.actId), style: { cursor: 'pointer' } })}
        columns={[
          { title: '案号', dataIndex: 'caseNumber' },
          { title: '名称', dataIndex: 'title' },
          { title: '类别', dataIndex: 'category', render: (c: string) => CATEGORIES[c] ?? c },
          { title: '执法单位', dataIndex: 'agencyId' },
          { title: '相对人', dataIndex: 'targetName' },
          { title: '状态', dataIndex: 'status', render: (s: string) => <Tag>{ACT_STATUS[s] ?? s}</Tag> },
          { title: '开始时间', dataIndex: 'openedAt', render: fmtTime },
        ]}
      />
      {pager}
    </Card>
  );
}

function useOfficers() {
  const [officers, setOfficers] = useState<Officer[]>([]);
  useEffect(() => {
    api<{ officers: Officer[] }>('GET', '/api/officers').then(
      (r) => setOfficers(r.officers),
      (e: unknown) => showError(e),
    );
  }, []);
  return useMemo(
    () =>
      officers.map((o) => ({
        value: o.officerId,
        label: `${o.name}（${o.certificateNumber}，${o.certificateValidNow ? '证件有效' : `证件${CERT_STATUS[o.certificateStatus] ?? '无效'}`}）`,
      })),
    [officers],
  );
}

/** Opening an act, step by step: the case, the target, the officers; each part checked before the next. */
export function ActNew() {
  const [form] = Form.useForm();
  const [current, setCurrent] = useState(0);
  const [busy, setBusy] = useState(false);
  const officers = useOfficers();
  const category = Form.useWatch('category', form) as string | undefined;
  const targetKind = Form.useWatch(['target', 'kind'], form) as string | undefined;
  const parts = [
    ['category', 'openedBy', 'caseNumber', 'title', 'itemCode', 'major', 'summary'],
    [
      ['target', 'kind'],
      ['target', 'name'],
      ['target', 'idNumber'],
      ['target', 'creditCode'],
      ['target', 'phone'],
      ['target', 'address'],
    ],
    ['officerIds', 'occurredAt'],
  ];
  const next = async () => {
    try {
      await form.validateFields(parts[current] as never);
      setCurrent(current + 1);
    } catch {
      /* the fields show what is missing */
    }
  };
  const submit = async () => {
    const values = (await form.validateFields()) as Record<string, unknown> & { target: Record<string, unknown>; occurredAt: dayjs.Dayjs };
    setBusy(true);
    try {
      const accepted = await api<{ aggregateId: string }>('POST', '/api/acts', {
        ...(values['actId'] ? { actId: values['actId'] } : {}),
        openedBy: values['openedBy'],
        category: values['category'],
        caseNumber: values['caseNumber'],
        title: values['title'],
        ...(values['itemCode'] ? { itemCode: values['itemCode'] } : {}),
        major: values['major'] === true,
        officerIds: values['officerIds'],
        occurredAt: values.occurredAt.toISOString(),
        ...(values['summary'] ? { summary: values['summary'] } : {}),
        target: Object.fromEntries(Object.entries(values.target).filter(([, v]) => v !== undefined && v !== '')),
      });
      void message.success('已登记');
      go('act', accepted.aggregateId);
    } catch (error) {
      showError(error, form);
      const fields = form
        .getFieldsError()
        .filter((f) => f.errors.length > 0)
        .map((f) => String(f.name[0]));
      if (fields.includes('target')) setCurrent(1);
      else if (fields.some((f) => ['officerIds', 'occurredAt'].includes(f))) setCurrent(2);
      else if (fields.length > 0) setCurrent(0);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="登记执法行为">
      <Steps
        current={current}
        style={{ marginBottom: 24 }}
        items={[{ title: '案件信息' }, { title: '行政相对人' }, { title: '执法人员' }]}
      />
      <Form
        form={form}
        layout="vertical"
        style={{ maxWidth: 720 }}
        initialValues={{ target: { kind: 'legal_person', enterprise: true }, occurredAt: dayjs() }}
      >
        <div style={{ display: current === 0 ? 'block' : 'none' }}>
          <Form.Item name="category" label="执法行为类别" rules={[{ required: true, message: '请选择类别' }]}>
            <Select
              id="act-category"
              options={Object.entries(CATEGORIES).map(([value, label]) => ({ value, label }))}
              onChange={(value: string) => form.setFieldValue('openedBy', OPENED_BY[value]?.[0])}
            />
          </Form.Item>
          <Form.Item name="openedBy" label="启动方式" rules={[{ required: true, message: '请选择启动方式' }]}>
            <Select
              id="act-opened-by"
              options={(OPENED_BY[category ?? ''] ?? ['application', 'filing']).map((o) => ({
                value: o,
                label: o === 'application' ? '依申请' : '立案',
              }))}
            />
          </Form.Item>
          <Form.Item
            name="caseNumber"
            label="案号"
            rules={[
              { required: true, message: '必填' },
              { max: 64, message: '不能超过 64 个字' },
            ]}
          >
            <Input id="act-case-number" />
          </Form.Item>
          <Form.Item
            name="title"
            label="案件名称"
            rules={[
              { required: true, message: '必填' },
              { max: 200, message: '不能超过 200 个字' },
            ]}
          >
            <Input id="act-title" />
          </Form.Item>
          <Form.Item name="itemCode" label="执法事项编码" rules={[{ max: 64, message: '不能超过 64 个字' }]}>
            <Input id="act-item-code" />
          </Form.Item>
          <Form.Item name="major" valuePropName="checked">
            <Checkbox>重大执法决定</Checkbox>
          </Form.Item>
          <Form.Item name="summary" label="简要案情" rules={[{ max: 4000, message: '不能超过 4000 个字' }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </div>
        <div style={{ display: current === 1 ? 'block' : 'none' }}>
          <Form.Item name={['target', 'kind']} label="相对人类型" rules={[{ required: true }]}>
            <Select
              id="act-target-kind"
              options={[
                { value: 'legal_person', label: '法人' },
                { value: 'other_organization', label: '其他组织' },
                { value: 'natural_person', label: '自然人' },
              ]}
            />
          </Form.Item>
          <Form.Item
            name={['target', 'name']}
            label="名称/姓名"
            rules={[
              { required: true, message: '必填' },
              { max: 200, message: '不能超过 200 个字' },
            ]}
          >
            <Input id="act-target-name" />
          </Form.Item>
          {targetKind === 'natural_person' ? (
            <Form.Item
              name={['target', 'idNumber']}
              label="公民身份号码"
              rules={[{ pattern: /^\d{17}[\dXx]$/, message: '公民身份号码应为 18 位' }]}
            >
              <Input id="act-target-id-number" />
            </Form.Item>
          ) : (
            <Form.Item
              name={['target', 'creditCode']}
              label="统一社会信用代码"
              rules={[
                { required: true, message: '必填' },
                { len: 18, message: '统一社会信用代码应为 18 位' },
              ]}
            >
              <Input id="act-target-credit-code" />
            </Form.Item>
          )}
          <Form.Item name={['target', 'phone']} label="联系电话">
            <Input />
          </Form.Item>
          <Form.Item name={['target', 'address']} label="地址" rules={[{ max: 300, message: '不能超过 300 个字' }]}>
            <Input />
          </Form.Item>
        </div>
        <div style={{ display: current === 2 ? 'block' : 'none' }}>
          <Form.Item name="officerIds" label="执法人员" rules={[{ required: true, message: '须列明实施该环节的执法人员' }]}>
            <Select id="act-officers" mode="multiple" options={officers} optionFilterProp="label" />
          </Form.Item>
          <Form.Item name="occurredAt" label="发生时间" rules={[{ required: true, message: '必填' }]}>
            <DatePicker id="act-occurred-at" showTime style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <Space>
          {current > 0 && <Button onClick={() => setCurrent(current - 1)}>上一步</Button>}
          {current < 2 && (
            <Button type="primary" onClick={() => void next()} id="act-next">
              下一步
            </Button>
          )}
          {current === 2 && (
            <Button type="primary" loading={busy} onClick={() => void submit()} id="act-submit">
              提交登记
            </Button>
          )}
        </Space>
      </Form>
    </Card>
  );
}

interface TimelineEntry {
  eventId: string;
  eventType: string;
  version: number;
  occurredAt?: string;
  recordedAt?: string;
  actorUserId: string;
  actorRole: string;
  officerIds: string[];
  summary: string;
}

export function ActDetail({ me, actId }: { me: Me; actId: string }) {
  const [data, setData] = useState<{ act: Act; entries: TimelineEntry[] }>();
  const load = useCallback(() => {
    // An act recorded a moment ago reaches case intake's read models shortly after it is
    // accepted: a 404 is asked again for a few seconds before it is shown as an error.
    const attempt = (left: number): void => {
      api<{ act: Act; entries: TimelineEntry[] }>('GET', `/api/acts/${encodeURIComponent(actId)}/timeline`).then(setData, (e: unknown) => {
        if (e instanceof ApiError && e.status === 404 && left > 0) setTimeout(() => attempt(left - 1), 500);
        else showError(e);
      });
    };
    attempt(20);
  }, [actId]);
  useEffect(load, [load]);
  // After a step, read until the act shows it: the next step is sent with the act's version, and
  // a stale version would be refused as a conflict.
  const reloadAfterStep = useCallback(
    (before: number) => {
      readUntil(
        () => api<{ act: Act; entries: TimelineEntry[] }>('GET', `/api/acts/${encodeURIComponent(actId)}/timeline`),
        (fresh) => fresh.act.version > before,
      ).then(
        ({ value }) => setData(value),
        (e: unknown) => showError(e),
      );
    },
    [actId],
  );
  if (!data) return <Card loading />;
  const { act, entries } = data;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={`${act.title}（${act.caseNumber}）`} data-testid="act-detail">
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label="类别">{CATEGORIES[act.category] ?? act.category}</Descriptions.Item>
          <Descriptions.Item label="执法单位">{act.agencyId}</Descriptions.Item>
          <Descriptions.Item label="状态">{ACT_STATUS[act.status] ?? act.status}</Descriptions.Item>
          <Descriptions.Item label="相对人">{act.targetName}</Descriptions.Item>
          <Descriptions.Item label="执法人员">{act.officerIds.join('、')}</Descriptions.Item>
          <Descriptions.Item label="罚没金额">{act.fineFen ? `${(act.fineFen / 100).toFixed(2)} 元` : '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="办理全过程" data-testid="act-timeline">
        <Timeline
          items={entries.map((e) => ({
            children: (
              <div>
                <Typography.Text strong>{STEP_NAMES[e.eventType] ?? e.eventType}</Typography.Text>
                <span style={{ marginLeft: 8 }}>{fmtTime(e.occurredAt)}</span>
                <div>{e.summary}</div>
                <Typography.Text type="secondary">
                  执法人员：{e.officerIds.join('、') || '—'}；记录：{e.actorUserId}（{fmtTime(e.recordedAt)}）
                </Typography.Text>
              </div>
            ),
          }))}
        />
      </Card>
      {me.user.role === 'agency_clerk' && act.status !== 'archived' && (
        <StepForm act={act} onRecorded={() => reloadAfterStep(act.version)} />
      )}
    </Space>
  );
}

function StepForm({ act, onRecorded }: { act: Act; onRecorded: () => void }) {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const officers = useOfficers();
  const type = Form.useWatch('type', form) as string | undefined;
  const submit = async (values: Record<string, unknown>) => {
    setBusy(true);
    try {
      const body = Object.fromEntries(
        Object.entries(values)
          .filter(([, v]) => v !== undefined && v !== null && v !== '')
          .map(([k, v]) => [k, dayjs.isDayjs(v) ? (v as dayjs.Dayjs).toISOString() : v]),
      );
      await api('POST', `/api/acts/${encodeURIComponent(act.actId)}/steps`, body, { 'if-match': String(act.version) });
      void message.success('已记录');
      form.resetFields();
      onRecorded();
    } catch (error) {
      showError(error, form);
    } finally {
      setBusy(false);
    }
  };
  const outcomes = OUTCOMES[act.category] ?? {};
  const options = (map: Record<string, string>) => Object.entries(map).map(([value, label]) => ({ value, label }));
  return (
    <Card title="记录办理环节">
      <Form
        form={form}
        layout="vertical"
        style={{ maxWidth: 720 }}
        onFinish={(v) => void submit(v as Record<string, unknown>)}
        initialValues={{ occurredAt: dayjs() }}
      >
        <Form.Item name="type" label="环节" rules={[{ required: true, message: '请选择办理环节' }]}>
          <Select
            id="step-type"
            options={[
              'ApplicationDecidedOnAcceptance',
              'EvidenceCollected',
              'HearingNoticed',
              'HearingHeld',
              'LegalReviewCompleted',
              'DecisionMade',
              'DecisionServed',
              'ExecutionRecorded',
              'ActClosed',
              'ActArchived',
            ].map((t) => ({ value: t, label: STEP_NAMES[t] }))}
          />
        </Form.Item>
        {type && type !== 'LegalReviewCompleted' && type !== 'ActArchived' && (
          <Form.Item name="officerIds" label="执法人员" rules={[{ required: true, message: '须列明实施该环节的执法人员' }]}>
            <Select id="step-officers" mode="multiple" options={officers} optionFilterProp="label" />
          </Form.Item>
        )}
        <Form.Item name="occurredAt" label="发生时间" rules={[{ required: true, message: '必填' }]}>
          <DatePicker showTime style={{ width: '100%' }} />
        </Form.Item>
        {type === 'ApplicationDecidedOnAcceptance' && (
          <>
            <Form.Item name="accepted" valuePropName="checked" initialValue={true}>
              <Checkbox>予以受理</Checkbox>
            </Form.Item>
            <Form.Item name="reason" label="不予受理理由">
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        )}
        {type === 'EvidenceCollected' && (
          <>
            <Form.Item name="evidenceId" label="证据编号" rules={[{ required: true, message: '必填' }]}>
              <Input />
            </Form.Item>
            <Form.Item name="kind" label="证据类型" rules={[{ required: true, message: '请选择证据类型' }]}>
              <Select options={options(EVIDENCE_KINDS)} />
            </Form.Item>
            <Form.Item name="description" label="证据描述" rules={[{ required: true, message: '必填' }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item name="recorder" label="记录人">
              <Input />
            </Form.Item>
            <Form.Item name="proves" label="证明事项">
              <Input />
            </Form.Item>
          </>
        )}
        {type === 'LegalReviewCompleted' && (
          <>
            <Form.Item name="reviewer" label="审核人" rules={[{ required: true, message: '必填' }]}>
              <Input />
            </Form.Item>
            <Form.Item name="opinion" label="审核意见" rules={[{ required: true, message: '必填' }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item name="passed" valuePropName="checked" initialValue={true}>
              <Checkbox>审核通过</Checkbox>
            </Form.Item>
          </>
        )}
        {type === 'DecisionMade' && (
          <>
            <Form.Item name="decisionNumber" label="决定书文号" rules={[{ required: true, message: '必填' }]}>
              <Input id="step-decision-number" />
            </Form.Item>
            <Form.Item name="outcome" label="决定结果" rules={[{ required: true, message: '请选择决定结果' }]}>
              <Select id="step-outcome" options={options(outcomes)} />
            </Form.Item>
            <Form.Item name="legalBasis" label="法律依据" rules={[{ required: true, message: '必填' }]}>
              <Input id="step-legal-basis" />
            </Form.Item>
            <Form.Item name="discretionBenchmark" label="适用的裁量基准">
              <Input id="step-discretion" />
            </Form.Item>
            <Form.Item
              name="fineYuan"
              label="罚款（元）"
              rules={[{ pattern: /^\d{1,12}(\.\d{1,2})?$/, message: '金额应为不小于 0 的数，最多两位小数' }]}
            >
              <Input id="step-fine" />
            </Form.Item>
            <Form.Item name="firstOffenceExempt" valuePropName="checked">
              <Checkbox>首违不罚</Checkbox>
            </Form.Item>
            <Form.Item name="lighterPenalty" label="从轻/减轻">
              <Select
                allowClear
                options={[
                  { value: 'lighter', label: '从轻' },
                  { value: 'mitigated', label: '减轻' },
                ]}
              />
            </Form.Item>
          </>
        )}
        {type === 'DecisionServed' && (
          <Form.Item name="method" label="送达方式" rules={[{ required: true, message: '请选择送达方式' }]}>
            <Select options={options(SERVICE_METHODS)} />
          </Form.Item>
        )}
        {type === 'ExecutionRecorded' && (
          <>
            <Form.Item name="how" label="执行方式" rules={[{ required: true, message: '请选择执行方式' }]}>
              <Select
                options={[
                  { value: 'voluntary', label: '自觉履行' },
                  { value: 'enforced', label: '强制执行' },
                ]}
              />
            </Form.Item>
            <Form.Item name="amountPaidYuan" label="缴纳金额（元）">
              <InputNumber min={0} style={{ width: '100%' }} stringMode />
            </Form.Item>
          </>
        )}
        {type === 'ActClosed' && (
          <Form.Item name="result" label="结案情况">
            <Input.TextArea rows={2} />
          </Form.Item>
        )}
        {type === 'ActArchived' && (
          <Form.Item name="archiveNumber" label="归档号" rules={[{ required: true, message: '必填' }]}>
            <Input />
          </Form.Item>
        )}
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message="系统按执法信息归集服务的规则校验；人员不足、证件无效等不规范情形照实记录，由监督预警发现。"
        />
        <Button type="primary" htmlType="submit" loading={busy} id="step-submit">
          记录
        </Button>
      </Form>
    </Card>
  );
}
