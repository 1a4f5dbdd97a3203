import type { EventRecord } from '@lesp/core';
import { envelopeV1 } from '@lesp/contracts';
import { readEnvelope } from './envelope-reader.js';
import { writeEnvelope } from './envelope-writer.js';

/** EventRecord ⇄ protobuf EventEnvelope, the value of every message on an events topic. */
export function encodeEnvelope(record: EventRecord): Buffer {
  // The direct writer for the usual record, the generated encoder for anything it leaves.
  return writeEnvelope(record) ?? encodeGenerated(record);
}

/** The generated encoder's bytes: the definition of the format. */
export function encodeGenerated(record: EventRecord): Buffer {
  const bytes = envelopeV1.EventEnvelope.encode({
    eventId: record.eventId,
    eventType: record.eventType,
    schemaVersion: record.schemaVersion,
    countyCode: record.countyCode,
    aggregateType: record.aggregateType,
    aggregateId: record.aggregateId,
    version: record.version,
    occurredAt: record.occurredAt,
    recordedAt: record.recordedAt,
    actor: {
      userId: record.actor.userId,
      role: record.actor.role,
      countyCode: record.actor.countyCode,
      agencyId: record.actor.agencyId ?? '',
    },
    correlationId: record.correlationId,
    causationId: record.causationId,
    source: record.source,
    payload: Buffer.from(record.payload.buffer, record.payload.byteOffset, record.payload.byteLength),
    previousHash: record.previousHash,
    hash: record.hash,
  }).finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class MalformedEnvelopeError extends Error {}

export function decodeEnvelope(value: Buffer | null): EventRecord {
  if (!value) throw new MalformedEnvelopeError('message has no value');
  let envelope: envelopeV1.EventEnvelope;
  try {
    // The direct reader for the usual message, the generated decoder for anything it leaves.
    envelope = readEnvelope(value) ?? envelopeV1.EventEnvelope.decode(value);
  } catch (error) {
    throw new MalformedEnvelopeError('message value is not an EventEnvelope', { cause: error });
  }
  const { actor, occurredAt, recordedAt } = envelope;
  if (!envelope.eventId || !envelope.eventType || !envelope.aggregateId || !envelope.countyCode || !actor || !occurredAt || !recordedAt) {
    throw new MalformedEnvelopeError(`envelope ${envelope.eventId || '(no id)'} lacks required metadata`);
  }
  return {
    eventId: envelope.eventId,
    eventType: envelope.eventType,
    schemaVersion: envelope.schemaVersion,
    source: envelope.source,
    countyCode: envelope.countyCode,
    aggregateType: envelope.aggregateType,
    aggregateId: envelope.aggregateId,
    streamId: `${envelope.countyCode}/${envelope.aggregateType}/${envelope.aggregateId}`,
    version: envelope.version,
    occurredAt,
    recordedAt,
    actor: actor.agencyId
      ? { userId: actor.userId, role: actor.role, countyCode: actor.countyCode, agencyId: actor.agencyId }
      : { userId: actor.userId, role: actor.role, countyCode: actor.countyCode },
    correlationId: envelope.correlationId,
    causationId: envelope.causationId,
    payload: new Uint8Array(envelope.payload.buffer, envelope.payload.byteOffset, envelope.payload.byteLength),
    // '' from a producer that predates hash chaining.
    previousHash: envelope.previousHash,
    hash: envelope.hash,
  };
}
