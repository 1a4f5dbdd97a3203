import { describe, expect, it } from 'vitest';
import { newId, type DomainEvent, type EventRecord } from '@lesp/core';
import {
  CommandHandler,
  DigestAlreadyRecordedError,
  GENESIS_HASH,
  InMemoryDigestLog,
  InMemoryEventStore,
  computeCountyDigest,
  digestCutoff,
  digestDayOf,
  recordMissingDigests,
  verifyCounty,
  verifyRecords,
  withEventHash,
  type NewEvent,
} from '../src/index.js';

function event(body: string): NewEvent {
  return {
    eventId: newId(),
    eventType: 'Named',
    schemaVersion: 1,
    payload: new TextEncoder().encode(body),
    occurredAt: new Date('2026-11-24T01:00:00Z'),
    actor: { userId: 'u-1', role: 'agency_clerk', countyCode: '431103' },
    correlationId: 'corr',
    causationId: 'cause',
  };
}

/** Streams a-1 (4 events in 3 appends), a-2 (2 events) in 431103, b-1 (1 event) in 433124; one second apart. */
async function seeded(start = '2026-11-24T02:00:00Z'): Promise<{ store: InMemoryEventStore; records: () => Promise<EventRecord[]> }> {
  let tick = Date.parse(start);
  const store = new InMemoryEventStore(() => new Date((tick += 1000)));
  const append = (county: string, id: string, expectedVersion: number, ...bodies: string[]) =>
    store.append({
      source: 'case-intake',
      countyCode: county,
      aggregateType: 'Agency',
      aggregateId: id,
      expectedVersion,
      events: bodies.map(event),
    });
  await append('431103', 'a-1', 0, 'one');
  await append('431103', 'a-2', 0, 'x', 'y');
  await append('431103', 'a-1', 1, 'two', 'three');
  await append('433124', 'b-1', 0, 'z');
  await append('431103', 'a-1', 3, 'four');
  const records = async () => {
    const all: EventRecord[] = [];
    for (let page = await store.readAll({ countyCode: '431103' }); ;) {
      all.push(...page.records);
      if (!page.next) return all;
      page = await store.readAll({ countyCode: '431103', after: page.next });
    }
  };
  return { store, records };
}

const at = (records: EventRecord[], id: string, version: number) => records.findIndex((r) => r.aggregateId === id && r.version === version);

