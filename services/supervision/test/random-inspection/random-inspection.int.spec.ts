import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials } from '@grpc/grpc-js';
import { randomInspectionV1 } from '@lesp/contracts';
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
 * Random inspections (双随机、一公开) through the running supervision process: targets from
 * supervision's own registry, inspectors from the officers case intake recorded (through Kafka),
 * only with a valid certificate and never on a target of their own unit (回避). The same seed
 * draws the same targets; results recorded for every target complete the plan; published
 * results and the county's year figures give the completion and publication rates.
 */
const suffix = uniqueSuffix();
const COUNTY = '431103';
const env = (name: ServiceName) => ({
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `rin_${suffix}_${name.replace(/-/g, '_')}`,
  TOPIC_PREFIX: `rin-${suffix}`,
  KAFKA_PARTITIONS: '2',
});
const services = {} as Record<'case-intake' | 'supervision', ServiceProcess>;
let supervisor: string;
let viewer: string;
let grpcClient: randomInspectionV1.RandomInspectionServiceClient;
const ENTERPRISE_CODE = '91350100M000100Y43';
const TARGETS = 8;
const VALID_OFFICERS = ['s-1', 's-2', 's-3', 'h-1', 'h-2', 'h-3'];
/** Plans run from yesterday for ninety days: results are recorded now, after the draws and within the period. */
const YEAR = new Date().getUTCFullYear();
const DAY_MS = 86_400_000;
const PERIOD = { from: new Date(Date.now() - DAY_MS).toISOString(), to: new Date(Date.now() + 90 * DAY_MS).toISOString() };

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
const plans = `/api/v1/counties/${COUNTY}/random-inspections`;
const planBody = (planId: string, year = YEAR, count = 7) => ({
  planId,
  title: `${year} 年食品经营跨部门联合抽查`,
  year,
  leadAgencyId: 'scjgj',
  agencyIds: ['scjgj', 'hbj'],
  matters: ['食品经营许可情况检查', '排污许可执行情况检查'],
  targetDraw: { kind: 'count', count },
  inspectorsPerTarget: 2,
  recusal: 'own_unit',
  period: PERIOD,
});
async function createPlan(planId: string, year?: number) {
  const planned = await api('supervision', 'POST', plans, supervisor, planBody(planId, year));
  expect(planned.status, JSON.stringify(planned.body)).toBe(201);
}
const plan = async (planId: string) => (await api('supervision', 'GET', `${plans}/${planId}`, supervisor)).body;
const post = (planId: string, action: string, body: unknown = {}) =>
  api('supervision', 'POST', `${plans}/${planId}/${action}`, supervisor, body);

