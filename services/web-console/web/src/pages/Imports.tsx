import { useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Progress, Space, Table, Upload } from 'antd';
import { api, upload } from '../api';
import { showError } from '../forms';
import { fmtTime } from '../labels';

interface ImportJob {
  jobId: string;
  fileName: string;
  status: string;
  bytesReceived: number;
  rowsRead: number;
  imported: number;
  alreadyImported: number;
  rejected: number;
  startedAt?: string;
  finishedAt?: string;
  rejectedRows: { row: number; column: string; code: string; reason: string }[];
  rejectedReasonsNotListed: number;
  ignoredColumns: string[];
  errorMessage: string;
}

const STATUS: Record<string, string> = {
  receiving: '接收文件中',
  running: '导入中',
  completed: '已完成',
  failed: '失败',
  interrupted: '已中断',
};
const DONE = new Set(['completed', 'failed', 'interrupted']);

/** Import of acts from CSV/XLSX: the file goes to case intake over gRPC; progress and rejected rows are polled from its job. */
export function Imports() {
  const [job, setJob] = useState<ImportJob>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!job || DONE.has(job.status)) return;
    const timer = setTimeout(() => {
      api<ImportJob>('GET', `/api/imports/${encodeURIComponent(job.jobId)}`).then(setJob, (e: unknown) => showError(e));
    }, 1000);
    return () => clearTimeout(timer);
  }, [job]);
  const handled = job ? job.imported + job.alreadyImported + job.rejected : 0;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title="批量导入执法行为">
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message="按模板填写后上传 CSV 或 XLSX 文件；已导入的行不会重复导入，不合格的行列在下方。"
        />
        <Upload
          accept=".csv,.xlsx"
          showUploadList={false}
          customRequest={({ file }) => {
            const f = file as File;
            setBusy(true);
            upload<ImportJob>(`/api/imports?fileName=${encodeURIComponent(f.name)}`, f)
              .then(setJob, (e: unknown) => showError(e))
              .finally(() => setBusy(false));
          }}
        >
          <Button type="primary" loading={busy} id="import-upload">
            选择文件并导入
          </Button>
        </Upload>
      </Card>
      {job && (
        <Card title={`导入任务 ${job.fileName}`} data-testid="import-job">
          <Progress
            percent={DONE.has(job.status) ? 100 : job.rowsRead ? Math.min(99, Math.round((handled / job.rowsRead) * 100)) : 5}
            status={job.status === 'failed' ? 'exception' : undefined}
          />
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
            <Descriptions.Item label="状态">{STATUS[job.status] ?? job.status}</Descriptions.Item>
            <Descriptions.Item label="已读行数">{job.rowsRead}</Descriptions.Item>
            <Descriptions.Item label="导入">{job.imported}</Descriptions.Item>
            <Descriptions.Item label="此前已导入">{job.alreadyImported}</Descriptions.Item>
            <Descriptions.Item label="拒收">{job.rejected}</Descriptions.Item>
            <Descriptions.Item label="开始">{fmtTime(job.startedAt)}</Descriptions.Item>
            <Descriptions.Item label="结束">{fmtTime(job.finishedAt)}</Descriptions.Item>
            {job.ignoredColumns.length > 0 && <Descriptions.Item label="忽略的列">{job.ignoredColumns.join('、')}</Descriptions.Item>}
          </Descriptions>
          {job.errorMessage && <Alert type="error" message={job.errorMessage} />}
          {job.rejectedRows.length > 0 && (
            <Table
              size="small"
              rowKey={(r) => `${r.row}-${r.column}-${r.code}`}
              dataSource={job.rejectedRows}
              pagination={{ pageSize: 20 }}
              columns={[
                { title: '行号', dataIndex: 'row', width: 80 },
                { title: '列', dataIndex: 'column', width: 160 },
                { title: '原因', dataIndex: 'reason' },
              ]}
              footer={() => (job.rejectedReasonsNotListed > 0 ? `另有 ${job.rejectedReasonsNotListed} 条拒收原因未列出` : null)}
            />
          )}
        </Card>
      )}
    </Space>
  );
}
