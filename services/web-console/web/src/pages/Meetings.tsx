import { useCallback, useEffect, useState } from 'react';
import {
  Button,
  Card,
  Collapse,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  message,
} from 'antd';
import dayjs from 'dayjs';
import { api, type Me } from '../api';
import { chars, maxChars, showError } from '../forms';
import { readUntil } from '../freshness';
import { fmtTime } from '../labels';

interface Decision {
  decisionId: string;
  decision: string;
  assigneeCounty: string;
  dueAt?: string;
  completedAt?: string;
  report: string;
  overdue: boolean;
}

interface Meeting {
  meetingId: string;
  agreementId: string;
  countyCode: string;
  inTurn: boolean;
  status: 'scheduled' | 'held';
  scheduledFor?: string;
  heldAt?: string;
  agenda: string[];
  attendees: { countyCode: string; names: string[] }[];
  minutes: string;
  escalatedAdvice: { adviceId: string; countyCode: string }[];
  decisions: Decision[];
  version: number;
}

interface AgreementMeetings {
  agreementId: string;
  name: string;
  status: string;
  members: string[];
  meetings: Meeting[];
}

type Dialog =
  | { kind: 'schedule'; agreement: AgreementMeetings }
  | { kind: 'hold'; agreement: AgreementMeetings; meeting: Meeting }
  | { kind: 'decide'; agreement: AgreementMeetings; meeting: Meeting }
  | { kind: 'complete'; meeting: Meeting; decision: Decision };

const MEETING_STATUS: Record<string, string> = { scheduled: '已安排', held: '已召开' };
const MAX_SHORT = 200;
const lines = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** An agenda or name list as cross-region takes it: 1 to 50 items of at most 200 characters. */
const listRule = (what: string) => ({
  validator: async (_: unknown, value: string | string[] | undefined) => {
    const items = Array.isArray(value) ? value.map((v) => v.trim()).filter(Boolean) : lines(value);
    if (items.length === 0) throw new Error(`请至少填写 1 项${what}`);
    if (items.length > 50) throw new Error(`${what}不能超过 50 项`);
    const bad = items.findIndex((item) => chars(item) > MAX_SHORT);
    if (bad >= 0) throw new Error(`第 ${bad + 1} 项${what}不能为空且不超过 ${MAX_SHORT} 个字`);
  },
});

function TaskStatus({ decision }: { decision: Decision }) {
  if (!decision.assigneeCounty) return <Tag>无交办任务</Tag>;
  if (decision.completedAt) return <Tag color="green">已完成 {fmtTime(decision.completedAt)}</Tag>;
  return decision.overdue ? <Tag color="red">逾期未完成</Tag> : <Tag color="blue">办理中</Tag>;
}

/**
 * Joint meetings (联席会议) of the user's agreements: task-force members read them; a member
 * county's supervisor schedules one, records it held (attendees, minutes) and its decisions with
 * tasks for member counties, and reports their own county's tasks done. Each form checks its
 * fields as cross-region does; after a command the list is read again until it shows the change.
 */
