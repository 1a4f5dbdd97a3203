import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { devTokens, eventually, integrationEnv, startServiceProcess, uniqueSuffix, type ServiceProcess } from '@lesp/test-infra';
import { listProjections, rebuildProjection } from '../../scripts/ops/rebuild-projection.js';

/**
 * `pnpm ops:rebuild` against a running case intake on the real broker and database: an
 * operator rebuilds the agency registry into a new generation, queries switch to it and
 * still answer, and the list shows the new active collection. Others are refused.
 */

const suffix = uniqueSuffix();
const db = `ops_${suffix}_case_intake`;
const county = '431103';
let service: ServiceProcess;
let operator: string;
let supervisor: string;

beforeAll(async () => {
  service = await startServiceProcess('case-intake', {
    KAFKA_BROKERS: integrationEnv().kafkaBrokers,
    MONGO_URL: integrationEnv().mongoUrl,
    MONGO_DB: db,
    TOPIC_PREFIX: `ops-${suffix}`,
    KAFKA_PARTITIONS: '2',
  });
  const tokens = await devTokens();
  operator = await tokens.issue({ subject: 'ops-1', role: 'operator' });
  supervisor = await tokens.issue({ subject: `supervisor-${county}`, role: 'county_supervisor', countyCode: county });
}, 120_000);

afterAll(async () => {
  await service?.stop();
  const client = new MongoClient(integrationEnv().mongoUrl);
  await client.connect();
  await client
    .db(db)
    .dropDatabase()
    .catch(() => undefined);
  await client.close();
});

async function agency(): Promise<{ status: number; body: { agencyId?: string; name?: string } }> {
  const response = await fetch(`${service.httpUrl}/api/v1/counties/${county}/agencies/opsreg`, {
    headers: { authorization: `Bearer ${supervisor}` },
  });
  return { status: response.status, body: (await response.json()) as { agencyId?: string; name?: string } };
}

describe('pnpm ops:rebuild (running case intake)', () => {
  it('rebuilds the agency registry into a new generation that queries then read', { timeout: 90_000 }, async () => {
    const registered = await fetch(`${service.httpUrl}/api/v1/counties/${county}/agencies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${supervisor}` },
      body: JSON.stringify({ agencyId: 'opsreg', name: '冷水滩区市场监督管理局', creditCode: '11431103MB1A23456Q', kind: '行政机关' }),
    });
    expect(registered.status).toBe(201);
    await eventually('the agency in the registry', agency, (a) => a.status === 200);

    const before = (await listProjections({ mongoUrl: integrationEnv().mongoUrl, db })).find(
      (p) => p.projection === 'case-intake.agency-registry',
    );
    expect(before?.active).toBe('rm_agency_registry__1');

    const report = await rebuildProjection({ url: service.httpUrl, projection: 'case-intake.agency-registry', token: operator });
    expect(report).toMatchObject({ projection: 'case-intake.agency-registry', collection: 'rm_agency_registry__2' });
    expect(report.applied).toBeGreaterThanOrEqual(1);
    expect(report.events).toBeGreaterThanOrEqual(report.applied);

    const after = (await listProjections({ mongoUrl: integrationEnv().mongoUrl, db })).find(
      (p) => p.projection === 'case-intake.agency-registry',
    );
    expect(after).toMatchObject({ active: 'rm_agency_registry__2', previous: 'rm_agency_registry__1' });
    expect(after?.building).toBeUndefined();
    // Served from the rebuilt collection (the routing cache lives a second).
    await eventually('the agency from the new generation', agency, (a) => a.status === 200 && a.body.name === '冷水滩区市场监督管理局');
  });

  it('refuses a projection the service does not have, and a caller who is not an operator', async () => {
    await expect(rebuildProjection({ url: service.httpUrl, projection: 'case-intake.nothing', token: operator })).rejects.toThrow(
      /HTTP 404 PROJECTION_NOT_FOUND/,
    );
    await expect(rebuildProjection({ url: service.httpUrl, projection: 'case-intake.agency-registry', token: supervisor })).rejects.toThrow(
      /HTTP 403/,
    );
  });

  it('rebuilds at start-up a read model new to a database that has a history (a release added it)', { timeout: 180_000 }, async () => {
    await service.stop();
    // As if the registry had never been there: no checkpoint, no collection.
    const client = new MongoClient(integrationEnv().mongoUrl);
    await client.connect();
    try {
      await client
        .db(db)
        .collection('projection_checkpoints')
        .deleteOne({ _id: 'case-intake.agency-registry' as never });
      for (const generation of ['rm_agency_registry__1', 'rm_agency_registry__2'])
        await client
          .db(db)
          .collection(generation)
          .drop()
          .catch(() => undefined);
    } finally {
      await client.close();
    }
    service = await startServiceProcess('case-intake', {
      KAFKA_BROKERS: integrationEnv().kafkaBrokers,
      MONGO_URL: integrationEnv().mongoUrl,
      MONGO_DB: db,
      TOPIC_PREFIX: `ops-${suffix}`,
      KAFKA_PARTITIONS: '2',
    });
    // The agency was registered before the restart and nothing new happened: only a rebuild brings it back.
    await eventually('the agency rebuilt at start-up', agency, (a) => a.status === 200 && a.body.name === '冷水滩区市场监督管理局', {
      timeoutMs: 120_000,
    });
    const projections = await listProjections({ mongoUrl: integrationEnv().mongoUrl, db });
    expect(projections.find((p) => p.projection === 'case-intake.agency-registry')?.active).toBe('rm_agency_registry__2');
    // Only the new one: the others kept their checkpoints.
    expect(projections.find((p) => p.projection === 'case-intake.act-search')?.active).toBe('rm_acts__1');
  });
});
