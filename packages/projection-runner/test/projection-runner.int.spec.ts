import { afterAll, describe, expect, it } from 'vitest';
import { newId, type EventRecord } from '@lesp/core';
import { MongoEventStore, readAllEvents } from '@lesp/event-store';
import { createTestDatabase, type TestDatabase } from '@lesp/test-infra';
import { Inbox, ProjectionRunner, applyVersioned, type Projection } from '../src/index.js';

interface AgencyDoc {
  _id: string;
  _v: number;
  countyCode: string;
  name: string;
  renames: number;
}

/** A small real projection: name from the payload, a count of renames. */
const agencyNames: Projection<AgencyDoc> = {
  name: 'test.agency-names',
  readModel: 'rm_agency_names',
  indexes: [{ key: { countyCode: 1, name: 1 }, name: 'county_name' }],
  handles: (type) => type === 'Named',
  apply: async (event, target) => {
    const name = new TextDecoder().decode(event.payload);
    await applyVersioned(target, event.streamId, event, { $set: { name }, $inc: { renames: 1 } });
  },
};

const databases: TestDatabase[] = [];
afterAll(async () => Promise.all(databases.map((d) => d.drop())));

async function fixture() {
  const database = await createTestDatabase('projection_runner');
  databases.push(database);
  const store = new MongoEventStore(database.db);
  await store.ensureIndexes();
  const runner = new ProjectionRunner(database.db, [agencyNames], { routingTtlMs: 50 });
  await runner.init();
  const append = async (countyCode: string, id: string, expectedVersion: number, name: string) =>
    (
      await store.append({
        source: 'case-intake',
        countyCode,
        aggregateType: 'Agency',
        aggregateId: id,
        expectedVersion,
        events: [
          {
            eventId: newId(),
            eventType: 'Named',
            schemaVersion: 1,
            payload: new TextEncoder().encode(name),
            occurredAt: new Date(),
            actor: { userId: 'u', role: 'agency_clerk', countyCode },
            correlationId: 'c',
            causationId: 'c',
          },
        ],
      })
    ).records;
  return { database, store, runner, append };
}

async function snapshot(runner: ProjectionRunner) {
  const collection = await runner.collection<AgencyDoc>('test.agency-names');
  return collection.find({}).sort({ _id: 1 }).toArray();
}

