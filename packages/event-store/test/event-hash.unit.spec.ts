import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, computeEventHash, isEventHash, type UnhashedEventRecord } from '../src/index.js';

const fixed: UnhashedEventRecord = {
  eventId: '01890000-0000-7000-8000-000000000001',
  eventType: 'AgencyRegistered',
  schemaVersion: 1,
  source: 'case-intake',
  countyCode: '431103',
  aggregateType: 'Agency',
  aggregateId: 'ag-1',
  streamId: '431103/Agency/ag-1',
  version: 1,
  occurredAt: new Date('2023-03-01T08:00:00.000Z'),
  recordedAt: new Date('2026-11-25T10:00:00.123Z'),
  actor: { userId: 'u-1', role: 'agency_clerk', countyCode: '431103' },
  correlationId: 'corr-1',
  causationId: 'cause-1',
  payload: new TextEncoder().encode('冷水滩区司法局'),
  previousHash: GENESIS_HASH,
};

describe('event hash', () => {
  it('has a known answer for one fixed event (computed independently from the documented encoding)', () => {
    // Python: sha256 over, for each field, len(utf8) as 4-byte big-endian + utf8, fields
    // ['lesp.event-hash.v1', '0'*64, eventId, 'AgencyRegistered', '1', 'case-intake', '431103', 'Agency',
    //  'ag-1', '1', '1677657600000', '1795600800123', 'u-1', 'agency_clerk', '431103', '', 'corr-1',
    //  'cause-1', '冷水滩区司法局'].
    expect(computeEventHash(fixed)).toBe('a4be24d38fa8770305b7f7ce66eee949af7196321c35aafa1461c6d32f25c0fc');
    expect(isEventHash(computeEventHash(fixed))).toBe(true);
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });

  it('is pure: the same event always hashes the same, whatever object holds it', () => {
    expect(computeEventHash({ ...fixed, payload: new Uint8Array(fixed.payload) })).toBe(computeEventHash(fixed));
    // streamId is derived from county, type and id (which are hashed), so it is not itself hashed.
    expect(computeEventHash({ ...fixed, streamId: 'anything' })).toBe(computeEventHash(fixed));
  });

  const changes: [string, Partial<UnhashedEventRecord>][] = [
    ['previousHash', { previousHash: '1'.repeat(64) }],
    ['eventId', { eventId: '01890000-0000-7000-8000-000000000002' }],
    ['eventType', { eventType: 'AgencySuspended' }],
    ['schemaVersion', { schemaVersion: 2 }],
    ['source', { source: 'supervision' }],
    ['countyCode', { countyCode: '431102' }],
    ['aggregateType', { aggregateType: 'Case' }],
    ['aggregateId', { aggregateId: 'ag-2' }],
    ['version', { version: 2 }],
    ['occurredAt', { occurredAt: new Date('2023-03-01T08:00:00.001Z') }],
    ['recordedAt', { recordedAt: new Date('2026-11-25T10:00:00.124Z') }],
    ['actor.userId', { actor: { ...fixed.actor, userId: 'u-2' } }],
    ['actor.role', { actor: { ...fixed.actor, role: 'county_supervisor' } }],
    ['actor.countyCode', { actor: { ...fixed.actor, countyCode: '431102' } }],
    ['actor.agencyId', { actor: { ...fixed.actor, agencyId: 'ag-9' } }],
    ['correlationId', { correlationId: 'corr-2' }],
    ['causationId', { causationId: 'cause-2' }],
    ['payload (one byte)', { payload: new TextEncoder().encode('冷水滩区司法局 ') }],
    ['payload (empty)', { payload: new Uint8Array() }],
  ];

  it.each(changes)('changes when %s changes', (_field, change) => {
    expect(computeEventHash({ ...fixed, ...change })).not.toBe(computeEventHash(fixed));
  });

  it('gives every single-field change its own hash', () => {
    const hashes = changes.map(([, change]) => computeEventHash({ ...fixed, ...change }));
    expect(new Set([computeEventHash(fixed), ...hashes]).size).toBe(changes.length + 1);
  });

  it('cannot be fooled by moving characters across a field boundary', () => {
    const a = computeEventHash({ ...fixed, correlationId: 'ab', causationId: 'c' });
    const b = computeEventHash({ ...fixed, correlationId: 'a', causationId: 'bc' });
    expect(a).not.toBe(b);
    const c = computeEventHash({ ...fixed, actor: { ...fixed.actor, role: 'x', agencyId: '' } });
    const d = computeEventHash({ ...fixed, actor: { ...fixed.actor, role: '', agencyId: 'x' } });
    expect(c).not.toBe(d);
    // An absent agencyId is the empty one (the store keeps actors sparse).
    expect(computeEventHash({ ...fixed, actor: { ...fixed.actor, agencyId: '' } })).toBe(computeEventHash(fixed));
  });

  it('refuses to hash a version or time that is not a whole number', () => {
    expect(() => computeEventHash({ ...fixed, version: 1.5 })).toThrow(/version/);
    expect(() => computeEventHash({ ...fixed, recordedAt: new Date(NaN) })).toThrow(/recordedAt/);
  });
});