export function Meetings({ me }: { me: Me }) {
  const [data, setData] = useState<{ agreements: AgreementMeetings[] }>();
  const [dialog, setDialog] = useState<Dialog>();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const myCounty = me.user.role === 'county_supervisor' ? (me.user.countyCode ?? '') : '';
  const read = useCallback(() => api<{ agreements: AgreementMeetings[] }>('GET', '/api/meetings'), []);
  useEffect(() => {
    read().then(setData, (e: unknown) => showError(e));
  }, [read]);

  // The dialog's form is made afresh each time (destroyOnHidden), with its initial values.
  const open = (next: Dialog) => setDialog(next);

  /** Sends the dialog's command, then reads until `shows` holds of the fresh list. */
  const submit = async (send: () => Promise<unknown>, done: string, shows: (fresh: { agreements: AgreementMeetings[] }) => boolean) => {
    setBusy(true);
    try {
      await send();
      setDialog(undefined);
      void message.success(done);
      const { value } = await readUntil(read, shows);
      setData(value);
    } catch (error) {
      showError(error, form);
    } finally {
      setBusy(false);
    }
  };

  const meetingOf = (fresh: { agreements: AgreementMeetings[] }, meetingId: string) =>
    fresh.agreements.flatMap((a) => a.meetings).find((m) => m.meetingId === meetingId);

  const onFinish = (values: Record<string, unknown>) => {
    if (!dialog) return;
    switch (dialog.kind) {
      case 'schedule': {
        const before = dialog.agreement.meetings.length;
        const agreementId = dialog.agreement.agreementId;
        return void submit(
          () =>
            api('POST', '/api/meetings', {
              agreementId,
              scheduledFor: (values['scheduledFor'] as dayjs.Dayjs).toISOString(),
              agenda: lines(values['agenda'] as string),
            }),
          '已安排联席会议',
          (fresh) => (fresh.agreements.find((a) => a.agreementId === agreementId)?.meetings.length ?? 0) > before,
        );
      }
      case 'hold': {
        const { meetingId } = dialog.meeting;
        const attendees = (values['attendees'] as { countyCode: string; names: string[] }[] | undefined) ?? [];
        return void submit(
          () =>
            api('POST', `/api/meetings/${encodeURIComponent(meetingId)}/holding`, {
              heldAt: (values['heldAt'] as dayjs.Dayjs).toISOString(),
              attendees: attendees.map((a) => ({ countyCode: a.countyCode, names: (a.names ?? []).map((n) => n.trim()).filter(Boolean) })),
              minutes: values['minutes'],
            }),
          '已记录会议召开',
          (fresh) => meetingOf(fresh, meetingId)?.status === 'held',
        );
      }
      case 'decide': {
        const { meetingId, decisions } = dialog.meeting;
        const assignee = (values['assigneeCounty'] as string | undefined) ?? '';
        const dueAt = values['dueAt'] as dayjs.Dayjs | undefined;
        return void submit(
          () =>
            api('POST', `/api/meetings/${encodeURIComponent(meetingId)}/decisions`, {
              decision: values['decision'],
              ...(assignee ? { assigneeCounty: assignee } : {}),
              ...(dueAt ? { dueAt: dueAt.toISOString() } : {}),
            }),
          '已记录会议决定',
          (fresh) => (meetingOf(fresh, meetingId)?.decisions.length ?? 0) > decisions.length,
        );
      }
      case 'complete': {
        const { meetingId } = dialog.meeting;
        const { decisionId } = dialog.decision;
        return void submit(
          () =>
            api('POST', `/api/meetings/${encodeURIComponent(meetingId)}/decisions/${encodeURIComponent(decisionId)}/completion`, {
              report: values['report'],
            }),
          '已报告任务完成',
          (fresh) => meetingOf(fresh, meetingId)?.decisions.find((d) => d.decisionId === decisionId)?.completedAt !== undefined,
        );
      }
    }
  };

  if (!data) return <Card loading />;
  const members = dialog && dialog.kind !== 'complete' ? dialog.agreement.members : [];
  const memberOptions = members.map((c) => ({ value: c, label: c }));
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="meetings">
      <Modal
        title={
          dialog?.kind === 'schedule'
            ? `安排联席会议：${dialog.agreement.name}`
            : dialog?.kind === 'hold'
              ? '记录会议召开'
              : dialog?.kind === 'decide'
                ? '记录会议决定'
                : '报告任务完成'
        }
        open={dialog !== undefined}
        okText="提交"
        okButtonProps={{ id: 'meeting-dialog-submit' }}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setDialog(undefined)}
        destroyOnHidden
        width={640}
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={onFinish}
          initialValues={
            dialog?.kind === 'hold'
              ? { heldAt: dayjs(), attendees: dialog.agreement.members.map((countyCode) => ({ countyCode, names: [] })) }
              : { scheduledFor: dayjs().add(7, 'day').hour(9).minute(0).second(0) }
          }
        >
          {dialog?.kind === 'schedule' && (
            <>
              <Form.Item name="scheduledFor" label="会议时间" rules={[{ required: true, message: '会议时间无效或未填写' }]}>
                <DatePicker id="meeting-scheduled-for" showTime style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="agenda" label="议程（每行一项）" rules={[listRule('议程')]}>
                <Input.TextArea id="meeting-agenda" rows={4} />
              </Form.Item>
            </>
          )}
          {dialog?.kind === 'hold' && (
            <>
              <Form.Item
                name="heldAt"
                label="召开时间"
                rules={[
                  { required: true, message: '召开时间无效或未填写' },
                  {
                    validator: async (_: unknown, value: dayjs.Dayjs | undefined) => {
                      if (value && value.isAfter(dayjs())) throw new Error('召开时间不能晚于登记时间');
                    },
                  },
                ]}
              >
                <DatePicker id="meeting-held-at" showTime style={{ width: '100%' }} />
              </Form.Item>
              <Form.List
                name="attendees"
                rules={[
                  {
                    validator: async (_: unknown, value: unknown[] | undefined) => {
                      if (!value || value.length === 0) throw new Error('须列出参会区县');
                    },
                  },
                ]}
              >
                {(fields, { add, remove }, { errors }) => (
                  <>
                    {fields.map((field) => (
                      <Space key={field.key} align="start" wrap style={{ display: 'flex' }}>
                        <Form.Item
                          name={[field.name, 'countyCode']}
                          label="参会区县"
                          rules={[{ required: true, message: '参会区县须是协议成员' }]}
                        >
                          <Select style={{ width: 140 }} options={memberOptions} id={`meeting-attendee-county-${field.name}`} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'names']} label="参会人员" required rules={[listRule('参会人员')]}>
                          <Select
                            mode="tags"
                            style={{ minWidth: 240 }}
                            tokenSeparators={['，', ',', '、']}
                            open={false}
                            id={`meeting-attendee-names-${field.name}`}
                          />
                        </Form.Item>
                        <Button type="link" onClick={() => remove(field.name)} style={{ marginTop: 30 }}>
                          删除
                        </Button>
                      </Space>
                    ))}
                    <Button onClick={() => add({ countyCode: undefined, names: [] })}>添加参会区县</Button>
                    <Form.ErrorList errors={errors} />
                  </>
                )}
              </Form.List>
              <Form.Item
                name="minutes"
                label="会议纪要"
                style={{ marginTop: 12 }}
                rules={[{ required: true, whitespace: true, message: '会议纪要不能为空' }, maxChars(5000, '会议纪要')]}
              >
                <Input.TextArea id="meeting-minutes" rows={4} />
              </Form.Item>
            </>
          )}
          {dialog?.kind === 'decide' && <DecisionFields heldAt={dialog.meeting.heldAt} memberOptions={memberOptions} />}
          {dialog?.kind === 'complete' && (
            <>
              <Typography.Paragraph>{dialog.decision.decision}</Typography.Paragraph>
              <Form.Item
                name="report"
                label="完成情况"
                rules={[{ required: true, whitespace: true, message: '完成情况不能为空' }, maxChars(5000, '完成情况')]}
              >
                <Input.TextArea id="meeting-task-report" rows={3} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
      {data.agreements.length === 0 && <Empty description="没有所在的合作协议" />}
      <Collapse
        defaultActiveKey={data.agreements.map((a) => a.agreementId)}
        items={data.agreements.map((agreement) => ({
          key: agreement.agreementId,
          label: (
            <Space wrap>
              <span>{agreement.name}</span>
              <Typography.Text type="secondary">成员：{agreement.members.join('、')}</Typography.Text>
            </Space>
          ),
          extra:
            myCounty && agreement.members.includes(myCounty) && agreement.status === 'in_force' ? (
              <Button
                size="small"
                type="primary"
                onClick={(event) => {
                  event.stopPropagation();
                  open({ kind: 'schedule', agreement });
                }}
              >
                安排联席会议
              </Button>
            ) : null,
          children: (
            <Table<Meeting>
              size="small"
              rowKey="meetingId"
              pagination={false}
              dataSource={agreement.meetings}
              scroll={{ x: 960 }}
              locale={{ emptyText: '尚无联席会议' }}
              // Every meeting shows its attendees, minutes and decisions below its row (new ones too).
              expandable={{
                expandedRowKeys: agreement.meetings.map((m) => m.meetingId),
                showExpandColumn: false,
                expandedRowRender: (meeting) => (
                  <MeetingDetail
                    meeting={meeting}
                    myCounty={myCounty}
                    onComplete={(decision) => open({ kind: 'complete', meeting, decision })}
                  />
                ),
              }}
              columns={[
                { title: '会议时间', dataIndex: 'scheduledFor', render: fmtTime, width: 170 },
                {
                  title: '承办区县',
                  dataIndex: 'countyCode',
                  width: 150,
                  render: (c: string, m) => (
                    <Space>
                      {c}
                      {m.inTurn ? <Tag>轮值</Tag> : <Tag color="orange">非轮值</Tag>}
                    </Space>
                  ),
                },
                {
                  title: '状态',
                  dataIndex: 'status',
                  width: 90,
                  render: (s: string) => <Tag color={s === 'held' ? 'green' : 'blue'}>{MEETING_STATUS[s] ?? s}</Tag>,
                },
                { title: '召开时间', dataIndex: 'heldAt', render: fmtTime, width: 170 },
                { title: '议程', width: 260, render: (_: unknown, m) => m.agenda.join('；') },
                {
                  title: '',
                  width: 120,
                  render: (_: unknown, meeting) =>
                    myCounty && meeting.countyCode === myCounty ? (
                      meeting.status === 'scheduled' ? (
                        <Button size="small" type="primary" onClick={() => open({ kind: 'hold', agreement, meeting })}>
                          记录召开
                        </Button>
                      ) : (
                        <Button size="small" onClick={() => open({ kind: 'decide', agreement, meeting })}>
                          记录决定
                        </Button>
                      )
                    ) : null,
                },
              ]}
            />
          ),
        }))}
      />
    </Space>
  );
}

