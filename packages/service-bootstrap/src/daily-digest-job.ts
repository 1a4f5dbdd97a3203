import { digestDayOf, recordMissingDigests, type DigestLog, type MongoEventStore, type MongoLease } from '@lesp/event-store';
import type { Logger } from './logger.js';

/** The day that ended most recently at midnight China Standard Time. */
export function lastCompletedDay(now: Date): string {
  const todayInChina = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  return digestDayOf(new Date(`${todayInChina}T00:00:00+08:00`));
}

/**
 * Records, once a day and under a lease so one replica does it, the digest of every
 * county's stream heads as of midnight: a later verification can prove the log as it
 * stood that day. Runs at start-up and then hourly, so downtime only delays it.
 */
export class DailyDigestJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly store: MongoEventStore,
    private readonly digests: DigestLog,
    private readonly lease: MongoLease,
    private readonly logger: Logger,
    private readonly intervalMs = 3600_000,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
    void this.runOnce();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  async runOnce(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        if (!(await this.lease.acquire())) return;
        const counties = (await this.store.commits.distinct('countyCode', { countyCode: { $type: 'string' } })) as string[];
        const day = lastCompletedDay(this.clock());
        const result = await recordMissingDigests(this.store, this.digests, counties, day, { now: this.clock() });
        if (result.recorded.length > 0) this.logger.info({ day, counties: result.recorded.length }, 'daily county digests recorded');
      } catch (error) {
        this.logger.error({ err: error }, 'daily digest failed; will retry');
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }
}
