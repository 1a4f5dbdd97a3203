import { describe, expect, it } from 'vitest';
import { ConcurrencyError, newId, type Actor } from '@lesp/core';
import {
  GENESIS_HASH,
  computeEventHash,
  readAllEvents,
  type AppendRequest,
  type EventStore,
  type NewEvent,
  type Outbox,
} from '../src/index.js';

export type StoreUnderTest = EventStore & Outbox;

/**
 * The one contract every event store adapter passes. `create` gives a fresh, empty store
 * whose clock is `clock`.
 */
export function eventStoreContract(adapter: string, create: (clock: () => Date) => Promise<StoreUnderTest>): void {
  const actor: Actor = { userId: 'u-1', role: 'agency_clerk', countyCode: '431103' };

  function event(type = 'AgencyRegistered', body = 'x'): NewEvent {
    return {
      eventId: newId(),
      eventType: type,
      schemaVersion: 1,
      payload: new TextEncoder().encode(body),
      occurredAt: new Date('2023-03-01T08:00:00Z'),
      actor,
      correlationId: 'corr-1',
      causationId: 'cause-1',
    };
  }

  function request(overrides: Partial<AppendRequest> = {}): AppendRequest {
    return {
      source: 'case-intake',
      countyCode: '431103',
      aggregateType: 'Agency',
      aggregateId: 'a-1',
      expectedVersion: 0,
      events: [event()],
      ...overrides,
    };
  }

  const fixedClock = () => new Date('2026-11-25T10:00:00Z');

  describe(`event store contract: ${adapter}`, () => {
    it('stores every event with its full metadata and reads the stream back in order', async () => {
      const store = await create(fixedClock);
      const first = event('AgencyRegistered', 'one');
      const second = event('AgencySuspended', 'two');
      const result = await store.append(request({ events: [first, second] }));
      expect(result.nextVersion).toBe(2);

      const stream = await store.readStream('431103', 'Agency', 'a-1');
      expect(stream.map((r) => [r.eventId, r.eventType, r.version])).toEqual([
        [first.eventId, 'AgencyRegistered', 1],
        [second.eventId, 'AgencySuspended', 2],
      ]);
      expect(stream[0]).toMatchObject({
        schemaVersion: 1,
        source: 'case-intake',
        countyCode: '431103',
        aggregateType: 'Agency',
        aggregateId: 'a-1',
        streamId: '431103/Agency/a-1',
        occurredAt: new Date('2023-03-01T08:00:00Z'),
        recordedAt: fixedClock(),
        actor,
        correlationId: 'corr-1',
        causationId: 'cause-1',
      });
      expect(new TextDecoder().decode(stream[1]!.payload)).toBe('two');
    });

    it('rejects a stale expected version with a typed conflict and leaves the stream unchanged', async () => {
      const store = await create(fixedClock);
      await store.append(request());
      await store.append(request({ expectedVersion: 1 }));
      const before = await store.readStream('431103', 'Agency', 'a-1');

      const stale = store.append(request({ expectedVersion: 1, events: [event('AgencySuspended'), event('AgencyReinstated')] }));
      await expect(stale).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(stale).rejects.toMatchObject({ code: 'STREAM_VERSION_CONFLICT', expectedVersion: 1, actualVersion: 2 });

      expect(await store.readStream('431103', 'Agency', 'a-1')).toEqual(before);
    });

    it('lets exactly one of several concurrent appends at the same version win', async () => {
      const store = await create(fixedClock);
      const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => store.append(request({ events: [event(), event()] }))));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of outcomes.filter((o) => o.status === 'rejected')) {
        expect((o as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
      }
      expect((await store.readStream('431103', 'Agency', 'a-1')).map((r) => r.version)).toEqual([1, 2]);
    });

    it('keeps two counties apart even when their local ids are the same', async () => {
      const store = await create(fixedClock);
      await store.append(request({ countyCode: '431103', aggregateId: 'same' }));
      await store.append(request({ countyCode: '411722', aggregateId: 'same' }));
      expect(await store.readStream('431103', 'Agency', 'same')).toHaveLength(1);
      expect(await store.readStream('411722', 'Agency', 'same')).toHaveLength(1);
      const page = await store.readAll({ countyCode: '411722' });
      expect(page.records.map((r) => r.countyCode)).toEqual(['411722']);
    });

    it('reads all events of a county in order, page by page, each stream in version order', async () => {
      let tick = Date.parse('2026-11-25T10:00:00Z');
      const store = await create(() => new Date((tick += 1000)));
      for (let i = 0; i < 7; i++) {
        await store.append(request({ aggregateId: `a-${i % 3}`, expectedVersion: Math.floor(i / 3) }));
      }
      await store.append(request({ countyCode: '433124', aggregateId: 'other' }));
      const pages: string[][] = [];
      let after: string | undefined;
      do {
        const page = await store.readAll({ countyCode: '431103', limit: 3, ...(after ? { after } : {}) });
        pages.push(page.records.map((r) => `${r.aggregateId}@${r.version}`));
        after = page.next;
      } while (after);
      expect(pages).toEqual([['a-0@1', 'a-1@1', 'a-2@1'], ['a-0@2', 'a-1@2', 'a-2@2'], ['a-0@3']]);
      const all: string[] = [];
      for await (const r of readAllEvents(store, { limit: 2 })) all.push(`${r.countyCode}:${r.aggregateId}@${r.version}`);
      expect(all).toHaveLength(8);
      expect(all.at(-1)).toBe('433124:other@1');
    });

    it('keeps recordedAt monotonic within a stream when the clock goes back', async () => {
      const store = await create(() => new Date('2026-01-01T00:00:00Z'));
      const later = new Date('2026-06-01T00:00:00Z');
      await store.append(request({ expectedVersion: 0, notBefore: later }));
      const [record] = await store.readStream('431103', 'Agency', 'a-1');
      expect(record!.recordedAt).toEqual(later);
    });

    it('chains each event by hash to the previous one of its stream, across appends and inside a commit', async () => {
      let tick = Date.parse('2026-11-25T10:00:00Z');
      const store = await create(() => new Date((tick += 1000)));
      const first = await store.append(request());
      // What the command handler does: pass the hash of the last event it read.
      const second = await store.append(
        request({
          expectedVersion: 1,
          previousHash: first.records[0]!.hash,
          events: [event('AgencySuspended'), event('AgencyReinstated')],
        }),
      );
      // An older caller without previousHash: the store looks the chain up itself.
      await store.append(request({ expectedVersion: 3, events: [event('AgencySuspended')] }));
      await store.append(request({ aggregateId: 'a-2' }));

      const stream = await store.readStream('431103', 'Agency', 'a-1');
      expect(stream.map((r) => r.version)).toEqual([1, 2, 3, 4]);
      expect(stream[0]!.previousHash).toBe(GENESIS_HASH);
      stream.forEach((record, i) => {
        if (i > 0) expect(record.previousHash).toBe(stream[i - 1]!.hash);
        const { hash, ...unhashed } = record;
        expect(hash).toMatch(/^[0-9a-f]{64}$/);
        expect(computeEventHash(unhashed)).toBe(hash);
      });
      expect(new Set(stream.map((r) => r.hash)).size).toBe(4);
      // What append returned is what is stored, hashes included.
      expect(second.records).toEqual(stream.slice(1, 3));
      // Every stream starts its own chain.
      const [other] = await store.readStream('431103', 'Agency', 'a-2');
      expect(other!.previousHash).toBe(GENESIS_HASH);
      const all: string[] = [];
      for await (const r of readAllEvents(store))
        all.push(`${r.aggregateId}@${r.version}:${r.previousHash.slice(0, 8)}>${r.hash.slice(0, 8)}`);
      expect(all.sort()).toEqual(
        [...stream, other!].map((r) => `${r.aggregateId}@${r.version}:${r.previousHash.slice(0, 8)}>${r.hash.slice(0, 8)}`).sort(),
      );
    });

    it('refuses a previousHash that cannot be right, and a missing one for a stale version, writing nothing', async () => {
      const store = await create(fixedClock);
      await expect(store.append(request({ previousHash: 'f'.repeat(64) }))).rejects.toThrow(/genesis/);
      await expect(store.append(request({ previousHash: 'not-a-hash' }))).rejects.toThrow(/64 lowercase hex/);
      await store.append(request());
      await expect(store.append(request({ expectedVersion: 2 }))).rejects.toBeInstanceOf(ConcurrencyError);
      expect((await store.readStream('431103', 'Agency', 'a-1')).map((r) => r.version)).toEqual([1]);
    });

    it('refuses an event body too large to publish, and stores nothing', async () => {
      const store = await create(fixedClock);
      const huge = { ...event(), payload: new Uint8Array(300 * 1024) };
      await expect(store.append(request({ events: [event(), huge] }))).rejects.toMatchObject({ code: 'EVENT_TOO_LARGE' });
      expect(await store.readStream('431103', 'Agency', 'a-1')).toEqual([]);
    });

    it('finds an append by its idempotency key, within its county only', async () => {
      const store = await create(fixedClock);
      const stored = await store.append(request({ idempotencyKey: 'key-1', events: [event(), event()] }));
      await store.append(request({ aggregateId: 'other' }));
      const found = await store.findByIdempotencyKey('431103', 'key-1');
      expect(found).toEqual(stored);
      expect(await store.findByIdempotencyKey('433124', 'key-1')).toBeUndefined();
      expect(await store.findByIdempotencyKey('431103', 'key-2')).toBeUndefined();
    });

    it('refuses an append whose idempotency key a stored append of the county holds, whatever its stream', async () => {
      const store = await create(fixedClock);
      const first = await store.append(request({ aggregateId: 'keyed', idempotencyKey: 'key-once' }));
      for (const again of [
        request({ aggregateId: 'keyed', expectedVersion: 1, previousHash: first.records.at(-1)!.hash, idempotencyKey: 'key-once' }),
        request({ aggregateId: 'other', idempotencyKey: 'key-once' }),
      ])
        await expect(store.append(again)).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await store.readStream('431103', 'Agency', 'keyed')).toEqual(first.records);
      expect(await store.readStream('431103', 'Agency', 'other')).toEqual([]);
      // Another county's key is its own.
      await store.append(request({ aggregateId: 'keyed', countyCode: '433124', idempotencyKey: 'key-once' }));
    });

    it('appends many requests in one call, each on its own: hash chains, idempotency keys, per-request conflicts', async () => {
      let tick = Date.parse('2026-11-25T10:00:00Z');
      const store = await create(() => new Date((tick += 1000)));
      const existing = await store.append(request({ aggregateId: 'taken' }));
      await store.append(request({ aggregateId: 'moved', idempotencyKey: 'k-moved' }));
      const outcomes = await store.appendMany([
        request({ aggregateId: 'b-1', idempotencyKey: 'k-1', events: [event('AgencyRegistered', 'b1'), event('AgencySuspended', 'b1s')] }),
        // The stream exists already: refused, the others still stored.
        request({ aggregateId: 'taken', idempotencyKey: 'k-taken' }),
        request({ aggregateId: 'b-2', idempotencyKey: 'k-2' }),
        // A continuation with the hash the caller read, and one without (the store looks it up).
        request({ aggregateId: 'taken', countyCode: '433124', idempotencyKey: 'k-1' }),
        request({ aggregateId: 'moved', expectedVersion: 1, events: [event('AgencySuspended')] }),
        // A stale expected version.
        request({ aggregateId: 'b-3', expectedVersion: 2 }),
      ]);
      expect(outcomes.map((o) => o.ok)).toEqual([true, false, true, true, true, false]);
      const conflict = outcomes[1]!;
      expect(conflict.ok).toBe(false);
      if (!conflict.ok) {
        expect(conflict.error).toBeInstanceOf(ConcurrencyError);
        expect(conflict.error).toMatchObject({
          code: 'STREAM_VERSION_CONFLICT',
          streamId: '431103/Agency/taken',
          expectedVersion: 0,
          actualVersion: 1,
        });
      }
      expect(outcomes[5]!.ok ? undefined : outcomes[5]!.error).toBeInstanceOf(ConcurrencyError);
      // Nothing written for the refused ones.
      expect(await store.readStream('431103', 'Agency', 'taken')).toEqual(existing.records);
      expect(await store.readStream('431103', 'Agency', 'b-3')).toEqual([]);

      // What each append returned is what is stored, chained by hash.
      const b1 = await store.readStream('431103', 'Agency', 'b-1');
      expect(outcomes[0]!.ok && outcomes[0]!.result.records).toEqual(b1);
      expect(outcomes[0]!.ok && outcomes[0]!.result.nextVersion).toBe(2);
      expect(b1[0]!.previousHash).toBe(GENESIS_HASH);
      expect(b1[1]!.previousHash).toBe(b1[0]!.hash);
      const moved = await store.readStream('431103', 'Agency', 'moved');
      expect(moved.map((r) => r.version)).toEqual([1, 2]);
      expect(moved[1]!.previousHash).toBe(moved[0]!.hash);
      for (const record of [...b1, ...moved]) {
        const { hash, ...unhashed } = record;
        expect(computeEventHash(unhashed)).toBe(hash);
      }

      // Each idempotency key finds its own append, within its county.
      expect(await store.findByIdempotencyKey('431103', 'k-1')).toEqual(outcomes[0]!.ok ? outcomes[0]!.result : undefined);
      expect(await store.findByIdempotencyKey('431103', 'k-2')).toEqual(outcomes[2]!.ok ? outcomes[2]!.result : undefined);
      expect(await store.findByIdempotencyKey('433124', 'k-1')).toEqual(outcomes[3]!.ok ? outcomes[3]!.result : undefined);
      expect(await store.findByIdempotencyKey('431103', 'k-taken')).toBeUndefined();
      // The new appends are in the outbox like any other.
      expect(await store.countUnpublished()).toBe(6);
    });

    it('refuses requests for the same stream in one batch, and malformed ones, before writing anything of theirs', async () => {
      const store = await create(fixedClock);
      const outcomes = await store.appendMany([
        request({ aggregateId: 'twice' }),
        request({ aggregateId: 'once' }),
        request({ aggregateId: 'twice', expectedVersion: 1 }),
        request({ aggregateId: 'empty', events: [] }),
      ]);
      expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual([
        'STREAM_REPEATED_IN_BATCH',
        'ok',
        'STREAM_REPEATED_IN_BATCH',
        'APPEND_REQUEST_INVALID',
      ]);
      expect(await store.readStream('431103', 'Agency', 'twice')).toEqual([]);
      expect(await store.readStream('431103', 'Agency', 'empty')).toEqual([]);
      expect(await store.readStream('431103', 'Agency', 'once')).toHaveLength(1);
      expect(await store.appendMany([])).toEqual([]);
    });

    it('is its own outbox: unpublished appends oldest first, gone once marked', async () => {
      let tick = Date.parse('2026-11-25T10:00:00Z');
      const store = await create(() => new Date((tick += 1000)));
      await store.append(request({ aggregateId: 'x' }));
      await store.append(request({ aggregateId: 'y', events: [event(), event()] }));
      await store.append(request({ aggregateId: 'x', expectedVersion: 1 }));
      expect(await store.countUnpublished()).toBe(3);

      const pending = await store.fetchUnpublished(2);
      expect(pending.map((c) => c.records.map((r) => `${r.aggregateId}@${r.version}`))).toEqual([['x@1'], ['y@1', 'y@2']]);
      await store.markPublished(
        pending.map((c) => c.commitId),
        new Date(),
      );

      const rest = await store.fetchUnpublished(10);
      expect(rest.map((c) => c.records.map((r) => `${r.aggregateId}@${r.version}`))).toEqual([['x@2']]);
      expect(await store.countUnpublished()).toBe(1);
    });
  });
}
