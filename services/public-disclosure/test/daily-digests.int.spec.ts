import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Binary, MongoClient } from 'mongodb';
import { agencyEventCodec, agreementEventCodec, dailyDigestEventCodec } from '@lesp/contracts';
import { newId, type EventRecord } from '@lesp/core';
import { MongoEventStore, chinaDayOf, dailyDigestOf, readAllEvents, type NewEvent } from '@lesp/event-store';
import { eventually, integrationEnv, REPO_ROOT, startServiceProcess, uniqueSuffix, type ServiceProcess } from '@lesp/test-infra';

/**
 * The daily digests end to end, as separate processes on the real broker and database: events
 * are stored in case intake's store three days ago (China time) and two days ago, then case
 * intake starts and its sealer seals those days at start-up; the seals travel on case intake's
 * topic to public disclosure, whose public API and portal page show them; `pnpm verify-digest`
 * recomputes a day from case intake's store and finds it as published, until a stored event is
 * altered in the database. Cross-region seals its own store the same way: an agreement proposed
 * on day one in its store is sealed, published on its topic, listed by public disclosure under
 * 跨区域协同 and verified.
 */
const suffix = uniqueSuffix();
const COUNTY = '431103';
const OTHER = '433124';
const caseIntakeDb = `dd_ci_${suffix}`;
const crossRegionDb = `dd_cr_${suffix}`;
const base = {
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  TOPIC_PREFIX: `dd-${suffix}`,
  KAFKA_PARTITIONS: '2',
};
const DAY_MS = 24 * 3600_000;
const dayOne = chinaDayOf(new Date(Date.now() - 3 * DAY_MS));
const dayTwo = chinaDayOf(new Date(Date.now() - 2 * DAY_MS));
let caseIntake: ServiceProcess;
let crossRegion: ServiceProcess;
let publicDisclosure: ServiceProcess;
let mongo: MongoClient;
const stored: EventRecord[] = [];
const storedByCrossRegion: EventRecord[] = [];

function registered(agencyId: string, name: string, occurredAt: Date): NewEvent {
  return {
    eventId: newId(),
    ...agencyEventCodec.encode({
      type: 'AgencyRegistered',
      data: { agencyId, name, creditCode: '11431103MB00000000', kind: '行政机关', legalBasis: '《中华人民共和国行政处罚法》' },
    }),
    occurredAt,
    actor: { userId: 'clerk-1', role: 'county_supervisor', countyCode: COUNTY },
    correlationId: newId(),
    causationId: newId(),
  };
}

/** Appends as case intake would have, with the store's clock at `at` (the recorded time). */
async function appendAt(at: Date, countyCode: string, agencyId: string, name: string, occurredAt = at): Promise<void> {
  const store = new MongoEventStore(mongo.db(caseIntakeDb), () => at);
  await store.append({
    source: 'case-intake',
    countyCode,
    aggregateType: 'Agency',
    aggregateId: agencyId,
    expectedVersion: 0,
    events: [registered(agencyId, name, occurredAt)],
  });
}

/** An agreement proposed by 花垣县, as cross-region would have stored it, recorded at `at`. */
async function proposeAgreementAt(at: Date, agreementId: string): Promise<void> {
  const store = new MongoEventStore(mongo.db(crossRegionDb), () => at);
  await store.append({
    source: 'cross-region',
    countyCode: OTHER,
    aggregateType: 'Agreement',
    aggregateId: agreementId,
    expectedVersion: 0,
    events: [
      {
        eventId: newId(),
        ...agreementEventCodec.encode({
          type: 'AgreementProposed',
          data: {
            agreementId,
            countyCode: OTHER,
            name: '“锰三角”区域环境联合治理合作框架协议',
            members: [OTHER, '522229', '500241'],
            hostOrder: ['500241', OTHER, '522229'],
            fields: ['生态环境'],
            sharedData: [],
            rulePacks: [],
            effectiveFrom: at,
            proposedBy: 'supervisor-1',
            proposedAt: at,
          },
        }),
        occurredAt: at,
        actor: { userId: 'supervisor-1', role: 'county_supervisor', countyCode: OTHER },
        correlationId: newId(),
        causationId: newId(),
      },
    ],
  });
}

