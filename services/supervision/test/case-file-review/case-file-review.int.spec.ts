import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials } from '@grpc/grpc-js';
import { caseFileReviewV1 } from '@lesp/contracts';
import { callUnary } from '@lesp/service-bootstrap';
import {
  devTokens,
  eventually,
  integrationEnv,
  startServiceProcess,
  uniqueSuffix,
  type ServiceName,
  type ServiceProcess,
} from '@lesp/test-infra';
import { MongoClient } from 'mongodb';

/**
 * Case-file review (案卷评查) through the running supervision process: closed acts recorded in
 * case intake reach supervision's reviewable-acts read model through Kafka; a review draws
 * its sample from them. The same seed gives the same sample on two reviews, a different seed
 * (a redraw, with its reason) a different one, and every draw's seed, algorithm, candidate
 * count and digest stay recorded on the review, over REST and gRPC. A one-off definition
 * whose period is over is opened as a review by the round timer and the process manager.
 */
const suffix = uniqueSuffix();
const COUNTY = '431103';
const env = (name: ServiceName) => ({
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `cfr_${suffix}_${name.replace(/-/g, '_')}`,
  TOPIC_PREFIX: `cfr-${suffix}`,
  KAFKA_PARTITIONS: '2',
  TIMER_POLL_MS: '200',
});
const services = {} as Record<'case-intake' | 'supervision', ServiceProcess>;
let supervisor: string;
let clerk: string;
let viewer: string;
let grpcClient: caseFileReviewV1.CaseFileReviewServiceClient;
const ACTS = 12;
const PERIOD = { from: '2026-03-01T00:00:00+08:00', to: '2026-03-31T23:59:59+08:00' };
const criteria = {
  period: PERIOD,
  agencyIds: ['scjgj'],
  categories: ['inspection'],
  size: { kind: 'total', count: 4 },
  minEnterpriseShare: 0.5,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
async function api(base: 'case-intake' | 'supervision', method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${services[base].httpUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json };
}
const reviews = `/api/v1/counties/${COUNTY}/case-file-reviews`;

async function openReview(reviewId: string) {
  const opened = await api('supervision', 'POST', reviews, supervisor, {
    reviewId,
    title: `评查 ${reviewId}`,
    supervisionForm: 'routine',
    criteria,
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
}
const draw = (reviewId: string, body: Json) => api('supervision', 'POST', `${reviews}/${reviewId}/sample-draws`, supervisor, body);
const review = async (reviewId: string) => (await api('supervision', 'GET', `${reviews}/${reviewId}`, supervisor)).body;
const ids = (files: { fileId: string }[]) => files.map((f) => f.fileId);

beforeAll(async () => {
  const started = await Promise.all((['case-intake', 'supervision'] as const).map((name) => startServiceProcess(name, env(name))));
  for (const service of started) services[service.name as 'case-intake' | 'supervision'] = service;
  const tokens = await devTokens();
  supervisor = await tokens.issue({ subject: 'sup-431103', role: 'county_supervisor', countyCode: COUNTY });
  clerk = await tokens.issue({ subject: 'clerk-scjgj', role: 'agency_clerk', countyCode: COUNTY, agencyId: 'scjgj' });
  viewer = await tokens.issue({ subject: 'viewer-4311', role: 'regional_viewer', regionCode: '4311' });
  grpcClient = new caseFileReviewV1.CaseFileReviewServiceClient(services.supervision.grpcAddress, credentials.createInsecure());

  const agency = await api('case-intake', 'POST', `/api/v1/counties/${COUNTY}/agencies`, supervisor, {
    agencyId: 'scjgj',
    name: '冷水滩区市场监督管理局',
    creditCode: '11431103MB1A23456Q',
    kind: '行政机关',
  });
  expect(agency.status, JSON.stringify(agency.body)).toBe(201);
  for (const [officerId, serial] of [
    ['o-1', '01'],
    ['o-2', '02'],
  ] as const) {
    const registered = await api('case-intake', 'POST', `/api/v1/counties/${COUNTY}/officers`, supervisor, {
      officerId,
      agencyId: 'scjgj',
      name: `执法员${serial}`,
      idNumber: '431103198512310021',
      certificateNumber: `湘执法-4311-${serial}`,
      certificateValidUntil: '2030-12-31T00:00:00+08:00',
      enforcementAreas: ['市场监管'],
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  }
  // Twelve inspections closed in March 2026 (half of them of enterprises), one closed in April (outside the period).
  for (let i = 1; i <= ACTS + 1; i++) {
    const day = String(Math.min(i, 28)).padStart(2, '0');
    const enterprise = i % 2 === 0;
    const opened = await api('case-intake', 'POST', `/api/v1/counties/${COUNTY}/acts`, clerk, {
      actId: `cfr-${i}`,
      openedBy: 'filing',
      agencyId: 'scjgj',
      category: 'inspection',
      caseNumber: `冷市监查〔2026〕${i}号`,
      title: '食品经营日常检查',
      itemCode: 'XZJC-001',
      target: enterprise
        ? { kind: 'legal_person', name: `冷水滩区某商行${i}`, creditCode: '91350100M000100Y43', enterprise: true }
        : { kind: 'natural_person', name: `个体户${i}`, creditCode: '', enterprise: false },
      officerIds: ['o-1', 'o-2'],
      occurredAt: `2026-02-${day}T09:00:00+08:00`,
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const closed = await api('case-intake', 'POST', `/api/v1/counties/${COUNTY}/acts/cfr-${i}/steps`, clerk, {
      type: 'ActClosed',
      result: '检查完毕',
      officerIds: ['o-1', 'o-2'],
      occurredAt: i <= ACTS ? `2026-03-${day}T15:00:00+08:00` : '2026-04-02T15:00:00+08:00',
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(201);
  }
  // Supervision has every closed file once a probe review's draw sees twelve candidates.
  let probe = 0;
  await eventually(
    'supervision to know the twelve closed files',
    async () => {
      const reviewId = `probe-${++probe}`;
      await openReview(reviewId);
      expect((await draw(reviewId, { seed: 1 })).status).toBe(201);
      // The review's read model follows its events (outbox → Kafka → projection): wait for this
      // probe's draw, then judge how many candidates it saw.
      return eventually(
        `the draw of ${reviewId}`,
        () => review(reviewId),
        (r) => (r['draws']?.length ?? 0) > 0,
        { timeoutMs: 30_000, intervalMs: 200 },
      );
    },
    (r) => r['draws']?.[0]?.candidateCount === ACTS,
    { timeoutMs: 120_000, intervalMs: 500 },
  );
}, 240_000);

afterAll(async () => {
  grpcClient?.close();
  await Promise.all(Object.values(services).map((s) => s.stop()));
  const client = new MongoClient(integrationEnv().mongoUrl);
  await client.connect();
  for (const name of ['case-intake', 'supervision'] as const)
    await client
      .db(env(name).MONGO_DB)
      .dropDatabase()
      .catch(() => undefined);
  await client.close();
});

describe('case-file review sample draws through the running service', () => {
  it('same seed, same sample; a different seed, a different sample; both recorded on the review', async () => {
    await openReview('cfr-a');
    await openReview('cfr-b');
    expect((await draw('cfr-a', { seed: 20260401 })).status).toBe(201);
    expect((await draw('cfr-b', { seed: 20260401 })).status).toBe(201);
    const a = await eventually(
      'review a to show its draw',
      () => review('cfr-a'),
      (r) => r['draws']?.length === 1,
    );
    const b = await eventually(
      'review b to show its draw',
      () => review('cfr-b'),
      (r) => r['draws']?.length === 1,
    );
    expect(a['sample']).toHaveLength(4);
    // At least half of the sample concerns enterprises (涉企), as the criteria ask.
    expect(a['sample'].filter((f: Json) => f['enterprise']).length).toBeGreaterThanOrEqual(2);
    expect(ids(a['sample'])).toEqual(ids(b['sample']));
    expect(a['draws'][0]).toMatchObject({ drawNumber: 1, seed: 20260401, candidateCount: ACTS, sampleSize: 4 });
    expect(a['draws'][0].candidatesDigest).toBe(b['draws'][0].candidatesDigest);
    expect(a['draws'][0].algorithm).toMatch(/xoroshiro128plus/);
    // The April file is no candidate.
    expect(ids(a['sample'])).not.toContain(`cfr-${ACTS + 1}`);

    // A redraw needs its reason; with another seed it gives another sample, and both draws stay recorded.
    const noReason = await draw('cfr-a', { seed: 7 });
    expect(noReason.status).toBe(400);
    const redrawn = await draw('cfr-a', { seed: 7, redrawReason: '首次抽样的候选范围有误，重新抽取' });
    expect(redrawn.status, JSON.stringify(redrawn.body)).toBe(201);
    const again = await eventually(
      'review a to show both draws',
      () => review('cfr-a'),
      (r) => r['draws']?.length === 2,
    );
    expect(again['draws'].map((d: Json) => d['seed'])).toEqual([20260401, 7]);
    expect(again['draws'][1]).toMatchObject({ drawNumber: 2, redrawReason: '首次抽样的候选范围有误，重新抽取', candidateCount: ACTS });
    expect(ids(again['draws'][0].sample)).toEqual(ids(a['sample']));
    expect(ids(again['sample'])).toEqual(ids(again['draws'][1].sample));
    expect(ids(again['sample'])).not.toEqual(ids(a['sample']));

    // Over gRPC the same record.
    const grpc = { deadlineMs: 5000, bearerToken: supervisor };
    const viaGrpc = await callUnary(grpcClient, grpcClient.getCaseFileReview, { countyCode: COUNTY, reviewId: 'cfr-a' }, grpc);
    expect(viaGrpc.draws.map((d) => d.seed)).toEqual([20260401, 7]);
    expect(viaGrpc.sample.map((f) => f.fileId)).toEqual(ids(again['sample']));
  });

  it('a draw without a seed records the random seed it used; a clerk may not draw, a regional viewer reads', async () => {
    await openReview('cfr-c');
    expect((await api('supervision', 'POST', `${reviews}/cfr-c/sample-draws`, clerk, {})).status).toBe(403);
    expect((await draw('cfr-c', {})).status).toBe(201);
    const c = await eventually(
      'review c to show its draw',
      () => review('cfr-c'),
      (r) => r['draws']?.length === 1,
    );
    const seed = c['draws'][0].seed as number;
    expect(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff).toBe(true);
    const read = await api('supervision', 'GET', `${reviews}/cfr-c`, viewer);
    expect(read.status).toBe(200);
    expect(read.body['draws'][0].seed).toBe(seed);
    const bad = await draw('cfr-c', { seed: -1, redrawReason: '重抽' });
    expect(bad.status).toBe(400);
  });

  it('scores the sample, publishes the summary and refers an agency’s problems for rectification', async () => {
    await openReview('cfr-d');
    const d = await (async () => {
      expect((await draw('cfr-d', { seed: 99 })).status).toBe(201);
      return eventually(
        'review d to show its draw',
        () => review('cfr-d'),
        (r) => r['draws']?.length === 1,
      );
    })();
    const full = (d['checklist'].items as Json[]).map((item) =>
      item['veto'] ? { itemCode: item['code'], breached: false } : { itemCode: item['code'], points: item['weight'] },
    );
    const files = ids(d['sample']);
    for (const [index, fileId] of files.entries()) {
      const assessments = index === 0 ? full.map((a) => (a['itemCode'] === 'evidence' ? { itemCode: 'evidence', points: 5 } : a)) : full;
      const problems = index === 0 ? [{ itemCode: 'evidence', description: '现场检查笔录未载明检查内容' }] : [];
      const scored = await api('supervision', 'POST', `${reviews}/cfr-d/files/${fileId}/score`, supervisor, { assessments, problems });
      expect(scored.status, JSON.stringify(scored.body)).toBe(200);
    }
    const early = await api('supervision', 'POST', `${reviews}/cfr-d/rectification-referrals`, supervisor, { agencyId: 'scjgj' });
    expect(early).toMatchObject({ status: 409, body: { error: { code: 'SUMMARY_NOT_PUBLISHED' } } });
    const published = await api('supervision', 'POST', `${reviews}/cfr-d/summary`, supervisor, {
      conclusion: '总体规范，个别案卷证据不充分',
    });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const referred = await api('supervision', 'POST', `${reviews}/cfr-d/rectification-referrals`, supervisor, { agencyId: 'scjgj' });
    expect(referred.status, JSON.stringify(referred.body)).toBe(201);
    expect(referred.body['rectificationId']).toMatch(/^[0-9a-f-]{36}$/);
    const done = await eventually(
      'review d to show the referral',
      () => review('cfr-d'),
      (r) => r['referrals']?.length === 1,
    );
    expect(done).toMatchObject({ status: 'published', conclusion: '总体规范，个别案卷证据不充分' });
    expect(done['summary']).toMatchObject({ filesReviewed: 4, unqualified: 0 });
    expect(done['summary'].problemsByItem[0]).toMatchObject({ itemCode: 'evidence', count: 1 });
    expect(done['referrals'][0]).toMatchObject({ agencyId: 'scjgj', rectificationId: referred.body['rectificationId'], problems: 1 });
  });

  it('a one-off definition whose period is over is opened as a review by the round timer', async () => {
    const defined = await api('supervision', 'POST', `/api/v1/counties/${COUNTY}/case-file-review-definitions`, supervisor, {
      definitionId: 'def-march',
      title: '2026 年 3 月行政检查案卷评查',
      supervisionForm: 'special',
      recurrence: { kind: 'once', period: PERIOD },
      criteria: { agencyIds: ['scjgj'], categories: ['inspection'], size: { kind: 'per_agency', count: 3 }, minEnterpriseShare: 0 },
    });
    expect(defined.status, JSON.stringify(defined.body)).toBe(201);
    const listed = await eventually(
      'the round to be opened as a review',
      async () => (await api('supervision', 'GET', `${reviews}?status=opened`, supervisor)).body['reviews'] as Json[],
      (list) => list.some((r) => r['definitionId'] === 'def-march'),
      { timeoutMs: 30_000, intervalMs: 300 },
    );
    const round = listed.find((r) => r['definitionId'] === 'def-march')!;
    expect(round).toMatchObject({ roundNumber: 1, title: '2026 年 3 月行政检查案卷评查', supervisionForm: 'special' });
    expect(new Date(round['criteria'].period.from).toISOString()).toBe(new Date(PERIOD.from).toISOString());
    const definitions = await eventually(
      'the definition to show its round',
      async () => (await api('supervision', 'GET', `/api/v1/counties/${COUNTY}/case-file-review-definitions`, supervisor)).body,
      (body) => (body['definitions'] as Json[] | undefined)?.some((d) => d['roundsScheduled'] === 1) ?? false,
    );
    expect(definitions['definitions'][0]).toMatchObject({ definitionId: 'def-march', status: 'active', reviewIds: [round['reviewId']] });
    // A one-off has no second round: the timer fired once and nothing else is scheduled.
    const drawn = await draw(round['reviewId'], { seed: 3 });
    expect(drawn.status, JSON.stringify(drawn.body)).toBe(201);
  });
});