describe('chain verifier', () => {
  it('finds every chain of a county intact', async () => {
    const { store } = await seeded();
    const report = await verifyCounty(store, '431103');
    expect(report).toEqual({ countyCode: '431103', streams: 2, events: 6, problems: [] });
    expect((await verifyCounty(store, '433124')).events).toBe(1);
  });

  it('names an event whose stored fields were changed as altered, and nothing else', async () => {
    const { records } = await seeded();
    const all = await records();
    const i = at(all, 'a-1', 2);
    all[i] = { ...all[i]!, payload: new TextEncoder().encode('TWO') };
    const { problems } = verifyRecords('431103', all);
    expect(problems).toEqual([
      { streamId: '431103/Agency/a-1', version: 2, kind: 'altered', detail: expect.stringMatching(/stored hash/) },
    ]);
  });

  it('names a missing event (one or several) as removed, by version', async () => {
    const { records } = await seeded();
    const all = await records();
    expect(verifyRecords('431103', all.toSpliced(at(all, 'a-1', 2), 1)).problems).toEqual([
      { streamId: '431103/Agency/a-1', version: 2, kind: 'removed', detail: expect.stringMatching(/version 2 is missing/) },
    ]);
    const withoutFirsts = all.filter((r) => !(r.aggregateId === 'a-2' && r.version === 1) && !(r.aggregateId === 'a-1' && r.version <= 3));
    expect(verifyRecords('431103', withoutFirsts).problems).toEqual([
      { streamId: '431103/Agency/a-1', version: 1, kind: 'removed', detail: expect.stringMatching(/versions 1–3 are missing/) },
      { streamId: '431103/Agency/a-2', version: 1, kind: 'removed', detail: expect.stringMatching(/version 1 is missing/) },
    ]);
  });

  it('names a self-consistent event that does not link to its predecessor as inserted', async () => {
    const { records } = await seeded();
    const all = await records();
    const last = all[at(all, 'a-1', 4)]!;
    const forged = withEventHash({ ...last, eventId: newId(), version: 5, previousHash: 'f'.repeat(64) });
    expect(verifyRecords('431103', [...all, forged]).problems).toEqual([
      { streamId: '431103/Agency/a-1', version: 5, kind: 'inserted', detail: expect.stringMatching(/is not the hash of version 4/) },
    ]);
    // A rewritten, re-hashed event breaks the link of the one after it.
    const i = at(all, 'a-1', 2);
    const rehashed = [...all];
    rehashed[i] = withEventHash({ ...all[i]!, payload: new TextEncoder().encode('TWO') });
    expect(verifyRecords('431103', rehashed).problems).toEqual([
      { streamId: '431103/Agency/a-1', version: 3, kind: 'inserted', detail: expect.stringMatching(/or version 2 was rewritten/) },
    ]);
  });

  it('names duplicated versions, events stored out of order and links to the wrong version as reordered', async () => {
    const { records } = await seeded();
    const all = await records();
    const two = all[at(all, 'a-1', 2)]!;
    const duplicate = withEventHash({ ...two, eventId: newId(), payload: new TextEncoder().encode('other two') });
    expect(verifyRecords('431103', [...all, duplicate]).problems).toEqual([
      { streamId: '431103/Agency/a-1', version: 2, kind: 'reordered', detail: expect.stringMatching(/stored 2 times/) },
    ]);

    const swapped = [...all];
    const [i, j] = [at(all, 'a-1', 1), at(all, 'a-1', 4)];
    [swapped[i], swapped[j]] = [swapped[j]!, swapped[i]!];
    expect(verifyRecords('431103', swapped).problems).toEqual([
      { streamId: '431103/Agency/a-1', version: 1, kind: 'reordered', detail: expect.stringMatching(/stored after version 4/) },
      { streamId: '431103/Agency/a-1', version: 2, kind: 'reordered', detail: expect.stringMatching(/stored after version 4/) },
      { streamId: '431103/Agency/a-1', version: 3, kind: 'reordered', detail: expect.stringMatching(/stored after version 4/) },
    ]);

    const one = all[at(all, 'a-1', 1)]!;
    const skipping = [...all];
    skipping[at(all, 'a-1', 3)] = withEventHash({ ...all[at(all, 'a-1', 3)]!, previousHash: one.hash });
    expect(verifyRecords('431103', skipping).problems).toContainEqual({
      streamId: '431103/Agency/a-1',
      version: 3,
      kind: 'reordered',
      detail: expect.stringMatching(/chained to version 1, not to version 2/),
    });
  });

  it('chains what the command handler appends, which verifies clean', async () => {
    const store = new InMemoryEventStore();
    type Counted = DomainEvent<'Counted', null>;
    const handler = new CommandHandler<number, Counted, number>(store, {
      source: 'case-intake',
      aggregateType: 'Counter',
      decider: {
        initialState: () => 0,
        evolve: (n) => n + 1,
        decide: (count) => Array.from({ length: count }, () => ({ type: 'Counted' as const, data: null })),
      },
      codec: {
        eventTypes: ['Counted'],
        encode: (e) => ({ eventType: e.type, schemaVersion: 1, payload: new Uint8Array([1]) }),
        decode: () => ({ type: 'Counted', data: null }),
        handles: (type) => type === 'Counted',
      },
    });
    const context = {
      actor: { userId: 'u', role: 'r', countyCode: '431103' },
      correlationId: 'c',
      causationId: 'c',
      occurredAt: new Date(),
    };
    for (const count of [1, 2, 3]) await handler.handle('431103', 'k-1', count, context);
    const report = await verifyCounty(store, '431103');
    expect(report).toMatchObject({ streams: 1, events: 6, problems: [] });
  });
});