function MeetingDetail({
  meeting,
  myCounty,
  onComplete,
}: {
  meeting: Meeting;
  myCounty: string;
  onComplete: (decision: Decision) => void;
}) {
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid={`meeting-${meeting.meetingId}`}>
      <Descriptions size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label="参会">
          {meeting.attendees.length > 0 ? meeting.attendees.map((a) => `${a.countyCode}：${a.names.join('、')}`).join('；') : '—'}
        </Descriptions.Item>
        <Descriptions.Item label="提交会议的逾期建议">
          {meeting.escalatedAdvice.length > 0 ? meeting.escalatedAdvice.map((a) => `${a.adviceId}（${a.countyCode}）`).join('、') : '—'}
        </Descriptions.Item>
        <Descriptions.Item label="会议纪要" span={2}>
          {meeting.minutes || '—'}
        </Descriptions.Item>
      </Descriptions>
      {meeting.decisions.length > 0 && (
        <Table<Decision>
          size="small"
          rowKey="decisionId"
          pagination={false}
          dataSource={meeting.decisions}
          title={() => '决定事项与交办任务'}
          scroll={{ x: 900 }}
          columns={[
            { title: '决定事项', dataIndex: 'decision', width: 220 },
            { title: '承办区县', dataIndex: 'assigneeCounty', width: 100, render: (c: string) => c || '—' },
            { title: '完成期限', dataIndex: 'dueAt', render: fmtTime, width: 170 },
            { title: '任务状态', width: 200, render: (_: unknown, d) => <TaskStatus decision={d} /> },
            { title: '完成情况', dataIndex: 'report', render: (t: string) => t || '—' },
            {
              title: '',
              render: (_: unknown, d) =>
                myCounty && d.assigneeCounty === myCounty && !d.completedAt ? (
                  <Button size="small" type="primary" onClick={() => onComplete(d)}>
                    报告完成
                  </Button>
                ) : null,
            },
          ]}
        />
      )}
    </Space>
  );
}

