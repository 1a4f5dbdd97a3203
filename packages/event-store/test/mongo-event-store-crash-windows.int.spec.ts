import { afterAll, describe, expect, it } from 'vitest';
import { ConcurrencyError, newId, type Actor } from '@lesp/core';
import { createTestDatabase, type TestDatabase } from '@lesp/test-infra';
import { MongoEventStore, commitIdOf, type AppendRequest } from '../src/index.js';

// The Mongo store writes up to three documents per append (idempotency claim, outbox marker,
// commit) without a transaction. These tests stop a writer between them, as a crash would.
const databases: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
});

const actor: Actor = { userId: 'u-1', role: 'agency_clerk', countyCode: '431103' };
function request(overrides: Partial<AppendRequest> = {}): AppendRequest {
  return {
    source: 'case-intake',
    countyCode: '431103',
    aggregateType: 'Agency',
    aggregateId: 'a-1',
    expectedVersion: 0,
    events: [
      {
        eventId: newId(),
        eventType: 'AgencyRegistered',
        schemaVersion: 1,
        payload: new TextEncoder().encode('x'),
        occurredAt: new Date('2023-03-01T08:00:00Z'),
        actor,
        correlationId: 'corr-1',
        causationId: 'cause-1',
      },
    ],
    ...overrides,
  };
}

async function storeWithClock(): Promise<{ store: MongoEventStore; setNow(iso: string): void }> {
  const database = await createTestDatabase('event_store_crash');
  databases.push(database);
  let now = new Date('2026-11-25T10:00:00Z');
  const store = new MongoEventStore(database.db, () => now);
  await store.ensureIndexes();
  return { store, setNow: (iso) => (now = new Date(iso)) };
}

