import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Popconfirm, Progress, Space, Table, Tag, Typography } from 'antd';
import { api } from '../api';
import { showError } from '../forms';
import { fmtTime } from '../labels';

interface Rebuild {
  jobId: string;
  service: string;
  projection: string;
  status: string;
  stage: string;
  eventsRead: number;
  applied: number;
  recordsRead: number;
  recordsEstimate: number;
  collection: string;
  startedAt?: string;
  finishedAt?: string;
  startedBy: string;
  errorMessage: string;
  percent: number;
}

interface ServiceProjections {
  service: string;
  reachable: boolean;
  error?: string;
  projections: { name: string; readModel: string; activeCollection: string; lastRebuild?: Rebuild }[];
}

const SERVICE_NAMES: Record<string, string> = {
  'case-intake': '执法信息归集',
  supervision: '执法监督',
  'cross-region': '跨区域联合监督',
  'public-disclosure': '执法公示',
};
const STATUS: Record<string, { text: string; color: string }> = {
  running: { text: '重建中', color: 'blue' },
  completed: { text: '已完成', color: 'green' },
  failed: { text: '失败', color: 'red' },
  interrupted: { text: '已中断', color: 'orange' },
};
const STAGES: Record<string, string> = {
  waiting: '等待各副本同时写入新集合',
  event_store: '重放本服务事件库',
  inbox: '重放收件箱（其他服务的事件）',
  switching: '切换查询到新集合',
  done: '完成',
};

/** A rebuild's progress: a bar, its stage, and what it has read of about how much. */
export function RebuildProgress({ job }: { job: Rebuild }) {
  return (
    <div data-testid={`rebuild-${job.service}-${job.projection}`} data-status={job.status}>
      <Progress
        percent={job.percent}
        size="small"
        status={job.status === 'failed' || job.status === 'interrupted' ? 'exception' : job.status === 'completed' ? 'success' : 'active'}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        <Tag color={STATUS[job.status]?.color}>{STATUS[job.status]?.text ?? job.status}</Tag>
        {STAGES[job.stage] ?? job.stage}：已读 {job.recordsRead.toLocaleString('zh-CN')} / 约 {job.recordsEstimate.toLocaleString('zh-CN')}{' '}
        条记录，
        {job.eventsRead.toLocaleString('zh-CN')} 个事件（本读模型处理 {job.applied.toLocaleString('zh-CN')} 个）
        {job.finishedAt ? `，${fmtTime(job.finishedAt)} 结束` : ''}
        {job.errorMessage ? `：${job.errorMessage}` : ''}
      </Typography.Text>
    </div>
  );
}

/**
 * Operators' read-model rebuilds (读模型重建): every service's projections with the collection
 * queries read; a rebuild starts as a job in the service and its progress is polled until done.
 * No case data is shown here.
 */
export function Operations() {
  const [data, setData] = useState<{ services: ServiceProjections[] }>();
  /** Rebuilds started or still running, polled: by "service/projection". */
  const [running, setRunning] = useState<Record<string, Rebuild>>({});
  const load = useCallback(() => {
    api<{ services: ServiceProjections[] }>('GET', '/api/operations/projections').then(
      (fresh) => {
        setData(fresh);
        const live: Record<string, Rebuild> = {};
        for (const s of fresh.services)
          for (const p of s.projections) if (p.lastRebuild?.status === 'running') live[`${s.service}/${p.name}`] = p.lastRebuild;
        setRunning((current) => ({ ...live, ...current }));
      },
      (e: unknown) => showError(e),
    );
  }, []);
  useEffect(load, [load]);
  useEffect(() => {
    const pending = Object.values(running).filter((job) => job.status === 'running');
    if (pending.length === 0) return;
    const timer = setTimeout(() => {
      void Promise.all(
        pending.map((job) =>
          api<Rebuild>('GET', `/api/operations/rebuilds/${encodeURIComponent(job.service)}/${encodeURIComponent(job.jobId)}`),
        ),
      ).then(
        (fresh) => {
          setRunning((current) => ({ ...current, ...Object.fromEntries(fresh.map((job) => [`${job.service}/${job.projection}`, job])) }));
          if (fresh.some((job) => job.status !== 'running')) load();
        },
        (e: unknown) => showError(e),
      );
    }, 700);
    return () => clearTimeout(timer);
  }, [running, load]);

  const start = async (service: string, projection: string) => {
    try {
      const job = await api<Rebuild>('POST', '/api/operations/rebuilds', { service, projection });
      setRunning((current) => ({ ...current, [`${service}/${projection}`]: job }));
    } catch (error) {
      showError(error);
    }
  };

  if (!data) return <Card loading />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="operations">
      <Alert type="info" showIcon message="重建在新集合中进行，完成前查询仍读旧集合；完成后一次切换，上一代保留到下次重建。" />
      {data.services.map((s) => (
        <Card key={s.service} size="small" title={`${SERVICE_NAMES[s.service] ?? s.service}（${s.service}）`}>
          {!s.reachable && <Alert type="warning" showIcon message={`服务暂不可达：${s.error ?? ''}`} />}
          <Table
            size="small"
            rowKey="name"
            pagination={false}
            dataSource={s.projections}
            scroll={{ x: 720 }}
            columns={[
              { title: '读模型', dataIndex: 'name', width: 240 },
              { title: '当前集合', dataIndex: 'activeCollection', width: 200 },
              {
                title: '重建',
                render: (_: unknown, p) => {
                  const job = running[`${s.service}/${p.name}`] ?? p.lastRebuild;
                  return job ? <RebuildProgress job={job} /> : <Typography.Text type="secondary">未重建过</Typography.Text>;
                },
              },
              {
                title: '',
                width: 100,
                render: (_: unknown, p) => (
                  <Popconfirm title={`重建 ${p.name}？`} okText="重建" cancelText="取消" onConfirm={() => void start(s.service, p.name)}>
                    <Button
                      size="small"
                      disabled={(running[`${s.service}/${p.name}`] ?? p.lastRebuild)?.status === 'running'}
                      data-testid={`rebuild-start-${s.service}-${p.name}`}
                    >
                      重建
                    </Button>
                  </Popconfirm>
                ),
              },
            ]}
          />
        </Card>
      ))}
    </Space>
  );
}
