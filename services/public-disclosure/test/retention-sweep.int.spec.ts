import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient, type Db } from 'mongodb';
import { decisionDisclosureEventCodec, type DecisionDisclosureEvent } from '@lesp/contracts';
import { newId, type EventRecord } from '@lesp/core';
import { MongoEventStore, type NewEvent } from '@lesp/event-store';
import { ProjectionRunner } from '@lesp/projection-runner';
import { eventually, integrationEnv, startServiceProcess, uniqueSuffix, type ServiceProcess } from '@lesp/test-infra';
import { publicDecisionsProjection, type PublicDecisionDocument } from '../src/application/projections/public-decisions.js';
import { RetentionSweep } from '../src/application/retention-sweep.js';

/**
 * Entries come down after their retention (公示期满撤下), over the real database: the sweep
 * deletes from `rm_public_decisions` every entry whose `retainUntil` has passed and keeps those
 * within it; replicas sweeping together delete each entry once; an entry projected again by a
 * redelivered event is deleted again. Then the running service: two decisions in its own store,
 * one of a natural person published three years ago (two-year retention, so past it), one
 * published now; the service's own sweep deletes the first, whose API and portal answer 404,
 * and the second stays on both.
 */
const suffix = uniqueSuffix();
const COUNTY = '431103';
const YEAR_MS = 365 * 24 * 3600_000;
const now = new Date();
const threeYearsAgo = new Date(now.getTime() - 3 * YEAR_MS);
let mongo: MongoClient;

/** What case intake's decision became here (masked): the entry DecisionPublished carries. */
function entry(actId: string, naturalPerson: boolean, decidedAt: Date) {
  return {
    actId,
    agencyId: 'cgj',
    category: 'penalty',
    caseNumber: `罚〔${decidedAt.getUTCFullYear()}〕${actId}号`,
    title: naturalPerson ? '王*明占道经营案' : '永州某某商贸有限公司未按规定公示信息案',
    itemCode: 'CG-001',
    target: naturalPerson
      ? { kind: 'natural_person', name: '王*明', creditCode: '', enterprise: false }
      : { kind: 'enterprise', name: '永州某某商贸有限公司', creditCode: '91431103MA4L0000X0', enterprise: true },
    decisionNumber: `罚决〔${decidedAt.getUTCFullYear()}〕${actId}号`,
    outcome: 'penalized',
    legalBasis: '《城市市容和环境卫生管理条例》第三十六条',
    content: '罚款200元。',
    fineFen: 20000,
    confiscationFen: 0,
    decidedAt,
    deadlineWorkingDays: 7,
    autoPublishPoint: 'decision',
  };
}

/** The two events of a published entry, as the DecisionDisclosure decider records them. */
function publicationEvents(actId: string, naturalPerson: boolean, publishedAt: Date): DecisionDisclosureEvent[] {
  const retainUntil = new Date(publishedAt.getTime() + (naturalPerson ? 2 : 5) * YEAR_MS);
  const e = entry(actId, naturalPerson, publishedAt);
  return [
    { type: 'DecisionRecordedForDisclosure', data: e },
    {
      type: 'DecisionPublished',
      data: {
        actId,
        agencyId: 'cgj',
        category: 'penalty',
        decidedAt: publishedAt,
        publishedAt,
        mode: 'automatic',
        reviewedBy: '',
        retainUntil,
        entry: e,
        correctionNote: '',
        correctedAt: undefined,
      },
    },
  ];
}

function record(actId: string, version: number, event: DecisionDisclosureEvent, at: Date): EventRecord {
  return {
    eventId: newId(),
    ...decisionDisclosureEventCodec.encode(event),
    source: 'public-disclosure',
    countyCode: COUNTY,
    aggregateType: 'DecisionDisclosure',
    aggregateId: actId,
    streamId: `${COUNTY}/DecisionDisclosure/${actId}`,
    version,
    occurredAt: at,
    recordedAt: at,
    actor: { userId: 'public-disclosure', role: 'service', countyCode: COUNTY },
    correlationId: newId(),
    causationId: newId(),
    previousHash: '0'.repeat(64),
    hash: '1'.repeat(64),
  };
}

