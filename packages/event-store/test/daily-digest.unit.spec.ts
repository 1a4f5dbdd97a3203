import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConflictError, newId, type EventCodec, type EventRecord } from '@lesp/core';
import {
  DailyDigestBuilder,
  DailyDigestSealer,
  InMemoryEventStore,
  InMemorySealProgressStore,
  chinaDayOf,
  dailyDigestDecider,
  dailyDigestOf,
  dayWindow,
  merkleRoot,
  readAllEvents,
  withEventHash,
  type DailyDigestEvent,
  type NewEvent,
  type SealerLogger,
} from '../src/index.js';

/** RFC 6962 §2.1 written as the recursion it is: the reference the leaf-by-leaf tree must equal. */
function referenceRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1)
    return createHash('sha256')
      .update(Buffer.from([0]))
      .update(leaves[0]!)
      .digest();
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return createHash('sha256')
    .update(Buffer.from([1]))
    .update(referenceRoot(leaves.slice(0, k)))
    .update(referenceRoot(leaves.slice(k)))
    .digest();
}

function event(body: string, occurredAt = new Date('2026-11-24T01:00:00Z')): NewEvent {
  return {
    eventId: newId(),
    eventType: 'Named',
    schemaVersion: 1,
    payload: new TextEncoder().encode(body),
    occurredAt,
    actor: { userId: 'u-1', role: 'agency_clerk', countyCode: '431103' },
    correlationId: 'corr',
    causationId: 'cause',
  };
}

/** A test codec: the sealer's event as JSON (the services use the protobuf one from @lesp/contracts). */
const jsonCodec: EventCodec<DailyDigestEvent> = {
  eventTypes: ['DailyDigestSealed'],
  handles: (type) => type === 'DailyDigestSealed',
  encode: (e) => ({ eventType: e.type, schemaVersion: 1, payload: new TextEncoder().encode(JSON.stringify(e.data)) }),
  decode: (_type, _v, payload) => {
    const d = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    const date = (v: unknown) => (typeof v === 'string' ? new Date(v) : undefined);
    return {
      type: 'DailyDigestSealed',
      data: { ...d, coversFrom: date(d['coversFrom']), coversTo: date(d['coversTo']), sealedAt: date(d['sealedAt']) },
    } as DailyDigestEvent;
  },
};

const silent: SealerLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A store whose clock the test sets: `at` is the recording time of the next append. */
function clockedStore() {
  const clock = { at: new Date('2026-11-24T02:00:00+08:00') };
  const store = new InMemoryEventStore(() => new Date(clock.at));
  let n = 0;
  const append = (county: string, id: string, ...bodies: string[]) =>
    store.append({
      source: 'case-intake',
      countyCode: county,
      aggregateType: 'Agency',
      aggregateId: id,
      expectedVersion: 0,
      events: bodies.map((b) => event(`${b}-${n++}`)),
    });
  return { store, clock, append };
}

async function all(store: InMemoryEventStore): Promise<EventRecord[]> {
  const records: EventRecord[] = [];
  for await (const r of readAllEvents(store)) records.push(r);
  return records;
}

describe('Merkle root (RFC 6962)', () => {
  it('gives the Certificate Transparency test vectors for 0 to 8 leaves', () => {
    const leaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) =>
      Buffer.from(h, 'hex'),
    );
    const expected = [
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
      '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
      'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    ];
    for (let n = 0; n <= 8; n++) expect(merkleRoot(leaves.slice(0, n)), `${n} leaves`).toBe(expected[n]);
  });

  it('built leaf by leaf equals the recursive definition for every size up to 70', () => {
    const leaves = Array.from({ length: 70 }, (_, i) => Buffer.from(`leaf-${i}`));
    for (let n = 0; n <= 70; n++) expect(merkleRoot(leaves.slice(0, n))).toBe(referenceRoot(leaves.slice(0, n)).toString('hex'));
  });
});