describe('Mongo event store between its writes', () => {
  it('keys each commit by its slot and reads a stream slot by slot', async () => {
    const { store } = await storeWithClock();
    const first = await store.append(request({ events: [...request().events, ...request().events] }));
    await store.append(request({ expectedVersion: 2, previousHash: first.records.at(-1)!.hash }));
    const ids = (await store.commits.find({ streamId: { $type: 'string' } }).toArray()).map((c) => c._id).sort();
    expect(ids).toEqual([commitIdOf('431103/Agency/a-1', 1), commitIdOf('431103/Agency/a-1', 3)]);
    expect((await store.readStream('431103', 'Agency', 'a-1')).map((r) => r.version)).toEqual([1, 2, 3]);
  });

  it('skips an outbox marker whose commit is not there yet, and drops it once it is an orphan', async () => {
    const { store, setNow } = await storeWithClock();
    await store.append(request({ aggregateId: 'stored' }));
    // A writer that put its marker down and died before its commit:
    await store.outbox.insertOne({
      _id: commitIdOf('431103/Agency/never', 1),
      streamId: '431103/Agency/never',
      firstVersion: 1,
      recordedAt: new Date('2026-11-25T09:59:59Z'),
    });
    expect((await store.fetchUnpublished(10)).map((p) => p.commitId)).toEqual([commitIdOf('431103/Agency/stored', 1)]);
    expect(await store.countUnpublished()).toBe(2);

    setNow('2026-11-25T10:06:00Z');
    await store.fetchUnpublished(10);
    expect(await store.countUnpublished()).toBe(1);
    await store.markPublished([commitIdOf('431103/Agency/stored', 1)]);
    expect(await store.countUnpublished()).toBe(0);
    expect(await store.fetchUnpublished(10)).toEqual([]);
  });

  it('never drops as an orphan the marker of a commit this process is still writing, however old', async () => {
    const { store, setNow } = await storeWithClock();
    const slow = commitIdOf('431103/Agency/slow', 1);
    // A commit whose write is still in flight (queued behind a slow group) past the orphan age.
    (store as unknown as { writing: Set<string> }).writing.add(slow);
    await store.outbox.insertOne({
      _id: slow,
      streamId: '431103/Agency/slow',
      firstVersion: 1,
      recordedAt: new Date('2026-11-25T09:59:59Z'),
    });
    setNow('2026-11-25T10:30:00Z');
    expect(await store.fetchUnpublished(10)).toEqual([]);
    expect(await store.countUnpublished()).toBe(1);
    // Once it is no longer being written, a marker without its commit is an orphan again.
    (store as unknown as { writing: Set<string> }).writing.delete(slow);
    await store.fetchUnpublished(10);
    expect(await store.countUnpublished()).toBe(0);
  });

  it('hands the relay its own unpublished commits from memory, the same records another replica reads from the database', async () => {
    const { store } = await storeWithClock();
    await store.append(request({ aggregateId: 'one' }));
    const outcomes = await store.appendMany([request({ aggregateId: 'two' }), request({ aggregateId: 'three' })]);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const fromMemory = await store.fetchUnpublished(10);
    const otherReplica = new MongoEventStore(store.commits.db, () => new Date('2026-11-25T10:00:00Z'));
    const fromDatabase = await otherReplica.fetchUnpublished(10);
    expect(fromMemory.map((p) => p.commitId)).toHaveLength(3);
    expect(fromMemory).toEqual(fromDatabase);
    await store.markPublished(fromMemory.map((p) => p.commitId));
    expect(await store.fetchUnpublished(10)).toEqual([]);
  });

  it('marks a batch with one marker, counts and publishes its commits in order and in parts, and names none a second time', async () => {
    const { store } = await storeWithClock();
    const ids = ['b1', 'b2', 'b3', 'b4'];
    const first = await store.appendMany(ids.map((aggregateId) => request({ aggregateId })));
    expect(first.every((o) => o.ok)).toBe(true);
    expect(await store.outbox.countDocuments({})).toBe(1);
    expect(await store.countUnpublished()).toBe(4);

    const some = await store.fetchUnpublished(3);
    expect(some.map((p) => p.records[0]!.aggregateId)).toEqual(['b1', 'b2', 'b3']);
    await store.markPublished(some.map((p) => p.commitId));
    expect(await store.countUnpublished()).toBe(1);
    // The same cases again (a file imported twice) with one new: the marker names only the new one.
    const again = await store.appendMany(['b2', 'b5'].map((aggregateId) => request({ aggregateId })));
    expect(again.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual(['STREAM_VERSION_CONFLICT', 'ok']);
    const rest = await store.fetchUnpublished(10);
    expect(rest.map((p) => p.records[0]!.aggregateId)).toEqual(['b4', 'b5']);
    await store.markPublished(rest.map((p) => p.commitId));
    expect(await store.countUnpublished()).toBe(0);
    expect(await store.outbox.countDocuments({})).toBe(0);
    // Nothing but refusals: no marker is left behind.
    await store.appendMany(['b1', 'b3'].map((aggregateId) => request({ aggregateId })));
    expect(await store.outbox.countDocuments({})).toBe(0);
  });

  it('does not look in the database for the commits it is writing: the relay gets them once they are written', async () => {
    const { store } = await storeWithClock();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const insertMany = store.commits.insertMany.bind(store.commits);
    store.commits.insertMany = (async (...args: Parameters<typeof insertMany>) => {
      await gate;
      return insertMany(...args);
    }) as typeof store.commits.insertMany;
    let lookups = 0;
    const findOne = store.commits.findOne.bind(store.commits);
    store.commits.findOne = ((...args: Parameters<typeof findOne>) => {
      lookups++;
      return findOne(...args);
    }) as typeof store.commits.findOne;
    const appending = store.appendMany(['w1', 'w2'].map((aggregateId) => request({ aggregateId })));
    while ((await store.countUnpublished()) < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    // The marker is down, the commits are not yet written.
    expect(await store.fetchUnpublished(10)).toEqual([]);
    release();
    expect((await appending).every((o) => o.ok)).toBe(true);
    expect((await store.fetchUnpublished(10)).map((p) => p.records[0]!.aggregateId)).toEqual(['w1', 'w2']);
    expect(lookups).toBe(0);
  });

  it('skips a commit of a batch marker that is not there yet, and drops it from the marker once it is an orphan', async () => {
    const { store, setNow } = await storeWithClock();
    await store.appendMany(['c1', 'c2'].map((aggregateId) => request({ aggregateId })));
    // A writer that put down its batch's marker and died before the commits:
    await store.outbox.insertOne({
      _id: 'batch:dead',
      streamId: '431103/Agency/never',
      firstVersion: 1,
      recordedAt: new Date('2026-11-25T09:59:59Z'),
      commitIds: [commitIdOf('431103/Agency/never', 1), commitIdOf('431103/Agency/nor', 1)],
    });
    expect(await store.countUnpublished()).toBe(4);
    expect((await store.fetchUnpublished(10)).map((p) => p.records[0]!.aggregateId)).toEqual(['c1', 'c2']);
    expect(await store.countUnpublished()).toBe(4);
    setNow('2026-11-25T10:06:00Z');
    const pending = await store.fetchUnpublished(10);
    expect(await store.countUnpublished()).toBe(2);
    await store.markPublished(pending.map((p) => p.commitId));
    expect(await store.outbox.countDocuments({})).toBe(0);
  });

  it('writes concurrent single appends together, each group marker first in the same insert, and refuses only the one whose slot is taken', async () => {
    const { store } = await storeWithClock();
    const writes: { _id: string; slots?: { eventId: string }[]; events?: { eventId: string }[] }[][] = [];
    const insertMany = store.commits.insertMany.bind(store.commits);
    store.commits.insertMany = (async (...args: Parameters<typeof insertMany>) => {
      writes.push(args[0] as never);
      return insertMany(...args);
    }) as typeof store.commits.insertMany;
    // Commands started together go as one group, a-1 twice for one slot.
    const ids = ['x', 'a-1', 'a-2', 'a-1', 'a-3'];
    const outcomes = await Promise.allSettled(ids.map((aggregateId) => store.append(request({ aggregateId }))));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[3] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
    // One insert with the marker first; the commits after the refused one in a second (their marker is already stored).
    expect(writes.length).toBeLessThan(ids.length);
    const [first, ...rest] = writes;
    expect(first![0]!._id).toMatch(/^~outbox:/);
    const marked = new Set(first![0]!.slots!.map((s) => s.eventId));
    for (const doc of [...first!.slice(1), ...rest.flat()]) expect(marked.has(doc.events![0]!.eventId)).toBe(true);
    const pending = await store.fetchUnpublished(10);
    expect(pending.map((p) => p.records[0]!.aggregateId).sort()).toEqual(['a-1', 'a-2', 'a-3', 'x']);
    expect((await store.readStream('431103', 'Agency', 'a-1')).map((r) => r.version)).toEqual([1]);
  });

  it('builds an appendMany batch while its marker is written, and refuses an event it cannot hash before writing anything of it', async () => {
    const { store } = await storeWithClock();
    const good = ['m-1', 'm-2'].map((aggregateId) => request({ aggregateId, idempotencyKey: `key-${aggregateId}` }));
    const bad = request({ aggregateId: 'm-bad', idempotencyKey: 'key-bad' });
    const unhashable = { ...bad, events: [{ ...bad.events[0]!, occurredAt: new Date(Number.NaN) }] };
    const outcomes = await store.appendMany([good[0]!, unhashable, good[1]!]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    // Nothing of the refused one: no claim, no marker naming it, no commit.
    expect(await store.idempotency.findOne({ _id: '431103/key-bad' })).toBeNull();
    expect((await store.fetchUnpublished(10)).map((p) => p.records[0]!.aggregateId)).toEqual(['m-1', 'm-2']);
    expect(await store.readStream('431103', 'Agency', 'm-bad')).toEqual([]);
    // The stored ones chain and read back as any append.
    const stream = await store.readStream('431103', 'Agency', 'm-2');
    expect(stream.map((r) => r.version)).toEqual([1]);
    expect(stream[0]!.previousHash).toBe('0'.repeat(64));
    expect(stream[0]!.hash).toBe(outcomes[2]!.ok ? outcomes[2]!.result.records[0]!.hash : '');
  });

  it('keeps the marker of a slot when a racing writer loses it, so the winner is published', async () => {
    const { store } = await storeWithClock();
    const results = await Promise.allSettled([store.append(request()), store.append(request())]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const pending = await store.fetchUnpublished(10);
    expect(pending.map((p) => p.commitId)).toEqual([commitIdOf('431103/Agency/a-1', 1)]);
  });

  it('takes over an idempotency key whose first attempt stored nothing, and refuses one whose commit is stored', async () => {
    const { store } = await storeWithClock();
    // The first attempt claimed the key and died before its commit.
    await store.idempotency.insertOne({ _id: '431103/key-1', commitId: commitIdOf('431103/Agency/a-1', 1), claimedAt: new Date() });
    expect(await store.findByIdempotencyKey('431103', 'key-1')).toBeUndefined();
    const stored = await store.append(request({ idempotencyKey: 'key-1' }));
    expect(await store.findByIdempotencyKey('431103', 'key-1')).toEqual(stored);
    // The same key on another stream: the command was already done.
    await expect(store.append(request({ aggregateId: 'a-2', idempotencyKey: 'key-1' }))).rejects.toMatchObject({ kind: 'concurrency' });
    expect(await store.readStream('431103', 'Agency', 'a-2')).toEqual([]);
  });

  it('does not answer a key whose slot went to another command', async () => {
    const { store } = await storeWithClock();
    await store.append(request());
    // A command with key-9 claimed slot 1 but lost it to the append above.
    await store.idempotency.insertOne({ _id: '431103/key-9', commitId: commitIdOf('431103/Agency/a-1', 1), claimedAt: new Date() });
    expect(await store.findByIdempotencyKey('431103', 'key-9')).toBeUndefined();
  });
});

describe('Mongo event store written before commits were keyed by their slot', () => {
  it('re-keys old commits once at start-up, keeping their events, outbox state and idempotency keys', async () => {
    const { store } = await storeWithClock();
    // Two commits as the store used to write them: random ids, a published flag, the key inline.
    const written = await store.append(request({ idempotencyKey: 'old-key', events: [...request().events, ...request().events] }));
    const second = await store.append(request({ expectedVersion: 2, previousHash: written.records.at(-1)!.hash }));
    const docs = await store.commits.find({ streamId: { $type: 'string' } }).toArray();
    await store.commits.deleteMany({});
    await store.outbox.deleteMany({});
    await store.idempotency.deleteMany({});
    await store.writers.deleteMany({});
    await store.commits.insertMany(
      docs.map((doc, i) => ({ ...doc, _id: `legacy-${i}`, published: i === 0, ...(i === 0 ? { publishedAt: new Date() } : {}) })),
    );
    expect(await store.readStream('431103', 'Agency', 'a-1')).toEqual([]);

    // A process started on the old data: nothing of the appends above in its memory.
    const restarted = new MongoEventStore(store.commits.db, () => new Date('2026-11-25T10:00:00Z'));
    expect(await restarted.migrateLegacyCommits()).toBe(2);
    expect((await restarted.readStream('431103', 'Agency', 'a-1')).map((r) => r.eventId)).toEqual(
      [...written.records, ...second.records].map((r) => r.eventId),
    );
    expect(await restarted.findByIdempotencyKey('431103', 'old-key')).toEqual(written);
    // Only the commit that was not published yet is waiting in the outbox.
    expect((await restarted.fetchUnpublished(10)).map((p) => p.commitId)).toEqual([commitIdOf('431103/Agency/a-1', 3)]);
    expect(await restarted.commits.countDocuments({})).toBe(2);
    // Once per database: a second start does nothing.
    expect(await restarted.migrateLegacyCommits()).toBe(0);
  });
});
