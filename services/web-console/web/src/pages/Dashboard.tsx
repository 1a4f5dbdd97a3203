import { useEffect, useMemo, useState } from 'react';
import { Alert, Card, Col, List, Row, Statistic, Tag } from 'antd';
import { api } from '../api';
import { Chart } from '../Chart';
import { showError } from '../forms';
import { pct, fmtTime } from '../labels';
import { go } from '../router';

interface Dashboard {
  openAlerts: number;
  alertsByRule: { ruleId: string; title: string; count: number }[];
  alertsByAgency: { agencyId: string; name: string; count: number }[];
  alertsByLevel: Record<string, number>;
  overdue: { rectifications: number; deadlineAlerts: number; items: { kind: string; id: string; agencyId: string; due?: string }[] };
  disclosureOnTimeRate: number | null;
  closingRate: number | null;
  months: string[];
  trends: { alerts: number[]; rectifications: number[] };
  truncated: boolean;
}

export function Dashboard() {
  const [data, setData] = useState<Dashboard>();
  useEffect(() => {
    api<Dashboard>('GET', '/api/dashboard').then(setData, (e: unknown) => showError(e));
  }, []);
  const charts = useMemo(() => {
    if (!data) return undefined;
    const bar = (names: string[], values: number[], color: string) => ({
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' as const },
      xAxis: { type: 'value' as const, minInterval: 1 },
      yAxis: { type: 'category' as const, data: names, axisLabel: { width: 140, overflow: 'truncate' as const } },
      series: [{ type: 'bar' as const, data: values, itemStyle: { color } }],
    });
    return {
      byRule: bar(data.alertsByRule.map((r) => r.title).reverse(), data.alertsByRule.map((r) => r.count).reverse(), '#d4380d'),
      byAgency: bar(data.alertsByAgency.map((a) => a.name).reverse(), data.alertsByAgency.map((a) => a.count).reverse(), '#1d5fa8'),
      level: {
        tooltip: { trigger: 'item' as const },
        legend: { bottom: 0 },
        series: [
          {
            type: 'pie' as const,
            radius: ['40%', '70%'],
            data: [
              { name: '红色', value: data.alertsByLevel['red'] ?? 0, itemStyle: { color: '#cf1322' } },
              { name: '黄色', value: data.alertsByLevel['yellow'] ?? 0, itemStyle: { color: '#d4b106' } },
              { name: '蓝色', value: data.alertsByLevel['blue'] ?? 0, itemStyle: { color: '#1677ff' } },
            ].filter((slice) => slice.value > 0),
          },
        ],
      },
      trends: {
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis' as const },
        legend: { top: 0 },
        xAxis: { type: 'category' as const, data: data.months },
        yAxis: { type: 'value' as const, minInterval: 1 },
        series: [
          { name: '新增预警', type: 'line' as const, data: data.trends.alerts },
          { name: '发出整改文书', type: 'line' as const, data: data.trends.rectifications },
        ],
      },
    };
  }, [data]);
  if (!data || !charts) return <Card loading />;
  return (
    <div data-testid="dashboard">
      {data.truncated && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} message="预警较多，概览只统计了最近的 2000 条；完整列表见“预警”。" />
      )}
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title="待处理预警" value={data.openAlerts} valueStyle={{ color: '#cf1322' }} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title="逾期（整改 / 时限预警）" value={`${data.overdue.rectifications} / ${data.overdue.deadlineAlerts}`} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title="执法决定按期公示率" value={pct(data.disclosureOnTimeRate)} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title="行政处罚结案率（本年）" value={pct(data.closingRate)} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="预警（按规则）" size="small" data-testid="alerts-by-rule">
            {data.alertsByRule.length === 0 ? (
              '暂无'
            ) : (
              <Chart option={charts.byRule} height={Math.max(160, data.alertsByRule.length * 32)} />
            )}
            {data.alertsByRule.map((r) => (
              <Tag key={r.ruleId} style={{ cursor: 'pointer', marginTop: 4 }} onClick={() => go('alerts', r.ruleId)}>
                {r.title} {r.count}
              </Tag>
            ))}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="预警（按执法单位）" size="small" data-testid="alerts-by-agency">
            {data.alertsByAgency.length === 0 ? (
              '暂无'
            ) : (
              <Chart option={charts.byAgency} height={Math.max(160, data.alertsByAgency.length * 32)} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title="预警等级" size="small">
            <Chart option={charts.level} height={240} />
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card title="近 12 个月趋势" size="small">
            <Chart option={charts.trends} height={240} />
          </Card>
        </Col>
        <Col xs={24}>
          <Card title="逾期事项" size="small">
            <List
              size="small"
              dataSource={data.overdue.items}
              locale={{ emptyText: '暂无逾期事项' }}
              renderItem={(item) => (
                <List.Item onClick={() => go(item.kind === 'alert' ? 'alert' : 'rectification', item.id)} style={{ cursor: 'pointer' }}>
                  {item.kind === 'alert' ? '时限预警' : '整改'} {item.id} · {item.agencyId} · 期限 {fmtTime(item.due)}
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
