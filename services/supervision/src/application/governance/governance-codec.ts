import {
  competenceDisputeEventCodec,
  correctionFindingEventCodec,
  normativeDocumentEventCodec,
  personUnderCorrectionEventCodec,
  type CompetenceDisputeEventV1,
  type NormativeDocumentEventV1,
} from '@lesp/contracts';
import type { EventCodec } from '@lesp/core';
import type { FindingEvent, PersonEvent } from '../../domain/corrections/index.js';
import type { DisputeEvent } from '../../domain/dispute/index.js';
import type { NormativeDocumentEvent } from '../../domain/normative-document/index.js';

/**
 * Normative-document and dispute events ↔ protobuf. The messages have the domain's fields;
 * what differs is that protobuf times may be absent (decoded as the epoch, never stored so)
 * and an optional validity travels as an unset time.
 */
const EPOCH = new Date(0);
const TIME_FIELDS = new Set([
  'issuedAt',
  'effectiveFrom',
  'validUntil',
  'filedAt',
  'reviewedAt',
  'correctedAt',
  'decidedAt',
  'dueAt',
  'referredAt',
  'recordedAt',
  'confirmedAt',
  'withdrawnAt',
  'startsAt',
  'endsAt',
  'occurredAt',
  'lostContactAt',
  'returnedAt',
  'endedAt',
  'foundAt',
]);
/** Optional times of the domain: absent stays absent. */
const OPTIONAL_TIMES: Record<string, readonly string[]> = { NormativeDocumentCleanedUp: ['validUntil'] };
/** Optional ids of the domain travel as empty strings. */
const OPTIONAL_IDS: Record<string, readonly string[]> = { CorrectionFindingRecorded: ['personId'] };

function toProto(event: { type: string; data: object }): { type: string; data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  for (const key of OPTIONAL_IDS[event.type] ?? []) data[key] = '';
  for (const [key, value] of Object.entries(event.data)) {
    if (value !== undefined) data[key] = Array.isArray(value) ? [...value] : value;
  }
  return { type: event.type, data };
}

function fromProto(event: { type: string; data: object }): { type: string; data: Record<string, unknown> } {
  const optional = OPTIONAL_TIMES[event.type] ?? [];
  const optionalIds = OPTIONAL_IDS[event.type] ?? [];
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event.data)) {
    if (value === undefined && optional.includes(key)) continue;
    if (value === '' && optionalIds.includes(key)) continue;
    data[key] = value === undefined && TIME_FIELDS.has(key) ? EPOCH : Array.isArray(value) ? [...value] : value;
  }
  return { type: event.type, data };
}

function mapped<D extends { type: string; data: unknown }>(inner: EventCodec<{ type: string; data: unknown }>): EventCodec<D> {
  return {
    eventTypes: inner.eventTypes as D['type'][],
    handles: (eventType) => inner.handles(eventType),
    encode: (event) => inner.encode(toProto(event as { type: string; data: object })),
    decode: (eventType, schemaVersion, payload) =>
      fromProto(inner.decode(eventType, schemaVersion, payload) as { type: string; data: object }) as unknown as D,
  };
}

export const normativeDocumentCodec = mapped<NormativeDocumentEvent>(
  normativeDocumentEventCodec as unknown as EventCodec<{ type: string; data: unknown }>,
);
export const competenceDisputeCodec = mapped<DisputeEvent>(
  competenceDisputeEventCodec as unknown as EventCodec<{ type: string; data: unknown }>,
);
export const personUnderCorrectionCodec = mapped<PersonEvent>(
  personUnderCorrectionEventCodec as unknown as EventCodec<{ type: string; data: unknown }>,
);
export const correctionFindingCodec = mapped<FindingEvent>(
  correctionFindingEventCodec as unknown as EventCodec<{ type: string; data: unknown }>,
);
export type { NormativeDocumentEventV1, CompetenceDisputeEventV1 };
