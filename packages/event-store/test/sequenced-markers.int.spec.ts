import { afterAll, describe, expect, it } from 'vitest';
import { ConcurrencyError, newId, type Actor } from '@lesp/core';
import { createTestDatabase, type TestDatabase } from '@lesp/test-infra';
import { MongoEventStore, commitIdOf, type AppendRequest, type AppendResult } from '../src/index.js';
import { metrics } from '@lesp/observability';
import { isSequencedMarkerId } from '../src/sequenced-markers.js';

// Single appends write their outbox marker in the same ordered insert as their commit, numbered
// by their writer's epoch (sequenced-markers.ts). These tests run a writer and another
// replica's relay on one database, and stop writes where a crash or a hang would.
const databases: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
});

const actor: Actor = { userId: 'u-1', role: 'agency_clerk', countyCode: '431103' };
function request(aggregateId: string, overrides: Partial<AppendRequest> = {}): AppendRequest {
  return {
    source: 'case-intake',
    countyCode: '431103',
    aggregateType: 'Agency',
    aggregateId,
    expectedVersion: 0,
    events: [
      {
        eventId: newId(),
        eventType: 'AgencyRegistered',
        schemaVersion: 1,
        payload: new TextEncoder().encode(aggregateId),
        occurredAt: new Date('2023-03-01T08:00:00Z'),
        actor,
        correlationId: 'corr-1',
        causationId: 'cause-1',
      },
    ],
    ...overrides,
  };
}

interface Replicas {
  /** A store on the shared database with its own clock, as another process would be. */
  replica(): { store: MongoEventStore; setNow(iso: string): void };
}

async function replicas(): Promise<Replicas> {
  const database = await createTestDatabase('sequenced_markers');
  databases.push(database);
  await new MongoEventStore(database.db).ensureIndexes();
  return {
    replica() {
      let now = new Date('2026-11-25T10:00:00Z');
      return { store: new MongoEventStore(database.db, () => now), setNow: (iso) => (now = new Date(iso)) };
    },
  };
}

const markerIds = async (store: MongoEventStore) =>
  (await store.commits.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id).filter(isSequencedMarkerId);

/** Holds the store's next insert until the returned function is called: a write on its way, or hung. */
function holdFirstInsert(store: MongoEventStore): () => void {
  const insertMany = store.commits.insertMany.bind(store.commits);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let calls = 0;
  store.commits.insertMany = (async (...args: Parameters<typeof insertMany>) => {
    if (calls++ === 0) await gate;
    return insertMany(...args);
  }) as typeof store.commits.insertMany;
  return release;
}

/** How many fences were counted for a reason so far (lesp_outbox_fences_total). */
async function fencesCounted(reason: string): Promise<number> {
  return (await metrics.outboxFences.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;
}

/** Counts the writes a store makes, by collection and method. */
function countWrites(store: MongoEventStore): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [name, collection] of Object.entries({
    commits: store.commits,
    outbox: store.outbox,
    idempotency: store.idempotency,
    writers: store.writers,
  })) {
    for (const method of ['insertOne', 'insertMany', 'updateOne', 'replaceOne', 'deleteOne', 'deleteMany'] as const) {
      const original = (collection[method] as (...args: unknown[]) => unknown).bind(collection);
      (collection as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        counts.set(`${name}.${method}`, (counts.get(`${name}.${method}`) ?? 0) + 1);
        return original(...args);
      };
    }
  }
  return counts;
}

