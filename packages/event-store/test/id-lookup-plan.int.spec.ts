import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@lesp/test-infra';

// Every hot path of the platform reads by _id (event store slots, outbox markers, read-model
// documents). FerretDB v1.24.2's SQLite backend, as published, looks _id up with an expression
// its _id index does not match and reads the whole table; deploy/local/infra.sh builds it with
// that expression fixed. This test fails if the database in use answers an _id lookup by a scan.
const databases: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
});

describe('the database the platform runs on', () => {
  it('answers a lookup by _id from the _id index, not by reading the collection', async () => {
    const database = await createTestDatabase('id_lookup_plan');
    databases.push(database);
    const collection = database.db.collection<{ _id: string; n: number }>('probe');
    await collection.insertMany(Array.from({ length: 50 }, (_, n) => ({ _id: `doc-${n}`, n })));

    const explained = await database.db.command({ explain: { find: 'probe', filter: { _id: 'doc-7' } } });
    const plan = JSON.stringify(explained['queryPlanner'] ?? explained);
    // FerretDB (SQLite): "SEARCH … USING INDEX …__id_"; MongoDB: IDHACK / EXPRESS_IXSCAN / IXSCAN on _id.
    expect(plan).toMatch(/USING INDEX|IDHACK|EXPRESS_IXSCAN|IXSCAN/);
    expect(plan).not.toMatch(/\bSCAN probe|COLLSCAN/);
    expect(await collection.findOne({ _id: 'doc-7' })).toEqual({ _id: 'doc-7', n: 7 });
  });
});
