import { useState } from 'react';
import { Alert, Card, InputNumber, Space } from 'antd';
import type { Me } from '../api';
import { useReportJob } from '../reportJob';
import { ReportProgress, ReportView } from './Reports';

/** City or province roll-up, read-only: the counties of the viewer's region, computed as a job with progress. */
export function RegionRollup({ me }: { me: Me }) {
  const [year, setYear] = useState(new Date().getFullYear());
  const job = useReportJob({ period: 'year', year });
  return (
    <Card title={`区域汇总（${me.user.regionCode ?? ''}）`}>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message="只读：汇总本市（省）各区县的执法统计。" />
      <Space style={{ marginBottom: 12 }}>
        <InputNumber value={year} min={2000} max={2100} onChange={(v) => v && setYear(v)} addonAfter="年" />
      </Space>
      {job && <ReportProgress job={job} />}
      {job?.view && <ReportView view={job.view} />}
    </Card>
  );
}