const silent = { info: () => undefined, error: () => undefined };

beforeAll(async () => {
  mongo = new MongoClient(integrationEnv().mongoUrl, { serverSelectionTimeoutMS: 10_000 });
  await mongo.connect();
});

afterAll(async () => {
  for (const db of [`rs_${suffix}`, `rs_pd_${suffix}`]) {
    await mongo
      ?.db(db)
      .dropDatabase()
      .catch(() => undefined);
  }
  await mongo?.close();
});

describe('retention sweep over the database', () => {
  let db: Db;
  let runner: ProjectionRunner;
  const ids = (docs: { _id: string }[]) => docs.map((d) => d._id).sort();

  beforeAll(async () => {
    db = mongo.db(`rs_${suffix}`);
    runner = new ProjectionRunner(db, [publicDecisionsProjection]);
    await runner.init();
  });

  it('deletes the entries past retention, keeps those within it and the withdrawal tombstones; replicas together delete each once', async () => {
    const target = await runner.collection<PublicDecisionDocument>(publicDecisionsProjection.name);
    const apply = async (actId: string, naturalPerson: boolean, publishedAt: Date) => {
      const [recordedEvent, published] = publicationEvents(actId, naturalPerson, publishedAt);
      for (const [i, event] of [recordedEvent!, published!].entries()) {
        await publicDecisionsProjection.apply(record(actId, i + 1, event, publishedAt), target);
      }
    };
    await apply('past-person', true, threeYearsAgo); // retainUntil a year ago
    await apply('past-enterprise', false, new Date(now.getTime() - 6 * YEAR_MS)); // five years: a year ago
    await apply('within-person', true, new Date(now.getTime() - YEAR_MS)); // a year left
    await apply('within-enterprise', false, threeYearsAgo); // two years left
    // A withdrawn entry: a tombstone without content or retainUntil.
    await apply('withdrawn', true, threeYearsAgo);
    await publicDecisionsProjection.apply(
      record(
        'withdrawn',
        3,
        {
          type: 'DecisionWithdrawn',
          data: {
            actId: 'withdrawn',
            cause: 'agency',
            reason: '来源有误',
            body: '',
            withdrawnBy: 'clerk',
            withdrawnAt: threeYearsAgo,
            wasPublished: true,
          },
        },
        threeYearsAgo,
      ),
      target,
    );
    expect(ids(await target.find({}).toArray())).toEqual(
      ['past-enterprise', 'past-person', 'within-enterprise', 'within-person', 'withdrawn']
        .map((a) => `${COUNTY}/DecisionDisclosure/${a}`)
        .sort(),
    );

    // Two replicas sweeping at once.
    const replicas = [0, 1].map(() => new RetentionSweep({ projections: runner, logger: silent, clock: () => now, intervalMs: 60_000 }));
    const results = await Promise.all(replicas.map((r) => r.runOnce()));
    expect(results.reduce((sum, r) => sum + (r.deleted[publicDecisionsProjection.name] ?? 0), 0)).toBe(2);
    expect(ids(await target.find({}).toArray())).toEqual(
      ['within-enterprise', 'within-person', 'withdrawn'].map((a) => `${COUNTY}/DecisionDisclosure/${a}`).sort(),
    );

    // A redelivered DecisionPublished projects the deleted entry again, hidden (past retainUntil); the next sweep deletes it.
    const [, published] = publicationEvents('past-person', true, threeYearsAgo);
    await publicDecisionsProjection.apply(record('past-person', 2, published!, threeYearsAgo), target);
    const back = await target.findOne({ _id: `${COUNTY}/DecisionDisclosure/past-person` });
    expect(back?.retainUntil).toBeInstanceOf(Date);
    expect(back!.retainUntil!.getTime()).toBeLessThanOrEqual(now.getTime());
    expect((await replicas[0]!.runOnce()).deleted[publicDecisionsProjection.name]).toBe(1);
    expect(await target.countDocuments({ _id: `${COUNTY}/DecisionDisclosure/past-person` })).toBe(0);
    expect((await replicas[1]!.runOnce()).deleted[publicDecisionsProjection.name]).toBe(0);
  });
});