describe('projection runner (real database)', () => {
  it('applies each event once however often it is delivered, and keeps a checkpoint', async () => {
    const { runner, append, database } = await fixture();
    const events: EventRecord[] = [];
    for (const county of ['431103', '433124']) {
      events.push(...(await append(county, 'same-id', 0, `${county}-v1`)));
      events.push(...(await append(county, 'same-id', 1, `${county}-v2`)));
    }
    // At-least-once: everything twice, and an old event again after a newer one.
    for (const event of [...events, ...events, events[0]!]) await runner.apply(event);

    expect(await snapshot(runner)).toEqual([
      { _id: '431103/Agency/same-id', _v: 2, countyCode: '431103', name: '431103-v2', renames: 2 },
      { _id: '433124/Agency/same-id', _v: 2, countyCode: '433124', name: '433124-v2', renames: 2 },
    ]);
    await runner.flushCheckpoints();
    const checkpoint = await database.db.collection('projection_checkpoints').findOne({ _id: 'test.agency-names' as never });
    expect(checkpoint).toMatchObject({ active: 'rm_agency_names__1', lastEventId: events[0]!.eventId, applied: 9 });
  });

  it('rebuilds from the event store into a fresh collection equal to the live one, and serves the old one until the switch', async () => {
    const { store, runner, append } = await fixture();
    for (let i = 0; i < 30; i++) {
      for (const version of [0, 1, 2]) {
        for (const event of await append('431103', `ag-${i}`, version, `局${i}-${version}`)) await runner.apply(event);
      }
    }
    const live = await snapshot(runner);
    expect(live).toHaveLength(30);

    let releaseSource!: () => void;
    const sourceHalfway = new Promise<void>((resolve) => (releaseSource = resolve));
    let paused!: () => void;
    const pausedAtHalf = new Promise<void>((resolve) => (paused = resolve));
    const rebuilding = runner.rebuild('test.agency-names', async function* () {
      let n = 0;
      for await (const event of readAllEvents(store, { limit: 7 })) {
        if (++n === 45) {
          paused();
          await sourceHalfway;
        }
        yield event;
      }
    });

    await pausedAtHalf;
    // Half-built: queries still read the complete old generation.
    const during = await runner.collection<AgencyDoc>('test.agency-names');
    expect(during.collectionName).toBe('rm_agency_names__1');
    expect(await during.countDocuments()).toBe(30);
    // A live event during the rebuild reaches both generations.
    for (const event of await append('431103', 'ag-new', 0, '新设局')) await runner.apply(event);
    releaseSource();
    const report = await rebuilding;

    expect(report).toMatchObject({ collection: 'rm_agency_names__2', events: 91, applied: 91 });
    const after = await runner.collection<AgencyDoc>('test.agency-names');
    expect(after.collectionName).toBe('rm_agency_names__2');
    const rebuilt = await snapshot(runner);
    expect(rebuilt.filter((d) => d._id !== '431103/Agency/ag-new')).toEqual(live);
    expect(rebuilt.find((d) => d._id === '431103/Agency/ag-new')).toMatchObject({ name: '新设局', _v: 1 });
    // The new generation has the projection's indexes too.
    expect((await after.listIndexes().toArray()).map((i) => i['name'])).toContain('county_name');
  });

  it('a rebuild that fails leaves no generation building, and the next one never reuses its name', async () => {
    const { database, store, runner, append } = await fixture();
    for (const event of await append('431103', 'a', 0, '甲局')) await runner.apply(event);
    await expect(
      runner.rebuild('test.agency-names', async function* () {
        yield* readAllEvents(store);
        throw new Error('source lost');
      }),
    ).rejects.toThrow('source lost');
    const checkpoints = database.db.collection<{ _id: string; active: string; building?: string }>('projection_checkpoints');
    expect(await checkpoints.findOne({ _id: 'test.agency-names' })).toMatchObject({ active: 'rm_agency_names__1' });
    expect((await checkpoints.findOne({ _id: 'test.agency-names' }))?.building).toBeUndefined();
    // As if a process had stopped mid-rebuild: its generation is still named building.
    await checkpoints.updateOne({ _id: 'test.agency-names' }, { $set: { building: 'rm_agency_names__2' } });
    const report = await runner.rebuild('test.agency-names', () => readAllEvents(store));
    expect(report.collection).toBe('rm_agency_names__3');
    expect(await checkpoints.findOne({ _id: 'test.agency-names' })).toMatchObject({ active: 'rm_agency_names__3' });
    expect((await snapshot(runner)).map((d) => d.name)).toEqual(['甲局']);
  });

  it('marks the read models new to the database as owed a backfill, until a rebuild switches or the mark is cleared', async () => {
    const { database, store, append } = await fixture();
    const other: Projection<AgencyDoc> = { ...agencyNames, name: 'test.other', readModel: 'rm_other' };
    await append('431103', 'a', 0, '甲局');
    const runner = new ProjectionRunner(database.db, [agencyNames, other], { routingTtlMs: 50 });
    // Two replicas starting at once; an init retried after a failure marks nothing twice and loses no mark.
    await Promise.all([runner.init(), new ProjectionRunner(database.db, [agencyNames, other]).init()]);
    await runner.init();
    expect((await runner.pendingBackfills()).sort()).toEqual(['test.agency-names', 'test.other']);
    await runner.clearBackfill(['test.agency-names']);
    expect(await runner.pendingBackfills()).toEqual(['test.other']);
    await runner.rebuild('test.other', () => readAllEvents(store));
    expect(await runner.pendingBackfills()).toEqual([]);
    expect((await runner.collection<AgencyDoc>('test.other')).collectionName).toBe('rm_other__2');
  });

  it('migrates each read model at start-up, on its active generation, before any event is applied', async () => {
    const { database, store, runner, append } = await fixture();
    await append('431103', 'm', 0, '甲局');
    await runner.rebuild('test.agency-names', () => readAllEvents(store));
    const migrated: string[] = [];
    const migrating: Projection<AgencyDoc> = {
      ...agencyNames,
      migrate: async (target) => {
        migrated.push(`${target.collectionName}:${await target.countDocuments({})}`);
      },
    };
    await new ProjectionRunner(database.db, [migrating]).init();
    expect(migrated).toEqual(['rm_agency_names__2:1']);
  });

  it('keeps received events once in the inbox, in the order received', async () => {
    const { database, store, append } = await fixture();
    // One instant for every receipt (a fast machine receives several per millisecond): the order must still hold.
    const inbox = new Inbox(database.db, () => new Date('2024-01-01T00:00:00Z'));
    await inbox.ensureIndexes();
    const records = [...(await append('431103', 'a', 0, 'x')), ...(await append('431103', 'b', 0, 'y'))];
    expect(await inbox.record(records[1]!)).toBe(true);
    expect(await inbox.record(records[0]!)).toBe(true);
    expect(await inbox.record(records[1]!)).toBe(false);
    const read: EventRecord[] = [];
    for await (const event of inbox.readAll()) read.push(event);
    expect(read).toEqual([records[1], records[0]]);
    // The producer's hash chain survives the inbox.
    expect(read.map((r) => [r.previousHash, r.hash])).toEqual([records[1], records[0]].map((r) => [r!.previousHash, r!.hash]));
    expect(read[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await inbox.count()).toBe(2);
    expect(await store.countUnpublished()).toBe(2);
  });
  it('keeps a batch of received events with one write, in the order given, and skips the ones received before', async () => {
    const { database, append } = await fixture();
    const inbox = new Inbox(database.db, () => new Date('2024-01-01T00:00:00Z'));
    await inbox.ensureIndexes();
    const a = [
      ...(await append('431103', 'a', 0, 'a1')),
      ...(await append('431103', 'a', 1, 'a2')),
      ...(await append('431103', 'a', 2, 'a3')),
    ];
    const b = await append('431103', 'b', 0, 'b1');
    // Same received-at instant for all: the order given must still come back (a stream's versions in order).
    const batch = [a[2]!, b[0]!, a[0]!, a[1]!].sort((x, y) => (x.streamId === y.streamId ? x.version - y.version : 0));
    await inbox.recordMany(batch);
    await inbox.recordMany([batch[0]!, batch[3]!]);
    const read: EventRecord[] = [];
    for await (const event of inbox.readAll()) read.push(event);
    expect(read.map((r) => r.eventId)).toEqual(batch.map((r) => r.eventId));
    expect(await inbox.count()).toBe(4);
  });

  it('applies a batch through applyBatch where the projection has it, to the same documents as one by one', async () => {
    const batched: string[][] = [];
    const folding: Projection<AgencyDoc> = {
      ...agencyNames,
      name: 'test.agency-names-batched',
      readModel: 'rm_agency_names_batched',
      applyBatch: async (events, target) => {
        batched.push(events.map((e) => e.eventId));
        for (const event of events) await agencyNames.apply(event, target);
      },
    };
    const { database, append } = await fixture();
    const runner = new ProjectionRunner(database.db, [agencyNames, folding], { routingTtlMs: 50 });
    await runner.init();
    const events = [
      ...(await append('431103', 'a', 0, 'x')),
      ...(await append('431103', 'a', 1, 'y')),
      ...(await append('431103', 'b', 0, 'z')),
    ];
    await runner.applyBatch(events);
    await runner.applyBatch(events); // redelivered: nothing changes twice
    expect(batched).toEqual([events.map((e) => e.eventId), events.map((e) => e.eventId)]);
    const plain = await (await runner.collection<AgencyDoc>('test.agency-names')).find({}).sort({ _id: 1 }).toArray();
    const folded = await (await runner.collection<AgencyDoc>('test.agency-names-batched')).find({}).sort({ _id: 1 }).toArray();
    expect(folded).toEqual(plain);
    expect(plain.map((d) => [d.name, d.renames])).toEqual([
      ['y', 2],
      ['z', 1],
    ]);
  });
});
