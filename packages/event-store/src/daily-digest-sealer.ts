import type { Collection, Db } from 'mongodb';
import { ConflictError, type EventCodec } from '@lesp/core';
import { CommandHandler } from './command-handler.js';
import { DailyDigestBuilder, chinaDayOf, dayWindow, nextDay } from './daily-digest.js';
import {
  DAILY_DIGEST_AGGREGATE,
  dailyDigestDecider,
  type DailyDigestEvent,
  type DailyDigestState,
  type SealDailyDigest,
} from './daily-digest-seal.js';
import type { EventStore } from './event-store.js';
import { firstRecorded, readRecordedBetween } from './recorded-range.js';

/**
 * How far the sealing has got: the last day sealed for every county known then. A cache of
 * what the log itself says (the DailyDigest streams): lost, the sealer starts again from the
 * store's first day and finds every day already sealed.
 */
export interface SealProgress {
  readonly sealedThrough: string;
  /** Every county with an event recorded by the end of sealedThrough: each gets a seal every day after, events or none. */
  readonly counties: readonly string[];
}

export interface SealProgressStore {
  load(): Promise<SealProgress | undefined>;
  save(progress: SealProgress): Promise<void>;
}

/** One document (`_id: 'progress'`) in `daily_digest_progress`. */
export class MongoSealProgressStore implements SealProgressStore {
  private readonly collection: Collection<{ _id: string; sealedThrough: string; counties: string[] }>;

  constructor(db: Db, collectionName = 'daily_digest_progress') {
    this.collection = db.collection(collectionName);
  }

  async load(): Promise<SealProgress | undefined> {
    const doc = await this.collection.findOne({ _id: 'progress' });
    return doc ? { sealedThrough: doc.sealedThrough, counties: doc.counties } : undefined;
  }

  async save(progress: SealProgress): Promise<void> {
    // Replicas may race here; the later day wins when they do not, and a day saved twice or
    // saved back costs only a re-check (sealing is idempotent).
    const current = await this.load();
    if (current && current.sealedThrough >= progress.sealedThrough) return;
    await this.collection.updateOne(
      { _id: 'progress' },
      { $set: { sealedThrough: progress.sealedThrough, counties: [...progress.counties] } },
      { upsert: true },
    );
  }
}

export class InMemorySealProgressStore implements SealProgressStore {
  private progress?: SealProgress;
  async load(): Promise<SealProgress | undefined> {
    return this.progress;
  }
  async save(progress: SealProgress): Promise<void> {
    if (!this.progress || this.progress.sealedThrough < progress.sealedThrough) this.progress = progress;
  }
}

export interface SealerLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface DailyDigestSealerOptions {
  readonly store: EventStore;
  /** The service whose store this is: names the digests (`<service>/<county>/<day>`) and owns the streams. */
  readonly service: string;
  /** DailyDigestSealed ↔ lesp.common.v1.DailyDigestSealed (the contracts' codec). */
  readonly codec: EventCodec<DailyDigestEvent>;
  readonly progress: SealProgressStore;
  readonly logger: SealerLogger;
  readonly clock?: () => Date;
  /**
   * A day is sealed this long after it ends: an append whose time was taken just before
   * midnight (or on a host whose clock lags) is stored by then. Default 15 minutes.
   */
  readonly graceMs?: number;
  /** How often each replica looks for a day to seal. Default 10 minutes. */
  readonly intervalMs?: number;
  /** Days sealed per run at most (a first start over a long history catches up over several runs). Default 31. */
  readonly maxDaysPerRun?: number;
  /** Told after seals were appended (e.g. wake the outbox relay). */
  readonly onSealed?: () => void;
}

export interface SealRunResult {
  /** Days looked at, oldest first. */
  readonly days: readonly string[];
  /** Seals this run appended. */
  readonly sealed: number;
  /** County-days found sealed already (by another replica or an earlier run). */
  readonly alreadySealed: number;
  /** County-days (`county/day`) sealed before whose records now give another digest (logged as errors). */
  readonly mismatched: readonly string[];
}

/**
 * Seals every county's day of the store once the day is over: computes the day's digest
 * (daily-digest.ts) from the events recorded that day and appends `DailyDigestSealed` to the
 * county's DailyDigest stream for that day, which the outbox relay publishes. Every replica
 * may run it: the stream id is the same for all, so two seals of one day collide and the
 * second records nothing (or is refused when its root differs: see dailyDigestDecider).
 *
 * Which county-days: every day from the store's first, for every county that had an event
 * recorded by that day's end, including days without events (an empty day sealed is a day
 * nothing can later be slipped into). A seal is itself an event of the day it is recorded in,
 * so each day's digest also covers the previous day's seal: the seals chain.
 */
export class DailyDigestSealer {
  private readonly handler: CommandHandler<SealDailyDigest, DailyDigestEvent, DailyDigestState>;
  private readonly clock: () => Date;
  private readonly graceMs: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<SealRunResult>;
  /**
   * The store's first day, looked up once per process until a day is sealed: on FerretDB v1
   * that lookup reads and sorts every commit, and each run repeated it (a bulk import into a new
   * store read all it had stored every 10 minutes). A store empty at the first look records
   * nothing before then, less the grace period.
   */
  private firstDay?: string;