describe('single appends with sequenced outbox markers', () => {
  it('writes a single append as one insert: its marker, then its commit', async () => {
    const { store } = (await replicas()).replica();
    await store.append(request('first'));
    const writes = countWrites(store);
    await store.append(request('second'));
    expect(Object.fromEntries(writes)).toEqual({ 'commits.insertMany': 1 });
    // The first append of a process registered its writer's epoch, once.
    expect(await store.writers.countDocuments({})).toBe(1);
    expect(await markerIds(store)).toHaveLength(2);
  });

  it("lets another replica's relay find the markers by number, publish them in order, store its cursor and delete them", async () => {
    const shared = await replicas();
    const { store: writer } = shared.replica();
    const first = await writer.append(request('a'));
    await writer.append(request('a', { expectedVersion: 1, previousHash: first.records[0]!.hash }));
    await writer.append(request('b'));
    const { store: relay } = shared.replica();
    expect(await relay.countUnpublished()).toBe(3);
    const pending = await relay.fetchUnpublished(10);
    expect(pending.map((p) => p.commitId)).toEqual([
      commitIdOf('431103/Agency/a', 1),
      commitIdOf('431103/Agency/a', 2),
      commitIdOf('431103/Agency/b', 1),
    ]);
    await relay.markPublished(pending.map((p) => p.commitId));
    expect(await relay.fetchUnpublished(10)).toEqual([]);
    expect((await relay.writers.find({}).toArray()).map((w) => w.cursor)).toEqual([3]);
    expect(await markerIds(relay)).toEqual([]);
    // The writer's own relay, taking over, starts from the stored cursor: nothing again.
    expect(await writer.fetchUnpublished(10)).toEqual([]);
    // Readers of the commits never see a marker.
    expect((await relay.readAll()).records.map((r) => r.aggregateId)).toEqual(['a', 'a', 'b']);
  });

  it('fences the number of a write that had no answer before taking the next, and the relay passes the fence', async () => {
    const shared = await replicas();
    const { store: writer } = shared.replica();
    const insertMany = writer.commits.insertMany.bind(writer.commits);
    let failNext = true;
    writer.commits.insertMany = (async (...args: Parameters<typeof insertMany>) => {
      if (failNext) {
        failNext = false;
        throw new Error('connection reset');
      }
      return insertMany(...args);
    }) as typeof writer.commits.insertMany;
    await expect(writer.append(request('lost'))).rejects.toThrow('connection reset');
    const counted = await fencesCounted('unanswered_write');
    await writer.append(request('kept'));
    expect(await fencesCounted('unanswered_write')).toBe(counted + 1);
    const fences = await writer.commits.db
      .collection<{ _id: string; seq: number }>(writer.commits.collectionName)
      .find({ slots: { $size: 0 } })
      .toArray();
    expect(fences.map((f) => f.seq)).toEqual([0]);
    const { store: relay } = shared.replica();
    const pending = await relay.fetchUnpublished(10);
    expect(pending.map((p) => p.records[0]!.aggregateId)).toEqual(['kept']);
    await relay.markPublished(pending.map((p) => p.commitId));
    expect((await relay.writers.find({}).toArray()).map((w) => w.cursor)).toEqual([2]);
  });

  it('publishes past a write that hangs, fences it once it is older than any write, and the late write goes again in a new epoch', async () => {
    const shared = await replicas();
    const { store: writer } = shared.replica();
    const release = holdFirstInsert(writer);
    const hanging = writer.append(request('slow'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await writer.append(request('quick'));

    const { store: relay, setNow } = shared.replica();
    const first = await relay.fetchUnpublished(10);
    expect(first.map((p) => p.records[0]!.aggregateId)).toEqual(['quick']);
    await relay.markPublished(first.map((p) => p.commitId));
    // Number 0 is missing below number 1: the cursor waits there.
    expect((await relay.writers.find({}).toArray()).map((w) => w.cursor)).toEqual([0]);
    setNow('2026-11-25T10:06:00Z');
    const gaps = await fencesCounted('gap');
    expect(await relay.fetchUnpublished(10)).toEqual([]);
    expect((await relay.writers.find({}).toArray()).map((w) => w.cursor)).toEqual([2]);
    expect(await fencesCounted('gap')).toBe(gaps + 1);

    // The hung write reaches the server now: its marker's number is fenced, so none of it is
    // stored there; it goes again under a new number, and is published.
    release();
    await hanging;
    expect(await relay.writers.countDocuments({})).toBe(2);
    const late = await relay.fetchUnpublished(10);
    expect(late.map((p) => p.records[0]!.aggregateId)).toEqual(['slow']);
    expect((await relay.readStream('431103', 'Agency', 'slow')).map((r) => r.version)).toEqual([1]);
  });

  it('retires the epoch of a writer gone silent; a writer that was only stalled meets the fence and goes on in a new epoch', async () => {
    const shared = await replicas();
    const { store: writer } = shared.replica();
    const { store: relay, setNow } = shared.replica();
    await writer.append(request('before'));
    const before = await relay.fetchUnpublished(10);
    await relay.markPublished(before.map((p) => p.commitId));
    const [epoch] = await relay.writers.find({}).toArray();
    setNow('2026-11-25T10:06:00Z');
    // Seen idle once more than a write takes after it was first seen: fenced and forgotten.
    await relay.fetchUnpublished(10);
    expect(await relay.writers.countDocuments({})).toBe(0);
    const markers = relay.commits.db.collection<{ _id: string; epoch: string; seq: number }>(relay.commits.collectionName);
    expect((await markers.find({ epoch: epoch!._id, slots: { $size: 0 } }).toArray()).map((f) => f.seq).sort()).toEqual([1, 2, 3]);

    await writer.append(request('after'));
    const writers = await relay.writers.find({}).toArray();
    expect(writers.map((w) => w._id)).not.toContain(epoch!._id);
    expect(writers).toHaveLength(1);
    expect((await relay.fetchUnpublished(10)).map((p) => p.records[0]!.aggregateId)).toEqual(['after']);
  });

  it('hands out a slot two replicas raced for once, the winner, whichever marker is read', async () => {
    const shared = await replicas();
    const { store: one } = shared.replica();
    const { store: two } = shared.replica();
    const outcomes = await Promise.allSettled([one.append(request('contested')), two.append(request('contested'))]);
    const won = outcomes.find((o): o is PromiseFulfilledResult<AppendResult> => o.status === 'fulfilled')!;
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1);
    const { store: relay } = shared.replica();
    const pending = await relay.fetchUnpublished(10);
    expect(pending.map((p) => p.records[0]!.eventId)).toEqual([won.value.records[0]!.eventId]);
    await relay.markPublished(pending.map((p) => p.commitId));
    expect(await relay.countUnpublished()).toBe(0);
    expect(await markerIds(relay)).toEqual([]);
  });
  it("merges an import's commits with the commands' in the store's order, taking nothing past where one kind stopped at the limit", async () => {
    const { store, setNow } = (await replicas()).replica();
    setNow('2026-11-25T10:00:01Z');
    await store.append(request('command-1'));
    setNow('2026-11-25T10:00:02Z');
    expect((await store.appendMany(['import-1', 'import-2', 'import-3'].map((id) => request(id)))).every((o) => o.ok)).toBe(true);
    setNow('2026-11-25T10:00:03Z');
    await store.append(request('command-2'));
    const first = await store.fetchUnpublished(2);
    expect(first.map((p) => p.records[0]!.aggregateId)).toEqual(['command-1', 'import-1']);
    await store.markPublished(first.map((p) => p.commitId));
    const rest = await store.fetchUnpublished(10);
    expect(rest.map((p) => p.records[0]!.aggregateId)).toEqual(['import-2', 'import-3', 'command-2']);
  });
  it('never moves a cursor back when a relay that lost its lease finishes late', async () => {
    const shared = await replicas();
    const { store: writer } = shared.replica();
    for (const id of ['a', 'b', 'c', 'd']) await writer.append(request(id));
    const { store: stale } = shared.replica();
    const staleRound = await stale.fetchUnpublished(2);
    const { store: successor } = shared.replica();
    await successor.markPublished((await successor.fetchUnpublished(10)).map((p) => p.commitId));
    await stale.markPublished(staleRound.map((p) => p.commitId));
    expect((await writer.writers.find({}).toArray()).map((w) => w.cursor)).toEqual([4]);
    // The writer goes on; a relay starting now finds its next marker.
    await writer.append(request('e'));
    const { store: next } = shared.replica();
    expect((await next.fetchUnpublished(10)).map((p) => p.records[0]!.aggregateId)).toEqual(['e']);
  });

  it('keeps a slot named twice in one marker (two commands racing for a new case) open until the winner is published', async () => {
    const shared = await replicas();
    const { store: writer } = shared.replica();
    const outcomes = await Promise.allSettled([writer.append(request('double')), writer.append(request('double'))]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const { store: relay } = shared.replica();
    expect((await relay.fetchUnpublished(10)).map((p) => p.records[0]!.aggregateId)).toEqual(['double']);
    // Not published yet (Kafka refused, say): still there next round, and for another relay.
    expect((await relay.fetchUnpublished(10)).map((p) => p.records[0]!.aggregateId)).toEqual(['double']);
    expect(await markerIds(relay)).toHaveLength(1);
    const { store: another } = shared.replica();
    expect((await another.fetchUnpublished(10)).map((p) => p.records[0]!.aggregateId)).toEqual(['double']);
  });

  it('hands out once, and forgets in both, a commit named by an import marker and a command marker', async () => {
    const shared = await replicas();
    const { store: writer } = shared.replica();
    // A command stores the new case; an import's request for it comes a moment later and loses
    // the slot, leaving its marker (keyed by the slot, it serves whoever won it).
    await writer.append(request('raced'));
    const [imported] = await writer.appendMany([request('raced')]);
    expect(imported!.ok).toBe(false);
    expect(await writer.outbox.countDocuments({})).toBe(1);
    const first = await writer.fetchUnpublished(10);
    expect(first.map((p) => p.records[0]!.aggregateId)).toEqual(['raced']);
    await writer.markPublished(first.map((p) => p.commitId));
    expect(await writer.fetchUnpublished(10)).toEqual([]);
    expect(await writer.countUnpublished()).toBe(0);
  });

  it("tells this process's relay of a group's marker before any of its appends is answered, so a stream's next version never goes first", async () => {
    const { store } = (await replicas()).replica();
    await store.append(request('y'));
    await store.markPublished((await store.fetchUnpublished(10)).map((p) => p.commitId));
    // The commits after a refused one go in a second insert, which takes a while.
    const insertMany = store.commits.insertMany.bind(store.commits);
    store.commits.insertMany = (async (...args: Parameters<typeof insertMany>) => {
      if (args[1]?.ordered === false) await new Promise((resolve) => setTimeout(resolve, 300));
      return insertMany(...args);
    }) as typeof store.commits.insertMany;
    const x = store.append(request('x'));
    const y = store.append(request('y')).catch((error: unknown) => error);
    const z = store.append(request('z'));
    const first = await x;
    await store.append(request('x', { expectedVersion: 1, previousHash: first.records[0]!.hash }));
    const published: string[] = [];
    for (let round = 0; round < 20 && published.length < 3; round++) {
      const pending = await store.fetchUnpublished(10);
      published.push(...pending.map((p) => p.commitId));
      await store.markPublished(pending.map((p) => p.commitId));
      if (pending.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await y).toBeInstanceOf(ConcurrencyError);
    await z;
    expect(published.filter((id) => id.includes('/x@'))).toEqual([commitIdOf('431103/Agency/x', 1), commitIdOf('431103/Agency/x', 2)]);
  });

  it("fences this process's own write that hangs longer than any write takes, and publishes what came after it", async () => {
    const { store, setNow } = (await replicas()).replica();
    const release = holdFirstInsert(store);
    const hanging = store.append(request('hung'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await store.append(request('after'));
    await store.markPublished((await store.fetchUnpublished(10)).map((p) => p.commitId));
    expect((await store.writers.find({}).toArray()).map((w) => w.cursor)).toEqual([0]);
    setNow('2026-11-25T10:06:00Z');
    await store.fetchUnpublished(10);
    expect((await store.writers.find({}).toArray()).map((w) => w.cursor)).toEqual([2]);
    release();
    await hanging;
    expect((await store.fetchUnpublished(10)).map((p) => p.records[0]!.aggregateId)).toEqual(['hung']);
  });
  it("never hands out a stream's next version found in a round whose earlier lookup missed the version before it", async () => {
    const shared = await replicas();
    const { store: one } = shared.replica();
    const { store: two } = shared.replica();
    const { store: relay } = shared.replica();
    // Both writers have an epoch, in this order, with nothing pending.
    await one.append(request('warm-1'));
    await two.append(request('warm-2'));
    await relay.markPublished((await relay.fetchUnpublished(10)).map((p) => p.commitId));
    // x@1's write is on its way when the relay looks for it...
    const insertMany = one.commits.insertMany.bind(one.commits);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    one.commits.insertMany = (async (...args: Parameters<typeof insertMany>) => {
      await gate;
      return insertMany(...args);
    }) as typeof one.commits.insertMany;
    const x1 = one.append(request('x'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // ...and lands right after that lookup missed it, and another replica appends x@2 before the relay looks at its epoch.
    const findOne = relay.commits.findOne.bind(relay.commits);
    let raced = false;
    relay.commits.findOne = (async (...args: Parameters<typeof findOne>) => {
      const found = await findOne(...args);
      const id = (args[0] as { _id?: unknown })._id;
      if (!raced && found === null && typeof id === 'string' && id.endsWith(':1')) {
        raced = true;
        release();
        const first = await x1;
        await two.append(request('x', { expectedVersion: 1, previousHash: first.records[0]!.hash }));
      }
      return found;
    }) as typeof relay.commits.findOne;
    const published: string[] = [];
    for (let round = 0; round < 5; round++) {
      const pending = await relay.fetchUnpublished(10);
      published.push(...pending.map((p) => p.commitId));
      await relay.markPublished(pending.map((p) => p.commitId));
    }
    expect(raced).toBe(true);
    expect(published).toEqual([commitIdOf('431103/Agency/x', 1), commitIdOf('431103/Agency/x', 2)]);
  });

  it('keeps the fences of a retirement that was interrupted, so a stalled writer coming back is never lost', async () => {
    const shared = await replicas();
    const { store: writer } = shared.replica();
    const { store: relay, setNow } = shared.replica();
    await writer.append(request('before'));
    await relay.markPublished((await relay.fetchUnpublished(10)).map((p) => p.commitId));
    setNow('2026-11-25T10:06:00Z');
    const insertOne = relay.commits.insertOne.bind(relay.commits);
    let fences = 0;
    relay.commits.insertOne = (async (...args: Parameters<typeof insertOne>) => {
      if (++fences === 2) throw new Error('connection reset');
      return insertOne(...args);
    }) as typeof relay.commits.insertOne;
    await expect(relay.fetchUnpublished(10)).rejects.toThrow('connection reset');
    // The next rounds pass the fence already down and retire the epoch after it.
    for (let round = 0; round < 3 && (await relay.writers.countDocuments({})) > 0; round++) await relay.fetchUnpublished(10);
    expect(await relay.writers.countDocuments({})).toBe(0);
    // Long after, the relay has deleted what fences it may: the retirement's stay.
    setNow('2026-11-25T10:30:00Z');
    await relay.fetchUnpublished(10);
    const markers = relay.commits.db.collection<{ _id: string; seq: number }>(relay.commits.collectionName);
    expect((await markers.find({ slots: { $size: 0 } }).toArray()).map((f) => f.seq).sort()).toEqual([1, 2, 3, 4]);
    // The writer was only stalled: its next append meets the fence, goes on in a new epoch, and is published.
    await writer.append(request('after'));
    expect((await relay.fetchUnpublished(10)).map((p) => p.records[0]!.aggregateId)).toEqual(['after']);
  });

  it("judges a writer's heartbeat by when the relay saw it change, whatever the writer's clock says", async () => {
    const shared = await replicas();
    const { store: writer, setNow: setWriterNow } = shared.replica();
    const { store: relay, setNow } = shared.replica();
    setWriterNow('2026-11-25T09:00:00Z');
    await writer.append(request('behind'));
    await relay.markPublished((await relay.fetchUnpublished(10)).map((p) => p.commitId));
    setWriterNow('2026-11-25T09:04:00Z');
    await (writer as unknown as { sequence: { beat(): Promise<void> } }).sequence.beat();
    setNow('2026-11-25T10:04:00Z');
    await relay.fetchUnpublished(10);
    setNow('2026-11-25T10:08:00Z');
    await relay.fetchUnpublished(10);
    expect(await relay.writers.countDocuments({})).toBe(1);
  });
});
