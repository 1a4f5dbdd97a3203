import type { Principal } from '@lesp/auth';
import { actEventCodec } from '@lesp/contracts';
import { newId, streamIdOf, type EventRecord } from '@lesp/core';
import type { ActEventEnvelope } from '../../src/domain/statistics/act-facts.js';

/** An act event as case intake publishes it (what supervision's projections consume). */
export function actRecord(envelope: ActEventEnvelope): EventRecord {
  return {
    ...actEventCodec.encode(envelope.event),
    eventId: newId(),
    source: 'case-intake',
    countyCode: envelope.countyCode,
    aggregateType: 'EnforcementAct',
    aggregateId: envelope.actId,
    streamId: streamIdOf(envelope.countyCode, 'EnforcementAct', envelope.actId),
    version: envelope.version,
    occurredAt: envelope.occurredAt,
    recordedAt: envelope.recordedAt,
    actor: { userId: 'clerk', role: 'agency_clerk', countyCode: envelope.countyCode },
    correlationId: 'c',
    causationId: 'c',
    previousHash: '',
    hash: '',
  };
}

/** A signed-in user of a role; a county supervisor holds a valid supervision certificate (执法监督证). */
export function principalOf(role: Principal['role'], extra: Partial<Principal>): Principal {
  return {
    kind: 'user',
    subject: role,
    issuer: 'test',
    role,
    ...(role === 'county_supervisor' ? { supervisionCertificate: { number: '湘监督001', validUntil: new Date('2030-01-01') } } : {}),
    ...extra,
  };
}
