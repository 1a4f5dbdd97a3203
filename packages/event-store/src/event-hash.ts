import { createHash } from 'node:crypto';
import type { EventRecord } from '@lesp/core';

/** previousHash of the first event of every stream. */
export const GENESIS_HASH = '0'.repeat(64);

/** Tells this encoding apart from any other use of SHA-256; a new encoding gets a new tag. */
const TAG = 'lesp.event-hash.v1';

/** An event as it is about to be stored: everything but its own hash. */
export type UnhashedEventRecord = Omit<EventRecord, 'hash'>;

/**
 * The hash that chains an event to its stream: hex SHA-256 over a canonical encoding of
 *
 *   tag, previousHash, eventId, eventType, schemaVersion, source, countyCode, aggregateType,
 *   aggregateId, version, occurredAt (ms), recordedAt (ms), actor.userId, actor.role,
 *   actor.countyCode, actor.agencyId (or ''), correlationId, causationId, payload
 *
 * Each field is its bytes (strings UTF-8, numbers and times as decimal digits) preceded by
 * their length as a 4-byte big-endian integer, in this fixed order: two different events
 * never encode the same (no "ab"+"c" = "a"+"bc"). streamId is not hashed: it is derived
 * from countyCode, aggregateType and aggregateId, which are. Pure.
 */
export function computeEventHash(record: UnhashedEventRecord): string {
  const hash = createHash('sha256');
  // One length buffer for every field (update copies it), strings hashed without a Buffer each: an append hashes ~20 fields per event.
  const length = Buffer.alloc(4);
  const prefix = (byteLength: number): void => {
    length.writeUInt32BE(byteLength);
    hash.update(length);
  };
  const field = (bytes: Uint8Array): void => {
    prefix(bytes.byteLength);
    hash.update(bytes);
  };
  const text = (value: string): void => {
    prefix(Buffer.byteLength(value, 'utf8'));
    hash.update(value, 'utf8');
  };
  const integer = (value: number, name: string): void => {
    if (!Number.isSafeInteger(value)) throw new Error(`cannot hash event ${record.eventId}: ${name} ${value} is not a whole number`);
    text(String(value));
  };
  const time = (value: Date, name: string): void => integer(value.getTime(), name);

  text(TAG);
  text(record.previousHash);
  text(record.eventId);
  text(record.eventType);
  integer(record.schemaVersion, 'schemaVersion');
  text(record.source);
  text(record.countyCode);
  text(record.aggregateType);
  text(record.aggregateId);
  integer(record.version, 'version');
  time(record.occurredAt, 'occurredAt');
  time(record.recordedAt, 'recordedAt');
  text(record.actor.userId);
  text(record.actor.role);
  text(record.actor.countyCode);
  text(record.actor.agencyId ?? '');
  text(record.correlationId);
  text(record.causationId);
  field(record.payload);
  return hash.digest('hex');
}

/**
 * Throws what `computeEventHash` would throw for an event's own numbers (its version and
 * recordedAt come from the store): lets `appendMany` refuse such an event before it writes
 * anything, and hash the others while their outbox marker is written.
 */
export function assertHashable(event: Pick<UnhashedEventRecord, 'eventId' | 'schemaVersion' | 'occurredAt'>): void {
  for (const [name, value] of [
    ['schemaVersion', event.schemaVersion],
    ['occurredAt', event.occurredAt.getTime()],
  ] as const) {
    if (!Number.isSafeInteger(value)) throw new Error(`cannot hash event ${event.eventId}: ${name} ${value} is not a whole number`);
  }
}

/** The event with its hash. */
export function withEventHash(record: UnhashedEventRecord): EventRecord {
  return { ...record, hash: computeEventHash(record) };
}

/** True for a well-formed hash: 64 lowercase hex digits. */
export function isEventHash(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}