describe('daily digest of a county-day', () => {
  it('covers the China day by recorded time: 00:00 +08:00 to the next 00:00', () => {
    const { from, to } = dayWindow('2026-11-24');
    expect(from.toISOString()).toBe('2026-11-23T16:00:00.000Z');
    expect(to.toISOString()).toBe('2026-11-24T16:00:00.000Z');
    expect(chinaDayOf(new Date('2026-11-24T15:59:59.999Z'))).toBe('2026-11-24');
    expect(chinaDayOf(new Date('2026-11-24T16:00:00.000Z'))).toBe('2026-11-25');
    expect(() => dayWindow('2026-02-30')).toThrow(/not a day/);
  });

  it('digests only the county’s events recorded that day, in the global order whatever order they come in', async () => {
    const { store, clock, append } = clockedStore();
    clock.at = new Date('2026-11-23T23:59:59+08:00');
    await append('431103', 'before', 'x');
    clock.at = new Date('2026-11-24T00:00:00+08:00');
    await append('431103', 'a-1', 'one', 'two');
    await append('433124', 'other-county', 'z');
    clock.at = new Date('2026-11-24T12:00:00+08:00');
    await append('431103', 'a-2', 'three');
    clock.at = new Date('2026-11-25T00:00:00+08:00');
    await append('431103', 'after', 'y');
    const records = await all(store);

    const digest = dailyDigestOf('431103', '2026-11-24', records);
    const ofDay = records.filter((r) => r.countyCode === '431103' && ['a-1', 'a-2'].includes(r.aggregateId));
    expect(digest.eventCount).toBe(3);
    expect(digest.merkleRoot).toBe(merkleRoot(ofDay.map((r) => Buffer.from(r.hash))));
    expect(digest.storedHashMismatches).toEqual([]);
    expect(dailyDigestOf('431103', '2026-11-24', [...records].reverse()).merkleRoot).toBe(digest.merkleRoot);
    expect(dailyDigestOf('433124', '2026-11-24', records).eventCount).toBe(1);
    expect(dailyDigestOf('431103', '2026-11-26', records)).toMatchObject({
      eventCount: 0,
      merkleRoot: createHash('sha256').digest('hex'),
    });
  });

  it('changes when an event of the day is altered (even with its stored hash left), removed or back-dated into it', async () => {
    const { store, clock, append } = clockedStore();
    clock.at = new Date('2026-11-24T09:00:00+08:00');
    await append('431103', 'a-1', 'one', 'two', 'three');
    const records = await all(store);
    const sealed = dailyDigestOf('431103', '2026-11-24', records);

    const altered = records.map((r, i) => (i === 1 ? { ...r, payload: new TextEncoder().encode('rewritten') } : r));
    const alteredDigest = dailyDigestOf('431103', '2026-11-24', altered);
    expect(alteredDigest.merkleRoot).not.toBe(sealed.merkleRoot);
    expect(alteredDigest.storedHashMismatches).toEqual([records[1]!.eventId]);

    const rehashed = records.map((r, i) => (i === 2 ? withEventHash({ ...r, payload: new TextEncoder().encode('rewritten') }) : r));
    expect(dailyDigestOf('431103', '2026-11-24', rehashed).merkleRoot).not.toBe(sealed.merkleRoot);

    expect(dailyDigestOf('431103', '2026-11-24', records.slice(0, 2)).merkleRoot).not.toBe(sealed.merkleRoot);

    const backdated = withEventHash({ ...records[0]!, eventId: newId(), aggregateId: 'slipped-in', streamId: '431103/Agency/slipped-in' });
    expect(dailyDigestOf('431103', '2026-11-24', [...records, backdated]).merkleRoot).not.toBe(sealed.merkleRoot);
  });

  it('is not changed by a fact recorded later about that day (occurred-at in the past): it belongs to the day it is recorded', async () => {
    const { store, clock, append } = clockedStore();
    clock.at = new Date('2026-11-24T09:00:00+08:00');
    await append('431103', 'a-1', 'one');
    const before = dailyDigestOf('431103', '2026-11-24', await all(store));
    clock.at = new Date('2026-11-26T09:00:00+08:00');
    await store.append({
      source: 'case-intake',
      countyCode: '431103',
      aggregateType: 'Agency',
      aggregateId: 'late',
      expectedVersion: 0,
      events: [event('late', new Date('2026-11-24T10:00:00+08:00'))],
    });
    const records = await all(store);
    expect(dailyDigestOf('431103', '2026-11-24', records)).toEqual(before);
    expect(dailyDigestOf('431103', '2026-11-26', records).eventCount).toBe(1);
  });

  it('refuses, when built event by event, an event out of the global order or of another day', async () => {
    const { store, clock, append } = clockedStore();
    clock.at = new Date('2026-11-24T09:00:00+08:00');
    await append('431103', 'a-1', 'one', 'two');
    const [first, second] = await all(store);
    const builder = new DailyDigestBuilder('431103', '2026-11-24');
    builder.add(second!);
    expect(() => builder.add(first!)).toThrow(/global order/);
    expect(() => new DailyDigestBuilder('431103', '2026-11-25').add(first!)).toThrow(/not of county/);
  });
});

