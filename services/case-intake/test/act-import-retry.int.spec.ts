import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import type { Principal } from '@lesp/auth';
import { newId } from '@lesp/core';
import { MongoEventStore, type AppendRequest } from '@lesp/event-store';
import { createTestDatabase, type TestDatabase } from '@lesp/test-infra';
import { RegistryLookup } from '../src/application/acts/registry-lookup.js';
import { EXAMPLE_ROW, ACT_COLUMNS, ACT_HEADERS } from '../src/application/import/act-columns.js';
import { ActImporter, DEFAULT_IMPORT_OPTIONS } from '../src/application/import/act-import.js';
import { csvLine } from '../src/application/import/act-template.js';
import { ImportJobs, type ImportJobDocument } from '../src/application/import/import-jobs.js';

/**
 * A batch whose write fails as a whole (the database busy): appendMany tells per request what
 * was stored, the importer sends the rest again; every act is imported and counted once.
 */
const databases: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
});

const COUNTY = '431103';
const supervisor: Principal = {
  kind: 'user',
  subject: 'sup-retry',
  issuer: 'test',
  role: 'county_supervisor',
  countyCode: COUNTY,
  supervisionCertificate: { number: '监督证', validUntil: new Date('2099-01-01') },
};
const actor = { userId: 'sup-retry', role: 'county_supervisor', countyCode: COUNTY };

/**
 * A busy server: the first insertMany stores only the first two commits of its batch, then
 * fails as a whole (no per-document errors), as FerretDB does with SQLITE_BUSY.
 */
function failFirstInsertAfterTwo(store: MongoEventStore): void {
  const insertMany = store.commits.insertMany.bind(store.commits);
  let failures = 1;
  store.commits.insertMany = (async (docs: Parameters<typeof insertMany>[0], options?: Parameters<typeof insertMany>[1]) => {
    if (failures-- <= 0) return insertMany(docs, options);
    await insertMany(docs.slice(0, 2), options);
    throw new Error('database is locked (5) (SQLITE_BUSY)');
  }) as typeof store.commits.insertMany;
}

