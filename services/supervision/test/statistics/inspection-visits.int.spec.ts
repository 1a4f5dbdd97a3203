import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencyEventCodec, inspectionTraceEventCodec, type AgencyEvent, type InspectionTraceEvent } from '@lesp/contracts';
import { newId, type EventRecord } from '@lesp/core';
import { KafkaEventPublisher, topicNaming } from '@lesp/kafka-bus';
import {
  createTestKafka,
  devTokens,
  eventually,
  integrationEnv,
  startServiceProcess,
  uniqueSuffix,
  type ServiceProcess,
} from '@lesp/test-infra';
import { MongoClient } from 'mongodb';

/**
 * Inspection visits (扫码留痕) reach supervision's statistics from public disclosure's topic, over
 * a running supervision process, Kafka and the database: traces issued and visits confirmed with
 * their ratings count once per agency and month however often they are delivered; a
 * confirmation delivered before its trace's issue (as after a dead letter is replayed) counts
 * once the issue comes; the ratings are kept without the visit they belong to.
 */
const suffix = uniqueSuffix();
const COUNTY = '431103';
const env = {
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `sv_visits_${suffix}`,
  TOPIC_PREFIX: `sv-visits-${suffix}`,
  KAFKA_PARTITIONS: '2',
};
let service: ServiceProcess;
let publisher: KafkaEventPublisher;
let supervisor: string;
let mongo: MongoClient;

function record(
  source: string,
  aggregateType: string,
  aggregateId: string,
  version: number,
  encoded: { eventType: string; schemaVersion: number; payload: Uint8Array },
  at: Date,
  countyCode = COUNTY,
): EventRecord {
  return {
    eventId: newId(),
    ...encoded,
    source,
    countyCode,
    aggregateType,
    aggregateId,
    streamId: `${countyCode}/${aggregateType}/${aggregateId}`,
    version,
    occurredAt: at,
    recordedAt: at,
    actor: { userId: 'public', role: 'public', countyCode },
    correlationId: newId(),
    causationId: newId(),
    previousHash: '',
    hash: '',
  };
}
const agency = (agencyId: string): EventRecord =>
  record(
    'case-intake',
    'Agency',
    agencyId,
    1,
    agencyEventCodec.encode({
      type: 'AgencyRegistered',
      data: { agencyId, name: `${agencyId}局`, creditCode: '11431103MB1A23456Q', kind: '行政机关', legalBasis: '' },
    } satisfies AgencyEvent),
    new Date('2026-01-01T00:00:00Z'),
  );
const trace = (actId: string, version: number, event: InspectionTraceEvent, at: Date, countyCode = COUNTY) =>
  record('public-disclosure', 'InspectionTrace', actId, version, inspectionTraceEventCodec.encode(event), at, countyCode);
const issued = (actId: string, agencyId: string, inspectedAt: Date, countyCode = COUNTY) =>
  trace(
    actId,
    1,
    {
      type: 'InspectionTraceIssued',
      data: {
        actId,
        agencyId,
        code: 'A'.repeat(26),
        title: '食品安全检查',
        officerIds: ['o1', 'o2'],
        inspectedAt,
        enterpriseName: '示范餐饮有限公司',
        enterpriseCreditCode: '91431103MA4L0000XX',
      },
    },
    inspectedAt,
    countyCode,
  );
const confirmed = (actId: string, rating: number, at: Date) =>
  trace(actId, 2, { type: 'InspectionVisitConfirmed', data: { actId, rating, confirmedAt: at } }, at);

