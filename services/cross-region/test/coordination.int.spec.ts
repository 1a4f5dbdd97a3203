import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Metadata, credentials } from '@grpc/grpc-js';
import {
  actEventCodec,
  alertEventCodec,
  coordinationV1,
  type exchangeV1,
  rectificationEventCodec,
  type ActEvent,
  type AlertEvent,
} from '@lesp/contracts';
import { newId, type EventRecord } from '@lesp/core';
import { KafkaEventPublisher, topicNaming } from '@lesp/kafka-bus';
import { callUnary } from '@lesp/service-bootstrap';
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
 * Cross-region coordination through the running process, fed by case intake's act events and
 * supervision's alert events as they travel on Kafka (published here, as those services'
 * relays would): an agreement between 花垣 and 秀山 whose shared scope decides what 花垣 sees of
 * 秀山's linked act (the act with its alert, the act without it, nothing); advice sent on paper
 * and overdue goes before the joint meeting held next (process manager); the meeting's task is
 * completed by its assignee; agreement years whose host held no meeting are flagged.
 */
const suffix = uniqueSuffix();
const HUAYUAN = '433124';
const XIUSHAN = '500241';
const DAY = 86_400_000;
const env = {
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `xr_${suffix}`,
  TOPIC_PREFIX: `xr-${suffix}`,
  KAFKA_PARTITIONS: '2',
  // The advice escalation timer fires often enough for a test to see it.
  ADVICE_ESCALATION_POLL_MS: '300',
};
let service: ServiceProcess;
let publisher: KafkaEventPublisher;
const token: Record<string, string> = {};
let agreementId: string;
let incidentId: string;
/** Case intake's and supervision's events published before the tests (redelivered by the exchange test). */
const earlier: EventRecord[] = [];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
async function api(county: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${service.httpUrl}/api/v1/counties/${county}${path}`, {
    method,
    headers: { authorization: `Bearer ${token[county]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Json };
}
const until = (what: string, county: string, path: string, accept: (body: Json) => boolean) =>
  eventually(
    what,
    () => api(county, 'GET', path),
    (r) => r.status === 200 && accept(r.body),
  );

function record(
  source: 'case-intake' | 'supervision',
  aggregateType: string,
  aggregateId: string,
  version: number,
  encoded: { eventType: string; schemaVersion: number; payload: Uint8Array },
  county = XIUSHAN,
): EventRecord {
  const at = new Date();
  return {
    eventId: newId(),
    ...encoded,
    source,
    countyCode: county,
    aggregateType,
    aggregateId,
    streamId: `${county}/${aggregateType}/${aggregateId}`,
    version,
    occurredAt: at,
    recordedAt: at,
    actor: { userId: 'test', role: 'county_supervisor', countyCode: county },
    correlationId: newId(),
    causationId: newId(),
    previousHash: '0'.repeat(64),
    hash: '1'.repeat(64),
  };
}

beforeAll(async () => {
  service = await startServiceProcess('cross-region', env);
  const tokens = await devTokens();
  for (const county of [HUAYUAN, XIUSHAN])
    token[county] = await tokens.issue({ subject: `sup-${county}`, role: 'county_supervisor', countyCode: county });
  publisher = new KafkaEventPublisher(createTestKafka(), topicNaming(env.TOPIC_PREFIX));
  const filed: ActEvent = {
    type: 'CaseFiled',
    data: {
      opening: {
        actId: 'a1',
        agencyId: 'xs-sthj',
        category: 'penalty',
        caseNumber: '秀环罚〔2026〕1号',
        title: '尾矿库泄漏',
        itemCode: '',
        target: {
          kind: 'legal_person',
          name: '某锰业公司',
          idNumber: '',
          creditCode: '91350100M000100Y43',
          phone: '',
          address: '',
          enterprise: true,
        },
        major: true,
        delegationId: '',
        officerIds: ['o1'],
        occurredAt: new Date('2026-05-03T08:00:00+08:00'),
        summary: '',
        delegationGap: '',
      },
    },
  };
  const raised: AlertEvent = {
    type: 'AlertRaised',
    data: {
      alertId: 'al-1',
      ruleId: 'single-officer',
      ruleVersion: 1,
      packId: 'standard',
      kind: 'real_time',
      level: 'yellow',
      agencyId: 'xs-sthj',
      subjectType: 'act',
      subjectId: 'a1',
      evidenceEventIds: [],
      title: '执法人员不足两人',
      message: '立案时只有一名执法人员',
      dueAt: undefined,
    },
  };
  // A 花垣 (Hunan) penalty that applied Chongqing's daily fine and cited Chongqing's regulation.
  const hunanFiled: ActEvent = {
    type: 'CaseFiled',
    data: { opening: { ...filed.data.opening!, actId: 'h1', agencyId: 'hy-sthj', caseNumber: '花环罚〔2026〕7号' } },
  };
  const hunanDecision: ActEvent = {
    type: 'DecisionMade',
    data: {
      decisionNumber: '花环罚决〔2026〕7号',
      outcome: 'penalty',
      legalBasis: '《重庆市环境保护条例》第一百零八条',
      discretionBenchmark: '',
      fineFen: 100_000_00,
      confiscationFen: 0,
      firstOffenceExempt: false,
      lighterPenalty: '',
      content: '责令改正，按日连续处罚',
      officerIds: ['o1', 'o2'],
      occurredAt: new Date('2026-06-01T10:00:00+08:00'),
    },
  };
  earlier.push(
    record('case-intake', 'EnforcementAct', 'h1', 1, actEventCodec.encode(hunanFiled), HUAYUAN),
    record('case-intake', 'EnforcementAct', 'h1', 2, actEventCodec.encode(hunanDecision), HUAYUAN),
    record('case-intake', 'EnforcementAct', 'a1', 1, actEventCodec.encode(filed)),
    record('supervision', 'Alert', 'al-1', 1, alertEventCodec.encode(raised)),
  );
  await publisher.publish(earlier);
}, 120_000);

