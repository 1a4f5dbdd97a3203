import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials } from '@grpc/grpc-js';
import { supervisionV1 } from '@lesp/contracts';
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
 * Acts recorded in case intake raise alerts in supervision through Kafka: real-time alerts
 * as the steps arrive, and a deadline alert fired by supervision's durable timer (a decision
 * on the working day before the 2026 National Day holiday, never disclosed). Alerts are
 * listed over REST and gRPC, acknowledged by the agency's clerk and dismissed by a supervisor.
 */
const suffix = uniqueSuffix();
const COUNTY = '431103';
const OTHER_COUNTY = '433124';
const env = (name: ServiceName) => ({
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `e2e_sva_${suffix}_${name.replace(/-/g, '_')}`,
  TOPIC_PREFIX: `e2e-sva-${suffix}`,
  KAFKA_PARTITIONS: '2',
  TIMER_POLL_MS: '200',
});
const services = {} as Record<'case-intake' | 'supervision', ServiceProcess>;
let supervisor: string;
let otherSupervisor: string;
let clerk: string;
let otherClerk: string;
let operator: string;

interface AlertJson {
  alertId: string;
  ruleId: string;
  ruleVersion: number;
  level: string;
  kind: string;
  status: string;
  agencyId: string;
  message: string;
  evidenceEventIds: string[];
}

async function api(base: 'case-intake' | 'supervision', method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${services[base].httpUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { alerts?: AlertJson[] } };
}

const alertsOf = async (token: string, county = COUNTY, query = '') =>
  (await api('supervision', 'GET', `/api/v1/counties/${county}/alerts${query}`, token)).body.alerts ?? [];

