/**
 * Progress of long work as a percentage the screens show. The services report what they know
 * (a report's stage and the act summaries read of an upper bound; a rebuild's records read of an
 * estimate); these folds turn it into a figure that only grows and reaches 100 only when done.
 */
export interface ReportProgress {
  readonly stage: string;
  readonly stageNumber: number;
  readonly stageCount: number;
  readonly recordsRead: number;
  readonly recordsEstimate: number;
}

export const REPORT_STAGE_NAMES: Record<string, string> = {
  queued: '排队中',
  act_summaries: '读取执法行为汇总',
  case_file_reviews: '读取案卷评查',
  random_inspections: '读取双随机抽查任务',
  published_decisions: '读取公示决定',
  computing: '计算指标',
  done: '完成',
};

/** A fraction of a stage: records read of the estimate, never more than 95 % before the stage ends. */
function within(read: number, estimate: number): number {
  return estimate > 0 ? Math.min(0.95, read / estimate) : 0;
}

export function reportPercent(progress: ReportProgress): number {
  if (progress.stage === 'done') return 100;
  if (progress.stageCount <= 0 || progress.stageNumber <= 0) return 0;
  const fraction = progress.stage === 'act_summaries' ? within(progress.recordsRead, progress.recordsEstimate) : 0;
  return Math.min(99, Math.floor(((progress.stageNumber - 1 + fraction) / progress.stageCount) * 100));
}

export interface RebuildProgress {
  readonly status: string;
  readonly stage: string;
  readonly recordsRead: number;
  readonly recordsEstimate: number;
}

export const REBUILD_STAGE_NAMES: Record<string, string> = {
  waiting: '等待各副本切换写入',
  event_store: '重放事件库',
  inbox: '重放收件箱',
  switching: '切换读模型',
  done: '完成',
};

export function rebuildPercent(job: RebuildProgress): number {
  if (job.status === 'completed') return 100;
  if (job.stage === 'waiting') return 0;
  if (job.stage === 'switching') return 99;
  return Math.min(98, Math.floor(within(job.recordsRead, job.recordsEstimate) * 100));
}
