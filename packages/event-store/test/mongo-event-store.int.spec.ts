import { afterAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@lesp/test-infra';
import { MongoEventStore } from '../src/index.js';
import { eventStoreContract } from './event-store.contract.js';

const databases: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
});

eventStoreContract('MongoDB', async (clock) => {
  const database = await createTestDatabase('event_store');
  databases.push(database);
  const store = new MongoEventStore(database.db, clock);
  await store.ensureIndexes();
  return store;
});