describe('a batch write that fails as a whole', () => {
  it('is answered per request by appendMany: what it stored is stored, the rest unavailable', async () => {
    const database = await createTestDatabase('append_busy');
    databases.push(database);
    const store = new MongoEventStore(database.db);
    await store.ensureIndexes();
    failFirstInsertAfterTwo(store);
    const event = {
      eventId: '',
      eventType: 'X',
      schemaVersion: 1,
      payload: new Uint8Array(),
      occurredAt: new Date(),
      actor,
      correlationId: 'c',
      causationId: 'c',
    };
    const request = (id: string): AppendRequest => ({
      source: 'case-intake',
      countyCode: COUNTY,
      aggregateType: 'EnforcementAct',
      aggregateId: id,
      expectedVersion: 0,
      events: [{ ...event, eventId: newId() }],
    });
    const outcomes = await store.appendMany(['a', 'b', 'c', 'd'].map(request));
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.kind))).toEqual(['ok', 'ok', 'unavailable', 'unavailable']);
    const again = await store.appendMany(['a', 'c', 'd'].map(request));
    expect(again.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual(['STREAM_VERSION_CONFLICT', 'ok', 'ok']);
  });

  it('is sent again by the importer for the acts not stored: every act imported once, counted once', async () => {
    const database = await createTestDatabase('import_retry');
    databases.push(database);
    const store = new MongoEventStore(database.db);
    await store.ensureIndexes();
    // The registry only asks whether the streams exist.
    for (const [type, id] of [
      ['Agency', 'demo-1'],
      ['Officer', 'demo-1-o1'],
      ['Officer', 'demo-1-o2'],
    ] as const) {
      await store.append({
        source: 'case-intake',
        countyCode: COUNTY,
        aggregateType: type,
        aggregateId: id,
        expectedVersion: 0,
        events: [
          {
            eventId: newId(),
            eventType: 'Registered',
            schemaVersion: 1,
            payload: new Uint8Array(),
            occurredAt: new Date(),
            actor,
            correlationId: 'c',
            causationId: 'c',
          },
        ],
      });
    }
    failFirstInsertAfterTwo(store);
    const jobs = new ImportJobs(database.db);
    const importer = new ActImporter(store, new RegistryLookup(store), jobs, { ...DEFAULT_IMPORT_OPTIONS, batchSize: 3, tmpDir: tmpdir() });
    const rows = Array.from({ length: 5 }, (_, i) =>
      csvLine(ACT_COLUMNS.map((c) => (c.key === 'caseNumber' ? `R-${i}` : EXAMPLE_ROW[c.key]))),
    );
    const file = Buffer.from(csvLine(ACT_HEADERS) + rows.join(''));
    const started = await importer.start({
      principal: supervisor,
      actor,
      countyCode: COUNTY,
      correlationId: 'retry-test',
      body: (async function* () {
        yield file;
      })(),
    });
    await importer.idle();
    const job = (await jobs.get(COUNTY, started._id)) as ImportJobDocument;
    expect(job).toMatchObject({ status: 'completed', format: 'csv', rowsRead: 5, imported: 5, alreadyImported: 0, rejected: 0 });
    expect(await store.commits.countDocuments({ aggregateType: 'EnforcementAct' })).toBe(5);
  });

  it('waits while the outbox backlog is over its bound, and fails the job when it never drains', async () => {
    const database = await createTestDatabase('import_backpressure');
    databases.push(database);
    const store = new MongoEventStore(database.db);
    await store.ensureIndexes();
    for (const [type, id] of [
      ['Agency', 'demo-1'],
      ['Officer', 'demo-1-o1'],
      ['Officer', 'demo-1-o2'],
    ] as const) {
      await store.append({
        source: 'case-intake',
        countyCode: COUNTY,
        aggregateType: type,
        aggregateId: id,
        expectedVersion: 0,
        events: [
          {
            eventId: newId(),
            eventType: 'Registered',
            schemaVersion: 1,
            payload: new Uint8Array(),
            occurredAt: new Date(),
            actor,
            correlationId: 'c',
            causationId: 'c',
          },
        ],
      });
    }
    const jobs = new ImportJobs(database.db);
    const file = (prefix: string) =>
      Buffer.from(
        csvLine(ACT_HEADERS) +
          [0, 1].map((i) => csvLine(ACT_COLUMNS.map((c) => (c.key === 'caseNumber' ? `${prefix}-${i}` : EXAMPLE_ROW[c.key])))).join(''),
      );
    const run = async (importer: ActImporter, prefix: string) => {
      const bytes = file(prefix);
      const started = await importer.start({
        principal: supervisor,
        actor,
        countyCode: COUNTY,
        correlationId: 'bp-test',
        body: (async function* () {
          yield bytes;
        })(),
      });
      await importer.idle();
      return (await jobs.get(COUNTY, started._id)) as ImportJobDocument;
    };

    const backlog = [5000, 3000, 100];
    let asked = 0;
    const draining = new ActImporter(
      store,
      new RegistryLookup(store),
      jobs,
      { ...DEFAULT_IMPORT_OPTIONS, tmpDir: tmpdir() },
      undefined,
      undefined,
      undefined,
      async () => backlog[Math.min(asked++, 2)]!,
    );
    expect(await run(draining, 'BP')).toMatchObject({ status: 'completed', imported: 2 });
    expect(asked).toBe(3);

    const stuck = new ActImporter(
      store,
      new RegistryLookup(store),
      jobs,
      { ...DEFAULT_IMPORT_OPTIONS, tmpDir: tmpdir(), outboxWaitMs: 10 },
      undefined,
      undefined,
      undefined,
      async () => 9999,
    );
    expect(await run(stuck, 'ST')).toMatchObject({ status: 'failed', imported: 0, error: { code: 'IMPORT_OUTBOX_STALLED' } });
  });
});