interface View {
  sections: { title: string; figures: { key: string; value: number | null; text: string }[] }[];
  units: { unitId: string; figures: { key: string; value: number | null }[] }[];
}
async function report(path: string): Promise<View> {
  const response = await fetch(`${service.httpUrl}/api/v1/counties/${COUNTY}${path}`, {
    headers: { authorization: `Bearer ${supervisor}` },
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as View;
}
const figuresOf = (view: View) =>
  Object.fromEntries((view.sections.find((s) => s.title === '九、涉企检查扫码留痕')?.figures ?? []).map((f) => [f.key, f.text]));

beforeAll(async () => {
  service = await startServiceProcess('supervision', env);
  supervisor = await (await devTokens()).issue({ subject: 'sup', role: 'county_supervisor', countyCode: COUNTY });
  publisher = new KafkaEventPublisher(createTestKafka(), topicNaming(env.TOPIC_PREFIX));
  mongo = new MongoClient(integrationEnv().mongoUrl);
  await mongo.connect();
}, 120_000);

afterAll(async () => {
  await publisher?.close();
  await service?.stop();
  await mongo
    ?.db(env.MONGO_DB)
    .dropDatabase()
    .catch(() => undefined);
  await mongo?.close();
});

describe('inspection visits in supervision', () => {
  it('counts each trace and each confirmed visit once per agency and month, whatever is redelivered', async () => {
    const nov = (day: number) => new Date(Date.UTC(2026, 10, day, 2));
    const a1 = issued('insp-1', 'scjgj', nov(2));
    const c1 = confirmed('insp-1', 4, nov(3));
    const a2 = issued('insp-2', 'scjgj', nov(4));
    const c2 = confirmed('insp-2', 1, nov(5));
    const a3 = issued('insp-3', 'zrzyj', nov(6));
    // A visit of 31 October 20:00 UTC is one of 1 November in China.
    const a4 = issued('insp-4', 'scjgj', new Date('2026-10-31T20:00:00Z'));
    await publisher.publish([agency('scjgj'), agency('zrzyj')]);
    await publisher.publish([a1, c1, a2, c2, a3, a4]);
    // Every event delivered again, in another order (a rebalance, a replay).
    await publisher.publish([c2, a4, c1, a1, a3, a2]);
    // Then, on each trace's key (so on its partition, behind its redeliveries), a trace of another county:
    // once those are counted there, everything before them was handled here.
    const other = '433124';
    await publisher.publish(['insp-1', 'insp-2', 'insp-3', 'insp-4'].map((id) => issued(id, 'scjgj', nov(7), other)));
    const visitsOf = mongo.db(env.MONGO_DB).collection<{ _id: string; traced?: unknown[] }>('rm_inspection_visits__1');
    await eventually(
      "the other county's traces behind the redeliveries",
      () => visitsOf.findOne({ _id: `visits:${other}/scjgj/2026-11` }),
      (doc) => doc?.traced?.length === 4,
    );

    const county = await report('/statistics?period=month&year=2026&month=11');
    expect(figuresOf(county)).toEqual({
      'inspectionTrace.traced': '4',
      'inspectionTrace.confirmed': '2',
      'inspectionTrace.confirmationRate': '50%',
      'inspectionTrace.ratings': '2',
      'inspectionTrace.averageRating': '2.50',
    });
    const unit = (id: string) => Object.fromEntries(county.units.find((u) => u.unitId === id)?.figures.map((f) => [f.key, f.value]) ?? []);
    expect(unit('scjgj')).toMatchObject({
      'inspectionTrace.traced': 3,
      'inspectionTrace.confirmed': 2,
      'inspectionTrace.averageRating': 2.5,
    });
    expect(unit('zrzyj')).toMatchObject({ 'inspectionTrace.traced': 1, 'inspectionTrace.confirmed': 0 });

    // The agency's own report and the year's; October has none (the 31 October visit was November's in China).
    expect(figuresOf(await report('/agencies/zrzyj/statistics?period=month&year=2026&month=11'))['inspectionTrace.traced']).toBe('1');
    expect(figuresOf(await report('/statistics?period=year&year=2026'))['inspectionTrace.traced']).toBe('4');
    expect(figuresOf(await report('/statistics?period=month&year=2026&month=10'))).toEqual({});

    // Stored without the visit: the month keeps the ratings apart from the traced act ids.
    const visits = mongo
      .db(env.MONGO_DB)
      .collection<{ _id: string; traced?: unknown[]; ratings?: Record<string, unknown>[] }>('rm_inspection_visits__1');
    const month = await visits.findOne({ _id: `visits:${COUNTY}/scjgj/2026-11` });
    expect(month?.traced).toHaveLength(3);
    expect(month?.ratings?.map((r) => Object.keys(r).sort())).toEqual([
      ['rating', 'recordedAt', 'token'],
      ['rating', 'recordedAt', 'token'],
    ]);
    expect(JSON.stringify(month?.ratings)).not.toMatch(/insp-/);
  });

  it('counts a confirmation delivered before its trace once the trace comes, and once only', async () => {
    // September: a report counts only what was recorded by now.
    const sep = (day: number) => new Date(Date.UTC(2026, 8, day, 2));
    const early = confirmed('insp-9', 5, sep(3));
    await publisher.publish([early, early]);
    const stored = mongo.db(env.MONGO_DB).collection<{ _id: string; pending?: unknown }>('rm_inspection_visits__1');
    await eventually(
      'the early confirmation kept for its trace',
      () => stored.findOne({ _id: `trace:${COUNTY}/InspectionTrace/insp-9` }),
      (doc) => doc?.pending !== undefined,
    );
    expect(figuresOf(await report('/statistics?period=month&year=2026&month=9'))).toEqual({});

    await publisher.publish([issued('insp-9', 'zrzyj', sep(1)), early]);
    const september = await eventually(
      'the late trace with its rating',
      () => report('/statistics?period=month&year=2026&month=9'),
      (view) => figuresOf(view)['inspectionTrace.confirmed'] === '1',
    );
    // Behind the last redelivery on its key: a trace of another county.
    await publisher.publish([issued('insp-9', 'zrzyj', sep(1), '433124')]);
    await eventually(
      'the sentinel behind the redelivery',
      () => stored.findOne({ _id: 'trace:433124/InspectionTrace/insp-9' }),
      (found) => found !== null,
    );
    expect(figuresOf(await report('/statistics?period=month&year=2026&month=9'))).toEqual(figuresOf(september));
    expect(figuresOf(september)).toMatchObject({
      'inspectionTrace.traced': '1',
      'inspectionTrace.confirmed': '1',
      'inspectionTrace.averageRating': '5.00',
    });
    const doc = await stored.findOne({ _id: `trace:${COUNTY}/InspectionTrace/insp-9` });
    expect(doc).toMatchObject({ ratingCounted: true, issued: { agencyId: 'zrzyj', month: '2026-09' } });
    expect(doc?.pending).toBeUndefined();
  });
});
