import { useState } from 'react';
import { Button, Card, Input, Modal, Table, Tag, message } from 'antd';
import { api, qs } from '../api';
import { showError } from '../forms';
import { fmtTime } from '../labels';
import { useCursorPages } from './Acts';
import { readUntil } from '../freshness';

interface Review {
  reviewId: string;
  title: string;
  status: string;
  openedAt?: string;
  draws: { drawNumber: number; seed: number; candidateCount: number; sampleSize: number; candidatesDigest: string }[];
  sample: unknown[];
  scored: unknown[];
}
const REVIEW_STATUS: Record<string, string> = { opened: '已开启', sampled: '已抽样', published: '已发布' };

/** Case-file reviews (案卷评查): the county's reviews; a draw (or a redraw with its reason) of the sample. */
export function CaseFileReviews() {
  const { items, loading, pager, reload } = useCursorPages<Review>(
    (cursor) =>
      api<{ reviews: Review[]; nextCursor: string }>('GET', `/api/case-file-reviews${qs({ cursor, limit: 20 })}`).then((r) => ({
        items: r.reviews,
        nextCursor: r.nextCursor,
      })),
    [],
  );
  const draw = (review: Review) => {
    let reason = '';
    const run = async () => {
      try {
        await api(
          'POST',
          `/api/case-file-reviews/${encodeURIComponent(review.reviewId)}/sample-draws`,
          reason ? { redrawReason: reason } : {},
        );
        void message.success('已抽取样本');
        // Supervision's read model shows the draw a moment later: read until it does.
        await readUntil(
          () => api<{ reviews: Review[] }>('GET', `/api/case-file-reviews${qs({ limit: 100 })}`),
          (fresh) => fresh.reviews.some((r) => r.reviewId === review.reviewId && r.draws.length > review.draws.length),
        );
        reload();
      } catch (error) {
        showError(error);
      }
    };
    if (review.draws.length === 0) return void run();
    Modal.confirm({
      title: '重新抽样须说明理由',
      content: <Input.TextArea onChange={(e) => (reason = e.target.value)} />,
      onOk: run,
    });
  };
  return (
    <Card title="案卷评查">
      <Table<Review>
        rowKey="reviewId"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          { title: '名称', dataIndex: 'title' },
          { title: '状态', dataIndex: 'status', render: (s: string) => <Tag>{REVIEW_STATUS[s] ?? s}</Tag> },
          { title: '开启时间', dataIndex: 'openedAt', render: fmtTime },
          {
            title: '抽样',
            render: (_: unknown, r) => {
              const last = r.draws[r.draws.length - 1];
              return last
                ? `第 ${last.drawNumber} 次：候选 ${last.candidateCount} 件，抽取 ${last.sampleSize} 件（种子 ${last.seed}）`
                : '未抽样';
            },
          },
          { title: '已评分', render: (_: unknown, r) => `${r.scored.length} / ${r.sample.length}` },
          {
            title: '',
            render: (_: unknown, r) =>
              r.status !== 'published' && r.scored.length === 0 ? (
                <Button size="small" onClick={() => draw(r)}>
                  {r.draws.length === 0 ? '抽取样本' : '重新抽样'}
                </Button>
              ) : null,
          },
        ]}
      />
      {pager}
    </Card>
  );
}

interface Plan {
  planId: string;
  title: string;
  year: number;
  leadAgencyId: string;
  crossAgency: boolean;
  status: string;
  targetDraw?: { seed: number; candidateCount: number; drawnAt?: string };
  inspectorDraw?: { seed: number; candidateCount: number; drawnAt?: string };
  targets: unknown[];
  teams: unknown[];
}
const PLAN_STATUS: Record<string, string> = {
  planned: '已制定',
  targets_drawn: '已抽取对象',
  teams_drawn: '已抽取检查人员',
  completed: '已完成',
};

/** Random inspections (双随机): plans, and the draws of targets and then inspectors. */
export function RandomInspections() {
  const [busy, setBusy] = useState('');
  const { items, loading, pager, reload } = useCursorPages<Plan>(
    (cursor) =>
      api<{ plans: Plan[]; nextCursor: string }>('GET', `/api/random-inspections${qs({ cursor, limit: 20 })}`).then((r) => ({
        items: r.plans,
        nextCursor: r.nextCursor,
      })),
    [],
  );
  const draw = async (plan: Plan, what: 'target-draws' | 'inspector-draws') => {
    setBusy(plan.planId);
    try {
      await api('POST', `/api/random-inspections/${encodeURIComponent(plan.planId)}/${what}`, {});
      void message.success('已抽取');
      await readUntil(
        () => api<{ plans: Plan[] }>('GET', `/api/random-inspections${qs({ limit: 100 })}`),
        (fresh) => fresh.plans.some((p) => p.planId === plan.planId && p.status !== plan.status),
      );
      reload();
    } catch (error) {
      showError(error);
    } finally {
      setBusy('');
    }
  };
  return (
    <Card title="双随机、一公开">
      <Table<Plan>
        rowKey="planId"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          { title: '计划', dataIndex: 'title' },
          { title: '年度', dataIndex: 'year', width: 70 },
          { title: '牵头单位', dataIndex: 'leadAgencyId' },
          { title: '跨部门', dataIndex: 'crossAgency', render: (v: boolean) => (v ? '是' : '否') },
          { title: '状态', dataIndex: 'status', render: (s: string) => <Tag>{PLAN_STATUS[s] ?? s}</Tag> },
          { title: '对象/小组', render: (_: unknown, p) => `${p.targets.length} / ${p.teams.length}` },
          {
            title: '',
            render: (_: unknown, p) =>
              p.status === 'planned' ? (
                <Button size="small" loading={busy === p.planId} onClick={() => void draw(p, 'target-draws')}>
                  抽取检查对象
                </Button>
              ) : p.status === 'targets_drawn' ? (
                <Button size="small" loading={busy === p.planId} onClick={() => void draw(p, 'inspector-draws')}>
                  抽取检查人员
                </Button>
              ) : null,
          },
        ]}
      />
      {pager}
    </Card>
  );
}