describe('retention sweep in the running service', () => {
  const dbName = `rs_pd_${suffix}`;
  let service: ServiceProcess;

  beforeAll(async () => {
    const store = new MongoEventStore(mongo.db(dbName));
    await store.ensureIndexes();
    // Recorded now (so the daily digest sealer has no past day to seal), published in the past or now.
    for (const [actId, naturalPerson, publishedAt] of [
      ['old-1', true, threeYearsAgo],
      ['new-1', true, now],
    ] as const) {
      const events: NewEvent[] = publicationEvents(actId, naturalPerson, publishedAt).map((event) => ({
        eventId: newId(),
        ...decisionDisclosureEventCodec.encode(event),
        occurredAt: publishedAt,
        actor: { userId: 'public-disclosure', role: 'service', countyCode: COUNTY },
        correlationId: newId(),
        causationId: newId(),
      }));
      await store.append({
        source: 'public-disclosure',
        countyCode: COUNTY,
        aggregateType: 'DecisionDisclosure',
        aggregateId: actId,
        expectedVersion: 0,
        events,
      });
    }
    service = await startServiceProcess('public-disclosure', {
      KAFKA_BROKERS: integrationEnv().kafkaBrokers,
      MONGO_URL: integrationEnv().mongoUrl,
      MONGO_DB: dbName,
      TOPIC_PREFIX: `rs-${suffix}`,
      KAFKA_PARTITIONS: '2',
      RETENTION_SWEEP_MS: '1000',
    });
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
  });

  const get = async (path: string) => (await fetch(`${service.httpUrl}${path}`)).status;

  it('deletes the entry past retention, which the API and portal then answer 404, and keeps the other on both', async () => {
    await eventually(
      'the entry within retention to be public',
      () => get(`/api/v1/public/counties/${COUNTY}/decisions/new-1`),
      (status) => status === 200,
    );
    // The old entry's publication was projected (the internal list has it) and the sweep deleted its public entry.
    await eventually(
      'the old entry to be projected as published internally',
      () =>
        mongo
          .db(dbName)
          .collection<{ _id: string; status?: string }>('rm_disclosures__1')
          .findOne({ _id: `${COUNTY}/DecisionDisclosure/old-1` }),
      (doc) => doc?.status === 'published',
    );
    const log = await eventually(
      'the service’s sweep to delete the old entry',
      () => readFile(service.logFile, 'utf8'),
      (text) => /retention sweep: entries past retention deleted/.test(text),
    );
    expect(log).toMatch(/"readModel":"public-disclosure\.public-decisions","deleted":1/);
    const checkpoint = await mongo
      .db(dbName)
      .collection<{ _id: string; active: string }>('projection_checkpoints')
      .findOne({ _id: publicDecisionsProjection.name });
    const decisions = mongo.db(dbName).collection<{ _id: string }>(checkpoint!.active);
    expect(await decisions.countDocuments({ _id: `${COUNTY}/DecisionDisclosure/old-1` })).toBe(0);
    expect(await decisions.countDocuments({ _id: `${COUNTY}/DecisionDisclosure/new-1` })).toBe(1);

    expect(await get(`/api/v1/public/counties/${COUNTY}/decisions/old-1`)).toBe(404);
    expect(await get(`/portal/counties/${COUNTY}/decisions/old-1`)).toBe(404);
    expect(await get(`/api/v1/public/counties/${COUNTY}/decisions/new-1`)).toBe(200);
    expect(await get(`/portal/counties/${COUNTY}/decisions/new-1`)).toBe(200);
    const list = (await (await fetch(`${service.httpUrl}/api/v1/public/counties/${COUNTY}/decisions`)).json()) as {
      decisions: { actId: string }[];
    };
    expect(list.decisions.map((d) => d.actId)).toEqual(['new-1']);
  });
});