beforeAll(async () => {
  const started = await Promise.all((['case-intake', 'supervision'] as const).map((name) => startServiceProcess(name, env(name))));
  for (const service of started) services[service.name as 'case-intake' | 'supervision'] = service;
  const tokens = await devTokens();
  supervisor = await tokens.issue({ subject: 'sup-431103', role: 'county_supervisor', countyCode: COUNTY });
  viewer = await tokens.issue({ subject: 'viewer-4311', role: 'regional_viewer', regionCode: '4311' });
  grpcClient = new randomInspectionV1.RandomInspectionServiceClient(services.supervision.grpcAddress, credentials.createInsecure());

  for (const [agencyId, name] of [
    ['scjgj', '冷水滩区市场监督管理局'],
    ['hbj', '冷水滩区生态环境分局'],
  ] as const) {
    const agency = await api('case-intake', 'POST', `/api/v1/counties/${COUNTY}/agencies`, supervisor, {
      agencyId,
      name,
      creditCode: '11431103MB1A23456Q',
      kind: '行政机关',
    });
    expect(agency.status, JSON.stringify(agency.body)).toBe(201);
  }
  for (const [index, officerId] of [...VALID_OFFICERS, 's-4'].entries()) {
    const registered = await api('case-intake', 'POST', `/api/v1/counties/${COUNTY}/officers`, supervisor, {
      officerId,
      agencyId: officerId.startsWith('s') ? 'scjgj' : 'hbj',
      name: `执法员${index}`,
      idNumber: '431103198512310021',
      certificateNumber: `湘执法-4311-${officerId}`,
      certificateValidUntil: '2035-12-31T00:00:00+08:00',
      enforcementAreas: ['市场监管'],
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  }
  // s-4's certificate is revoked: never an inspector.
  const revoked = await api('case-intake', 'POST', `/api/v1/counties/${COUNTY}/officers/s-4/certificate/revocation`, supervisor, {
    reason: '调离执法岗位',
  });
  expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);

  // The registry: eight targets, two of them belonging to the environment agency's unit (回避).
  for (let i = 1; i <= TARGETS; i++) {
    const registered = await api('supervision', 'POST', `/api/v1/counties/${COUNTY}/inspection-targets`, supervisor, {
      targetId: `t-${i}`,
      name: `冷水滩区某食品经营企业${i}`,
      kind: 'enterprise',
      creditCode: ENTERPRISE_CODE,
      ...(i <= 2 ? { unitAgencyId: 'hbj' } : {}),
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  }
  // Supervision knows the whole registry and every officer once a probe plan (another year) draws from all of them.
  let probe = 0;
  await eventually(
    'supervision to know the eight targets and seven officers',
    async () => {
      const planId = `probe-${++probe}`;
      await createPlan(planId, YEAR - 1);
      await post(planId, 'target-draws', { seed: 1 });
      await post(planId, 'inspector-draws', { seed: 1 });
      return plan(planId);
    },
    (p) => p['targetDraw']?.candidateCount === TARGETS && p['inspectorDraw']?.candidateCount === VALID_OFFICERS.length + 1,
    { timeoutMs: 60_000, intervalMs: 500 },
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

describe('random inspections through the running service', () => {
  it('refuses a target with a wrong credit code, naming the field', async () => {
    const bad = await api('supervision', 'POST', `/api/v1/counties/${COUNTY}/inspection-targets`, supervisor, {
      targetId: 't-bad',
      name: '某公司',
      kind: 'enterprise',
      creditCode: '91350100M000100Y44',
    });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'CREDIT_CODE_INVALID' } } });
    expect(JSON.stringify(bad.body)).toContain('creditCode');
  });

  it('draws targets reproducibly, inspectors with valid certificates and recusal; completes and publishes the plan', async () => {
    await createPlan('plan-a');
    await createPlan('plan-b');
    expect((await post('plan-a', 'publication')).status).toBe(200);
    expect((await post('plan-a', 'target-draws', { seed: 42 })).status).toBe(201);
    expect((await post('plan-b', 'target-draws', { seed: 42 })).status).toBe(201);
    const a = await eventually(
      'plan a to show its targets',
      () => plan('plan-a'),
      (p) => p['status'] === 'targets_drawn',
    );
    const b = await eventually(
      'plan b to show its targets',
      () => plan('plan-b'),
      (p) => p['status'] === 'targets_drawn',
    );
    expect(a['targets']).toHaveLength(7);
    expect(a['targets'].map((t: Json) => t['targetId'])).toEqual(b['targets'].map((t: Json) => t['targetId']));
    expect(a['targetDraw']).toMatchObject({ seed: 42, candidateCount: TARGETS });
    expect(a['targetDraw'].candidatesDigest).toBe(b['targetDraw'].candidatesDigest);
    expect(a).toMatchObject({ planPublished: true, crossAgency: true });

    expect((await post('plan-a', 'inspector-draws', { seed: 7 })).status).toBe(201);
    const teamed = await eventually(
      'plan a to show its teams',
      () => plan('plan-a'),
      (p) => p['status'] === 'teams_drawn',
    );
    expect(teamed['excluded']).toEqual([{ officerId: 's-4', reason: 'certificate_invalid' }]);
    expect(teamed['teams']).toHaveLength(7);
    const ownUnit = new Set(a['targets'].filter((t: Json) => t['unitAgencyId'] === 'hbj').map((t: Json) => t['targetId']));
    expect(ownUnit.size).toBeGreaterThan(0);
    for (const team of teamed['teams'] as Json[]) {
      expect(team['inspectorIds']).toHaveLength(2);
      for (const officerId of team['inspectorIds']) expect(VALID_OFFICERS).toContain(officerId);
      if (ownUnit.has(team['targetId'])) expect(team['inspectorIds'].some((id: string) => id.startsWith('h-'))).toBe(false);
    }
    expect(teamed['recused'].map((r: Json) => r['targetId']).sort()).toEqual([...ownUnit].sort());

    // Results for all but one: not complete yet; a result by officers not on the team is refused.
    const teams = teamed['teams'] as Json[];
    const stranger = VALID_OFFICERS.filter((id) => !teams[0]!['inspectorIds'].includes(id)).slice(0, 2);
    const wrongTeam = await post('plan-a', 'results', {
      targetId: teams[0]!['targetId'],
      inspectorIds: stranger,
      outcome: 'no_problem',
      inspectedAt: new Date().toISOString(),
    });
    expect(wrongTeam.status).toBeGreaterThanOrEqual(400);
    for (const team of teams) {
      const recorded = await post('plan-a', 'results', {
        targetId: team['targetId'],
        inspectorIds: team['inspectorIds'],
        outcome: team === teams[0] ? 'problem_corrected' : 'no_problem',
        findings: team === teams[0] ? '现场发现过期食品，已责令改正' : '经营场所、台账检查未发现问题',
        inspectedAt: new Date().toISOString(),
      });
      expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
    }
    const published = await post('plan-a', 'results-publication', {});
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const done = await eventually(
      'plan a to be complete and published',
      () => plan('plan-a'),
      (p) => p['status'] === 'completed' && p['figures']?.published === 7,
    );
    expect(done['figures']).toMatchObject({
      targetsDrawn: 7,
      inspectorDraws: 14,
      inspected: 7,
      completed: true,
      completionRatePercent: 100,
      publicationRatePercent: 100,
    });
    expect(done['results'].every((r: Json) => r['published'])).toBe(true);

    // The county's figures of the year: two cross-agency tasks, one of them done; every recorded result published.
    const figures = await api('supervision', 'GET', `/api/v1/counties/${COUNTY}/random-inspection-figures?year=${YEAR}`, viewer);
    expect(figures.status).toBe(200);
    expect(figures.body).toMatchObject({
      tasks: 2,
      crossAgencyTasks: 2,
      crossAgencyRatePercent: 100,
      completedTasks: 1,
      completionRatePercent: 50,
      publicationRatePercent: 100,
      targetsDrawn: 14,
      inspectorDraws: 14,
    });
    const viaGrpc = await callUnary(
      grpcClient,
      grpcClient.getRandomInspection,
      { countyCode: COUNTY, planId: 'plan-a' },
      {
        deadlineMs: 5000,
        bearerToken: supervisor,
      },
    );
    expect(viaGrpc).toMatchObject({ status: 'completed', figures: { completionRatePercent: 100, publicationRatePercent: 100 } });
    expect(viaGrpc.targetDraw?.seed).toBe(42);
  });

  it('a draw without a seed records the random seed it used; a viewer may read but not draw', async () => {
    await createPlan('plan-c');
    expect((await api('supervision', 'POST', `${plans}/plan-c/target-draws`, viewer, {})).status).toBe(403);
    expect((await post('plan-c', 'target-draws', {})).status).toBe(201);
    const c = await eventually(
      'plan c to show its draw',
      () => plan('plan-c'),
      (p) => p['status'] === 'targets_drawn',
    );
    const seed = c['targetDraw'].seed as number;
    expect(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff).toBe(true);
    const again = await post('plan-c', 'target-draws', { seed: 5 });
    expect(again.status).toBe(409);
  });
});
