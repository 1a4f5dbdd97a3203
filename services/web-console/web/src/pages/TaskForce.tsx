import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Collapse, Form, Input, Modal, Table, Tag, message } from 'antd';
import { api } from '../api';
import { showError } from '../forms';
import { readUntil } from '../freshness';
import { fmtTime } from '../labels';

interface CountyView {
  countyCode: string;
  agreements: { agreementId: string; name: string; status: string; members: { countyCode: string }[] }[];
  incidents: {
    incidentId: string;
    title: string;
    status: string;
    handlingCounty: string;
    supervisingCounties: string[];
    linkedActIds: string[];
    reportedAt?: string;
  }[];
  advice: {
    adviceId: string;
    subject: string;
    countyCode: string;
    toCounty: string;
    status: string;
    overdue: boolean;
    dueAt?: string;
    answer: string;
  }[];
}

const AGREEMENT_STATUS: Record<string, string> = { proposed: '待签署', in_force: '生效', ended: '已终止' };
const INCIDENT_STATUS: Record<string, string> = { reported: '已报告', assigned: '已确定管辖', closed: '已办结' };
const ADVICE_STATUS: Record<string, string> = { sent: '待答复', answered: '已答复', escalated: '已提交联席会议' };

/**
 * Joint task force (`/api/task-force`: the counties of their agreements) and a county supervisor's
 * own county (`/api/cross-region`, where advice addressed to the county is answered), both read
 * over cross-region's gRPC API.
 */
export function TaskForce({ source = '/api/task-force', answerFor }: { source?: string; answerFor?: string }) {
  const [data, setData] = useState<{ counties: CountyView[] }>();
  const load = useCallback(() => {
    api<{ counties: CountyView[] }>('GET', source).then(setData, (e: unknown) => showError(e));
  }, [source]);
  useEffect(load, [load]);
  // The advice being answered; a form in a modal, so the answer is validated on its field.
  const [answering, setAnswering] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const [answerForm] = Form.useForm<{ answer: string }>();
  const submitAnswer = async ({ answer }: { answer: string }) => {
    const adviceId = answering;
    if (!adviceId) return;
    setSubmitting(true);
    try {
      await api('POST', `/api/advice/${encodeURIComponent(adviceId)}/answer`, { answer });
      setAnswering(undefined);
      answerForm.resetFields();
      void message.success('已答复');
      // Cross-region's read model takes a moment to show the answer: read until it does.
      const { value } = await readUntil(
        () => api<{ counties: CountyView[] }>('GET', source),
        (fresh) => fresh.counties.some((c) => c.advice.some((a) => a.adviceId === adviceId && a.status === 'answered')),
      );
      setData(value);
    } catch (error) {
      showError(error, answerForm);
    } finally {
      setSubmitting(false);
    }
  };
  if (!data) return <Card loading />;
  return (
    <>
      <Modal
        title="答复行政建议"
        open={answering !== undefined}
        okText="提交答复"
        confirmLoading={submitting}
        onOk={() => answerForm.submit()}
        onCancel={() => setAnswering(undefined)}
        destroyOnHidden
      >
        <Form form={answerForm} layout="vertical" onFinish={(values) => void submitAnswer(values)}>
          <Form.Item
            name="answer"
            label="答复内容"
            rules={[
              { required: true, whitespace: true, message: '请填写答复内容' },
              { max: 4000, message: '答复内容不超过 4000 字' },
            ]}
          >
            <Input.TextArea id="advice-answer" rows={4} />
          </Form.Item>
        </Form>
      </Modal>
      <Collapse
        defaultActiveKey={data.counties.map((c) => c.countyCode)}
        items={data.counties.map((c) => ({
          key: c.countyCode,
          label: `区县 ${c.countyCode}`,
          children: (
            <>
              <Table
                size="small"
                rowKey="agreementId"
                pagination={false}
                dataSource={c.agreements}
                title={() => '合作协议'}
                columns={[
                  { title: '名称', dataIndex: 'name' },
                  { title: '状态', dataIndex: 'status', render: (s: string) => <Tag>{AGREEMENT_STATUS[s] ?? s}</Tag> },
                  { title: '成员', render: (_: unknown, a) => a.members.map((m) => m.countyCode).join('、') },
                ]}
              />
              <Table
                size="small"
                rowKey="incidentId"
                pagination={false}
                dataSource={c.incidents}
                title={() => '跨界事件'}
                scroll={{ x: 700 }}
                columns={[
                  { title: '事件', dataIndex: 'title' },
                  { title: '状态', dataIndex: 'status', render: (s: string) => INCIDENT_STATUS[s] ?? s },
                  { title: '承办区县', dataIndex: 'handlingCounty' },
                  { title: '共同监督', render: (_: unknown, i) => i.supervisingCounties.join('、') },
                  { title: '关联执法行为', render: (_: unknown, i) => i.linkedActIds.join('、') || '—' },
                  { title: '报告时间', dataIndex: 'reportedAt', render: fmtTime },
                ]}
              />
              <Table
                size="small"
                rowKey="adviceId"
                pagination={false}
                dataSource={c.advice}
                title={() => '行政建议'}
                columns={[
                  { title: '事项', dataIndex: 'subject' },
                  { title: '致', dataIndex: 'toCounty' },
                  {
                    title: '状态',
                    render: (_: unknown, a) => (
                      <>
                        {ADVICE_STATUS[a.status] ?? a.status}
                        {a.overdue && <Tag color="red">逾期</Tag>}
                      </>
                    ),
                  },
                  { title: '答复期限', dataIndex: 'dueAt', render: fmtTime },
                  { title: '答复', dataIndex: 'answer', render: (t: string) => t || '—' },
                  {
                    title: '',
                    render: (_: unknown, a) =>
                      answerFor && a.toCounty === answerFor && a.status !== 'answered' ? (
                        <Button size="small" type="primary" onClick={() => setAnswering(a.adviceId)}>
                          答复建议
                        </Button>
                      ) : null,
                  },
                ]}
              />
            </>
          ),
        }))}
      />
    </>
  );
}
