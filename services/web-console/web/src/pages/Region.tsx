import { useEffect, useState } from 'react';
import { Alert, Card, InputNumber, Space } from 'antd';
import { api, qs, type Me } from '../api';
import { showError } from '../forms';
import { ReportView, type StatisticsView } from './Reports';

/** City or province roll-up, read-only: the counties of the viewer's region. */
export function RegionRollup({ me }: { me: Me }) {
  const [year, setYear] = useState(new Date().getFullYear());
  const [view, setView] = useState<StatisticsView>();
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    setLoading(true);
    api<StatisticsView>('GET', `/api/region/report${qs({ year })}`)
      .then(setView, (e: unknown) => showError(e))
      .finally(() => setLoading(false));
  }, [year]);
  return (
    <Card title={`区域汇总（${me.user.regionCode ?? ''}）`} loading={loading && !view}>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message="只读：汇总本市（省）各区县的执法统计。" />
      <Space style={{ marginBottom: 12 }}>
        <InputNumber value={year} min={2000} max={2100} onChange={(v) => v && setYear(v)} addonAfter="年" />
      </Space>
      {view && <ReportView view={view} />}
    </Card>
  );
}