function verifyDigest(...args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/verify-digest.ts', ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

interface DigestJson {
  digestId: string;
  service: string;
  countyCode: string;
  day: string;
  eventCount: number;
  merkleRoot: string;
  algorithm: string;
  sealedAt: string;
}

async function digests(county: string, query = ''): Promise<DigestJson[]> {
  const response = await fetch(`${publicDisclosure.httpUrl}/api/v1/public/counties/${county}/daily-digests?${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { digests: DigestJson[] }).digests;
}

beforeAll(async () => {
  mongo = new MongoClient(integrationEnv().mongoUrl, { serverSelectionTimeoutMS: 10_000 });
  await mongo.connect();
  await new MongoEventStore(mongo.db(caseIntakeDb)).ensureIndexes();
  await appendAt(new Date(`${dayOne}T09:00:00+08:00`), COUNTY, 'ag-1', '冷水滩区城市管理和综合执法局');
  await appendAt(new Date(`${dayOne}T17:30:00+08:00`), COUNTY, 'ag-2', '冷水滩区市场监督管理局');
  await appendAt(new Date(`${dayOne}T12:00:00+08:00`), OTHER, 'ag-3', '花垣县生态环境局');
  // A fact recorded on day two about day one: it belongs to day two.
  await appendAt(new Date(`${dayTwo}T10:00:00+08:00`), COUNTY, 'ag-4', '冷水滩区交通运输局', new Date(`${dayOne}T08:00:00+08:00`));
  for await (const record of readAllEvents(new MongoEventStore(mongo.db(caseIntakeDb)))) stored.push(record);
  await new MongoEventStore(mongo.db(crossRegionDb)).ensureIndexes();
  await proposeAgreementAt(new Date(`${dayOne}T11:00:00+08:00`), 'agr-1');
  for await (const record of readAllEvents(new MongoEventStore(mongo.db(crossRegionDb)))) storedByCrossRegion.push(record);

  [caseIntake, crossRegion, publicDisclosure] = await Promise.all([
    startServiceProcess('case-intake', { ...base, MONGO_DB: caseIntakeDb }),
    startServiceProcess('cross-region', { ...base, MONGO_DB: crossRegionDb }),
    startServiceProcess('public-disclosure', { ...base, MONGO_DB: `dd_pd_${suffix}` }),
  ]);
});

afterAll(async () => {
  await Promise.all([caseIntake?.stop(), crossRegion?.stop(), publicDisclosure?.stop()]);
  await mongo?.db(caseIntakeDb).dropDatabase();
  await mongo?.db(crossRegionDb).dropDatabase();
  await mongo?.db(`dd_pd_${suffix}`).dropDatabase();
  await mongo?.close();
});

describe('daily digests: sealed by case intake, published by public disclosure, verified by anyone', () => {
  it('seals each county-day by recorded time once the day is over, as DailyDigestSealed events in case intake’s own store', async () => {
    const seals = await eventually(
      'the sealer to seal day one and day two at start-up',
      async () => {
        const found: EventRecord[] = [];
        for await (const record of readAllEvents(new MongoEventStore(mongo.db(caseIntakeDb)))) {
          if (record.aggregateType === 'DailyDigest') found.push(record);
        }
        return found;
      },
      // Counties are sealed one after the other, day by day: 433124's day two comes last of these.
      (found) => [COUNTY, OTHER].every((county) => found.some((r) => r.countyCode === county && r.aggregateId === dayTwo)),
    );
    const sealOf = (county: string, day: string) => {
      const record = seals.find((r) => r.countyCode === county && r.aggregateId === day);
      return record && { record, data: dailyDigestEventCodec.decode(record.eventType, record.schemaVersion, record.payload).data };
    };
    const one = sealOf(COUNTY, dayOne)!;
    expect(one.record).toMatchObject({ source: 'case-intake', eventType: 'DailyDigestSealed', version: 1 });
    expect(one.data).toMatchObject({
      digestId: `case-intake/${COUNTY}/${dayOne}`,
      eventCount: 2,
      ...pick(dailyDigestOf(COUNTY, dayOne, stored)),
    });
    expect(sealOf(OTHER, dayOne)?.data.eventCount).toBe(1);
    // Day two holds the late-recorded fact about day one (and 433124 is sealed that day too, empty).
    expect(sealOf(COUNTY, dayTwo)?.data).toMatchObject({ eventCount: 1, merkleRoot: dailyDigestOf(COUNTY, dayTwo, stored).merkleRoot });
    expect(sealOf(OTHER, dayTwo)?.data.eventCount).toBe(0);
  });

  it('travels on Kafka to public disclosure, whose public API lists the county’s digests newest day first, each once', async () => {
    const listed = await eventually(
      'public disclosure to list both days of 431103',
      () => digests(COUNTY, 'service=case-intake'),
      (list) => list.some((d) => d.day === dayOne) && list.some((d) => d.day === dayTwo),
    );
    const oneDay = listed.filter((d) => d.day === dayOne);
    expect(oneDay).toEqual([
      expect.objectContaining({
        digestId: `case-intake/${COUNTY}/${dayOne}`,
        service: 'case-intake',
        countyCode: COUNTY,
        eventCount: 2,
        merkleRoot: dailyDigestOf(COUNTY, dayOne, stored).merkleRoot,
      }),
    ]);
    expect(listed.findIndex((d) => d.day === dayTwo)).toBeLessThan(listed.findIndex((d) => d.day === dayOne));
    expect(await digests(COUNTY, `from=${dayOne}&to=${dayOne}`)).toHaveLength(1);
    // Seals of different days travel on different partitions (the key is the day): wait for 433124's too.
    const other = await eventually(
      'public disclosure to list 433124’s day one',
      () => digests(OTHER, `service=case-intake&from=${dayOne}&to=${dayOne}`),
      (list) => list.length > 0,
    );
    // (433124 also has cross-region's seal of that day: see the last test.)
    expect(other).toEqual([expect.objectContaining({ service: 'case-intake', countyCode: OTHER, eventCount: 1 })]);

    const portal = await fetch(`${publicDisclosure.httpUrl}/portal/counties/${COUNTY}/daily-digests?from=&to=&service=case-intake`);
    expect(portal.status).toBe(200);
    const html = await portal.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('数据完整性日摘要');
    expect(html).toContain(dailyDigestOf(COUNTY, dayOne, stored).merkleRoot);
  });

  it('verify-digest finds the day as published, and a mismatch naming the event once a stored event is altered', async () => {
    const args = [
      '--service',
      'case-intake',
      '--county',
      COUNTY,
      '--day',
      dayOne,
      '--mongo-url',
      integrationEnv().mongoUrl,
      '--db',
      caseIntakeDb,
    ];
    const intact = await verifyDigest(...args, '--public-url', publicDisclosure.httpUrl);
    expect(intact.output).toContain('一致 matches — 公示平台 public API');
    expect(intact.code).toBe(0);

    // Rewrite ag-2's registration in the database, its stored hashes left as they were.
    const altered = registered('ag-2', '冷水滩区某某局（被篡改）', new Date(`${dayOne}T17:30:00+08:00`));
    const commits = mongo.db(caseIntakeDb).collection('event_commits');
    const result = await commits.updateOne({ _id: `${COUNTY}/Agency/ag-2@1` } as never, {
      $set: { 'events.0.payload': new Binary(altered.payload) },
    });
    expect(result.modifiedCount).toBe(1);

    const tampered = await verifyDigest(...args, '--public-url', publicDisclosure.httpUrl);
    expect(tampered.output).toContain('不一致 MISMATCH — 公示平台 public API');
    expect(tampered.output).toContain(stored.find((r) => r.aggregateId === 'ag-2')!.eventId);
    expect(tampered.code).toBe(1);

    // Another day is untouched.
    const otherDay = await verifyDigest(
      '--service',
      'case-intake',
      '--county',
      COUNTY,
      '--day',
      dayTwo,
      '--mongo-url',
      integrationEnv().mongoUrl,
      '--db',
      caseIntakeDb,
    );
    expect(otherDay.code).toBe(0);
  });

  it('cross-region seals its own store too: published on its topic, listed under 跨区域协同, verified by verify-digest', async () => {
    const seal = await eventually(
      'cross-region to seal 433124’s day one at start-up',
      async () => {
        for await (const record of readAllEvents(new MongoEventStore(mongo.db(crossRegionDb)))) {
          if (record.aggregateType === 'DailyDigest' && record.countyCode === OTHER && record.aggregateId === dayOne) return record;
        }
        return undefined;
      },
      (found) => found !== undefined,
    );
    const expected = dailyDigestOf(OTHER, dayOne, storedByCrossRegion);
    expect(seal).toMatchObject({ source: 'cross-region', eventType: 'DailyDigestSealed', version: 1 });
    expect(dailyDigestEventCodec.decode(seal!.eventType, seal!.schemaVersion, seal!.payload).data).toMatchObject({
      digestId: `cross-region/${OTHER}/${dayOne}`,
      service: 'cross-region',
      eventCount: 1,
      merkleRoot: expected.merkleRoot,
    });

    const listed = await eventually(
      'public disclosure to list cross-region’s day one of 433124',
      () => digests(OTHER, `service=cross-region&from=${dayOne}&to=${dayOne}`),
      (list) => list.length > 0,
    );
    expect(listed).toEqual([
      expect.objectContaining({
        digestId: `cross-region/${OTHER}/${dayOne}`,
        service: 'cross-region',
        countyCode: OTHER,
        eventCount: 1,
        merkleRoot: expected.merkleRoot,
      }),
    ]);
    const portal = await fetch(
      `${publicDisclosure.httpUrl}/portal/counties/${OTHER}/daily-digests?from=${dayOne}&to=${dayOne}&service=cross-region`,
    );
    expect(portal.status).toBe(200);
    const html = await portal.text();
    expect(html).toContain(`<th scope="row">${dayOne}</th><td>跨区域协同</td><td>1</td>`);
    expect(html).toContain(expected.merkleRoot);

    const verified = await verifyDigest(
      '--service',
      'cross-region',
      '--county',
      OTHER,
      '--day',
      dayOne,
      '--mongo-url',
      integrationEnv().mongoUrl,
      '--db',
      crossRegionDb,
      '--public-url',
      publicDisclosure.httpUrl,
    );
    expect(verified.output).toContain('一致 matches — 公示平台 public API');
    expect(verified.output).toContain('一致 matches — 服务自身的封存记录');
    expect(verified.code).toBe(0);
  });
});

function pick(digest: ReturnType<typeof dailyDigestOf>) {
  return { day: digest.day, merkleRoot: digest.merkleRoot, algorithm: digest.algorithm };
}
