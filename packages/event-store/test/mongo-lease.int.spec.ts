import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@lesp/test-infra';
import { MongoLease } from '../src/index.js';

const databases: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
});

async function database() {
  const db = await createTestDatabase('lease');
  databases.push(db);
  return db.db;
}

describe('MongoLease (real database)', () => {
  it('gives a free lease to exactly one of many replicas asking at once, again and again', async () => {
    const db = await database();
    for (let round = 0; round < 5; round++) {
      const name = `job-${round}`;
      const replicas = Array.from({ length: 6 }, (_, i) => new MongoLease(db, name, `replica-${i}`, 10_000));
      const answers = await Promise.all(replicas.map((lease) => lease.acquire()));
      expect(answers.filter(Boolean)).toHaveLength(1);
    }
  });

  it('keeps the lease with its holder while it renews, and hands it over after expiry or at release', async () => {
    const db = await database();
    let now = new Date('2026-11-25T10:00:00Z').getTime();
    const clock = () => new Date(now);
    const a = new MongoLease(db, 'relay', 'a', 10_000, clock);
    const b = new MongoLease(db, 'relay', 'b', 10_000, clock);
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    for (let i = 0; i < 8; i++) {
      now += 3_000; // a asks often enough to renew within its term: 24 s in all, beyond two terms
      expect(await a.acquire()).toBe(true);
      expect(await b.acquire()).toBe(false);
    }
    now += 11_000; // a stopped renewing: its term ran out
    expect(await b.acquire()).toBe(true);
    expect(await a.acquire()).toBe(false);
    await b.release();
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
  });
});
