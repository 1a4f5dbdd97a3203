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
 * A batch whose write fails as a whole (the database busy) is sent again: the acts the failed
 * attempt stored still count as imported by this job, none is stored twice.
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

/** Stores the first batch, then reports a failure of the whole write, as a busy server may. */
class FlakyStore extends MongoEventStore {
  failures = 1;
  override async appendMany(requests: readonly AppendRequest[]) {
    const outcomes = await super.appendMany(requests);
    if (this.failures-- > 0) throw new Error('database is locked (SQLITE_BUSY)');
    return outcomes;
  }
}

describe('import batch retried after a failed write', () => {
  it('counts what the failed attempt stored as imported, and stores nothing twice', async () => {
    const database = await createTestDatabase('import_retry');
    databases.push(database);
    const store = new FlakyStore(database.db);
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
});