/** The decision form's fields: a task needs a member county and a due date no earlier than the meeting. */
function DecisionFields({ heldAt, memberOptions }: { heldAt: string | undefined; memberOptions: { value: string; label: string }[] }) {
  return (
    <>
      <Form.Item
        name="decision"
        label="决定事项"
        rules={[{ required: true, whitespace: true, message: '决定事项不能为空' }, maxChars(5000, '决定事项')]}
      >
        <Input.TextArea id="meeting-decision" rows={3} />
      </Form.Item>
      <Form.Item name="assigneeCounty" label="交办区县（可不填）">
        <Select allowClear id="meeting-assignee" options={memberOptions} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item
        name="dueAt"
        label="完成期限"
        dependencies={['assigneeCounty']}
        rules={[
          ({ getFieldValue }) => ({
            validator: async (_: unknown, value: dayjs.Dayjs | undefined) => {
              const assignee = getFieldValue('assigneeCounty') as string | undefined;
              if (assignee && !value) throw new Error('任务完成期限无效或未填写');
              if (!assignee && value) throw new Error('有完成期限的任务须指定承办区县');
              if (value && heldAt && value.isBefore(dayjs(heldAt))) throw new Error('不能早于会议召开时间');
            },
          }),
        ]}
      >
        <DatePicker id="meeting-due-at" showTime style={{ width: '100%', maxWidth: 280 }} />
      </Form.Item>
    </>
  );
}
