import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials } from '@grpc/grpc-js';
import { coordinationV1 } from '@lesp/contracts';
import { ForbiddenError } from '@lesp/core';
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
 * The 锰三角 scenario (seed 000) over the real broker and database: 花垣 (Hunan), 松桃 (Guizhou)
 * and 秀山 (Chongqing) sign the agreement; the lead of the joint supervision group rotates on
 * the anniversary; a tailings leak in 秀山 is handled by 秀山 with 花垣 and 松桃 supervising;
 * 秀山's acts linked to it (case intake's events, through Kafka into cross-region's own read
 * model) are visible to 花垣 and 松桃 while its other acts are not; 松桃's administrative advice
 * to 花垣 is answered; the incident is closed by consent. A county outside the agreement, and
 * 松桃 after leaving it, get a permission error on every shared read; 秀山's access log lists
 * each read of its data that was allowed.
 */
const HUAYUAN = '433124';
const SONGTAO = '522229';
const XIUSHAN = '500241';
const OUTSIDER = '431103';
const suffix = uniqueSuffix();
const env = (name: ServiceName) => ({
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `e2e_mst_${suffix}_${name.replace(/-/g, '_')}`,
  TOPIC_PREFIX: `e2e-mst-${suffix}`,
  KAFKA_PARTITIONS: '2',
});
const services = {} as Record<'case-intake' | 'cross-region', ServiceProcess>;
const token: Record<string, string> = {};
let correlation = 0;
/** Correlation ids of the shared reads of 秀山's data that were allowed, to find in its access log. */
const allowedReads = new Set<string>();

interface Json {
  status: number;
  body: Record<string, unknown> & { error?: { code: string } };
  correlationId: string;
}