describe('sealing a day (DailyDigest decider)', () => {
  const digest = dailyDigestOf('431103', '2026-11-24', []);
  const seal = { type: 'SealDailyDigest', service: 'case-intake', digest, sealedAt: new Date('2026-11-25T00:20:00+08:00') } as const;

  it('seals once; the same root again records nothing; another root is refused as a changed day', () => {
    const [sealed] = dailyDigestDecider.decide(seal, dailyDigestDecider.initialState());
    expect(sealed).toMatchObject({
      type: 'DailyDigestSealed',
      data: { digestId: 'case-intake/431103/2026-11-24', countyCode: '431103', day: '2026-11-24', eventCount: 0 },
    });
    const state = dailyDigestDecider.evolve(dailyDigestDecider.initialState(), sealed!);
    expect(dailyDigestDecider.decide({ ...seal, sealedAt: new Date() }, state)).toEqual([]);
    const other = { ...seal, digest: { ...digest, eventCount: 1, merkleRoot: 'f'.repeat(64) } };
    expect(() => dailyDigestDecider.decide(other, state)).toThrow(ConflictError);
    expect(() => dailyDigestDecider.decide(other, state)).toThrow(/封存后该日的记录有变动/);
  });
});

describe('DailyDigestSealer', () => {
  const sealerFor = (store: InMemoryEventStore, now: () => Date, logger = silent) =>
    new DailyDigestSealer({
      store,
      service: 'case-intake',
      codec: jsonCodec,
      progress: new InMemorySealProgressStore(),
      logger,
      clock: now,
    });
  const seals = async (store: InMemoryEventStore) =>
    (await all(store)).filter((r) => r.aggregateType === 'DailyDigest').map((r) => jsonCodec.decode(r.eventType, 1, r.payload).data);

  it('seals each county every day from its first event once the day is over plus the grace, empty days too, and each replica seals the same', async () => {
    const { store, clock, append } = clockedStore();
    clock.at = new Date('2026-11-24T09:00:00+08:00');
    await append('431103', 'a-1', 'one', 'two');
    clock.at = new Date('2026-11-25T09:00:00+08:00');
    await append('433124', 'b-1', 'three');
    const dayOne = dailyDigestOf('431103', '2026-11-24', await all(store));

    // 00:10 on the 26th: the 25th ended ten minutes ago, inside the 15-minute grace.
    clock.at = new Date('2026-11-26T00:10:00+08:00');
    const first = await sealerFor(store, () => clock.at).runOnce();
    expect(first).toMatchObject({ days: ['2026-11-24'], sealed: 1, alreadySealed: 0 });

    clock.at = new Date('2026-11-26T00:20:00+08:00');
    const replica = sealerFor(store, () => clock.at);
    const second = await replica.runOnce();
    expect(second).toMatchObject({ days: ['2026-11-24', '2026-11-25'], sealed: 2, alreadySealed: 1, mismatched: [] });
    expect(await replica.runOnce()).toMatchObject({ days: [], sealed: 0 });

    const sealed = await seals(store);
    expect(sealed.map((s) => s.digestId)).toEqual([
      'case-intake/431103/2026-11-24',
      'case-intake/431103/2026-11-25',
      'case-intake/433124/2026-11-25',
    ]);
    expect(sealed[0]).toMatchObject({ eventCount: 2, merkleRoot: dayOne.merkleRoot, service: 'case-intake' });
    // 431103 did nothing on the 25th (its first seal was recorded on the 26th): sealed empty.
    expect(sealed[1]).toMatchObject({ eventCount: 0, merkleRoot: createHash('sha256').digest('hex') });
    expect(sealed[2]).toMatchObject({ eventCount: 1 });

    // The next day's digest covers the seals recorded in it: the seals chain.
    clock.at = new Date('2026-11-27T01:00:00+08:00');
    await sealerFor(store, () => clock.at).runOnce();
    const dayThree = (await seals(store)).find((s) => s.digestId === 'case-intake/431103/2026-11-26');
    expect(dayThree?.eventCount).toBe(2);
  });

  it('looks for the store’s first day once, not at every run until a day is sealed (on FerretDB that read is a scan of every commit)', async () => {
    const { store, clock, append } = clockedStore();
    let firstLooks = 0;
    const readAll = store.readAll.bind(store);
    store.readAll = (options) => {
      if (options?.limit === 1) firstLooks++;
      return readAll(options);
    };
    clock.at = new Date('2026-11-24T09:00:00+08:00');
    const sealer = sealerFor(store, () => clock.at);
    expect(await sealer.runOnce()).toMatchObject({ days: [], sealed: 0 });
    // A bulk import into the new store, while the sealer runs every 10 minutes.
    await append('431103', 'a-1', 'one', 'two');
    clock.at = new Date('2026-11-24T09:10:00+08:00');
    expect(await sealer.runOnce()).toMatchObject({ days: [], sealed: 0 });
    clock.at = new Date('2026-11-25T00:20:00+08:00');
    expect(await sealer.runOnce()).toMatchObject({ days: ['2026-11-24'], sealed: 1 });
    expect(firstLooks).toBe(1);
  });

  it('reports, and keeps the first seal, when a sealed day’s records changed since (an event slipped in)', async () => {
    const { store, clock, append } = clockedStore();
    clock.at = new Date('2026-11-24T09:00:00+08:00');
    await append('431103', 'a-1', 'one');
    clock.at = new Date('2026-11-25T01:00:00+08:00');
    await sealerFor(store, () => clock.at).runOnce();
    const [seal] = (await all(store)).filter((r) => r.aggregateType === 'DailyDigest');

    // The same log rewritten: the day's event, one more slipped into the day, the seal as it was.
    const rewritten = clockedStore();
    rewritten.clock.at = new Date('2026-11-24T09:00:00+08:00');
    await rewritten.append('431103', 'a-1', 'one');
    rewritten.clock.at = new Date('2026-11-24T10:00:00+08:00');
    await rewritten.append('431103', 'slipped-in', 'two');
    rewritten.clock.at = seal!.recordedAt;
    await rewritten.store.append({ ...seal!, expectedVersion: 0, events: [seal!] });

    rewritten.clock.at = new Date('2026-11-25T02:00:00+08:00');
    const errors: object[] = [];
    const logger = { ...silent, error: (details: object) => void errors.push(details) };
    const result = await sealerFor(rewritten.store, () => rewritten.clock.at, logger).runOnce();
    expect(result.mismatched).toEqual(['431103/2026-11-24']);
    expect(errors).toHaveLength(1);
    expect((await seals(rewritten.store)).filter((s) => s.day === '2026-11-24')).toHaveLength(1);
  });

  it('two replicas sealing at the same moment record each county-day once', async () => {
    const { store, clock, append } = clockedStore();
    clock.at = new Date('2026-11-24T09:00:00+08:00');
    await append('431103', 'a-1', 'one');
    await append('433124', 'b-1', 'two');
    clock.at = new Date('2026-11-26T01:00:00+08:00');
    const [a, b] = await Promise.all([sealerFor(store, () => clock.at).runOnce(), sealerFor(store, () => clock.at).runOnce()]);
    expect(a.sealed + b.sealed).toBe(4);
    expect(a.sealed + a.alreadySealed).toBe(4);
    const ids = (await seals(store)).map((s) => s.digestId);
    expect(ids.sort()).toEqual([
      'case-intake/431103/2026-11-24',
      'case-intake/431103/2026-11-25',
      'case-intake/433124/2026-11-24',
      'case-intake/433124/2026-11-25',
    ]);
  });

  it('seals nothing in an empty store', async () => {
    const store = new InMemoryEventStore();
    expect(await sealerFor(store, () => new Date('2026-11-26T12:00:00+08:00')).runOnce()).toMatchObject({ days: [], sealed: 0 });
  });
});