describe('county digest', () => {
  it('ends a day at midnight China Standard Time', () => {
    expect(digestCutoff('2026-11-24')).toEqual(new Date('2026-11-24T16:00:00Z'));
    expect(digestDayOf(new Date('2026-11-24T16:00:00Z'))).toBe('2026-11-24');
    expect(digestCutoff('2026-12-31')).toEqual(new Date('2027-01-01T00:00:00+08:00'));
    expect(() => digestCutoff('2026-02-30')).toThrow(/not a day/);
    expect(() => digestDayOf(new Date('2026-11-24T16:00:01Z'))).toThrow(/end of a day/);
  });

  it('digests the stream heads recorded before asOf, and proves that day against later rewrites', async () => {
    const { store, records } = await seeded('2026-11-24T15:59:55Z'); // three appends on the 24th, two on the 25th (+08:00)
    const asOf = digestCutoff('2026-11-24');
    const digest = await computeCountyDigest(store, '431103', asOf);
    expect(digest).toMatchObject({ countyCode: '431103', asOf, streams: 2, events: 5 });
    expect(digest.digest).toMatch(/^[0-9a-f]{64}$/);

    const all = await records();
    // Later events do not change the day's digest.
    expect(verifyRecords('431103', all, { againstDigest: digest })).toMatchObject({
      problems: [],
      digest: { day: '2026-11-24', matches: true },
    });
    // Every chain still intact after removing a stream's last event: only the digest shows it.
    const truncated = all.filter((r) => !(r.aggregateId === 'a-2' && r.version === 2));
    expect(verifyRecords('431103', truncated).problems).toEqual([]);
    expect(verifyRecords('431103', truncated, { againstDigest: digest }).problems).toEqual([
      {
        streamId: '',
        version: 0,
        kind: 'digest-mismatch',
        detail: expect.stringMatching(/day 2026-11-24.*2 streams, 5 events.*2 streams, 4 events/),
      },
    ]);
  });

  it('shows an edit that left the stored hashes alone, and a stream re-hashed end to end, as a digest mismatch', async () => {
    const { store, records } = await seeded();
    const digest = await computeCountyDigest(store, '431103', digestCutoff('2026-11-24'));
    const all = await records();
    const edited = [...all];
    edited[at(all, 'a-2', 1)] = { ...all[at(all, 'a-2', 1)]!, payload: new TextEncoder().encode('X') };
    expect(verifyRecords('431103', edited, { againstDigest: digest }).problems.map((p) => [p.streamId, p.version, p.kind])).toEqual([
      ['', 0, 'digest-mismatch'],
      ['431103/Agency/a-2', 1, 'altered'],
    ]);
    // A forger who knows the algorithm re-hashes the whole stream: every chain verifies, the digest does not.
    let previousHash = GENESIS_HASH;
    const rehashed = all.map((r) => {
      if (r.aggregateId !== 'a-2') return r;
      const forged = withEventHash({ ...r, previousHash, payload: r.version === 1 ? new TextEncoder().encode('X') : r.payload });
      previousHash = forged.hash;
      return forged;
    });
    expect(verifyRecords('431103', rehashed).problems).toEqual([]);
    expect(verifyRecords('431103', rehashed, { againstDigest: digest }).problems.map((p) => p.kind)).toEqual(['digest-mismatch']);
  });

  it('records each missing county digest once, idempotently, and only for a day that is over', async () => {
    const { store } = await seeded();
    const log = new InMemoryDigestLog();
    const now = new Date('2026-11-25T00:10:00+08:00');
    const first = await recordMissingDigests(store, log, ['431103', '433124'], '2026-11-24', { now });
    expect(first.recorded.map((d) => [d.countyCode, d.day, d.events])).toEqual([
      ['431103', '2026-11-24', 6],
      ['433124', '2026-11-24', 1],
    ]);
    const again = await recordMissingDigests(store, log, ['431103', '433124', '411722'], '2026-11-24', { now });
    expect(again.alreadyRecorded).toEqual(['431103', '433124']);
    expect(again.recorded.map((d) => [d.countyCode, d.streams, d.events])).toEqual([['411722', 0, 0]]);
    await expect(log.record(first.recorded[0]!)).rejects.toBeInstanceOf(DigestAlreadyRecordedError);
    await expect(recordMissingDigests(store, log, ['431103'], '2026-11-25', { now })).rejects.toThrow(/once the day is over/);
  });
});
