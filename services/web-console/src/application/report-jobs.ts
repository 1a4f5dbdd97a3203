import { randomBytes } from 'node:crypto';
import { Metadata, type ClientReadableStream } from '@grpc/grpc-js';
import { ForbiddenError, NotFoundError, fromGrpcError, isCountyCode } from '@lesp/core';
import type { statisticsV1 } from '@lesp/contracts';
import { CORRELATION_HEADER } from '@lesp/service-bootstrap';
import { reportPercent, type ReportProgress } from '../domain/progress.js';
import { agencyFilter, homeCounty, requireRole, viewerRegion } from '../domain/scope.js';
import type { Backends } from '../adapters/backends.js';
import type { CallContext } from './calls.js';

/** What a report is asked for: the period; a regional viewer may name counties of their region. */
export interface ReportQuery {
  readonly period?: string;
  readonly year?: number;
  readonly month?: number;
  readonly half?: number;
  readonly counties?: readonly string[];
}

export interface ReportJob {
  readonly jobId: string;
  /** Who started it: only they read it. */
  readonly owner: string;
  readonly status: 'running' | 'completed' | 'failed';
  readonly progress: ReportProgress;
  readonly view?: statisticsV1.StatisticsView;
  readonly error?: { readonly code: string; readonly message: string };
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** Where report jobs are kept (adapters/mongo-report-jobs.ts: the console's database, so any replica answers a poll). */
export interface ReportJobStore {
  create(job: ReportJob): Promise<void>;
  update(jobId: string, change: Partial<Pick<ReportJob, 'status' | 'progress' | 'view' | 'error'>>): Promise<void>;
  get(jobId: string): Promise<ReportJob | undefined>;
}

const JOB_TTL_MS = 60 * 60_000;
const WATCH_DEADLINE_MS = 10 * 60_000;
/** A job's progress is written at most this often (a stage change always). */
const WRITE_EVERY_MS = 300;

/**
 * A new job's id: 144 random bits in hex, so it is always a valid id in a route (`route-schemas.ts`
 * `id`: a letter or digit first). base64url ids began with `-` or `_` one time in 32, and the
 * screen then could not poll its own job.
 */
export function newReportJobId(): string {
  return randomBytes(18).toString('hex');
}

const queued: ReportProgress = { stage: 'queued', stageNumber: 0, stageCount: 6, recordsRead: 0, recordsEstimate: 0 };

/**
 * Reports computed as jobs: the screen starts one and polls it. The job follows supervision's
 * Watch*Statistics stream (its stage, and the act summaries read) and keeps the view once done;
 * the screen shows the percentage (domain/progress.ts) while it waits.
 */
export class ReportJobs {
  constructor(
    private readonly backends: Backends,
    private readonly store: ReportJobStore,
    private readonly newJobId: () => string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private year(): number {
    return new Date(this.clock().getTime() + 8 * 3_600_000).getUTCFullYear();
  }

  /**
   * Starts the user's report (a clerk's agency, a supervisor's county, a viewer's city) and
   * answers the job once supervision has begun it: a refusal or a bad period is this request's
   * answer (and the console's audit entry), not a job that fails later.
   */
  async start(ctx: CallContext, query: ReportQuery) {
    requireRole(ctx.user, 'agency_clerk', 'county_supervisor', 'regional_viewer');
    const period = { kind: query.period ?? 'year', year: query.year ?? this.year(), month: query.month ?? 0, half: query.half ?? 0 };
    const open = this.watch(ctx, period, query.counties ?? []);
    const now = this.clock();
    const job: ReportJob = {
      jobId: this.newJobId(),
      owner: ctx.user.subject,
      status: 'running',
      progress: queued,
      createdAt: now,
      expiresAt: new Date(now.getTime() + JOB_TTL_MS),
    };
    await this.store.create(job);
    await this.follow(job.jobId, open.call());
    return this.view(job);
  }

  async get(ctx: CallContext, jobId: string) {
    requireRole(ctx.user, 'agency_clerk', 'county_supervisor', 'regional_viewer');
    const job = await this.store.get(jobId);
    // Another user's job, or an expired one, is not there for this user.
    if (!job || job.owner !== ctx.user.subject || job.expiresAt.getTime() <= this.clock().getTime())
      throw new NotFoundError('REPORT_JOB_NOT_FOUND', '报表计算任务不存在或已过期');
    return job;
  }

  /** What the screen gets: the job without its owner, with its percentage. */
  view(job: ReportJob) {
    const { owner: _owner, expiresAt: _expires, ...rest } = job;
    return { ...rest, percent: job.status === 'completed' ? 100 : reportPercent(job.progress) };
  }

  /** The stream to open for the user's role; the county (and a clerk's agency, a viewer's city) from the token. */
  private watch(ctx: CallContext, period: statisticsV1.StatisticsPeriod, counties: readonly string[]) {
    const s = this.backends.statistics;
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${ctx.token}`);
    metadata.set(CORRELATION_HEADER, ctx.correlationId);
    const options = { deadline: Date.now() + WATCH_DEADLINE_MS };
    switch (ctx.user.role) {
      case 'agency_clerk': {
        const request = { countyCode: homeCounty(ctx.user), agencyId: agencyFilter(ctx.user, undefined), period, asOf: undefined };
        return { call: () => s.watchAgencyStatistics(request, metadata, options) };
      }
      case 'regional_viewer': {
        const regionCode = viewerRegion(ctx.user);
        const outside = counties.filter((c) => !isCountyCode(c) || !c.startsWith(regionCode));
        if (outside.length > 0)
          throw new ForbiddenError('CONSOLE_COUNTY_OUTSIDE_REGION', `区县 ${outside.join('、')} 不在本账号可汇总的范围内`);
        const request = { regionCode, countyCodes: [...counties], period, asOf: undefined, name: '' };
        return { call: () => s.watchCityStatistics(request, metadata, options) };
      }
      default: {
        const request = { countyCode: homeCounty(ctx.user), period, asOf: undefined, name: '' };
        return { call: () => s.watchCountyStatistics(request, metadata, options) };
      }
    }
  }

  /**
   * Follows the stream into the job's document, on after the request was answered; resolves at
   * the stream's first message, rejects with the service's error when there was none before it.
   */
  private follow(jobId: string, stream: ClientReadableStream<statisticsV1.StatisticsProgress>): Promise<void> {
    let begun: { resolve: () => void; reject: (error: unknown) => void } | undefined;
    const started = new Promise<void>((resolve, reject) => (begun = { resolve, reject }));
    let writes = Promise.resolve();
    let last = { stage: '', at: 0 };
    // The acts read, kept for the finished job ("done" carries the view, not the count).
    let acts = { read: 0, estimate: 0 };
    const write = (change: Parameters<ReportJobStore['update']>[1]) => {
      writes = writes.then(() => this.store.update(jobId, change)).catch(() => undefined);
    };
    stream.on('data', (message: statisticsV1.StatisticsProgress) => {
      begun?.resolve();
      if (message.view) {
        write({
          status: 'completed',
          progress: { ...progressOf(message), recordsRead: acts.read, recordsEstimate: acts.estimate },
          view: message.view,
        });
        return;
      }
      if (message.stage === 'act_summaries') acts = { read: message.recordsRead, estimate: message.recordsEstimate };
      const now = Date.now();
      if (message.stage === last.stage && now - last.at < WRITE_EVERY_MS) return;
      last = { stage: message.stage, at: now };
      write({ progress: progressOf(message) });
    });
    stream.on('error', (error) => {
      const failure = fromGrpcError(error);
      write({ status: 'failed', error: { code: failure.code, message: failure.message } });
      begun?.reject(failure);
    });
    // A stream that ends without its view (it should not): the job must not stay running.
    stream.on('end', () => {
      writes = writes
        .then(async () => {
          const job = await this.store.get(jobId);
          if (job?.status === 'running')
            await this.store.update(jobId, { status: 'failed', error: { code: 'REPORT_INCOMPLETE', message: '报表计算未完成，请重试' } });
        })
        .catch(() => undefined);
    });
    return started;
  }
}

const progressOf = (m: statisticsV1.StatisticsProgress): ReportProgress => ({
  stage: m.stage,
  stageNumber: m.stageNumber,
  stageCount: m.stageCount,
  recordsRead: m.recordsRead,
  recordsEstimate: m.recordsEstimate,
});
