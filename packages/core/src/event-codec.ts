import type { DomainEvent } from './decider.js';
import type { MessageFns } from './message-fns.js';

export interface EncodedPayload {
  readonly eventType: string;
  readonly schemaVersion: number;
  readonly payload: Uint8Array;
}

/** Maps the domain's event union to protobuf payloads and back, one entry per event type. */
export interface EventCodec<E extends DomainEvent> {
  readonly eventTypes: readonly E['type'][];
  encode(event: E): EncodedPayload;
  decode(eventType: string, schemaVersion: number, payload: Uint8Array): E;
  handles(eventType: string): boolean;
}

type CodecTable<E extends DomainEvent> = {
  readonly [T in E['type']]: { schemaVersion: number; fns: MessageFns<Extract<E, { type: T }>['data']> };
};

/** Builds a codec from a table `{ EventType: { schemaVersion, fns: GeneratedMessage } }`. */
export function protobufEventCodec<E extends DomainEvent>(table: CodecTable<E>): EventCodec<E> {
  const entries = table as Record<string, { schemaVersion: number; fns: MessageFns<unknown> }>;
  return {
    eventTypes: Object.keys(entries) as E['type'][],
    handles: (eventType) => Object.hasOwn(entries, eventType),
    encode(event) {
      const entry = entries[event.type];
      if (!entry) throw new Error(`no codec for event type ${event.type}`);
      return { eventType: event.type, schemaVersion: entry.schemaVersion, payload: entry.fns.encode(event.data).finish() };
    },
    decode(eventType, schemaVersion, payload) {
      const entry = entries[eventType];
      if (!entry) throw new Error(`no codec for event type ${eventType}`);
      if (schemaVersion > entry.schemaVersion) {
        throw new Error(`event ${eventType} has schema version ${schemaVersion}, this build knows up to ${entry.schemaVersion}`);
      }
      return { type: eventType, data: entry.fns.decode(payload) } as E;
    },
  };
}
