import type { Collection, Db, Document } from 'mongodb';
import { NotFoundError, type EventRecord } from '@lesp/core';
import { ensureIndexes, isDuplicateKeyError } from '@lesp/event-store';
import { metrics, noteProjectionApplied, perLabel, traced, tracingEnabled } from '@lesp/observability';
import type { AnyProjection } from './projection.js';

interface CheckpointDocument {
  _id: string;
  /** Physical collection that queries read. */
  active: string;
  /** Physical collection a rebuild is filling; live events go to it too. */
  building?: string;
  /** Collection that was active before the last switch, kept until the next rebuild. */
  previous?: string;
  /**
   * Set when the checkpoint is created, unset by the first switch: the read model has not yet
   * been filled from the service's history (see `pendingBackfills`).
   */
  backfill?: boolean;
  lastEventId?: string;
  lastRecordedAt?: Date;
  applied: number;
  updatedAt: Date;
}

export interface RebuildReport {
  readonly projection: string;
  readonly collection: string;
  readonly events: number;
  readonly applied: number;
}

export interface ProjectionRunnerOptions {
  readonly clock?: () => Date;
  /** How long a replica may keep using its cached view of which collection is active. */
  readonly routingTtlMs?: number;
  /** How often applied events are written to the checkpoints (see flushCheckpoints). */
  readonly checkpointEveryMs?: number;
}

/**
 * Runs a service's projections: applies each event to every projection that handles it,
 * keeps a checkpoint per projection, and rebuilds a projection into a fresh collection,
 * switching queries over only once the new collection is complete.
 */
