import { useMemo, useState } from 'react';
import { Button, Card, InputNumber, Progress, Select, Space, Table, Typography } from 'antd';
import { Chart } from '../Chart';
import { useReportJob, type ReportJob } from '../reportJob';

export interface StatisticsView {
  title: string;
  scopeName: string;
  periodLabel: string;
  dateRange: string;
  asOf: string;
  sentences: string[];
  sections: { title: string; figures: { key: string; label: string; text: string; value?: number; unit: string }[] }[];
  units: { unitId: string; name: string; figures: { key: string; label: string; text: string; value?: number; unit: string }[] }[];
}

export function ReportView({ view }: { view: StatisticsView }) {
  const chart = useMemo(() => {
    const keys = ['licensing.applied', 'penalty.filed', 'penalty.closed', 'coercion.total', 'inspection.total'];
    const figures = view.sections.flatMap((s) => s.figures).filter((f) => keys.includes(f.key));
    return {
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' as const },
      xAxis: { type: 'category' as const, data: figures.map((f) => f.label) },
      yAxis: { type: 'value' as const },
      series: [{ type: 'bar' as const, data: figures.map((f) => f.value ?? 0), itemStyle: { color: '#1d5fa8' } }],
    };
  }, [view]);
  const unitChart = useMemo(
    () => ({
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' as const },
      xAxis: { type: 'category' as const, data: view.units.map((u) => u.name || u.unitId) },
      yAxis: { type: 'value' as const },
      series: [
        {
          type: 'bar' as const,
          name: view.units[0]?.figures[0]?.label ?? '',
          data: view.units.map((u) => u.figures[0]?.value ?? 0),
        },
      ],
    }),
    [view],
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="report">
      <Typography.Title level={4}>{view.title}</Typography.Title>
      <Typography.Text type="secondary">
        {view.periodLabel} {view.dateRange}（截至 {view.asOf}）
      </Typography.Text>
      {view.sentences.map((s, i) => (
        <Typography.Paragraph key={i}>{s}</Typography.Paragraph>
      ))}
      <Chart option={chart} height={260} />
      {view.sections.map((section) => (
        <Card key={section.title} size="small" title={section.title}>
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={section.figures}
            columns={[
              { title: '指标', dataIndex: 'label' },
              { title: '数值', dataIndex: 'text', width: 160, render: (t: string, f) => <span data-testid={`figure-${f.key}`}>{t}</span> },
              { title: '单位', dataIndex: 'unit', width: 80 },
            ]}
          />
        </Card>
      ))}
      {view.units.length > 0 && (
        <Card size="small" title="分单位">
          <Chart option={unitChart} height={220} />
          <Table
            size="small"
            rowKey="unitId"
            pagination={{ pageSize: 20 }}
            scroll={{ x: 800 }}
            dataSource={view.units}
            columns={[
              { title: '单位', render: (_: unknown, u) => u.name || u.unitId },
              ...(view.units[0]?.figures.slice(0, 6).map((f, i) => ({
                title: f.label,
                render: (_: unknown, u: StatisticsView['units'][number]) => u.figures[i]?.text ?? '',
              })) ?? []),
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

const STAGES: Record<string, string> = {
  queued: '排队中',
  act_summaries: '读取执法行为汇总',
  case_file_reviews: '读取案卷评查',
  random_inspections: '读取双随机抽查任务',
  published_decisions: '读取公示决定',
  computing: '计算指标',
  done: '计算完成',
};

/** How far the report's computation has come: a bar, the stage, and the act summaries read. */
export function ReportProgress({ job }: { job: ReportJob }) {
  const { stage, stageNumber, stageCount, recordsRead, recordsEstimate } = job.progress;
  const done = job.status === 'completed';
  return (
    <div data-testid="report-progress" data-status={job.status} style={{ maxWidth: 560, marginBottom: 12 }}>
      <Progress percent={job.percent} status={job.status === 'failed' ? 'exception' : done ? 'success' : 'active'} />
      <Typography.Text type="secondary" data-testid="report-progress-text">
        {job.status === 'failed' ? `计算失败：${job.error?.message ?? ''}` : (STAGES[done ? 'done' : stage] ?? stage)}
        {!done && stageNumber > 0 ? `（第 ${stageNumber}/${stageCount} 步）` : ''}
        {recordsRead > 0 || stage === 'act_summaries' || done
          ? `，已读取 ${recordsRead.toLocaleString('zh-CN')} 件执法行为汇总${!done && recordsEstimate > 0 ? `（共约 ${recordsEstimate.toLocaleString('zh-CN')} 件）` : ''}`
          : ''}
      </Typography.Text>
    </div>
  );
}

export function Reports() {
  const thisYear = new Date().getFullYear();
  const [period, setPeriod] = useState('year');
  const [year, setYear] = useState(thisYear);
  const [month, setMonth] = useState(new Date().getMonth() + 1);
  const [half, setHalf] = useState(1);
  const job = useReportJob({ period, year, ...(period === 'month' ? { month } : {}), ...(period === 'half' ? { half } : {}) });
  const view = job?.view;
  return (
    <Card
      title="统计报表"
      extra={
        <Button
          href={job?.status === 'completed' ? `/api/report-jobs/${encodeURIComponent(job.jobId)}/export.xlsx` : undefined}
          disabled={job?.status !== 'completed'}
          id="report-export"
        >
          导出 XLSX
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          value={period}
          onChange={setPeriod}
          style={{ width: 100 }}
          options={[
            { value: 'year', label: '年报' },
            { value: 'half', label: '半年' },
            { value: 'month', label: '月报' },
          ]}
        />
        <InputNumber value={year} min={2000} max={2100} onChange={(v) => v && setYear(v)} addonAfter="年" />
        {period === 'month' && <InputNumber value={month} min={1} max={12} onChange={(v) => v && setMonth(v)} addonAfter="月" />}
        {period === 'half' && (
          <Select
            value={half}
            onChange={setHalf}
            options={[
              { value: 1, label: '上半年' },
              { value: 2, label: '下半年' },
            ]}
          />
        )}
      </Space>
      {job && <ReportProgress job={job} />}
      {view && <ReportView view={view} />}
    </Card>
  );
}
