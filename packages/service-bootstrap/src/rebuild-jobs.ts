import type { Collection, Db } from 'mongodb';
import { ConflictError, NotFoundError, asPlatformError, newId, type EventRecord } from '@lesp/core';
import { readAllEvents, type EventStore } from '@lesp/event-store';
import type { AnyProjection, Inbox, ProjectionRunner } from '@lesp/projection-runner';
import type { Logger } from './logger.js';

export type RebuildStatus = 'running' | 'completed' | 'failed' | 'interrupted';
export type RebuildStage = 'waiting' | 'event_store' | 'inbox' | 'switching' | 'done';

/** One rebuild of a read model, as operators follow it (lesp.operations.v1.ProjectionRebuild). */
export interface RebuildJobDocument {
  /** The job id: every read of a job is a lookup by `_id`. */
  _id: string;
  service: string;
  projection: string;
  status: RebuildStatus;
  stage: RebuildStage;
  eventsRead: number;
  /** Events the projection handles, among those read. */
  applied: number;
  /** Event-store commits and inbox events read... */
  recordsRead: number;
  /** ...of about this many when the rebuild began (the collections' metadata counts: no scan). */
  recordsEstimate: number;
  /** The collection being filled (known once the rebuild is done), then active. */
  collection: string;
  startedAt: Date;
  finishedAt?: Date;
  startedBy: string;
  error?: { code: string; message: string };
  /** Written every second while the job runs: a running job without news for long has lost its process. */
  heartbeatAt: Date;
}

export interface ProjectionState {
  readonly name: string;
  readonly readModel: string;
  readonly activeCollection: string;
  readonly lastRebuild?: RebuildJobDocument;
}

/** A running job whose process has said nothing for this long is reported interrupted. */
const STALE_AFTER_MS = 30_000;
const HEARTBEAT_MS = 1_000;

/**
 * Rebuilds as jobs (`projection_rebuilds`): started in the background by the process that was
 * asked, their progress written every second so any replica answers for them. The rebuild
 * itself is `ProjectionRunner.rebuild` (a new generation filled from the event store and the
 * inbox, then switched to); this class counts what flows through its source.
 */
export class RebuildJobs {
  private readonly jobs: Collection<RebuildJobDocument>;
  private readonly byName: Map<string, AnyProjection>;

  constructor(
    private readonly db: Db,
    private readonly deps: {
      readonly service: string;
      readonly projections: readonly AnyProjection[];
      readonly runner: ProjectionRunner;
      readonly eventStore: EventStore;
      readonly inbox: Inbox;
      readonly logger: Logger;
      readonly clock?: () => Date;
    },
  ) {
    this.jobs = db.collection<RebuildJobDocument>('projection_rebuilds');
    this.byName = new Map(deps.projections.map((p) => [p.name, p]));
  }

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  /** Starts a rebuild and answers its job at once; refused while another rebuild of that read model runs. */
  async start(projectionName: string, startedBy: string): Promise<RebuildJobDocument> {
    const projection = this.byName.get(projectionName);
    if (!projection) throw new NotFoundError('PROJECTION_NOT_FOUND', `读模型 ${projectionName} 不存在`);
    // A scan of a small collection (a handful of jobs per read model and year).
    const others = await this.jobs.find({ projection: projectionName, status: 'running' }).toArray();
    if (others.some((job) => this.effective(job).status === 'running'))
      throw new ConflictError('REBUILD_RUNNING', `读模型 ${projectionName} 正在重建，请等待其完成`);
    const now = this.now();
    const job: RebuildJobDocument = {
      _id: newId(),
      service: this.deps.service,
      projection: projectionName,
      status: 'running',
      stage: 'waiting',
      eventsRead: 0,
      applied: 0,
      recordsRead: 0,
      recordsEstimate: await this.estimate(),
      collection: '',
      startedAt: now,
      startedBy,
      heartbeatAt: now,
    };
    await this.jobs.insertOne(job);
    // In the background; a process stopping mid-way leaves the job without heartbeat: read as interrupted.
    void this.run(job, projection);
    return { ...job };
  }

  /**
   * Fills the read models not yet filled from the service's history (a release added them, or
   * their first rebuild stopped): a rebuild job each, unless one is running. When none was ever
   * filled (a new database) or there is no history, there is nothing to fill: the marks go.
   */
  async backfillPending(): Promise<RebuildJobDocument[]> {
    const pending = await this.deps.runner.pendingBackfills();
    if (pending.length === 0) return [];
    if (pending.length === this.byName.size || (await this.estimate()) === 0) {
      await this.deps.runner.clearBackfill(pending);
      return [];
    }
    const jobs: RebuildJobDocument[] = [];
    for (const name of pending) {
      try {
        jobs.push(await this.start(name, 'start-up'));
        this.deps.logger.info({ projection: name }, 'read model not yet filled from the history: rebuilding it');
      } catch (error) {
        // Another replica's backfill of it is running.
        if (!(error instanceof ConflictError)) throw error;
      }
    }
    return jobs;
  }