beforeAll(async () => {
  const started = await Promise.all((['case-intake', 'supervision'] as const).map((name) => startServiceProcess(name, env(name))));
  for (const service of started) services[service.name as 'case-intake' | 'supervision'] = service;
  const tokens = await devTokens();
  supervisor = await tokens.issue({ subject: 'sup-431103', role: 'county_supervisor', countyCode: COUNTY });
  otherSupervisor = await tokens.issue({ subject: 'sup-433124', role: 'county_supervisor', countyCode: OTHER_COUNTY });
  clerk = await tokens.issue({ subject: 'clerk-scjgj', role: 'agency_clerk', countyCode: COUNTY, agencyId: 'scjgj' });
  otherClerk = await tokens.issue({ subject: 'clerk-zrzyj', role: 'agency_clerk', countyCode: COUNTY, agencyId: 'zrzyj' });
  operator = await tokens.issue({ subject: 'ops', role: 'operator' });

  expect(
    (
      await api('case-intake', 'POST', `/api/v1/counties/${COUNTY}/agencies`, supervisor, {
        agencyId: 'scjgj',
        name: '冷水滩区市场监督管理局',
        creditCode: '11431103MB1A23456Q',
        kind: '行政机关',
      })
    ).status,
  ).toBe(201);
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

describe('acts recorded in case intake raise alerts in supervision', () => {
  it('real-time alerts as the steps arrive, a deadline alert from the timer; listed, acknowledged and dismissed', async () => {
    const target = { kind: 'legal_person', name: '冷水滩区某商行', creditCode: '91350100M000100Y43', enterprise: true };
    const opened = await api('case-intake', 'POST', `/api/v1/counties/${COUNTY}/acts`, clerk, {
      actId: 'sva-1',
      openedBy: 'filing',
      agencyId: 'scjgj',
      category: 'penalty',
      caseNumber: '冷市监罚〔2026〕88号',
      title: '销售过期食品案',
      itemCode: 'XZCF-001',
      target,
      officerIds: ['o-1', 'o-2'],
      occurredAt: '2026-09-21T09:00:00+08:00',
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const steps = [
      // One officer, and an audio-video record without recorder.
      {
        type: 'EvidenceCollected',
        evidenceId: 'av-1',
        kind: 'audio_video',
        description: '执法记录仪视频',
        recorder: '',
        proves: '货架存放过期食品',
        officerIds: ['o-1'],
        occurredAt: '2026-09-22T10:00:00+08:00',
      },
      // Decided on the last working day before the National Day holiday, without a discretion benchmark, never disclosed.
      {
        type: 'DecisionMade',
        decisionNumber: '冷市监罚决〔2026〕88号',
        outcome: 'penalized',
        legalBasis: '《食品安全法》第一百二十四条',
        discretionBenchmark: '',
        fineFen: 500000,
        officerIds: ['o-1', 'o-2'],
        occurredAt: '2026-09-30T16:00:00+08:00',
      },
    ];
    for (const step of steps) {
      const recorded = await api('case-intake', 'POST', `/api/v1/counties/${COUNTY}/acts/sva-1/steps`, clerk, step);
      expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    }
    // An enterprise inspection nobody filed beforehand.
    const inspection = await api('case-intake', 'POST', `/api/v1/counties/${COUNTY}/acts`, clerk, {
      actId: 'sva-2',
      openedBy: 'filing',
      agencyId: 'scjgj',
      category: 'inspection',
      caseNumber: '冷市监查〔2026〕5号',
      title: '食品经营日常检查',
      itemCode: 'XZJC-001',
      target,
      officerIds: ['o-1', 'o-2'],
      occurredAt: '2026-11-03T09:00:00+08:00',
    });
    expect(inspection.status, JSON.stringify(inspection.body)).toBe(201);

    const expected = [
      'decision-not-disclosed',
      'decision-without-discretion-benchmark',
      'enterprise-inspection-not-filed',
      'evidence-record-incomplete',
      'fewer-than-two-officers',
    ];
    const acceptedAt = Date.now();
    const alerts = await eventually(
      'supervision to raise the five alerts',
      () => alertsOf(supervisor),
      (list) =>
        expected.every((ruleId) => list.some((a) => a.ruleId === ruleId && (ruleId !== 'decision-not-disclosed' || a.level === 'red'))),
      { timeoutMs: 60_000, intervalMs: 300 },
    );
    console.log(`[e2e] alerts raised in supervision ${Date.now() - acceptedAt} ms after the last act was accepted`);
    expect([...new Set(alerts.map((a) => a.ruleId))].sort()).toEqual(expected);
    const byRule = (ruleId: string) => alerts.find((a) => a.ruleId === ruleId)!;
    // Late but once: the timer found the deadline long passed and raised it once, at red.
    expect(byRule('decision-not-disclosed')).toMatchObject({
      kind: 'deadline',
      level: 'red',
      ruleVersion: 1,
      agencyId: 'scjgj',
      status: 'open',
    });
    expect(byRule('decision-not-disclosed').message).toContain('期限 2026-10-15');
    expect(byRule('fewer-than-two-officers')).toMatchObject({ kind: 'real_time', level: 'yellow' });
    expect(byRule('evidence-record-incomplete').message).toContain('缺少记录人');
    expect(alerts.filter((a) => a.ruleId === 'decision-not-disclosed')).toHaveLength(1);

    // Filters and gRPC.
    expect((await alertsOf(supervisor, COUNTY, '?level=red')).map((a) => a.ruleId)).toEqual(['decision-not-disclosed']);
    const client = new supervisionV1.SupervisionServiceClient(services.supervision.grpcAddress, credentials.createInsecure());
    const overGrpc = await callUnary(
      client,
      client.listAlerts,
      { countyCode: COUNTY, agencyId: '', ruleId: 'fewer-than-two-officers', level: '', status: '', page: undefined },
      { deadlineMs: 5000, bearerToken: supervisor },
    );
    expect(overGrpc.alerts.map((a) => a.ruleId)).toEqual(['fewer-than-two-officers']);
    client.close();

    // Another county sees nothing of it; a clerk of another agency sees none of these.
    expect(await alertsOf(otherSupervisor, OTHER_COUNTY)).toEqual([]);
    expect(await alertsOf(otherClerk)).toEqual([]);

    // The clerk acknowledges; another agency's clerk may not; the supervisor dismisses with a reason.
    const benchmark = byRule('decision-without-discretion-benchmark');
    const ackPath = `/api/v1/counties/${COUNTY}/alerts/${benchmark.alertId}/acknowledgement`;
    expect((await api('supervision', 'POST', ackPath, otherClerk, { note: '不是本单位' })).status).toBe(403);
    expect((await api('supervision', 'POST', ackPath, clerk, { note: '已补充裁量基准说明' })).status).toBe(200);
    const evidence = byRule('evidence-record-incomplete');
    const dismissPath = `/api/v1/counties/${COUNTY}/alerts/${evidence.alertId}/dismissal`;
    expect((await api('supervision', 'POST', dismissPath, clerk, { reason: '想驳回' })).status).toBe(403);
    const noReason = await api('supervision', 'POST', dismissPath, supervisor, { reason: ' ' });
    expect(noReason).toMatchObject({ status: 400, body: { error: { code: 'DISMISS_REASON_REQUIRED' } } });
    expect((await api('supervision', 'POST', dismissPath, supervisor, { reason: '记录人已在案卷中载明，系录入遗漏' })).status).toBe(200);
    await eventually(
      'the acknowledgement and the dismissal in the alert list',
      () => alertsOf(supervisor),
      (list) =>
        list.find((a) => a.alertId === benchmark.alertId)?.status === 'acknowledged' &&
        list.find((a) => a.alertId === evidence.alertId)?.status === 'dismissed',
    );
  });

  it('serves the working-day calendar seeded from chinese-days and the rule catalogue', async () => {
    const calendar = await api('supervision', 'GET', '/api/v1/working-calendar/2026', operator);
    expect(calendar.status).toBe(200);
    expect(calendar.body).toMatchObject({ year: 2026, source: expect.stringMatching(/^chinese-days@/) });
    expect(calendar.body['holidays']).toContain('2026-10-01');
    expect(calendar.body['workdays']).toContain('2026-10-10');
    const rules = await api('supervision', 'GET', '/api/v1/supervision/rules', supervisor);
    expect((rules.body['rules'] as { ruleId: string }[]).map((r) => r.ruleId)).toContain('decision-not-disclosed');
  });

  it('an operator amends the 2026 calendar: a running working-day deadline moves with it', async () => {
    const opened = await api('case-intake', 'POST', `/api/v1/counties/${COUNTY}/acts`, clerk, {
      actId: 'sva-3',
      openedBy: 'application',
      agencyId: 'scjgj',
      category: 'licensing',
      caseNumber: '冷市监许〔2026〕301号',
      title: '食品经营许可申请',
      itemCode: 'XZXK-001',
      target: { kind: 'legal_person', name: '冷水滩区某餐馆', creditCode: '91350100M000100Y43', enterprise: true },
      officerIds: ['o-1', 'o-2'],
      occurredAt: '2026-11-20T09:00:00+08:00',
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const mongo = new MongoClient(integrationEnv().mongoUrl);
    await mongo.connect();
    try {
      const timers = mongo.db(env('supervision').MONGO_DB).collection<{ _id: string; lastDay: string }>('deadline_timers');
      const timerId = `${COUNTY}/act-open-past-time-limit/sva-3`;
      // 20 working days after Friday 20 November 2026: 18 December.
      await eventually(
        'the licence time limit to run',
        () => timers.findOne({ _id: timerId }),
        (t) => t?.lastDay === '2026-12-18',
      );

      const year = await api('supervision', 'GET', '/api/v1/working-calendar/2026', operator);
      const holidays = [...(year.body['holidays'] as string[]), '2026-12-14'];
      const amended = await api('supervision', 'POST', '/api/v1/working-calendar/2026', operator, {
        holidays,
        workdays: year.body['workdays'],
        source: '测试：地方性假日',
        reason: '补充一天假日',
      });
      expect(amended).toMatchObject({ status: 200, body: { aggregateId: '2026', version: 2 } });
      expect(
        (await api('supervision', 'POST', '/api/v1/working-calendar/2026', supervisor, { holidays, workdays: [], source: 'x' })).status,
      ).toBe(403);
      await eventually(
        'the deadline to move one working day on',
        () => timers.findOne({ _id: timerId }),
        (t) => t?.lastDay === '2026-12-21',
      );
      expect((await api('supervision', 'GET', '/api/v1/working-calendar/2026', clerk)).body).toMatchObject({
        version: 2,
        source: '测试：地方性假日',
      });
    } finally {
      await mongo.close();
    }
  });
});