afterAll(async () => {
  await publisher?.close();
  await service?.stop();
  const client = new MongoClient(integrationEnv().mongoUrl);
  await client.connect();
  await client
    .db(env.MONGO_DB)
    .dropDatabase()
    .catch(() => undefined);
  await client.close();
});

const scope = (xiushanShares: string[]) => ({
  name: '花垣—秀山边界联合监督协议',
  fields: ['生态环境'],
  sharedData: [
    { countyCode: HUAYUAN, dataKinds: ['enforcement_acts'] },
    { countyCode: XIUSHAN, dataKinds: xiushanShares },
  ],
  rulePacks: ['standard'],
});

describe('cross-region coordination through the running service', () => {
  it('shows 花垣 the act 秀山 linked with its alert only as far as 秀山 shares', async () => {
    const proposed = await api(XIUSHAN, 'POST', '/agreements', {
      ...scope(['enforcement_acts', 'alerts']),
      members: [XIUSHAN, HUAYUAN],
      // Three years ago: years 1 and 2 are over.
      effectiveFrom: new Date(Date.now() - (2 * 365 + 200) * DAY).toISOString(),
    });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    agreementId = proposed.body['aggregateId'];
    for (const county of [XIUSHAN, HUAYUAN]) {
      await until('agreement visible', county, `/agreements/${agreementId}`, () => true);
      expect((await api(county, 'POST', `/agreements/${agreementId}/signature`, {})).status).toBe(200);
    }
    await until('in force', HUAYUAN, `/agreements/${agreementId}`, (a) => a['status'] === 'in_force');
    const reported = await api(HUAYUAN, 'POST', `/agreements/${agreementId}/cross-border-incidents`, {
      locationCounty: XIUSHAN,
      title: '尾矿库泄漏污染下游',
      description: '花垣监测到上游秀山来水锰超标',
      occurredAt: '2026-05-03T08:00:00+08:00',
    });
    expect(reported.status, JSON.stringify(reported.body)).toBe(201);
    incidentId = reported.body['aggregateId'];
    await until('incident visible', HUAYUAN, `/cross-border-incidents/${incidentId}`, () => true);
    // 秀山 may not decide without the consent of every member.
    const partial = await api(XIUSHAN, 'POST', `/cross-border-incidents/${incidentId}/jurisdiction`, {
      handlingCounty: XIUSHAN,
      supervisingCounties: [HUAYUAN],
      basis: 'consent',
      consentingCounties: [XIUSHAN],
    });
    expect(partial.body.error?.code).toBe('CONSENT_INCOMPLETE');
    expect(
      (
        await api(XIUSHAN, 'POST', `/cross-border-incidents/${incidentId}/jurisdiction`, {
          handlingCounty: XIUSHAN,
          supervisingCounties: [HUAYUAN],
          basis: 'consent',
          consentingCounties: [XIUSHAN, HUAYUAN],
        })
      ).status,
    ).toBe(200);
    await until('assigned', XIUSHAN, `/cross-border-incidents/${incidentId}`, (i) => i['status'] === 'assigned');
    await eventually(
      'a1 linked',
      () => api(XIUSHAN, 'POST', `/cross-border-incidents/${incidentId}/linked-acts`, { actId: 'a1' }),
      (r) => r.status === 200,
    );
    const withAlert = await eventually(
      'a1 and its alert shared',
      () => api(HUAYUAN, 'GET', `/cross-border-incidents/${incidentId}/linked-acts`),
      (r) => r.status === 200 && r.body['acts'].length === 1 && r.body['acts'][0].alerts.length === 1,
    );
    expect(withAlert.body['acts'][0]).toMatchObject({
      actId: 'a1',
      countyCode: XIUSHAN,
      caseNumber: '秀环罚〔2026〕1号',
      status: 'open',
      alerts: [{ alertId: 'al-1', ruleId: 'single-officer', level: 'yellow', status: 'open' }],
    });
    expect(JSON.stringify(withAlert.body)).not.toContain('某锰业公司');

    const amend = async (shares: string[]) => {
      const agreement = await api(XIUSHAN, 'GET', `/agreements/${agreementId}`);
      const amended = await api(XIUSHAN, 'POST', `/agreements/${agreementId}/amendments`, {
        ...scope(shares),
        summary: '调整共享范围',
        leadOrder: agreement.body['leadOrder'],
        hostOrder: agreement.body['hostOrder'],
      });
      expect(amended.status, JSON.stringify(amended.body)).toBe(200);
      await until('amended', HUAYUAN, `/agreements/${agreementId}`, (a) => a['version'] === agreement.body['version'] + 1);
    };
    await amend(['enforcement_acts']);
    const withoutAlert = await api(HUAYUAN, 'GET', `/cross-border-incidents/${incidentId}/linked-acts`);
    expect(withoutAlert.body['acts'][0].alerts).toEqual([]);
    await amend([]);
    const none = await api(HUAYUAN, 'GET', `/cross-border-incidents/${incidentId}/linked-acts`);
    expect(none.status).toBe(403);
    expect(none.body.error.code).toBe('OUTSIDE_SHARED_SCOPE');
    // 秀山 always reads its own.
    expect((await api(XIUSHAN, 'GET', `/cross-border-incidents/${incidentId}/linked-acts`)).body['acts']).toHaveLength(1);
  });

  it('takes overdue advice before the joint meeting held next, whose task the assignee completes', async () => {
    const sent = await api(XIUSHAN, 'POST', `/agreements/${agreementId}/administrative-advice`, {
      toCounty: HUAYUAN,
      incidentId,
      subject: '加强下游水质监测',
      content: '请花垣加密监测断面并通报数据',
      sentAt: new Date(Date.now() - 10 * DAY).toISOString(),
      dueAt: new Date(Date.now() - 5 * DAY).toISOString(),
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const adviceId = sent.body['aggregateId'];
    await until('advice overdue', HUAYUAN, `/administrative-advice/${adviceId}`, (a) => a['overdue'] === true && a['status'] === 'sent');
    const scheduled = await api(HUAYUAN, 'POST', `/agreements/${agreementId}/joint-meetings`, {
      scheduledFor: new Date().toISOString(),
      agenda: ['通报泄漏处置情况', '逾期未答复的行政建议'],
    });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
    const meetingId = scheduled.body['aggregateId'];
    await until('meeting visible', HUAYUAN, `/joint-meetings/${meetingId}`, () => true);
    const held = await api(HUAYUAN, 'POST', `/joint-meetings/${meetingId}/holding`, {
      heldAt: new Date().toISOString(),
      attendees: [
        { countyCode: HUAYUAN, names: ['花垣代表'] },
        { countyCode: XIUSHAN, names: ['秀山代表'] },
      ],
      minutes: '会议通报了泄漏处置情况，研究了逾期未答复的建议',
    });
    expect(held.status, JSON.stringify(held.body)).toBe(200);
    const meeting = await until('meeting held', XIUSHAN, `/joint-meetings/${meetingId}`, (m) => m['status'] === 'held');
    expect(meeting.body['escalatedAdvice']).toEqual([{ adviceId, countyCode: XIUSHAN }]);
    await until(
      'advice escalated',
      XIUSHAN,
      `/administrative-advice/${adviceId}`,
      (a) => a['status'] === 'escalated' && a['escalatedToMeeting'] === meetingId,
    );

    const decided = await api(HUAYUAN, 'POST', `/joint-meetings/${meetingId}/decisions`, {
      decision: '花垣县一个月内完成下游断面加密监测并通报',
      assigneeCounty: HUAYUAN,
      dueAt: new Date(Date.now() + 30 * DAY).toISOString(),
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(201);
    const decisionId = decided.body['decisionId'];
    expect(
      (await api(XIUSHAN, 'POST', `/joint-meetings/${meetingId}/decisions/${decisionId}/completion`, { report: '不是秀山的任务' })).status,
    ).toBe(403);
    await eventually(
      'task completed',
      () => api(HUAYUAN, 'POST', `/joint-meetings/${meetingId}/decisions/${decisionId}/completion`, { report: '已完成加密监测' }),
      (r) => r.status === 200,
    );
    const done = await until(
      'task completed',
      XIUSHAN,
      `/joint-meetings/${meetingId}`,
      (m) => m['decisions'][0]?.completedAt !== undefined,
    );
    expect(done.body['decisions'][0]).toMatchObject({ assigneeCounty: HUAYUAN, report: '已完成加密监测', overdue: false });

    // Years 1 and 2 are over without a meeting: their hosts are flagged; the current year is not.
    const years = (await api(HUAYUAN, 'GET', `/agreements/${agreementId}/meeting-years`)).body['years'] as Json[];
    expect(years.map((y) => [y['year'], y['hostCounty'], y['flagged']])).toEqual([
      [1, XIUSHAN, true],
      [2, HUAYUAN, true],
      [3, XIUSHAN, false],
    ]);
    expect(years[2]!['meetingsHeld']).toEqual([meetingId]);

    // The same over gRPC.
    const client = new coordinationV1.CoordinationServiceClient(service.grpcAddress, credentials.createInsecure());
    const options = { deadlineMs: 5000, bearerToken: token[HUAYUAN]! };
    const viaGrpc = await callUnary(client, client.getMeeting, { countyCode: HUAYUAN, meetingId }, options);
    expect(viaGrpc).toMatchObject({ meetingId, status: 'held', inTurn: false, escalatedAdvice: [{ adviceId, countyCode: XIUSHAN }] });
    const advice = await callUnary(client, client.listAdvice, { countyCode: HUAYUAN }, options);
    expect(advice.advice.map((a) => [a.adviceId, a.status])).toEqual([[adviceId, 'escalated']]);
    client.close();
  });

  it('flags a Hunan penalty that applied a Chongqing-only rule, judged by the rules of the county where it was done', async () => {
    const reported = await api(XIUSHAN, 'POST', `/agreements/${agreementId}/cross-border-incidents`, {
      locationCounty: HUAYUAN,
      title: '花垣企业偷排',
      description: '秀山发现上游花垣企业偷排',
      occurredAt: '2026-05-20T08:00:00+08:00',
    });
    expect(reported.status, JSON.stringify(reported.body)).toBe(201);
    const id = reported.body['aggregateId'];
    await until('incident visible', XIUSHAN, `/cross-border-incidents/${id}`, () => true);
    expect(
      (
        await api(HUAYUAN, 'POST', `/cross-border-incidents/${id}/jurisdiction`, {
          handlingCounty: HUAYUAN,
          supervisingCounties: [XIUSHAN],
          basis: 'consent',
          consentingCounties: [XIUSHAN, HUAYUAN],
        })
      ).status,
    ).toBe(200);
    await until('assigned', HUAYUAN, `/cross-border-incidents/${id}`, (i) => i['handlingCounty'] === HUAYUAN);
    await eventually(
      'h1 linked',
      () => api(HUAYUAN, 'POST', `/cross-border-incidents/${id}/linked-acts`, { actId: 'h1' }),
      (r) => r.status === 200,
    );
    const shared = await eventually(
      'h1 decided and shared',
      () => api(XIUSHAN, 'GET', `/cross-border-incidents/${id}/linked-acts/h1`),
      (r) => r.status === 200 && r.body['status'] === 'decided',
    );
    expect(shared.body['ruleFlags'].map((f: Json) => [f['code'], f['rule']])).toEqual([
      ['RULE_NOT_IN_JURISDICTION', 'daily_fine'],
      ['FOREIGN_REGULATION_CITED', '50'],
    ]);
    // 秀山's own act, judged by Chongqing's rules, has none.
    expect((await api(XIUSHAN, 'GET', `/cross-border-incidents/${incidentId}/linked-acts/a1`)).body['ruleFlags']).toEqual([]);
  });

  it('rolls up a city’s agreements, incidents and open advice for its regional viewers only', async () => {
    const tokens = await devTokens();
    const viewer = await tokens.issue({ subject: 'viewer-4331', role: 'regional_viewer', regionCode: '4331' });
    const otherCity = await tokens.issue({ subject: 'viewer-4311', role: 'regional_viewer', regionCode: '4311' });
    const get = (region: string, t: string) =>
      fetch(`${service.httpUrl}/api/v1/regions/${region}/cross-region-summary`, { headers: { authorization: `Bearer ${t}` } }).then(
        async (r) => ({ status: r.status, body: (await r.json()) as Json }),
      );
    const summary = await get('4331', viewer);
    expect(summary.status).toBe(200);
    expect(summary.body['agreements']).toEqual([expect.objectContaining({ agreementId, membersInRegion: [HUAYUAN], status: 'in_force' })]);
    expect(summary.body['incidents']).toHaveLength(2);
    expect(summary.body['openIncidents']).toBe(2);
    expect(summary.body['overdueAdvice']).toBe(1);
    expect((await get('43', viewer)).status).toBe(403);
    expect((await get('4331', otherCity)).status).toBe(403);
    expect((await get('4311', otherCity)).body['agreements']).toEqual([]);
    const client = new coordinationV1.CoordinationServiceClient(service.grpcAddress, credentials.createInsecure());
    const viaGrpc = await callUnary(
      client,
      client.getRegionalSummary,
      { regionCode: '4331', countyCodes: [] },
      { deadlineMs: 5000, bearerToken: viewer },
    );
    expect(viaGrpc.agreements.map((a) => a.agreementId)).toEqual([agreementId]);
    client.close();
  });

  it('feeds 花垣’s acts, decisions, alerts and coordination records to its city as agreed, resumable, each event once', async () => {
    const tokens = await devTokens();
    const viewer = await tokens.issue({ subject: 'viewer-4331', role: 'regional_viewer', regionCode: '4331' });
    const province = await tokens.issue({ subject: 'viewer-43', role: 'regional_viewer', regionCode: '43' });
    const feed = (region: string, t: string, query = '') =>
      fetch(`${service.httpUrl}/api/v1/regions/${region}/exchange-feed/${HUAYUAN}${query}`, {
        headers: { authorization: `Bearer ${t}` },
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Json }));
    expect((await feed('4331', viewer)).body).toEqual({ entries: [], events: [], nextPosition: '0' });
    // Supervision's data on 花垣's act h1 (case intake's h1 was published before all): an alert, and a notice it has not agreed to share.
    const alert = record(
      'supervision',
      'Alert',
      'hy-al-1',
      1,
      alertEventCodec.encode({
        type: 'AlertRaised',
        data: {
          alertId: 'hy-al-1',
          ruleId: 'discretion-benchmark',
          ruleVersion: 1,
          packId: 'standard',
          kind: 'real_time',
          level: 'red',
          agencyId: 'hy-sthj',
          subjectType: 'act',
          subjectId: 'h1',
          evidenceEventIds: [],
          title: '适用外省规则',
          message: '某锰业公司案按日连续处罚',
          dueAt: undefined,
        },
      }),
      HUAYUAN,
    );
    const notice = record(
      'supervision',
      'Rectification',
      'hy-rect-1',
      1,
      rectificationEventCodec.encode({
        type: 'RectificationNoticeIssued',
        data: {
          rectificationId: 'hy-rect-1',
          countyCode: HUAYUAN,
          documentKind: 'notice',
          documentNumber: '花监通〔2026〕1号',
          supervisionForm: 'written',
          agencyId: 'hy-sthj',
          grounds: [{ kind: 'alert', alertId: 'hy-al-1', reviewId: '', problemId: '', planId: '', targetId: '', description: '' }],
          findings: '',
          requirements: '',
          deadline: new Date('2026-07-01T00:00:00+08:00'),
          copiedTo: [],
          issuedBy: 'sup',
          issuedAt: new Date(),
        },
      }),
      HUAYUAN,
    );
    await publisher.publish([alert, notice]);
    const set = await api(HUAYUAN, 'POST', '/exchange-consent', {
      recipients: ['4331'],
      dataKinds: ['enforcement_acts', 'decisions', 'alerts', 'incidents'],
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const kindsOf = (entries: Json[]) => entries.map((e) => `${e['kind']}:${e['eventType']}`);
    const all = await eventually(
      '花垣’s act, decision, alert and incident in its feed',
      () => feed('4331', viewer, '?limit=500'),
      (r) =>
        r.status === 200 &&
        ['enforcement_acts:CaseFiled', 'decisions:DecisionMade', 'alerts:AlertRaised', 'incidents:IncidentReported'].every((k) =>
          kindsOf(r.body['entries']).includes(k),
        ),
    );
    const entries = all.body['entries'] as Json[];
    // The notice (rectifications) and the meeting 花垣 hosted (meetings) were not agreed: absent. Nothing of another county.
    expect(new Set(entries.map((e) => e['kind']))).toEqual(new Set(['enforcement_acts', 'decisions', 'alerts', 'incidents']));
    expect(entries.every((e) => e['countyCode'] === HUAYUAN)).toBe(true);
    expect(entries.find((e) => e['eventType'] === 'CaseFiled')).toMatchObject({
      source: 'case-intake',
      aggregateId: 'h1',
      act: { actId: 'h1', caseNumber: '花环罚〔2026〕7号', targetKind: 'legal_person', targetName: '某锰业公司', step: 'opened' },
    });
    expect(entries.find((e) => e['eventType'] === 'DecisionMade')!['decision']).toMatchObject({ fineFen: 100_000_00, outcome: 'penalty' });
    expect(entries.find((e) => e['eventType'] === 'AlertRaised')!['alert']).toMatchObject({
      alertId: 'hy-al-1',
      level: 'red',
      status: 'raised',
    });
    expect(JSON.stringify(entries)).not.toContain('按日连续处罚');
    // Positions increase; resuming after any of them gives exactly the rest.
    const positions = entries.map((e) => Number(e['position']));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(positions).size).toBe(positions.length);
    const middle = Math.floor(entries.length / 2);
    const rest = await feed('4331', viewer, `?limit=500&after=${positions[middle - 1]}`);
    expect(rest.body['entries'].map((e: Json) => e['eventId'])).toEqual(entries.slice(middle).map((e) => e['eventId']));
    // Page by page from the start, each page resuming where the last ended, gives the same entries.
    const paged: string[] = [];
    let after = '0';
    for (let i = 0; i < 200; i++) {
      const page = await feed('4331', viewer, `?limit=1&after=${after}`);
      expect(page.status).toBe(200);
      paged.push(...(page.body['entries'] as Json[]).map((e) => e['eventId'] as string));
      if (page.body['nextPosition'] === after) break;
      after = page.body['nextPosition'];
    }
    expect(paged).toEqual(entries.map((e) => e['eventId']));
    expect((await feed('4331', viewer, `?after=${after}`)).body['entries']).toEqual([]);

    // Redelivered events (the same event ids) are logged once. A later event of the same streams
    // (same partitions, delivered after them) tells that the redeliveries were consumed.
    const closed = record(
      'case-intake',
      'EnforcementAct',
      'h1',
      3,
      actEventCodec.encode({ type: 'ActClosed', data: { result: '已履行', officerIds: ['o1'], occurredAt: new Date() } }),
      HUAYUAN,
    );
    const acknowledged = record(
      'supervision',
      'Alert',
      'hy-al-1',
      2,
      alertEventCodec.encode({ type: 'AlertAcknowledged', data: { alertId: 'hy-al-1', note: '' } }),
      HUAYUAN,
    );
    const redelivered = [...entries.filter((e) => e['source'] !== 'cross-region').map((e) => e['eventId'] as string)];
    await publisher.publish([...earlier.filter((r) => r.countyCode === HUAYUAN), alert, closed, alert, acknowledged]);
    const after2 = await eventually(
      'the closing and the acknowledgement logged',
      () => feed('4331', viewer, `?limit=500&after=${after}`),
      (r) => r.status === 200 && r.body['entries'].length === 2,
    );
    expect(kindsOf(after2.body['entries']).sort()).toEqual(['alerts:AlertAcknowledged', 'enforcement_acts:ActClosed']);
    const everything = (await feed('4331', viewer, '?limit=500')).body['entries'] as Json[];
    const ids = everything.map((e) => e['eventId']);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of redelivered) expect(ids.filter((i) => i === id)).toHaveLength(1);

    // The province was not consented to, and a viewer reads only as its own region.
    expect((await feed('43', province)).body['entries']).toEqual([]);
    expect((await feed('43', viewer)).status).toBe(403);
    expect((await feed('4331', viewer, '?after=not-a-position')).status).toBe(400);
    // gRPC: the same entries as protobuf messages.
    const client = new coordinationV1.CoordinationServiceClient(service.grpcAddress, credentials.createInsecure());
    const viaGrpc = await callUnary(
      client,
      client.readExchangeFeed,
      { regionCode: '4331', countyCode: HUAYUAN, after: '', limit: 500 },
      { deadlineMs: 5000, bearerToken: viewer },
    );
    expect(viaGrpc.entries.map((e) => e.eventId)).toEqual(ids);
    expect(viaGrpc.entries.find((e) => e.eventType === 'DecisionMade')?.decision?.fineFen).toBe(100_000_00);
    expect(viaGrpc.events.map((e) => e.eventType)).toContain('IncidentReported');
    // The stream: everything so far, then what is logged while it follows.
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${viewer}`);
    const subscribe = (after: string, followSeconds: number) =>
      client.subscribeExchangeFeed({ regionCode: '4331', countyCode: HUAYUAN, after, followSeconds }, metadata, {
        deadline: Date.now() + 30_000,
      });
    const streamed: string[] = [];
    for await (const entry of subscribe('', 0) as AsyncIterable<exchangeV1.ExchangeEntry>) streamed.push(entry.eventId);
    expect(streamed).toEqual(ids);
    const following = subscribe(String(viaGrpc.entries.at(-1)!.position), 20);
    const resolved = record(
      'supervision',
      'Alert',
      'hy-al-1',
      3,
      alertEventCodec.encode({ type: 'AlertResolved', data: { alertId: 'hy-al-1', curingEventId: '', reason: '' } }),
      HUAYUAN,
    );
    await publisher.publish([resolved]);
    const followed: exchangeV1.ExchangeEntry[] = [];
    for await (const entry of following as AsyncIterable<exchangeV1.ExchangeEntry>) {
      followed.push(entry);
      following.cancel();
      break;
    }
    expect(followed).toEqual([
      expect.objectContaining({ eventId: resolved.eventId, kind: 'alerts', alert: expect.objectContaining({ status: 'resolved' }) }),
    ]);
    client.close();
  });

  it('records a consultation between 花垣 and 秀山 and a hearing of affected parties, with their outcomes', async () => {
    const consultation = await api(XIUSHAN, 'POST', `/agreements/${agreementId}/consultations`, {
      kind: 'consultation',
      subject: '交界河段排污口管辖争议',
      incidentId,
      parties: [XIUSHAN, HUAYUAN],
      scheduledFor: new Date(Date.now() - DAY).toISOString(),
    });
    expect(consultation.status, JSON.stringify(consultation.body)).toBe(201);
    const id = consultation.body['aggregateId'];
    await until('consultation visible', HUAYUAN, `/consultations/${id}`, () => true);
    const concluded = await api(HUAYUAN, 'POST', `/consultations/${id}/outcome`, {
      heldAt: new Date().toISOString(),
      participants: ['秀山代表', '花垣代表'],
      outcome: 'agreed',
      summary: '协商一致：由秀山管辖，花垣联合监督',
    });
    expect(concluded.status, JSON.stringify(concluded.body)).toBe(200);
    await until('consultation concluded', XIUSHAN, `/consultations/${id}`, (c) => c['status'] === 'concluded' && c['outcome'] === 'agreed');
    const hearing = await api(HUAYUAN, 'POST', `/agreements/${agreementId}/consultations`, {
      kind: 'hearing',
      subject: '尾矿库整治听证会',
      parties: [HUAYUAN],
      affectedParties: ['下游村民代表', '涉事企业'],
      scheduledFor: new Date().toISOString(),
    });
    expect(hearing.status, JSON.stringify(hearing.body)).toBe(201);
    const list = await until('both listed for 花垣', HUAYUAN, '/consultations', (b) => b['consultations'].length === 2);
    expect(list.body['consultations'].map((c: Json) => c['kind']).sort()).toEqual(['consultation', 'hearing']);
    // 秀山 is no party to the hearing.
    expect((await api(XIUSHAN, 'GET', `/consultations/${hearing.body['aggregateId']}`)).status).toBe(404);
  });
  it('puts advice overdue and unanswered on the next scheduled meeting’s agenda by its timer, or flags it until one is scheduled', async () => {
    const sent = await api(HUAYUAN, 'POST', `/agreements/${agreementId}/administrative-advice`, {
      toCounty: XIUSHAN,
      subject: '汛前排查尾矿库',
      content: '请秀山在汛期前排查尾矿库坝体',
      sentAt: new Date(Date.now() - 20 * DAY).toISOString(),
      dueAt: new Date(Date.now() - DAY).toISOString(),
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const adviceId = sent.body['aggregateId'];
    // No meeting of the agreement is scheduled (the one before was held): flagged as awaiting one, still unanswered.
    const flagged = await until(
      'advice awaiting a meeting',
      HUAYUAN,
      `/administrative-advice/${adviceId}`,
      (a) => a['awaitingMeeting'] === true,
    );
    expect(flagged.body).toMatchObject({ status: 'sent', overdue: true, escalatedToMeeting: '' });
    const scheduled = await api(XIUSHAN, 'POST', `/agreements/${agreementId}/joint-meetings`, {
      scheduledFor: new Date(Date.now() + 7 * DAY).toISOString(),
      agenda: ['汛期准备'],
    });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
    const meetingId = scheduled.body['aggregateId'];
    const escalated = await until(
      'advice on the new meeting’s agenda',
      XIUSHAN,
      `/administrative-advice/${adviceId}`,
      (a) => a['status'] === 'escalated',
    );
    expect(escalated.body).toMatchObject({ escalatedToMeeting: meetingId, awaitingMeeting: false });
    const agenda = await until('meeting agenda lists it', XIUSHAN, `/joint-meetings/${meetingId}`, (m) => m['agendaAdvice'].length > 0);
    expect(agenda.body['agendaAdvice']).toEqual([{ adviceId, countyCode: HUAYUAN }]);
    expect(agenda.body['status']).toBe('scheduled');
    // Held, the meeting takes it up.
    expect(
      (
        await api(XIUSHAN, 'POST', `/joint-meetings/${meetingId}/holding`, {
          heldAt: new Date().toISOString(),
          attendees: [{ countyCode: XIUSHAN, names: ['秀山代表'] }],
          minutes: '研究花垣的建议',
        })
      ).status,
    ).toBe(200);
    const held = await until('meeting held', HUAYUAN, `/joint-meetings/${meetingId}`, (m) => m['status'] === 'held');
    expect(held.body['escalatedAdvice']).toContainEqual({ adviceId, countyCode: HUAYUAN });
  });

  it('lets a client read and act on what it has just created, without waiting for the read models', async () => {
    const proposed = await api(HUAYUAN, 'POST', '/agreements', {
      ...scope([]),
      name: '花垣—秀山第二份协议',
      members: [HUAYUAN, XIUSHAN],
      effectiveFrom: '2026-01-01T00:00:00+08:00',
    });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    const id = proposed.body['aggregateId'];
    const got = await api(XIUSHAN, 'GET', `/agreements/${id}`);
    expect(got.status, JSON.stringify(got.body)).toBe(200);
    expect(got.body).toMatchObject({ agreementId: id, status: 'proposed' });
    expect((await api(XIUSHAN, 'POST', `/agreements/${id}/signature`, {})).status).toBe(200);

    const reported = await api(XIUSHAN, 'POST', `/agreements/${agreementId}/cross-border-incidents`, {
      locationCounty: XIUSHAN,
      title: '河道采砂',
      description: '界河非法采砂',
      occurredAt: '2026-06-03T08:00:00+08:00',
    });
    expect(reported.status, JSON.stringify(reported.body)).toBe(201);
    const incident = await api(XIUSHAN, 'GET', `/cross-border-incidents/${reported.body['aggregateId']}`);
    expect(incident.status, JSON.stringify(incident.body)).toBe(200);
    const advised = await api(XIUSHAN, 'POST', `/agreements/${agreementId}/administrative-advice`, {
      toCounty: HUAYUAN,
      subject: '联合巡河',
      content: '建议每月联合巡河一次',
      dueAt: new Date(Date.now() + 30 * DAY).toISOString(),
    });
    expect(advised.status, JSON.stringify(advised.body)).toBe(201);
    const client = new coordinationV1.CoordinationServiceClient(service.grpcAddress, credentials.createInsecure());
    const advice = await callUnary(
      client,
      client.getAdvice,
      { countyCode: HUAYUAN, adviceId: advised.body['aggregateId'] },
      { deadlineMs: 5000, bearerToken: token[HUAYUAN]! },
    );
    client.close();
    expect(advice).toMatchObject({ subject: '联合巡河', status: 'sent', awaitingMeeting: false });
    expect((await api(HUAYUAN, 'POST', `/administrative-advice/${advised.body['aggregateId']}/answer`, { answer: '同意' })).status).toBe(
      200,
    );
  });
});