  constructor(private readonly options: DailyDigestSealerOptions) {
    this.handler = new CommandHandler(options.store, {
      source: options.service,
      aggregateType: DAILY_DIGEST_AGGREGATE,
      decider: dailyDigestDecider,
      codec: options.codec,
    });
    this.clock = options.clock ?? (() => new Date());
    this.graceMs = options.graceMs ?? 15 * 60_000;
  }

  start(): void {
    this.timer = setInterval(() => void this.runOnce().catch(() => undefined), this.options.intervalMs ?? 10 * 60_000);
    this.timer.unref();
    void this.runOnce().catch(() => undefined);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** The last day that may be sealed at `now`: over for at least the grace period. */
  lastSealableDay(now: Date): string {
    return chinaDayOf(new Date(now.getTime() - this.graceMs - 24 * 3600_000));
  }

  /** One pass (not concurrent with itself in this process); logs and rethrows a failure, the next pass retries. */
  async runOnce(): Promise<SealRunResult> {
    if (this.running) return this.running;
    this.running = this.seal()
      .catch((error: unknown) => {
        this.options.logger.error({ err: error }, 'daily digest sealing failed; the next run retries');
        throw error;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async seal(): Promise<SealRunResult> {
    const { store, progress, logger } = this.options;
    const last = this.lastSealableDay(this.clock());
    let state = await progress.load();
    let day: string;
    if (state) day = nextDay(state.sealedThrough);
    else {
      if (this.firstDay === undefined) {
        const first = await firstRecorded(store);
        this.firstDay = chinaDayOf(first ? first.recordedAt : new Date(this.clock().getTime() - this.graceMs));
      }
      day = this.firstDay;
    }
    const days: string[] = [];
    let sealed = 0;
    let alreadySealed = 0;
    const mismatched: string[] = [];
    while (day <= last && days.length < (this.options.maxDaysPerRun ?? 31)) {
      const counties = new Set(state?.counties ?? []);
      const builders = new Map<string, DailyDigestBuilder>();
      // Large pages: on FerretDB v1 every page is a scan of the commits after the day's start.
      for await (const record of readRecordedBetween(store, { ...dayWindow(day), pageSize: 10_000 })) {
        let builder = builders.get(record.countyCode);
        if (!builder) builders.set(record.countyCode, (builder = new DailyDigestBuilder(record.countyCode, day)));
        builder.add(record);
        counties.add(record.countyCode);
      }
      const sealedAt = this.clock();
      for (const countyCode of [...counties].sort()) {
        const digest = (builders.get(countyCode) ?? new DailyDigestBuilder(countyCode, day)).result();
        if (digest.storedHashMismatches.length > 0) {
          logger.warn(
            { countyCode, day, events: digest.storedHashMismatches.slice(0, 20), count: digest.storedHashMismatches.length },
            'events whose stored hash is not the hash of their content, sealed as they are now: run pnpm verify-chain',
          );
        }
        try {
          const outcome = await this.handler.handle(
            countyCode,
            day,
            { type: 'SealDailyDigest', service: this.options.service, digest, sealedAt },
            {
              actor: { userId: `${this.options.service}-daily-digest`, role: 'service', countyCode },
              correlationId: `daily-digest:${countyCode}:${day}`,
              causationId: `daily-digest:${countyCode}:${day}`,
              occurredAt: sealedAt,
            },
          );
          if (outcome.records.length > 0) sealed++;
          else alreadySealed++;
        } catch (error) {
          // The seal stands; the alarm is the point. The other counties and days go on.
          if (!isDigestMismatch(error)) throw error;
          mismatched.push(`${countyCode}/${day}`);
          logger.error({ countyCode, day, err: error }, 'a sealed day no longer digests to its seal: its records changed after sealing');
        }
      }
      state = { sealedThrough: day, counties: [...counties].sort() };
      await progress.save(state);
      days.push(day);
      day = nextDay(day);
    }
    if (sealed > 0) {
      logger.info({ days: days.length, from: days[0], to: days.at(-1), sealed, alreadySealed }, 'daily digests sealed');
      this.options.onSealed?.();
    }
    return { days, sealed, alreadySealed, mismatched };
  }
}

/** True when the error is a seal refused because the day's records changed after it was sealed. */
export function isDigestMismatch(error: unknown): boolean {
  return error instanceof ConflictError && error.code === 'DAILY_DIGEST_MISMATCH';
}

/** What a running service hands the sealer (service-bootstrap's ServiceParts fit it). */
export interface SealingParts {
  readonly name: string;
  readonly db: Db;
  readonly eventStore: EventStore;
  readonly logger: SealerLogger & { child(bindings: Record<string, unknown>): SealerLogger };
  readonly lifecycle: { add(name: string, close: () => Promise<void>): void };
  readonly relay: { wake(): void };
}

/**
 * Starts sealing the service's own store every day (at start-up, then every 10 minutes) and
 * stops it with the service. One call in each sealing service's wiring; the codec is the
 * contracts' `dailyDigestEventCodec` (this package does not depend on the contracts).
 */
export function startDailyDigestSealing(parts: SealingParts, codec: EventCodec<DailyDigestEvent>): DailyDigestSealer {
  const sealer = new DailyDigestSealer({
    store: parts.eventStore,
    service: parts.name,
    codec,
    progress: new MongoSealProgressStore(parts.db),
    logger: parts.logger.child({ component: 'daily-digest-sealer' }),
    onSealed: () => parts.relay.wake(),
  });
  sealer.start();
  parts.lifecycle.add('daily-digest-sealer', () => sealer.stop());
  return sealer;
}
