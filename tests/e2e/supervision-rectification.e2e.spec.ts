import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials } from '@grpc/grpc-js';
import { governanceV1, rectificationV1, statisticsV1 } from '@lesp/contracts';
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
 * The acceptance of the supervision issue, end to end: acts recorded in case intake (over its
 * HTTP API) raise alerts in supervision through Kafka; a supervisor issues a notice from an
 * alert; the addressed agency's clerk answers (another agency's clerk may not); the
 * supervisor accepts and closes it; the annual report's counts match the acts recorded, as
 * JSON (REST and gRPC), XLSX and a printable page.
 */
const suffix = uniqueSuffix();
const COUNTY = '431103';
const env = (name: ServiceName) => ({
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `e2e_rect_${suffix}_${name.replace(/-/g, '_')}`,
  TOPIC_PREFIX: `e2e-rect-${suffix}`,
  KAFKA_PARTITIONS: '2',
  TIMER_POLL_MS: '200',
});
const services = {} as Record<'case-intake' | 'supervision', ServiceProcess>;
let supervisor: string;
let clerk: string;
let otherClerk: string;
let viewer: string;

async function api(base: 'case-intake' | 'supervision', method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${services[base].httpUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text.startsWith('{') ? JSON.parse(text) : {}) as Record<string, unknown> };
}
const expectStatus = async (promise: ReturnType<typeof api>, status: number) => {
  const response = await promise;
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  return response.body;
};

const target = { kind: 'legal_person', name: '冷水滩区某商行', creditCode: '91350100M000100Y43', enterprise: true };
const both = ['o-1', 'o-2'];
const at = (day: string, hour = 9) => `${day}T${String(hour).padStart(2, '0')}:00:00+08:00`;

beforeAll(async () => {
  const started = await Promise.all((['case-intake', 'supervision'] as const).map((name) => startServiceProcess(name, env(name))));
  for (const service of started) services[service.name as 'case-intake' | 'supervision'] = service;
  const tokens = await devTokens();
  supervisor = await tokens.issue({ subject: 'sup-431103', role: 'county_supervisor', countyCode: COUNTY });
  clerk = await tokens.issue({ subject: 'clerk-scjgj', role: 'agency_clerk', countyCode: COUNTY, agencyId: 'scjgj' });
  otherClerk = await tokens.issue({ subject: 'clerk-zrzyj', role: 'agency_clerk', countyCode: COUNTY, agencyId: 'zrzyj' });
  viewer = await tokens.issue({ subject: 'viewer-4311', role: 'regional_viewer', regionCode: '4311' });

  await expectStatus(
    api('case-intake', 'POST', `/api/v1/counties/${COUNTY}/agencies`, supervisor, {
      agencyId: 'scjgj',
      name: '冷水滩区市场监督管理局',
      creditCode: '11431103MB1A23456Q',
      kind: '行政机关',
    }),
    201,
  );
  for (const [officerId, serial] of [
    ['o-1', '01'],
    ['o-2', '02'],
  ] as const) {
    await expectStatus(
      api('case-intake', 'POST', `/api/v1/counties/${COUNTY}/officers`, supervisor, {
        officerId,
        agencyId: 'scjgj',
        name: `执法员${serial}`,
        idNumber: '431103198512310021',
        certificateNumber: `湘执法-4311-${serial}`,
        certificateValidUntil: '2030-12-31T00:00:00+08:00',
        enforcementAreas: ['市场监管'],
      }),
      201,
    );
  }
}, 180_000);

