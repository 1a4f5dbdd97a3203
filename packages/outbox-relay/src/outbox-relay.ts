import type { EventRecord } from '@lesp/core';
import type { Outbox, PendingCommit } from '@lesp/event-store';
import type { EventPublisher } from '@lesp/kafka-bus';
import {
  SpanKind,
  contextOfTraceparent,
  currentTraceparent,
  endSpan,
  startSpan,
  tracingEnabled,
  type SpanHandle,
} from '@lesp/observability';

export interface RelayLease {
  acquire(): Promise<boolean>;
  release(): Promise<void>;
}

export interface RelayLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface OutboxRelayOptions {
  readonly outbox: Outbox;
  readonly publisher: EventPublisher;
  /** Only the holder publishes, so one stream is never published by two replicas at once. */
  readonly lease: RelayLease;
  /**
   * Appends fetched per round (500). Each round reads the outbox's markers in order, which on
   * FerretDB reads every marker, so fewer, larger rounds keep a bulk import's backlog moving.
   */
  readonly batchSize?: number;
  /** How often to look for events appended by other processes while there is work. */
  readonly pollIntervalMs?: number;
  /**
   * An idle relay polls less and less often, up to this interval: every poll is a query, and
   * an idle platform should not keep its database busy. Local appends call `wake()`, so they
   * go out at once whatever the interval; only appends by other replicas wait up to this long.
   */
  readonly maxIdlePollMs?: number;
  readonly clock?: () => Date;
  readonly logger?: RelayLogger;
  readonly onPublished?: (count: number) => void;
}

const NOT_LEASE_HOLDER = 'not-lease-holder';

/**
 * Reads unpublished appends oldest first, publishes them, waits for the broker's ack, then
 * marks them published. A crash between the ack and the mark publishes them again on the
 * next round: at-least-once by design; consumers make duplicates harmless.
 */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private wakeRequested = false;
  private stopped = true;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly maxIdlePollMs: number;
  private idlePollMs: number;
  private readonly clock: () => Date;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.maxIdlePollMs = Math.max(this.pollIntervalMs, options.maxIdlePollMs ?? 1_000);
    this.idlePollMs = this.pollIntervalMs;
    this.clock = options.clock ?? (() => new Date());
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Called after a local append so the event goes out without waiting for the next poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.round) {
      this.wakeRequested = true;
      return;
    }
    this.schedule(0);
  }

  /**
   * Publishes everything pending now and returns how many events went out (tests, shutdown,
   * tools). Waits for the lease if another owner holds it, up to `leaseWaitMs`.
   */
  async drain(leaseWaitMs = 30_000): Promise<number> {
    const deadline = Date.now() + leaseWaitMs;
    let total = 0;
    for (;;) {
      const published = await this.publishBatch();
      if (published === NOT_LEASE_HOLDER) {
        if (Date.now() > deadline) throw new Error(`outbox relay: lease not acquired within ${leaseWaitMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, this.pollIntervalMs));
        continue;
      }
      total += published;
      if (published === 0) return total;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.round;
    await this.options.lease.release().catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.runRound(), delayMs);
  }

  private async runRound(): Promise<void> {
    if (this.stopped || this.round) return;
    let more = false;
    this.round = (async () => {
      try {
        const published = await this.publishBatch();
        more = published !== NOT_LEASE_HOLDER && published > 0;
      } catch (error) {
        this.options.logger?.error({ err: error }, 'outbox relay round failed; will retry');
      }
    })();
    await this.round;
    this.round = undefined;
    if (this.stopped) return;
    const again = more || this.wakeRequested;
    this.wakeRequested = false;
    if (again) {
      this.idlePollMs = this.pollIntervalMs;
      this.schedule(0);
      return;
    }
    this.schedule(this.idlePollMs);
    this.idlePollMs = Math.min(this.idlePollMs * 2, this.maxIdlePollMs);
  }

  private async publishBatch(): Promise<number | typeof NOT_LEASE_HOLDER> {
    if (!(await this.options.lease.acquire())) return NOT_LEASE_HOLDER;
    const pending = await this.options.outbox.fetchUnpublished(this.batchSize);
    if (pending.length === 0) return 0;
    const records = pending.flatMap((commit) => commit.records);
    if (tracingEnabled()) await this.publishTraced(pending, records);
    else await this.options.publisher.publish(records);
    await this.options.outbox.markPublished(
      pending.map((commit) => commit.commitId),
      this.clock(),
    );
    this.options.onPublished?.(records.length);
    return records.length;
  }

  /**
   * One producer span per traced commit, a child of the append that stored it (its
   * traceparent came through the outbox marker); each of its messages carries that span's
   * context to the consumers. Commits stored untraced are published without a span.
   */
  private async publishTraced(pending: readonly PendingCommit[], records: readonly EventRecord[]): Promise<void> {
    const spans: SpanHandle[] = [];
    const traceparents = new Map<EventRecord, string>();
    for (const commit of pending) {
      const parent = contextOfTraceparent(commit.traceparent);
      const first = commit.records[0];
      if (!parent || !first) continue;
      const span = startSpan(`publish ${first.source}`, {
        kind: SpanKind.PRODUCER,
        parent,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.batch.message_count': commit.records.length,
          'lesp.stream_type': first.aggregateType,
          'lesp.event_type': first.eventType,
        },
      });
      spans.push(span);
      const traceparent = currentTraceparent(span.context);
      if (traceparent) for (const record of commit.records) traceparents.set(record, traceparent);
    }
    try {
      await this.options.publisher.publish(records, { traceparentOf: (record) => traceparents.get(record) });
    } catch (error) {
      for (const span of spans) endSpan(span, error);
      throw error;
    }
    for (const span of spans) endSpan(span);
  }
}
