import { metrics, traced, tracingEnabled } from '@lesp/observability';
import {
  ConcurrencyError,
  ConflictError,
  asPlatformError,
  newId,
  type CommandContext,
  type Decider,
  type DomainEvent,
  type EventCodec,
  type EventRecord,
} from '@lesp/core';
import type { EventStore } from './event-store.js';

export interface AggregateType<Command, Event extends DomainEvent, State> {
  /** Bounded context that owns the streams, e.g. "case-intake". */
  readonly source: string;
  /** e.g. "Agency". */
  readonly aggregateType: string;
  readonly decider: Decider<Command, Event, State>;
  readonly codec: EventCodec<Event>;
}

export interface HandleOptions {
  /** The version the client last saw; a mismatch is a conflict, never silently merged. */
  readonly expectedVersion?: number;
  /**
   * The client's key for this command: a retry with the same key returns what the first
   * attempt stored and records nothing new.
   */
  readonly idempotencyKey?: string;
}

export interface Handled<Event, State> {
  readonly nextVersion: number;
  readonly events: readonly Event[];
  readonly records: readonly EventRecord[];
  readonly state: State;
  /** True when an earlier attempt with the same idempotency key had already stored this. */
  readonly replayed: boolean;
}

/** When the client gave no expected version, a lost race is decided again on fresh state. */
const RETRIES_WITHOUT_EXPECTED_VERSION = 3;

/** Load → decide → append: the one way a command changes an aggregate. */
export class CommandHandler<Command, Event extends DomainEvent, State> {
  constructor(
    private readonly store: EventStore,
    private readonly aggregate: AggregateType<Command, Event, State>,
    private readonly eventId: () => string = newId,
  ) {}

  async load(countyCode: string, aggregateId: string): Promise<{ state: State; version: number; last?: EventRecord }> {
    const { decider, codec, aggregateType } = this.aggregate;
    const records = await this.store.readStream(countyCode, aggregateType, aggregateId);
    let state = decider.initialState();
    for (const record of records) {
      state = decider.evolve(state, codec.decode(record.eventType, record.schemaVersion, record.payload));
    }
    const last = records.at(-1);
    return { state, version: last?.version ?? 0, ...(last ? { last } : {}) };
  }

  /**
   * Counted in `lesp_commands_total` by the command's `type` (its aggregate's name when it
   * has none) and outcome: ok, replayed, or the refusal's stable code. Traced when the
   * process traces: the store's append is a child of this span.
   */
  async handle(
    countyCode: string,
    aggregateId: string,
    command: Command,
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<Handled<Event, State>> {
    const commandType = this.commandType(command);
    try {
      const handled = tracingEnabled()
        ? await traced(
            `command ${commandType}`,
            () => this.decideAndAppend(countyCode, aggregateId, command, context, options),
            () => ({
              'lesp.aggregate_type': this.aggregate.aggregateType,
              'lesp.correlation_id': context.correlationId,
            }),
          )
        : await this.decideAndAppend(countyCode, aggregateId, command, context, options);
      metrics.commands.inc({ command: commandType, outcome: handled.replayed ? 'replayed' : 'ok' });
      return handled;
    } catch (error) {
      metrics.commands.inc({ command: commandType, outcome: asPlatformError(error).code });
      throw error;
    }
  }

  /** The command's own name (`type`, set by code, never by a client), else the aggregate's. */
  private commandType(command: Command): string {
    const type = (command as { type?: unknown } | null)?.type;
    return typeof type === 'string' ? type : this.aggregate.aggregateType;
  }

  private async decideAndAppend(
    countyCode: string,
    aggregateId: string,
    command: Command,
    context: CommandContext,
    options: HandleOptions,
  ): Promise<Handled<Event, State>> {
    // Whether a keyed command was done before is asked only when the answer may differ: on a
    // retry, or when the command now would not do what it says (refused, nothing to do, a stale
    // version). A command done before that would append again cannot: its key's claim holds the
    // stored commit, the append is refused, and the retry answers with the first result. Asking
    // first, every time, was a read per command that almost always found nothing.
    const replayed = () =>
      options.idempotencyKey ? this.replay(countyCode, aggregateId, options.idempotencyKey) : Promise.resolve(undefined);
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) {
        const earlier = await replayed();
        if (earlier) return earlier;
      }
      const { state, version, last } = await this.load(countyCode, aggregateId);
      if (options.expectedVersion !== undefined && options.expectedVersion !== version) {
        const earlier = await replayed();
        if (earlier) return earlier;
        throw new ConcurrencyError(`${countyCode}/${this.aggregate.aggregateType}/${aggregateId}`, options.expectedVersion, version);
      }
      let events: readonly Event[];
      try {
        events = this.aggregate.decider.decide(command, state);
      } catch (error) {
        const earlier = await replayed();
        if (earlier) return earlier;
        throw error;
      }
      if (events.length === 0) return (await replayed()) ?? { nextVersion: version, events, records: [], state, replayed: false };
      try {
        const result = await this.store.append({
          source: this.aggregate.source,
          countyCode,
          aggregateType: this.aggregate.aggregateType,
          aggregateId,
          expectedVersion: version,
          ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
          // The hash the new events chain to; '' only for a stream stored before hash chaining (the store looks it up then).
          ...(last ? { notBefore: last.recordedAt, ...(last.hash ? { previousHash: last.hash } : {}) } : {}),
          events: events.map((event) => ({
            ...this.aggregate.codec.encode(event),
            eventId: this.eventId(),
            occurredAt: context.occurredAt,
            actor: context.actor,
            correlationId: context.correlationId,
            causationId: context.causationId,
          })),
        });
        const newState = events.reduce(this.aggregate.decider.evolve, state);
        return { nextVersion: result.nextVersion, events, records: result.records, state: newState, replayed: false };
      } catch (error) {
        // A lost race is decided again on fresh state, unless the client pinned a version; with
        // an idempotency key the next round first finds what the winner stored, if it was us.
        const mayRetry =
          (options.expectedVersion === undefined || options.idempotencyKey !== undefined) && attempt < RETRIES_WITHOUT_EXPECTED_VERSION;
        if (error instanceof ConcurrencyError && mayRetry) continue;
        throw error;
      }
    }
  }

  private async replay(countyCode: string, aggregateId: string, idempotencyKey: string): Promise<Handled<Event, State> | undefined> {
    const earlier = await this.store.findByIdempotencyKey(countyCode, idempotencyKey);
    if (!earlier) return undefined;
    const first = earlier.records[0];
    if (!first || first.aggregateType !== this.aggregate.aggregateType || first.aggregateId !== aggregateId) {
      throw new ConflictError('IDEMPOTENCY_KEY_REUSED', '该幂等键已用于另一项操作，请为新的操作使用新的幂等键');
    }
    const { codec } = this.aggregate;
    const { state } = await this.load(countyCode, aggregateId);
    return {
      nextVersion: earlier.nextVersion,
      events: earlier.records.map((r) => codec.decode(r.eventType, r.schemaVersion, r.payload)),
      records: earlier.records,
      state,
      replayed: true,
    };
  }
}
