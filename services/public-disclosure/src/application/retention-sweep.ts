import type { ProjectionRunner } from '@lesp/projection-runner';
import { publicDecisionsProjection } from './projections/public-decisions.js';

/**
 * The public read models whose entries carry `retainUntil` (publication + the retention of
 * DISCLOSURE_RETENTION_YEARS, or …_NATURAL_PERSON for natural persons). Only published
 * decisions do today: officers, inspections, rectifications, statistics and digests carry none.
 * A read model added here must keep `retainUntil` on every entry that may be shown.
 */
export const RETAINED_READ_MODELS: readonly string[] = [publicDecisionsProjection.name];

export interface RetentionSweepLogger {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface RetentionSweepOptions {
  readonly projections: ProjectionRunner;
  readonly logger: RetentionSweepLogger;
  readonly clock: () => Date;
  /** How often each replica sweeps (RETENTION_SWEEP_MS). */
  readonly intervalMs: number;
  /** Defaults to RETAINED_READ_MODELS; projection names, not collection names (a rebuild changes those). */
  readonly readModels?: readonly string[];
}

export interface RetentionSweepResult {
  /** Entries deleted per projection name. */
  readonly deleted: Readonly<Record<string, number>>;
}

/**
 * Takes entries down once their retention is over (依法公示期满撤下): deletes from each public
 * read model every document whose `retainUntil` has passed. Queries already hide them from
 * that instant; the sweep removes them from the database, so a copy of it no longer holds them.
 *
 * Every replica sweeps, at start-up and then every `intervalMs`: a delete by filter is
 * idempotent, so replicas sweeping together delete each entry once between them. An entry a
 * late or redelivered event, or a rebuild, projects again after its retention stays hidden (the
 * queries' `retainUntil` filter) until the next sweep deletes it again. Withdrawal tombstones
 * have no `retainUntil` and stay (ids only: they keep an older redelivered event from
 * republishing). The event log keeps the history: the internal `rm_disclosures` is not swept.
 *
 * On FerretDB v1 a filter on `retainUntil` is a scan of the collection (only `_id` equality is
 * pushed down); acceptable once an interval, unlike on a request.
 */
export class RetentionSweep {
  private timer?: NodeJS.Timeout;
  private running?: Promise<RetentionSweepResult>;

  constructor(private readonly options: RetentionSweepOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.runOnce().catch(() => undefined), this.options.intervalMs);
    this.timer.unref();
    void this.runOnce().catch(() => undefined);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One sweep (not concurrent with itself in this process); logs and rethrows a failure, the next sweep retries. */
  async runOnce(): Promise<RetentionSweepResult> {
    if (this.running) return this.running;
    this.running = this.sweep()
      .catch((error: unknown) => {
        this.options.logger.error({ err: error }, 'retention sweep failed; the next sweep retries');
        throw error;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async sweep(): Promise<RetentionSweepResult> {
    const now = this.options.clock();
    const deleted: Record<string, number> = {};
    for (const name of this.options.readModels ?? RETAINED_READ_MODELS) {
      const collection = await this.options.projections.collection<{ _id: string; retainUntil?: Date }>(name);
      // `$lte`: the queries show an entry while `retainUntil > now`, so this takes exactly what they hide.
      const result = await collection.deleteMany({ retainUntil: { $lte: now } });
      deleted[name] = result.deletedCount;
      if (result.deletedCount > 0) {
        this.options.logger.info(
          { readModel: name, deleted: result.deletedCount, before: now },
          'retention sweep: entries past retention deleted',
        );
      }
    }
    return { deleted };
  }
}
