import { afterAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { newId } from '@lesp/core';
import { MongoDigestLog, MongoEventStore, MongoLease, computeCountyDigest, digestCutoff } from '@lesp/event-store';
import { createTestDatabase, type TestDatabase } from '@lesp/test-infra';
import { DailyDigestJob, lastCompletedDay } from '../src/index.js';

const databases: TestDatabase[] = [];
afterAll(async () => Promise.all(databases.map((d) => d.drop())));

describe('daily county digest job', () => {
  it('names the day that ended at the last midnight in China', () => {
    expect(lastCompletedDay(new Date('2026-11-25T15:59:00Z'))).toBe('2026-11-24');
    expect(lastCompletedDay(new Date('2026-11-25T16:00:00Z'))).toBe('2026-11-25');
  });

  it("records each county's digest of yesterday once, on one replica, and matches a recomputation", async () => {
    const database = await createTestDatabase('digest_job');
    databases.push(database);
    let now = new Date('2026-11-24T03:00:00Z');
    const store = new MongoEventStore(database.db, () => now);
    await store.ensureIndexes();
    for (const countyCode of ['431103', '433124']) {
      await store.append({
        source: 'case-intake',
        countyCode,
        aggregateType: 'Agency',
        aggregateId: 'a',
        expectedVersion: 0,
        events: [
          {
            eventId: newId(),
            eventType: 'AgencyRegistered',
            schemaVersion: 1,
            payload: new Uint8Array([1, 2]),
            occurredAt: now,
            actor: { userId: 'u', role: 'county_supervisor', countyCode },
            correlationId: 'c',
            causationId: 'c',
          },
        ],
      });
    }
    now = new Date('2026-11-25T01:00:00Z'); // 09:00 in China on the 25th: the 24th is over.
    const digests = new MongoDigestLog(database.db, () => now);
    const silent = pino({ level: 'silent' });
    const replicas = ['r1', 'r2'].map(
      (owner) =>
        new DailyDigestJob(
          store,
          digests,
          new MongoLease(database.db, 'daily-digest', owner, 60_000, () => now),
          silent,
          3600_000,
          () => now,
        ),
    );
    await Promise.all(replicas.map((job) => job.runOnce()));
    await Promise.all(replicas.map((job) => job.runOnce()));

    const recorded = await database.db.collection('county_digests').find({}).sort({ _id: 1 }).toArray();
    expect(recorded.map((d) => d['_id'])).toEqual(['431103/2026-11-24', '433124/2026-11-24']);
    const recomputed = await computeCountyDigest(store, '431103', digestCutoff('2026-11-24'));
    expect((await digests.get('431103', '2026-11-24'))?.digest).toBe(recomputed.digest);
  });
});