afterAll(async () => {
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

async function openAct(actId: string, openedBy: 'application' | 'filing', category: string, day: string) {
  await expectStatus(
    api('case-intake', 'POST', `/api/v1/counties/${COUNTY}/acts`, clerk, {
      actId,
      openedBy,
      agencyId: 'scjgj',
      category,
      caseNumber: `冷市监〔2026〕${actId}号`,
      title: `${actId} 案`,
      target,
      officerIds: both,
      occurredAt: at(day),
    }),
    201,
  );
}
async function step(actId: string, body: Record<string, unknown>) {
  await expectStatus(api('case-intake', 'POST', `/api/v1/counties/${COUNTY}/acts/${actId}/steps`, clerk, body), 201);
}

describe('supervision end to end: acts → alerts → rectification → annual report', () => {
  it('raises an alert from an act, rectifies it through notice, reply and acceptance, and reports the acts recorded', async () => {
    // 2026 in one agency: three licence applications (two accepted, one granted), two penalty cases
    // (one decided with a 5,000 yuan fine and closed; its evidence was taken by one officer).
    await openAct('l-1', 'application', 'licensing', '2026-03-02');
    await step('l-1', { type: 'ApplicationDecidedOnAcceptance', accepted: true, officerIds: both, occurredAt: at('2026-03-03') });
    await step('l-1', {
      type: 'DecisionMade',
      decisionNumber: '冷市监许〔2026〕1号',
      outcome: 'granted',
      legalBasis: '《食品经营许可管理办法》',
      officerIds: both,
      occurredAt: at('2026-03-10'),
    });
    await openAct('l-2', 'application', 'licensing', '2026-04-01');
    await step('l-2', { type: 'ApplicationDecidedOnAcceptance', accepted: true, officerIds: both, occurredAt: at('2026-04-02') });
    await openAct('l-3', 'application', 'licensing', '2026-05-06');
    await openAct('p-1', 'filing', 'penalty', '2026-06-01');
    await step('p-1', {
      type: 'EvidenceCollected',
      evidenceId: 'ev-1',
      kind: 'document',
      description: '现场检查笔录',
      recorder: '执法员01',
      recordedAt: at('2026-06-02'),
      proves: '销售过期食品',
      officerIds: ['o-1'],
      occurredAt: at('2026-06-02'),
    });
    await step('p-1', {
      type: 'DecisionMade',
      decisionNumber: '冷市监罚决〔2026〕1号',
      outcome: 'penalized',
      legalBasis: '《食品安全法》第一百二十四条',
      discretionBenchmark: '冷水滩区市场监管行政处罚裁量基准第 12 条',
      fineFen: 500_000,
      officerIds: both,
      occurredAt: at('2026-06-20'),
    });
    await step('p-1', { type: 'ActClosed', result: '已执行', officerIds: both, occurredAt: at('2026-06-30') });
    await openAct('p-2', 'filing', 'penalty', '2026-07-01');

    // The one-officer evidence step raises a real-time alert in supervision, through Kafka.
    const alert = await eventually(
      'the fewer-than-two-officers alert of p-1',
      async () => {
        const list = (await api('supervision', 'GET', `/api/v1/counties/${COUNTY}/alerts?ruleId=fewer-than-two-officers`, supervisor)).body[
          'alerts'
        ] as { alertId: string; subjectId: string; agencyId: string }[] | undefined;
        return list?.find((a) => a.subjectId === 'p-1');
      },
      (found) => found !== undefined,
      { timeoutMs: 60_000, intervalMs: 300 },
    );
    expect(alert!.agencyId).toBe('scjgj');

    // A supervisor issues a notice from the alert, due in 5 working days; a clerk may not issue.
    const notice = {
      rectificationId: 'rf-e2e-1',
      documentKind: 'notice',
      documentNumber: '冷司监通〔2026〕7号',
      supervisionForm: 'routine',
      agencyId: 'scjgj',
      grounds: [{ kind: 'alert', alertId: alert!.alertId }],
      findings: '调查取证仅一名执法人员在场',
      requirements: '严格执行两人以上执法制度，对相关人员批评教育',
      deadlineWorkingDays: 5,
      copiedTo: [{ name: '冷水滩区人民政府', relation: '本级人民政府' }],
    };
    const base = `/api/v1/counties/${COUNTY}/rectifications`;
    await expectStatus(api('supervision', 'POST', base, clerk, notice), 403);
    const wrongAgency = await api('supervision', 'POST', base, supervisor, { ...notice, rectificationId: 'rf-wrong', agencyId: 'zrzyj' });
    expect(wrongAgency).toMatchObject({ status: 400, body: { error: { code: 'GROUND_OF_ANOTHER_AGENCY' } } });
    expect(await expectStatus(api('supervision', 'POST', base, supervisor, notice), 201)).toMatchObject({
      aggregateId: 'rf-e2e-1',
      version: 1,
    });
    const issued = await eventually(
      'the notice in the clerk’s list',
      async () => (await api('supervision', 'GET', base, clerk)).body['rectifications'] as { rectificationId: string; status: string }[],
      (list) => list?.some((r) => r.rectificationId === 'rf-e2e-1'),
    );
    expect(issued.find((r) => r.rectificationId === 'rf-e2e-1')).toMatchObject({ status: 'awaiting_reply' });
    expect((await api('supervision', 'GET', base, otherClerk)).body['rectifications']).toEqual([]);

    // The clerk of another agency may not answer; the addressed agency's clerk does.
    const reply = { agencyId: 'scjgj', measures: ['组织全体执法人员学习两人执法制度', '对当事执法人员批评教育'], explanation: '已整改' };
    await expectStatus(api('supervision', 'POST', `${base}/rf-e2e-1/reply`, otherClerk, reply), 403);
    const notAddressed = await api('supervision', 'POST', `${base}/rf-e2e-1/reply`, otherClerk, { ...reply, agencyId: 'zrzyj' });
    expect(notAddressed).toMatchObject({ status: 409, body: { error: { code: 'RECTIFICATION_ADDRESSED_ELSEWHERE' } } });
    await expectStatus(api('supervision', 'POST', `${base}/rf-e2e-1/reply`, clerk, reply), 200);
    await expectStatus(api('supervision', 'POST', `${base}/rf-e2e-1/acceptance`, clerk, { opinion: '自己验收' }), 403);
    await expectStatus(api('supervision', 'POST', `${base}/rf-e2e-1/acceptance`, supervisor, { opinion: '整改到位' }), 200);
    await expectStatus(
      api('supervision', 'POST', `${base}/rf-e2e-1/closure`, supervisor, { outcome: 'rectified', publicSummary: '已按要求完成整改' }),
      200,
    );
    const closed = await eventually(
      'the closed rectification in the read model',
      async () => (await api('supervision', 'GET', `${base}/rf-e2e-1`, clerk)).body,
      (doc) => doc['status'] === 'closed',
    );
    expect(closed).toMatchObject({
      agencyId: 'scjgj',
      overdue: false,
      repliedLate: false,
      measures: reply.measures,
      lastOpinion: '整改到位',
      outcome: 'rectified',
      grounds: [{ kind: 'alert', alertId: alert!.alertId }],
    });
    const rectifications = new rectificationV1.RectificationServiceClient(services.supervision.grpcAddress, credentials.createInsecure());
    const overGrpc = await callUnary(
      rectifications,
      rectifications.getRectification,
      { countyCode: COUNTY, rectificationId: 'rf-e2e-1' },
      { deadlineMs: 5000, bearerToken: supervisor },
    );
    expect(overGrpc).toMatchObject({ status: 'closed', documentNumber: '冷司监通〔2026〕7号', escalationLevel: 0 });
    rectifications.close();

    // The annual report counts exactly the acts recorded.
    type Figure = { key: string; value: number | null; text: string };
    const figuresOf = (view: Record<string, unknown>) =>
      Object.fromEntries(
        (view['sections'] as { figures: Figure[] }[]).flatMap((s) => s.figures.map((f) => [f.key, f.value] as const)),
      ) as Record<string, number | null>;
    const reportPath = `/api/v1/counties/${COUNTY}/statistics?period=year&year=2026&name=${encodeURIComponent('冷水滩区')}`;
    const report = await eventually(
      'the annual report to count every act',
      async () => (await api('supervision', 'GET', reportPath, supervisor)).body,
      (view) => view['sections'] !== undefined && figuresOf(view)['penalty.closed'] === 1 && figuresOf(view)['licensing.applied'] === 3,
    );
    expect(report['title']).toContain('冷水滩区');
    expect(figuresOf(report)).toMatchObject({
      'licensing.applied': 3,
      'licensing.accepted': 2,
      'licensing.granted': 1,
      'penalty.filed': 2,
      'penalty.closed': 1,
      'penalty.closingRate': 0.5,
      'penalty.fines': 0.5,
      'penalty.total': 1,
    });
    expect((report['units'] as { unitId: string; name: string }[]).map((u) => [u.unitId, u.name])).toEqual([
      ['scjgj', '冷水滩区市场监督管理局'],
    ]);
    // Before the acts were recorded the same report was empty.
    const before = await api('supervision', 'GET', `${reportPath}&asOf=2026-01-01T00:00:00%2B08:00`, supervisor);
    expect(figuresOf(before.body)['licensing.applied']).toBe(0);

    const statistics = new statisticsV1.StatisticsServiceClient(services.supervision.grpcAddress, credentials.createInsecure());
    const grpcReport = await callUnary(
      statistics,
      statistics.getCountyStatistics,
      { countyCode: COUNTY, period: { kind: 'year', year: 2026, month: 0, half: 0 }, asOf: undefined, name: '冷水滩区' },
      { deadlineMs: 10_000, bearerToken: supervisor },
    );
    const grpcFigures = Object.fromEntries(grpcReport.sections.flatMap((s) => s.figures.map((f) => [f.key, f.value])));
    expect(grpcFigures).toMatchObject({ 'licensing.applied': 3, 'penalty.filed': 2, 'penalty.fines': 0.5 });
    const city = await callUnary(
      statistics,
      statistics.getCityStatistics,
      {
        regionCode: '4311',
        countyCodes: [COUNTY],
        period: { kind: 'year', year: 2026, month: 0, half: 0 },
        asOf: undefined,
        name: '永州市',
      },
      { deadlineMs: 10_000, bearerToken: viewer },
    );
    expect(city.units.map((u) => u.unitId)).toEqual([COUNTY]);
    statistics.close();

    // XLSX and the printable page of the same report; the clerk reads their agency's only.
    const xlsx = await fetch(`${services.supervision.httpUrl}${reportPath}&format=xlsx`, {
      headers: { authorization: `Bearer ${supervisor}` },
    });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString('latin1'),
    ).toBe('PK');
    const html = await fetch(`${services.supervision.httpUrl}${reportPath}&format=html`, {
      headers: { authorization: `Bearer ${supervisor}` },
    });
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await html.text()).toContain('冷水滩区');
    await expectStatus(api('supervision', 'GET', reportPath, clerk), 403);
    const own = await api('supervision', 'GET', `/api/v1/counties/${COUNTY}/agencies/scjgj/statistics?period=half&year=2026&half=1`, clerk);
    expect(figuresOf(own.body)).toMatchObject({ 'licensing.applied': 3, 'penalty.filed': 1 });
  });

  it("evaluates the agency's year (评议考核) from the same figures, the notice answered on time and its alerts, with the supervisors' scores", async () => {
    const scores = [9500, 8800, 9000, 7000, 9200].map((centipoints, i) => ({
      supervisorId: `s-${i}`,
      indicatorCode: 'assessment',
      centipoints,
    }));
    const recorded = await api('supervision', 'POST', `/api/v1/counties/${COUNTY}/agency-evaluations`, supervisor, {
      agencyId: 'scjgj',
      year: 2026,
      supervisorScores: scores,
    });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    const evaluationId = recorded.body['aggregateId'] as string;
    const listed = await eventually(
      'the evaluation to be listed',
      async () => (await api('supervision', 'GET', `/api/v1/counties/${COUNTY}/agency-evaluations?year=2026`, viewer)).body,
      (body) => ((body['evaluations'] as unknown[] | undefined) ?? []).length === 1,
    );
    const [evaluation] = listed['evaluations'] as Record<string, unknown>[];
    const figures = Object.fromEntries((evaluation!['figures'] as { key: string; text: string }[]).map((f) => [f.key, f.text]));
    // One penalty of two closed; the notice answered before its deadline; the supervisors' assessment 90 without the extremes.
    expect(figures).toMatchObject({ closingRate: '50.00%', rectificationOnTimeRate: '100.00%' });
    expect(figures['alertResolutionRate']).toMatch(/%$/);
    expect(evaluation).toMatchObject({ agencyId: 'scjgj', agencyName: '冷水滩区市场监督管理局', rank: 1, status: 'recorded' });
    expect((evaluation!['indicators'] as { code: string; score: string | null }[]).find((i) => i.code === 'assessment')?.score).toBe(
      '90.00',
    );
    await expectStatus(api('supervision', 'POST', `/api/v1/counties/${COUNTY}/agency-evaluations/${evaluationId}/publication`, clerk), 403);
    await expectStatus(
      api('supervision', 'POST', `/api/v1/counties/${COUNTY}/agency-evaluations/${evaluationId}/publication`, supervisor),
      200,
    );
    const governance = new governanceV1.GovernanceServiceClient(services.supervision.grpcAddress, credentials.createInsecure());
    const published = await eventually(
      'the evaluation to show as published over gRPC',
      () =>
        callUnary(
          governance,
          governance.getAgencyEvaluation,
          { countyCode: COUNTY, evaluationId },
          { deadlineMs: 5000, bearerToken: viewer },
        ),
      (e) => e.status === 'published',
    );
    expect(published).toMatchObject({ agencyId: 'scjgj', year: 2026, grade: evaluation!['grade'], score: evaluation!['score'] });
    governance.close();
  });
});