  async get(jobId: string): Promise<RebuildJobDocument> {
    const job = await this.jobs.findOne({ _id: jobId });
    if (!job || job.service !== this.deps.service) throw new NotFoundError('REBUILD_NOT_FOUND', `重建任务 ${jobId} 不存在`);
    return this.effective(job);
  }

  /** Every read model of the service, the collection its queries read, and its newest rebuild. */
  async list(): Promise<ProjectionState[]> {
    const jobs = await this.jobs.find({}).toArray();
    const latest = new Map<string, RebuildJobDocument>();
    for (const job of jobs) {
      const seen = latest.get(job.projection);
      if (!seen || seen.startedAt.getTime() < job.startedAt.getTime()) latest.set(job.projection, job);
    }
    return Promise.all(
      this.deps.projections.map(async (p) => {
        const last = latest.get(p.name);
        return {
          name: p.name,
          readModel: p.readModel,
          activeCollection: (await this.deps.runner.collection(p.name)).collectionName,
          ...(last ? { lastRebuild: this.effective(last) } : {}),
        };
      }),
    );
  }

  private effective(job: RebuildJobDocument): RebuildJobDocument {
    return job.status === 'running' && this.now().getTime() - job.heartbeatAt.getTime() > STALE_AFTER_MS
      ? { ...job, status: 'interrupted' }
      : job;
  }

  /** The source's size from the collections' metadata (MongoEventStore's commits, Inbox's events): no scan. */
  private async estimate(): Promise<number> {
    const count = (name: string) =>
      this.db
        .collection(name)
        .estimatedDocumentCount()
        .catch(() => 0);
    return (await count('event_commits')) + (await count('inbox_events'));
  }

  private async run(job: RebuildJobDocument, projection: AnyProjection): Promise<void> {
    const progress = () => ({
      stage: job.stage,
      eventsRead: job.eventsRead,
      applied: job.applied,
      recordsRead: job.recordsRead,
      heartbeatAt: this.now(),
    });
    const heartbeat = setInterval(
      () => void this.jobs.updateOne({ _id: job._id }, { $set: progress() }).catch(() => undefined),
      HEARTBEAT_MS,
    );
    heartbeat.unref?.();
    const { eventStore, inbox } = this.deps;
    const count = (event: EventRecord) => {
      job.eventsRead++;
      if (projection.handles(event.eventType)) job.applied++;
    };
    try {
      const report = await this.deps.runner.rebuild(job.projection, async function* () {
        // The runner pulls the first event once every replica writes live events to the new collection too.
        job.stage = 'event_store';
        let previous: EventRecord | undefined;
        // One sorted query, then pages from its end (paging alone re-sorts the commits for every page on FerretDB).
        for await (const event of readAllEvents(eventStore)) {
          // A commit is a run of one stream's consecutive versions.
          if (!previous || previous.streamId !== event.streamId || previous.version + 1 !== event.version) job.recordsRead++;
          previous = event;
          count(event);
          yield event;
        }
        job.stage = 'inbox';
        for await (const event of inbox.readAll()) {
          job.recordsRead++;
          count(event);
          yield event;
        }
        job.stage = 'switching';
      });
      clearInterval(heartbeat);
      await this.jobs.updateOne(
        { _id: job._id },
        {
          $set: {
            ...progress(),
            stage: 'done',
            status: 'completed',
            eventsRead: report.events,
            applied: report.applied,
            collection: report.collection,
            finishedAt: this.now(),
          },
        },
      );
      this.deps.logger.info({ projection: job.projection, jobId: job._id, events: report.events }, 'projection rebuilt');
    } catch (error) {
      clearInterval(heartbeat);
      const platformError = asPlatformError(error);
      this.deps.logger.error({ err: error, projection: job.projection, jobId: job._id }, 'projection rebuild failed');
      await this.jobs
        .updateOne(
          { _id: job._id },
          {
            $set: {
              ...progress(),
              status: 'failed',
              finishedAt: this.now(),
              error: { code: platformError.code, message: platformError.message },
            },
          },
        )
        .catch(() => undefined);
    }
  }
}
