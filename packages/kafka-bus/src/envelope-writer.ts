import type { EventRecord } from '@lesp/core';

/**
 * A direct writer of the EventEnvelope wire format (proto/lesp/common/v1/envelope.proto) for
 * the publisher's hot path: the bytes the generated encoder writes for the same record (fields
 * in number order, empty strings, zeros and empty bytes left out, as proto3 does), without its
 * growing buffer, forks and per-field calls (about 8 µs an event of the publisher's CPU, next
 * to kafkajs' own; bench/results, kafka-bus).
 *
 * It writes only what it is sure of: whole, non-negative, safe numbers and times from 1970 on.
 * Anything else returns undefined and the caller encodes with the generated encoder, which
 * stays the definition of the format: `envelope-writer.unit.spec.ts` checks the bytes are the same.
 */
export function writeEnvelope(record: EventRecord): Buffer | undefined {
  const occurredAt = record.occurredAt.getTime();
  const recordedAt = record.recordedAt.getTime();
  if (
    !isWhole(record.version) ||
    !isWhole(record.schemaVersion) ||
    record.schemaVersion > 0xffffffff ||
    !isWhole(occurredAt) ||
    !isWhole(recordedAt)
  ) {
    return undefined;
  }
  const { actor } = record;
  const agencyId = actor.agencyId ?? '';
  const sizes = {
    eventId: Buffer.byteLength(record.eventId),
    eventType: Buffer.byteLength(record.eventType),
    countyCode: Buffer.byteLength(record.countyCode),
    aggregateType: Buffer.byteLength(record.aggregateType),
    aggregateId: Buffer.byteLength(record.aggregateId),
    correlationId: Buffer.byteLength(record.correlationId),
    causationId: Buffer.byteLength(record.causationId),
    source: Buffer.byteLength(record.source),
    previousHash: Buffer.byteLength(record.previousHash),
    hash: Buffer.byteLength(record.hash),
    userId: Buffer.byteLength(actor.userId),
    role: Buffer.byteLength(actor.role),
    actorCounty: Buffer.byteLength(actor.countyCode),
    agencyId: Buffer.byteLength(agencyId),
  };
  const actorSize =
    stringSize(1, sizes.userId) + stringSize(1, sizes.role) + stringSize(1, sizes.actorCounty) + stringSize(1, sizes.agencyId);
  const occurredSize = timestampSize(occurredAt);
  const recordedSize = timestampSize(recordedAt);
  const payloadLength = record.payload.byteLength;
  const total =
    stringSize(1, sizes.eventId) +
    stringSize(1, sizes.eventType) +
    numberSize(1, record.schemaVersion) +
    stringSize(1, sizes.countyCode) +
    stringSize(1, sizes.aggregateType) +
    stringSize(1, sizes.aggregateId) +
    numberSize(1, record.version) +
    1 +
    varintSize(occurredSize) +
    occurredSize +
    1 +
    varintSize(recordedSize) +
    recordedSize +
    1 +
    varintSize(actorSize) +
    actorSize +
    stringSize(1, sizes.correlationId) +
    stringSize(1, sizes.causationId) +
    stringSize(1, sizes.source) +
    stringSize(1, payloadLength) +
    stringSize(1, sizes.previousHash) +
    stringSize(2, sizes.hash);

  const w = new Writer(Buffer.allocUnsafe(total));
  w.string(10, record.eventId, sizes.eventId);
  w.string(18, record.eventType, sizes.eventType);
  w.number(24, record.schemaVersion);
  w.string(34, record.countyCode, sizes.countyCode);
  w.string(42, record.aggregateType, sizes.aggregateType);
  w.string(50, record.aggregateId, sizes.aggregateId);
  w.number(56, record.version);
  w.timestamp(66, occurredAt, occurredSize);
  w.timestamp(74, recordedAt, recordedSize);
  w.varint(82);
  w.varint(actorSize);
  w.string(10, actor.userId, sizes.userId);
  w.string(18, actor.role, sizes.role);
  w.string(26, actor.countyCode, sizes.actorCounty);
  w.string(34, agencyId, sizes.agencyId);
  w.string(90, record.correlationId, sizes.correlationId);
  w.string(98, record.causationId, sizes.causationId);
  w.string(106, record.source, sizes.source);
  w.bytes(114, record.payload);
  w.string(122, record.previousHash, sizes.previousHash);
  w.string(130, record.hash, sizes.hash);
  if (w.pos !== total) throw new Error(`envelope writer wrote ${w.pos} of ${total} bytes`);
  return w.buf;
}

const isWhole = (value: number): boolean => Number.isSafeInteger(value) && value >= 0;

function varintSize(value: number): number {
  let size = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) size++;
  return size;
}

/** A length-delimited field (tag of `tagBytes`), left out when empty. */
const stringSize = (tagBytes: number, length: number): number => (length === 0 ? 0 : tagBytes + varintSize(length) + length);

/** A varint field (one-byte tag), left out when 0. */
const numberSize = (tagBytes: number, value: number): number => (value === 0 ? 0 : tagBytes + varintSize(value));

/** google.protobuf.Timestamp of a time in ms since 1970 (seconds and nanos, each left out when 0). */
function timestampSize(ms: number): number {
  return numberSize(1, Math.trunc(ms / 1_000)) + numberSize(1, (ms % 1_000) * 1_000_000);
}

class Writer {
  pos = 0;

  constructor(readonly buf: Buffer) {}

  varint(value: number): void {
    let rest = value;
    while (rest >= 0x80) {
      this.buf[this.pos++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.buf[this.pos++] = rest;
  }

  /** `tag` is the whole tag (field number and wire type), as one varint. */
  string(tag: number, value: string, length: number): void {
    if (length === 0) return;
    this.varint(tag);
    this.varint(length);
    this.pos += this.buf.write(value, this.pos, length, 'utf8');
  }

  number(tag: number, value: number): void {
    if (value === 0) return;
    this.varint(tag);
    this.varint(value);
  }

  bytes(tag: number, value: Uint8Array): void {
    if (value.byteLength === 0) return;
    this.varint(tag);
    this.varint(value.byteLength);
    this.buf.set(value, this.pos);
    this.pos += value.byteLength;
  }

  timestamp(tag: number, ms: number, size: number): void {
    this.varint(tag);
    this.varint(size);
    this.number(8, Math.trunc(ms / 1_000));
    this.number(16, (ms % 1_000) * 1_000_000);
  }
}
