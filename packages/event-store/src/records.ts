import { PayloadTooLargeError, streamIdOf, type EventRecord } from '@lesp/core';
import type { AppendRequest } from './event-store.js';
import { GENESIS_HASH, computeEventHash, isEventHash } from './event-hash.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The records an append will store, versions counted from the expected version, each
 * chained by hash to the one before: the first to `previousHash` (the stream's last event
 * before this append; zeros for a new stream), the others inside the commit.
 */
export function recordsFor(request: AppendRequest, recordedAt: Date, previousHash: string): EventRecord[] {
  const streamId = streamIdOf(request.countyCode, request.aggregateType, request.aggregateId);
  const records: EventRecord[] = [];
  let previous = previousHash;
  request.events.forEach((event, index) => {
    // Field by field, not by spreading the event: the record is what EventRecord names, and an
    // import hashes hundreds of these at once (a spread each cost more than the hash).
    const record: Mutable<EventRecord> = {
      eventId: event.eventId,
      eventType: event.eventType,
      schemaVersion: event.schemaVersion,
      source: request.source,
      countyCode: request.countyCode,
      aggregateType: request.aggregateType,
      aggregateId: request.aggregateId,
      streamId,
      version: request.expectedVersion + index + 1,
      occurredAt: event.occurredAt,
      recordedAt,
      actor: event.actor,
      correlationId: event.correlationId,
      causationId: event.causationId,
      payload: event.payload,
      previousHash: previous,
      hash: '',
    };
    // The hash covers every field but itself.
    record.hash = computeEventHash(record);
    records.push(record);
    previous = record.hash;
  });
  return records;
}

/**
 * Largest event body the store takes. Kafka refuses messages over 1 MB, and an event the
 * relay cannot publish would block every event behind it; nothing in the domain comes close.
 */
export const MAX_EVENT_PAYLOAD_BYTES = 256 * 1024;

export function assertAppendable(request: AppendRequest): void {
  if (request.events.length === 0) throw new Error('append needs at least one event');
  const largest = Math.max(...request.events.map((event) => event.payload.byteLength));
  if (largest > MAX_EVENT_PAYLOAD_BYTES) {
    throw new PayloadTooLargeError(
      'EVENT_TOO_LARGE',
      `单条记录过大（${Math.ceil(largest / 1024)} KB，上限 ${MAX_EVENT_PAYLOAD_BYTES / 1024} KB）`,
    );
  }
  if (!Number.isInteger(request.expectedVersion) || request.expectedVersion < 0) {
    throw new Error(`expected version must be a whole number >= 0, got ${request.expectedVersion}`);
  }
  const { previousHash } = request;
  if (previousHash === undefined) return;
  if (!isEventHash(previousHash)) throw new Error(`previousHash must be 64 lowercase hex digits, got "${previousHash}"`);
  if (request.expectedVersion === 0 && previousHash !== GENESIS_HASH) {
    throw new Error('previousHash of a new stream (expected version 0) must be the genesis hash (64 zeros)');
  }
}

/** previousHash of an append: the caller's, else zeros for a new stream, else undefined (the store looks it up). */
export function knownPreviousHash(request: AppendRequest): string | undefined {
  return request.previousHash ?? (request.expectedVersion === 0 ? GENESIS_HASH : undefined);
}
