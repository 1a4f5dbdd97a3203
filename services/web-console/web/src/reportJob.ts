import { useEffect, useState } from 'react';
import { api } from './api';
import { showError } from './forms';
import type { StatisticsView } from './pages/Reports';

export interface ReportJob {
  jobId: string;
  status: 'running' | 'completed' | 'failed';
  percent: number;
  progress: { stage: string; stageNumber: number; stageCount: number; recordsRead: number; recordsEstimate: number };
  view?: StatisticsView;
  error?: { code: string; message: string };
}

/**
 * A report computed as a job (POST /api/report-jobs), polled until it is done: the screen shows
 * the job's progress while supervision reads the report's records, then the view. A new query
 * starts a new job; a job left behind is simply no longer polled.
 */
export function useReportJob(query: Record<string, unknown>): ReportJob | undefined {
  const [job, setJob] = useState<ReportJob>();
  const key = JSON.stringify(query);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = (jobId: string) => {
      timer = setTimeout(() => {
        api<ReportJob>('GET', `/api/report-jobs/${encodeURIComponent(jobId)}`).then(
          (fresh) => {
            if (stopped) return;
            setJob(fresh);
            if (fresh.status === 'running') poll(jobId);
            else if (fresh.status === 'failed' && fresh.error) showError(new Error(fresh.error.message));
          },
          (error: unknown) => !stopped && showError(error),
        );
      }, 400);
    };
    api<ReportJob>('POST', '/api/report-jobs', JSON.parse(key) as unknown).then(
      (started) => {
        if (stopped) return;
        setJob(started);
        poll(started.jobId);
      },
      (error: unknown) => !stopped && showError(error),
    );
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [key]);
  return job;
}