export class ProjectionRunner {
  private readonly checkpoints: Collection<CheckpointDocument>;
  private readonly byName: Map<string, AnyProjection>;
  private readonly routing = new Map<string, { doc: CheckpointDocument; readAt: number }>();
  private readonly clock: () => Date;
  private readonly routingTtlMs: number;
  private readonly checkpointEveryMs: number;
  private readonly progress = new Map<string, { lastEventId: string; lastRecordedAt: Date; applied: number }>();
  private progressFlush: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    projections: readonly AnyProjection[],
    options: ProjectionRunnerOptions = {},
  ) {
    this.checkpoints = db.collection<CheckpointDocument>('projection_checkpoints');
    this.byName = new Map(projections.map((p) => [p.name, p]));
    this.clock = options.clock ?? (() => new Date());
    this.routingTtlMs = options.routingTtlMs ?? 1000;
    this.checkpointEveryMs = options.checkpointEveryMs ?? 1000;
  }

  get projections(): readonly AnyProjection[] {
    return [...this.byName.values()];
  }

  /**
   * Creates the first generation of each read model and its indexes. Idempotent. A checkpoint
   * it creates is marked `backfill`: new to this database, so empty even when the service has a
   * history (a projection added by a release). The mark stays until a rebuild switches (or
   * `clearBackfill`), so a start that fails half-way, or a rebuild that stops, is taken up again.
   */
  async init(): Promise<void> {
    for (const projection of this.byName.values()) {
      const initial = `${projection.readModel}__1`;
      await this.checkpoints
        .updateOne(
          { _id: projection.name },
          { $setOnInsert: { active: initial, applied: 0, updatedAt: this.clock(), backfill: true } },
          { upsert: true },
        )
        // Another replica's upsert inserted it first (a race MongoDB may also answer this way).
        .catch((error: unknown) => {
          if (!isDuplicateKeyError(error)) throw error;
        });
      const checkpoint = await this.checkpoint(projection.name, true);
      await this.ensureCollection(projection, checkpoint.active);
      await projection.migrate?.(this.db.collection(checkpoint.active));
    }
  }

  /** The projections whose read model has not been filled from the service's history yet. */
  async pendingBackfills(): Promise<string[]> {
    const pending: string[] = [];
    for (const name of this.byName.keys()) if ((await this.checkpoint(name, true)).backfill === true) pending.push(name);
    return pending;
  }

  /** Nothing to fill them from (a new database: the relay delivers what the store holds). */
  async clearBackfill(names: readonly string[]): Promise<void> {
    for (const name of names) await this.checkpoints.updateOne({ _id: name }, { $unset: { backfill: '' } });
    for (const name of names) this.routing.delete(name);
  }

  handles(eventType: string): boolean {
    for (const projection of this.byName.values()) if (projection.handles(eventType)) return true;
    return false;
  }

  /** Applies a live event to every projection that handles it (and to any rebuild in progress). */
  async apply(event: EventRecord): Promise<void> {
    await this.applyBatch([event]);
  }

  /**
   * Applies live events, in order, to every projection that handles them: at once where the
   * projection can (`applyBatch`), else one by one.
   */
  async applyBatch(events: readonly EventRecord[]): Promise<void> {
    for (const projection of this.byName.values()) {
      const handled = events.filter((event) => projection.handles(event.eventType));
      if (handled.length === 0) continue;
      if (tracingEnabled()) {
        await traced(
          `projection ${projection.name}`,
          () => this.applyTo(projection, handled),
          () => ({ 'lesp.projection': projection.name, 'lesp.events': handled.length }),
        );
      } else await this.applyTo(projection, handled);
      const last = handled.at(-1)!;
      // Lag and throughput for /metrics: counted once per projection and batch.
      appliedTo(projection.name).inc(handled.length);
      noteProjectionApplied(projection.name, last.recordedAt, this.clock().getTime());
      const progress = this.progress.get(projection.name);
      this.progress.set(projection.name, {
        lastEventId: last.eventId,
        lastRecordedAt: last.recordedAt,
        applied: (progress?.applied ?? 0) + handled.length,
      });
    }
    this.progressFlush ??= setTimeout(() => void this.flushCheckpoints().catch(() => undefined), this.checkpointEveryMs);
    this.progressFlush.unref?.();
  }

  /** The events into the active collection, and into the one a rebuild is filling. */
  private async applyTo(projection: AnyProjection, handled: readonly EventRecord[]): Promise<void> {
    const checkpoint = await this.checkpoint(projection.name);
    const targets = [checkpoint.active, ...(checkpoint.building ? [checkpoint.building] : [])];
    for (const name of targets) {
      const target = this.db.collection(name);
      if (projection.applyBatch && handled.length > 1) await projection.applyBatch(handled, target);
      else for (const event of handled) await projection.apply(event, target);
    }
  }

  /**
   * Writes what was applied since the last write to each projection's checkpoint (last event,
   * count). It is bookkeeping for operators (lag, progress), not what makes projections
   * correct (the versions in the read models do that), so it is written at most once per
   * `checkpointEveryMs` rather than once per event: one write fewer per event. Called on stop.
   */
  async flushCheckpoints(): Promise<void> {
    if (this.progressFlush) clearTimeout(this.progressFlush);
    this.progressFlush = undefined;
    const pending = [...this.progress.entries()];
    this.progress.clear();
    for (const [name, p] of pending) {
      await this.checkpoints.updateOne(
        { _id: name },
        { $set: { lastEventId: p.lastEventId, lastRecordedAt: p.lastRecordedAt, updatedAt: this.clock() }, $inc: { applied: p.applied } },
      );
    }
  }

  /** The collection queries of this read model must read now. */
  async collection<Doc extends Document = Document>(projectionName: string): Promise<Collection<Doc>> {
    const checkpoint = await this.checkpoint(projectionName);
    return this.db.collection<Doc>(checkpoint.active);
  }

  /**
   * Rebuilds a projection from `source` (the service's event store or inbox, in order)
   * into a new collection, then switches queries to it. Live events keep flowing into
   * both collections meanwhile; projections are idempotent, so overlap is harmless.
   */
  async rebuild(projectionName: string, source: () => AsyncIterable<EventRecord>): Promise<RebuildReport> {
    const projection = this.byName.get(projectionName);
    if (!projection) throw new NotFoundError('PROJECTION_NOT_FOUND', `读模型 ${projectionName} 不存在`);
    const current = await this.checkpoint(projectionName, true);
    if (current.previous)
      await this.db
        .collection(current.previous)
        .drop()
        .catch(() => undefined);
    // Past any generation an earlier rebuild left building (it failed or its process stopped):
    // a name is never reused, so writers still holding the abandoned one (e.g. a projection's
    // per-collection cache, or a write in flight) cannot reach the new one.
    const abandoned = current.building;
    const generation = Math.max(nextGeneration(current.active), abandoned ? nextGeneration(abandoned) : 0);
    const building = `${projection.readModel}__${generation}`;
    await this.db
      .collection(building)
      .drop()
      .catch(() => undefined);
    await this.ensureCollection(projection, building);
    await this.checkpoints.updateOne({ _id: projectionName }, { $set: { building, updatedAt: this.clock() }, $unset: { previous: '' } });
    // Every replica must see `building` before we read the source, so that no live event
    // can fall between the source we read and the collection they write.
    await sleep(this.routingTtlMs * 2);
    if (abandoned && abandoned !== current.active)
      await this.db
        .collection(abandoned)
        .drop()
        .catch(() => undefined);
    try {
      return await this.fill(projectionName, projection, current.active, building, source);
    } catch (error) {
      // Live events stop going to a generation nobody will switch to.
      await this.checkpoints.updateOne({ _id: projectionName, building }, { $unset: { building: '' } }).catch(() => undefined);
      this.routing.delete(projectionName);
      throw error;
    }
  }

  private async fill(
    projectionName: string,
    projection: AnyProjection,
    active: string,
    building: string,
    source: () => AsyncIterable<EventRecord>,
  ): Promise<RebuildReport> {
    let events = 0;
    let applied = 0;
    const target = this.db.collection(building);
    // In chunks, as live batches are applied: a projection that folds a batch (applyBatch)
    // reads and writes each document once per chunk instead of once per event.
    let chunk: EventRecord[] = [];
    const flush = async () => {
      if (projection.applyBatch && chunk.length > 1) await projection.applyBatch(chunk, target);
      else for (const event of chunk) await projection.apply(event, target);
      applied += chunk.length;
      chunk = [];
    };
    for await (const event of source()) {
      events++;
      if (!projection.handles(event.eventType)) continue;
      chunk.push(event);
      if (chunk.length >= REBUILD_CHUNK) await flush();
    }
    await flush();
    await this.checkpoints.updateOne(
      { _id: projectionName, building },
      { $set: { active: building, previous: active, updatedAt: this.clock() }, $unset: { building: '', backfill: '' } },
    );
    this.routing.delete(projectionName);
    return { projection: projectionName, collection: building, events, applied };
  }

  private async ensureCollection(projection: AnyProjection, name: string): Promise<void> {
    const existing = await this.db.listCollections({ name }, { nameOnly: true }).toArray();
    if (existing.length === 0) await this.db.createCollection(name).catch(ignoreAlreadyExists);
    if (projection.indexes && projection.indexes.length > 0) {
      await ensureIndexes(this.db.collection(name), projection.indexes);
    }
  }

  private async checkpoint(projectionName: string, fresh = false): Promise<CheckpointDocument> {
    const cached = this.routing.get(projectionName);
    const now = Date.now();
    if (!fresh && cached && now - cached.readAt < this.routingTtlMs) return cached.doc;
    const doc = await this.checkpoints.findOne({ _id: projectionName });
    if (!doc) throw new Error(`projection ${projectionName} is not initialised (call init())`);
    this.routing.set(projectionName, { doc, readAt: now });
    return doc;
  }
}

const appliedTo = perLabel(metrics.projectionEventsApplied);

/** Events a rebuild hands to a projection at once (the consumer's live batches are up to 500 too). */
const REBUILD_CHUNK = 500;

function nextGeneration(active: string): number {
  const generation = Number(active.split('__').at(-1));
  return Number.isFinite(generation) ? generation + 1 : 2;
}

function ignoreAlreadyExists(error: unknown): void {
  if (error instanceof Error && /already exists/i.test(error.message)) return;
  throw error;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
