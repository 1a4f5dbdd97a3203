import {
  ConcurrencyError,
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
}

export interface Handled<Event, State> {
  readonly nextVersion: number;
  readonly events: readonly Event[];
  readonly records: readonly EventRecord[];
  readonly state: State;
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

  async handle(
    countyCode: string,
    aggregateId: string,
    command: Command,
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<Handled<Event, State>> {
    for (let attempt = 1; ; attempt++) {
      const { state, version, last } = await this.load(countyCode, aggregateId);
      if (options.expectedVersion !== undefined && options.expectedVersion !== version) {
        throw new ConcurrencyError(`${countyCode}/${this.aggregate.aggregateType}/${aggregateId}`, options.expectedVersion, version);
      }
      const events = this.aggregate.decider.decide(command, state);
      if (events.length === 0) return { nextVersion: version, events, records: [], state };
      try {
        const result = await this.store.append({
          source: this.aggregate.source,
          countyCode,
          aggregateType: this.aggregate.aggregateType,
          aggregateId,
          expectedVersion: version,
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
        return { nextVersion: result.nextVersion, events, records: result.records, state: newState };
      } catch (error) {
        const mayRetry = options.expectedVersion === undefined && attempt < RETRIES_WITHOUT_EXPECTED_VERSION;
        if (error instanceof ConcurrencyError && mayRetry) continue;
        throw error;
      }
    }
  }
}