async function api(
  service: 'case-intake' | 'cross-region',
  county: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Json> {
  const correlationId = `mst-${suffix}-${++correlation}`;
  const response = await fetch(`${services[service].httpUrl}/api/v1/counties/${county}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token[county]}`,
      'x-correlation-id': correlationId,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Json['body'], correlationId };
}
const cr = (county: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  api('cross-region', county, method, path, body, headers);

async function created(county: string, path: string, body: unknown): Promise<string> {
  const response = await cr(county, 'POST', path, body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body['aggregateId'] as string;
}
async function ok(county: string, path: string, body: unknown = {}): Promise<void> {
  const response = await cr(county, 'POST', path, body);
  expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(200);
}
const until = (what: string, county: string, path: string, accept: (body: Json['body']) => boolean) =>
  eventually(
    what,
    () => cr(county, 'GET', path),
    (r) => r.status === 200 && accept(r.body),
  );

let agreementId: string;
let incidentId: string;

beforeAll(async () => {
  const started = await Promise.all((['case-intake', 'cross-region'] as const).map((name) => startServiceProcess(name, env(name))));
  for (const service of started) services[service.name as 'case-intake' | 'cross-region'] = service;
  const tokens = await devTokens();
  for (const county of [HUAYUAN, SONGTAO, XIUSHAN, OUTSIDER]) {
    token[county] = await tokens.issue({ subject: `sup-${county}`, role: 'county_supervisor', countyCode: county });
  }
  // 秀山's environmental agency, an officer and two penalty cases in case intake.
  const intake = (path: string, body: unknown) => api('case-intake', XIUSHAN, 'POST', path, body);
  expect(
    (await intake('/agencies', { agencyId: 'xs-sthj', name: '秀山县生态环境局', creditCode: '11431103MB1A23456Q', kind: '行政机关' }))
      .status,
  ).toBe(201);
  const officer = await intake('/officers', {
    officerId: 'xs-of-1',
    agencyId: 'xs-sthj',
    name: '秀山执法员',
    idNumber: '11010519491231002X',
    certificateNumber: '渝秀山0001',
    certificateValidUntil: '2035-12-31T16:00:00Z',
    enforcementAreas: ['生态环境'],
  });
  expect(officer.status, JSON.stringify(officer.body)).toBe(201);
  for (const [actId, title] of [
    ['act-leak', '某电解锰企业尾矿库泄漏污染'],
    ['act-other', '某餐馆油烟超标'],
  ]) {
    const opened = await intake('/acts', {
      openedBy: 'filing',
      actId,
      agencyId: 'xs-sthj',
      category: 'penalty',
      caseNumber: `秀环罚〔2026〕${actId}`,
      title,
      target: { kind: 'legal_person', name: '某公司', creditCode: '91350100M000100Y43', enterprise: true },
      officerIds: ['xs-of-1'],
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  }
}, 180_000);

afterAll(async () => {
  await Promise.all(Object.values(services).map((s) => s.stop()));
  const mongo = new MongoClient(integrationEnv().mongoUrl);
  await mongo.connect();
  for (const name of ['case-intake', 'cross-region'] as const)
    await mongo
      .db(env(name).MONGO_DB)
      .dropDatabase()
      .catch(() => undefined);
  await mongo.close();
});

describe('锰三角: three border counties supervise a cross-border incident together', () => {
  it('is signed by all three and comes into force; the lead rotates on the anniversary', async () => {
    agreementId = await created(HUAYUAN, '/agreements', {
      name: '“锰三角”区域环境联合治理合作框架协议',
      members: [HUAYUAN, SONGTAO, XIUSHAN],
      hostOrder: [XIUSHAN, HUAYUAN, SONGTAO],
      fields: ['生态环境'],
      sharedData: [HUAYUAN, SONGTAO, XIUSHAN].map((countyCode) => ({ countyCode, dataKinds: ['enforcement_acts', 'alerts'] })),
      rulePacks: ['standard'],
      effectiveFrom: '2026-01-01T00:00:00+08:00',
    });
    for (const county of [HUAYUAN, SONGTAO, XIUSHAN]) {
      // Each county signs what it has seen.
      await until(`agreement visible to ${county}`, county, `/agreements/${agreementId}`, () => true);
      await ok(county, `/agreements/${agreementId}/signature`);
    }
    await until('agreement in force', XIUSHAN, `/agreements/${agreementId}`, (a) => a['status'] === 'in_force');
    const turn = async (on: string) =>
      (await cr(SONGTAO, 'GET', `/agreements/${agreementId}/lead-and-host?on=${encodeURIComponent(on)}`)).body;
    expect(await turn('2026-12-31T23:59:59+08:00')).toMatchObject({ year: 1, leadCounty: HUAYUAN, hostCounty: XIUSHAN });
    expect(await turn('2027-01-01T00:00:00+08:00')).toMatchObject({ year: 2, leadCounty: SONGTAO, hostCounty: HUAYUAN });
    expect(await turn('2028-06-01T00:00:00+08:00')).toMatchObject({ year: 3, leadCounty: XIUSHAN, hostCounty: SONGTAO });
    // Also over gRPC.
    const client = new coordinationV1.CoordinationServiceClient(services['cross-region'].grpcAddress, credentials.createInsecure());
    const lead = await callUnary(
      client,
      client.getLeadAndHost,
      { countyCode: HUAYUAN, agreementId, on: new Date('2027-01-01T00:00:00+08:00') },
      { deadlineMs: 5000, bearerToken: token[HUAYUAN]! },
    );
    expect(lead).toMatchObject({ year: 2, leadCounty: SONGTAO });
    await expect(
      callUnary(
        client,
        client.getIncident,
        { countyCode: OUTSIDER, incidentId: 'none-such' },
        { deadlineMs: 5000, bearerToken: token[OUTSIDER]! },
      ),
    ).rejects.toMatchObject({ code: 'INCIDENT_NOT_FOUND' });
    client.close();
  });

  it('assigns the leak in 秀山 to 秀山 with 花垣 and 松桃 supervising, and shares only the acts 秀山 links', async () => {
    incidentId = await created(XIUSHAN, `/agreements/${agreementId}/cross-border-incidents`, {
      locationCounty: XIUSHAN,
      title: '电解锰企业尾矿库泄漏',
      description: '秀山某电解锰企业尾矿库泄漏，造成下游花垣水质污染',
      occurredAt: '2026-05-03T08:00:00+08:00',
    });
    await until('incident visible', XIUSHAN, `/cross-border-incidents/${incidentId}`, () => true);
    await ok(XIUSHAN, `/cross-border-incidents/${incidentId}/jurisdiction`, {
      handlingCounty: XIUSHAN,
      supervisingCounties: [HUAYUAN, SONGTAO],
      basis: 'consent',
      consentingCounties: [HUAYUAN, SONGTAO, XIUSHAN],
    });
    await until('jurisdiction decided', HUAYUAN, `/cross-border-incidents/${incidentId}`, (i) => i['handlingCounty'] === XIUSHAN);
    // The act reaches cross-region through Kafka; until then linking it answers 404.
    await eventually(
      'act-leak linked',
      () =>
        cr(
          XIUSHAN,
          'POST',
          `/cross-border-incidents/${incidentId}/linked-acts`,
          { actId: 'act-leak' },
          { 'idempotency-key': `link-${suffix}` },
        ),
      (r) => r.status === 200,
    );
    // 花垣 may not link 秀山's acts.
    expect((await cr(HUAYUAN, 'POST', `/cross-border-incidents/${incidentId}/linked-acts`, { actId: 'act-leak' })).body.error?.code).toBe(
      'ACT_NOT_FOUND',
    );
    for (const county of [HUAYUAN, SONGTAO]) {
      const listed = await eventually(
        `linked act visible to ${county}`,
        () => cr(county, 'GET', `/cross-border-incidents/${incidentId}/linked-acts`),
        (r) => r.status === 200 && (r.body['acts'] as unknown[]).length === 1,
      );
      allowedReads.add(listed.correlationId);
      const acts = listed.body['acts'] as { actId: string; countyCode: string; caseNumber: string; category: string }[];
      expect(acts).toEqual([
        expect.objectContaining({ actId: 'act-leak', countyCode: XIUSHAN, category: 'penalty', caseNumber: '秀环罚〔2026〕act-leak' }),
      ]);
      expect(JSON.stringify(listed.body)).not.toContain('某公司');
      const one = await cr(county, 'GET', `/cross-border-incidents/${incidentId}/linked-acts/act-leak`);
      expect(one.status).toBe(200);
      allowedReads.add(one.correlationId);
      const other = await cr(county, 'GET', `/cross-border-incidents/${incidentId}/linked-acts/act-other`);
      expect(other.status).toBe(403);
      expect(other.body.error?.code).toBe('ACT_NOT_SHARED');
      const incident = await cr(county, 'GET', `/cross-border-incidents/${incidentId}`);
      expect(incident.status).toBe(200);
      allowedReads.add(incident.correlationId);
    }
    // 花垣 supervises: an opinion on the linked act.
    const opinion = await cr(HUAYUAN, 'POST', `/cross-border-incidents/${incidentId}/opinions`, {
      actId: 'act-leak',
      opinion: '建议责令停产整治并按日连续处罚',
    });
    expect(opinion.status, JSON.stringify(opinion.body)).toBe(201);
    // 花垣's list of the incidents it takes part in reads 秀山's incident too: recorded for 秀山.
    const listed = await cr(HUAYUAN, 'GET', '/cross-border-incidents');
    expect((listed.body['incidents'] as { incidentId: string }[]).map((i) => i.incidentId)).toContain(incidentId);
    allowedReads.add(listed.correlationId);
  });

  it('carries 松桃’s administrative advice to 花垣 to its answer', async () => {
    const adviceId = await created(SONGTAO, `/agreements/${agreementId}/administrative-advice`, {
      toCounty: HUAYUAN,
      subject: '汛期前排查整治尾矿库隐患',
      content: '花垣县多家电解锰企业尾矿库无排洪泄渗设施，汛期将至，建议督促企业排除隐患',
      dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    await until('advice received by 花垣', HUAYUAN, `/administrative-advice/${adviceId}`, (a) => a['status'] === 'sent');
    expect((await cr(XIUSHAN, 'POST', `/administrative-advice/${adviceId}/answer`, { answer: '不是发给秀山的' })).status).toBe(403);
    await ok(HUAYUAN, `/administrative-advice/${adviceId}/answer`, { answer: '已督促14家企业完成尾矿库整治，汛前复查' });
    await until(
      'advice answered',
      SONGTAO,
      `/administrative-advice/${adviceId}`,
      (a) => a['status'] === 'answered' && a['overdue'] === false,
    );
  });

  it('is closed once 秀山, 花垣 and 松桃 consented', async () => {
    for (const county of [XIUSHAN, HUAYUAN])
      await ok(county, `/cross-border-incidents/${incidentId}/closure-consents`, { note: '处置完毕' });
    await until('two consents', XIUSHAN, `/cross-border-incidents/${incidentId}`, (i) => (i['closureConsents'] as string[]).length === 2);
    expect((await cr(XIUSHAN, 'GET', `/cross-border-incidents/${incidentId}`)).body['status']).toBe('assigned');
    await ok(SONGTAO, `/cross-border-incidents/${incidentId}/closure-consents`, {});
    await until('incident closed', XIUSHAN, `/cross-border-incidents/${incidentId}`, (i) => i['status'] === 'closed');
  });

  it('refuses every shared read to a county outside the agreement and to 松桃 once it left', async () => {
    const sharedReads = (county: string) =>
      [
        `/cross-border-incidents/${incidentId}`,
        `/cross-border-incidents/${incidentId}/linked-acts`,
        `/cross-border-incidents/${incidentId}/linked-acts/act-leak`,
      ].map((path) => cr(county, 'GET', path));
    for (const response of await Promise.all(sharedReads(OUTSIDER))) {
      expect(response.status).toBe(403);
      expect(response.body.error?.code).toBe('NOT_AGREEMENT_MEMBER');
    }
    await ok(SONGTAO, `/agreements/${agreementId}/withdrawal`, { reason: '调整区域合作安排' });
    await until('松桃 left', XIUSHAN, `/agreements/${agreementId}`, (a) =>
      (a['members'] as { countyCode: string; current: boolean }[]).some((m) => m.countyCode === SONGTAO && !m.current),
    );
    for (const response of await Promise.all(sharedReads(SONGTAO))) {
      expect(response.status).toBe(403);
      expect(response.body.error?.code).toBe('NOT_AGREEMENT_MEMBER');
    }
    // 花垣, still a member, still reads.
    const still = await cr(HUAYUAN, 'GET', `/cross-border-incidents/${incidentId}/linked-acts`);
    expect(still.status).toBe(200);
    allowedReads.add(still.correlationId);
    // gRPC answers the same.
    const client = new coordinationV1.CoordinationServiceClient(services['cross-region'].grpcAddress, credentials.createInsecure());
    const denied = await callUnary(
      client,
      client.listIncidentActs,
      { countyCode: SONGTAO, incidentId },
      { deadlineMs: 5000, bearerToken: token[SONGTAO]! },
    ).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(ForbiddenError);
    client.close();
  });

  it("lists in 秀山's access log every read of its data that was allowed, and the refused ones", async () => {
    const log = await cr(XIUSHAN, 'GET', '/audit-log?limit=200');
    expect(log.status).toBe(200);
    const entries = (
      log.body['entries'] as { permission: string; outcome: string; actorCountyCode: string; correlationId: string; countyCode: string }[]
    ).filter((e) => e.permission === 'cross_region.shared.read');
    expect(entries.every((e) => e.countyCode === XIUSHAN)).toBe(true);
    const allowed = entries.filter((e) => e.outcome === 'allowed');
    const logged = new Set(allowed.map((e) => e.correlationId));
    expect([...allowedReads].filter((id) => !logged.has(id))).toEqual([]);
    expect(new Set(allowed.map((e) => e.actorCountyCode))).toEqual(new Set([HUAYUAN, SONGTAO]));
    const denied = entries.filter((e) => e.outcome === 'denied');
    expect(new Set(denied.map((e) => e.actorCountyCode))).toEqual(new Set([OUTSIDER, SONGTAO, HUAYUAN]));
    // Nobody else reads 秀山's log.
    const foreign = await fetch(`${services['cross-region'].httpUrl}/api/v1/counties/${XIUSHAN}/audit-log`, {
      headers: { authorization: `Bearer ${token[HUAYUAN]}` },
    });
    expect(foreign.status).toBe(403);
  });
  it('reports 秀山’s acts from case intake and its incident to its city’s platform as 秀山 agreed, resumable from a position', async () => {
    await ok(XIUSHAN, '/exchange-consent', { recipients: ['5002'], dataKinds: ['enforcement_acts', 'incidents'] });
    const viewer = await (await devTokens()).issue({ subject: 'viewer-5002', role: 'regional_viewer', regionCode: '5002' });
    const feed = async (after: string) => {
      const response = await fetch(
        `${services['cross-region'].httpUrl}/api/v1/regions/5002/exchange-feed/${XIUSHAN}?limit=500&after=${after}`,
        {
          headers: { authorization: `Bearer ${viewer}` },
        },
      );
      return { status: response.status, body: (await response.json()) as { entries: Record<string, unknown>[]; nextPosition: string } };
    };
    const all = await eventually(
      '秀山’s two acts and its incident in the feed',
      () => feed('0'),
      (r) =>
        r.status === 200 &&
        r.body.entries.filter((e) => e['eventType'] === 'CaseFiled').length === 2 &&
        r.body.entries.some((e) => e['eventType'] === 'IncidentReported'),
    );
    const entries = all.body.entries;
    // Only what 秀山 agreed to share: no decisions, no coordination records of other kinds (its jurisdiction, its consent).
    expect(new Set(entries.map((e) => e['kind']))).toEqual(new Set(['enforcement_acts', 'incidents']));
    expect(entries.find((e) => (e['act'] as { actId?: string } | undefined)?.actId === 'act-leak')).toMatchObject({
      source: 'case-intake',
      countyCode: XIUSHAN,
      act: { agencyId: 'xs-sthj', category: 'penalty', targetKind: 'legal_person', step: 'opened' },
    });
    expect(JSON.stringify(entries)).not.toContain('xs-of-1');
    const first = Number(entries[0]!['position']);
    const rest = await feed(String(first));
    expect(rest.body.entries.map((e) => e['eventId'])).toEqual(entries.slice(1).map((e) => e['eventId']));
  });
});
