import { useEffect, useState } from 'react';
import { Button, Card, Descriptions, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { api, qs } from '../api';
import { showError } from '../forms';
import { ALERT_KINDS, ALERT_STATUS, LEVELS, STEP_NAMES, fmtTime } from '../labels';
import { go, useRoute } from '../router';
import { useCursorPages, type Act } from './Acts';

interface AlertView {
  alertId: string;
  ruleId: string;
  title: string;
  message: string;
  level: string;
  kind: string;
  status: string;
  agencyId: string;
  subjectType: string;
  subjectId: string;
  evidenceEventIds: string[];
  raisedAt?: string;
  dueAt?: string;
  resolution: string;
}

const RULES = [
  ['officer-certificate-invalid', '执法人员无有效执法证'],
  ['fewer-than-two-officers', '执法人员不足两人'],
  ['major-decision-without-legal-review', '重大执法决定未经法制审核'],
  ['decision-without-discretion-benchmark', '处罚决定未适用裁量基准'],
  ['decision-not-disclosed', '执法决定未按期公示'],
  ['act-open-past-time-limit', '超期未办结'],
  ['major-penalty-not-filed', '重大行政处罚未备案'],
  ['evidence-record-incomplete', '音像记录要素不全'],
  ['zero-enforcement-unexplained', '零执法未说明'],
];

export function AlertsList() {
  const route = useRoute();
  const [ruleId, setRuleId] = useState<string | undefined>(route[1]);
  const [level, setLevel] = useState<string>();
  const [status, setStatus] = useState<string>('open');
  const { items, loading, pager } = useCursorPages<AlertView>(
    (cursor) =>
      api<{ alerts: AlertView[]; nextCursor: string }>('GET', `/api/alerts${qs({ ruleId, level, status, cursor, limit: 20 })}`).then(
        (r) => ({
          items: r.alerts,
          nextCursor: r.nextCursor,
        }),
      ),
    [ruleId, level, status],
  );
  return (
    <Card title="预警">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder="规则"
          style={{ width: 220 }}
          value={ruleId}
          onChange={setRuleId}
          options={RULES.map(([value, label]) => ({ value, label }))}
        />
        <Select
          allowClear
          placeholder="等级"
          style={{ width: 100 }}
          value={level}
          onChange={setLevel}
          options={Object.entries(LEVELS).map(([value, l]) => ({ value, label: l.name }))}
        />
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 120 }}
          value={status}
          onChange={setStatus}
          options={Object.entries(ALERT_STATUS).map(([value, label]) => ({ value, label }))}
        />
      </Space>
      <Table<AlertView>
        rowKey="alertId"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 900 }}
        onRow={(a) => ({ onClick: () => go('alert', a.alertId), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: '等级',
            dataIndex: 'level',
            width: 80,
            render: (l: string) => <Tag color={LEVELS[l]?.color}>{LEVELS[l]?.name ?? l}</Tag>,
          },
          { title: '规则', dataIndex: 'title' },
          { title: '内容', dataIndex: 'message', ellipsis: true },
          { title: '执法单位', dataIndex: 'agencyId' },
          { title: '状态', dataIndex: 'status', render: (s: string) => ALERT_STATUS[s] ?? s },
          { title: '产生时间', dataIndex: 'raisedAt', render: fmtTime },
        ]}
      />
      {pager}
    </Card>
  );
}

interface TimelineEntry {
  eventId: string;
  eventType: string;
  occurredAt?: string;
  recordedAt?: string;
  officerIds: string[];
  summary: string;
  actorUserId: string;
}

export function AlertDetail({ alertId }: { alertId: string }) {
  const [data, setData] = useState<{ alert: AlertView; act?: Act; evidence: TimelineEntry[] }>();
  useEffect(() => {
    api<{ alert: AlertView; act?: Act; evidence: TimelineEntry[] }>('GET', `/api/alerts/${encodeURIComponent(alertId)}`).then(
      setData,
      (e: unknown) => showError(e),
    );
  }, [alertId]);
  if (!data) return <Card loading />;
  const { alert, act, evidence } = data;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        title={alert.title}
        data-testid="alert-detail"
        extra={
          <Space wrap>
            {act && (
              <Button onClick={() => go('act', act.actId)} id="alert-open-act">
                查看执法全过程
              </Button>
            )}
            <Button type="primary" onClick={() => go('rectification-new', alert.agencyId, alert.alertId)} id="alert-issue-notice">
              发出整改通知
            </Button>
          </Space>
        }
      >
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label="等级">
            <Tag color={LEVELS[alert.level]?.color}>{LEVELS[alert.level]?.name ?? alert.level}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label="类型">{ALERT_KINDS[alert.kind] ?? alert.kind}</Descriptions.Item>
          <Descriptions.Item label="状态">{ALERT_STATUS[alert.status] ?? alert.status}</Descriptions.Item>
          <Descriptions.Item label="执法单位">{alert.agencyId}</Descriptions.Item>
          <Descriptions.Item label="产生时间">{fmtTime(alert.raisedAt)}</Descriptions.Item>
          {alert.dueAt && <Descriptions.Item label="期限">{fmtTime(alert.dueAt)}</Descriptions.Item>}
          <Descriptions.Item label="内容" span={2}>
            {alert.message}
          </Descriptions.Item>
          {act && (
            <Descriptions.Item label="执法行为" span={2}>
              {act.title}（{act.caseNumber}）
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card title="引发预警的事件" data-testid="alert-evidence">
        {evidence.length === 0 ? (
          <Typography.Text type="secondary">事件编号：{alert.evidenceEventIds.join('、') || '—'}</Typography.Text>
        ) : (
          <Timeline
            items={evidence.map((e) => ({
              color: 'red',
              children: (
                <div>
                  <Typography.Text strong>{STEP_NAMES[e.eventType] ?? e.eventType}</Typography.Text> {fmtTime(e.occurredAt)}
                  <div>{e.summary}</div>
                  <Typography.Text type="secondary">
                    执法人员：{e.officerIds.join('、')}；记录：{e.actorUserId}
                  </Typography.Text>
                </div>
              ),
            }))}
          />
        )}
      </Card>
    </Space>
  );
}
