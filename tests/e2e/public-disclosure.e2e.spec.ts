import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import {
  devTokens,
  eventually,
  findPersonalData,
  integrationEnv,
  startServiceProcess,
  uniqueSuffix,
  type ServiceName,
  type ServiceProcess,
} from '@lesp/test-infra';
import { naturalPerson } from '../../services/public-disclosure/test/personal-data-arbitraries.js';

/**
 * Decisions recorded in case intake reach the public portal through Kafka only once decided
 * and approved by the owning agency's reviewer (保密审查), masked; supervision's disclosure
 * deadline is cured by public disclosure's DecisionPublished; a decision revoked on review
 * disappears, one changed in court shows corrected. Then random natural-person acts go through
 * the whole stack and no public response holds a name, ID number or phone number of theirs.
 */
const suffix = uniqueSuffix();
const COUNTY = '431103';
type Name = 'case-intake' | 'supervision' | 'public-disclosure';
const env = (name: ServiceName) => ({
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `e2e_pd_${suffix}_${name.replace(/-/g, '_')}`,
  TOPIC_PREFIX: `e2e-pd-${suffix}`,
  KAFKA_PARTITIONS: '2',
  TIMER_POLL_MS: '200',
  PUBLIC_RATE_LIMIT_PER_MINUTE: '100000',
});
const services = {} as Record<Name, ServiceProcess>;
let supervisor: string;
let clerk: string;
let otherClerk: string;

async function api(base: Name, method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${services[base].httpUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').includes('json');
  return { status: response.status, text, headers: response.headers, body: (json ? JSON.parse(text) : {}) as Record<string, unknown> };
}

const publicGet = (path: string) => api('public-disclosure', 'GET', `/api/v1/public/counties/${COUNTY}${path}`);
const decisionsOf = async (query = '') => ((await publicGet(`/decisions${query}`)).body.decisions ?? []) as Record<string, unknown>[];
const disclosuresOf = async (token: string, query = '?agencyId=cgj') =>
  ((await api('public-disclosure', 'GET', `/api/v1/counties/${COUNTY}/disclosures${query}`, token)).body.disclosures ?? []) as {
    actId: string;
    status: string;
    version: number;
  }[];

async function openAct(actId: string, target: Record<string, unknown>, title: string, occurredAt = '2026-10-09T09:00:00+08:00') {
  const opened = await api('case-intake', 'POST', `/api/v1/counties/${COUNTY}/acts`, clerk, {
    actId,
    openedBy: 'filing',
    agencyId: 'cgj',
    category: 'penalty',
    caseNumber: `冷城管罚〔2026〕${actId}号`,
    title,
    itemCode: 'CG-001',
    target,
    officerIds: ['o-1', 'o-2'],
    occurredAt,
  });
  expect(opened.status, opened.text).toBe(201);
}

async function step(actId: string, body: Record<string, unknown>) {
  const recorded = await api('case-intake', 'POST', `/api/v1/counties/${COUNTY}/acts/${actId}/steps`, clerk, body);
  expect(recorded.status, recorded.text).toBe(201);
}

const decision = (content: string, occurredAt = '2026-10-10T16:00:00+08:00') => ({
  type: 'DecisionMade',
  decisionNumber: '冷城管罚决〔2026〕1号',
  outcome: 'penalized',
  legalBasis: '《城市市容和环境卫生管理条例》第三十六条',
  discretionBenchmark: '冷城管裁量〔2025〕1号',
  fineFen: 20000,
  content,
  officerIds: ['o-1', 'o-2'],
  occurredAt,
});

async function approve(actId: string) {
  await eventually(
    'the entry awaiting the reviewer',
    () => disclosuresOf(clerk),
    (list) => list.some((d) => d.actId === actId && d.status === 'pending'),
  );
  const approved = await api('public-disclosure', 'POST', `/api/v1/counties/${COUNTY}/disclosures/${actId}/approval`, clerk, {
    agencyId: 'cgj',
  });
  expect(approved.status, approved.text).toBe(200);
}

beforeAll(async () => {
  const started = await Promise.all((['case-intake', 'supervision'] as const).map((name) => startServiceProcess(name, env(name))));
  for (const service of started) services[service.name as Name] = service;
  const tokens = await devTokens();
  // Public disclosure hands complaints to case intake with a credential of its own (role service).
  const tokenFile = join(mkdtempSync(join(tmpdir(), 'pd-token-')), 'service-token');
  writeFileSync(tokenFile, await tokens.issue({ subject: 'public-disclosure', role: 'service', ttlSeconds: 3600 }));
  services['public-disclosure'] = await startServiceProcess('public-disclosure', {
    ...env('public-disclosure'),
    CASE_INTAKE_GRPC_URL: services['case-intake'].grpcAddress,
    SERVICE_TOKEN_FILE: tokenFile,
    COMPLAINT_RATE_LIMIT_PER_MINUTE: '3',
  });
  supervisor = await tokens.issue({ subject: 'sup-431103', role: 'county_supervisor', countyCode: COUNTY });
  clerk = await tokens.issue({ subject: 'clerk-cgj', role: 'agency_clerk', countyCode: COUNTY, agencyId: 'cgj' });
  otherClerk = await tokens.issue({ subject: 'clerk-scjgj', role: 'agency_clerk', countyCode: COUNTY, agencyId: 'scjgj' });
  const agency = await api('case-intake', 'POST', `/api/v1/counties/${COUNTY}/agencies`, supervisor, {
    agencyId: 'cgj',
    name: '冷水滩区城市管理和综合执法局',
    creditCode: '11431103MB1A23456Q',
    kind: '行政机关',
  });
  expect(agency.status, agency.text).toBe(201);
  for (const [officerId, serial] of [
    ['o-1', '01'],
    ['o-2', '02'],
  ] as const) {
    const registered = await api('case-intake', 'POST', `/api/v1/counties/${COUNTY}/officers`, supervisor, {
      officerId,
      agencyId: 'cgj',
      name: `执法员${serial}`,
      idNumber: '431103198512310021',
      certificateNumber: `湘执法-4311-${serial}`,
      certificateValidUntil: '2030-12-31T00:00:00+08:00',
      enforcementAreas: ['城市管理'],
    });
    expect(registered.status, registered.text).toBe(201);
  }
}, 240_000);

afterAll(async () => {
  await Promise.all(Object.values(services).map((s) => s.stop()));
  const client = new MongoClient(integrationEnv().mongoUrl);
  await client.connect();
  for (const name of ['case-intake', 'supervision', 'public-disclosure'] as const)
    await client
      .db(env(name).MONGO_DB)
      .dropDatabase()
      .catch(() => undefined);
  await client.close();
});

describe('decisions on the public portal', () => {
  const person = {
    kind: 'natural_person',
    name: '欧阳娜娜',
    idNumber: '431103199001011235',
    phone: '13812345678',
    address: '湖南省永州市冷水滩区梧桐街道凤凰路12号',
  };
  const planted = [
    { label: 'name', value: person.name },
    { label: 'resident-id', value: person.idNumber },
    { label: 'mobile', value: person.phone },
    { label: 'address', value: person.address },
  ];

  it('never before decided; after the reviewer approves, masked; supervision cured; revoked on review: gone', async () => {
    await openAct('pd-1', person, `${person.name}占道经营案`);
    // Decided in the past: supervision's disclosure deadline has passed, its alert is raised.
    await step('pd-1', {
      type: 'EvidenceCollected',
      evidenceId: 'e-1',
      kind: 'document',
      description: '现场笔录',
      officerIds: ['o-1', 'o-2'],
      occurredAt: '2026-10-09T10:00:00+08:00',
    });
    expect((await publicGet('/decisions/pd-1')).status).toBe(404);
    expect(await disclosuresOf(clerk)).toEqual([]);

    await step(
      'pd-1',
      decision(`当事人${person.name}（身份证号${person.idNumber}，电话${person.phone}）在${person.address}占道经营，罚款200元。`),
    );
    const alert = await eventually(
      'the disclosure-deadline alert in supervision',
      async () =>
        ((await api('supervision', 'GET', `/api/v1/counties/${COUNTY}/alerts?ruleId=decision-not-disclosed`, supervisor)).body.alerts ??
          []) as {
          alertId: string;
          status: string;
        }[],
      (alerts) => alerts.length > 0,
      { timeoutMs: 60_000 },
    );
    // Decided, recorded, awaiting the confidentiality check: still not public.
    await eventually(
      'the pending entry',
      () => disclosuresOf(clerk),
      (list) => list.some((d) => d.actId === 'pd-1' && d.status === 'pending'),
    );
    expect((await publicGet('/decisions/pd-1')).status).toBe(404);
    expect(await decisionsOf()).toEqual([]);
    // Another agency's clerk may neither see nor approve it.
    expect((await api('public-disclosure', 'GET', `/api/v1/counties/${COUNTY}/disclosures?agencyId=cgj`, otherClerk)).status).toBe(403);
    expect(
      (await api('public-disclosure', 'POST', `/api/v1/counties/${COUNTY}/disclosures/pd-1/approval`, otherClerk, { agencyId: 'cgj' }))
        .status,
    ).toBe(403);

    await approve('pd-1');
    const shown = await eventually(
      'the published decision',
      () => publicGet('/decisions/pd-1'),
      (r) => r.status === 200,
    );
    expect(shown.headers.get('cache-control')).toContain('public');
    expect(shown.body).toMatchObject({
      actId: 'pd-1',
      agencyName: '冷水滩区城市管理和综合执法局',
      category: 'penalty',
      status: 'published',
      target: { kind: 'natural_person', name: '欧**娜', creditCode: '' },
      title: '欧**娜占道经营案',
    });
    expect(String(shown.body.content)).toContain('梧桐街道');
    expect(findPersonalData(shown.text, { planted })).toEqual([]);
    // Found by keyword (Chinese, substring), by category and date, not by a keyword it lacks. The search
    // index is a projection of its own: it may take the decision a moment after the decision's page.
    await eventually(
      'the decision in the search index',
      () => decisionsOf('?keyword=占道经营'),
      (found) => found.some((d) => d.actId === 'pd-1'),
    );
    expect((await decisionsOf('?keyword=占道经营')).map((d) => d.actId)).toEqual(['pd-1']);
    expect((await decisionsOf('?category=penalty&from=2026-10-10&to=2026-10-10')).map((d) => d.actId)).toEqual(['pd-1']);
    expect(await decisionsOf('?keyword=经营占道')).toEqual([]);
    expect(await decisionsOf('?from=2026-10-11')).toEqual([]);
    expect(await decisionsOf(`?keyword=${encodeURIComponent(person.name)}`)).toEqual([]);
    // The portal shows the same, as pages in Chinese.
    const portalPage = await api('public-disclosure', 'GET', `/portal/counties/${COUNTY}/decisions/pd-1`);
    expect(portalPage.status).toBe(200);
    expect(portalPage.headers.get('content-type')).toContain('text/html');
    expect(portalPage.text).toContain('<html lang="zh-CN">');
    expect(portalPage.text).toContain('欧**娜占道经营案');
    expect(findPersonalData(portalPage.text, { planted })).toEqual([]);
    const portalSearch = await api(
      'public-disclosure',
      'GET',
      `/portal/counties/${COUNTY}/decisions?keyword=${encodeURIComponent('占道')}&category=&agencyId=&from=&to=`,
    );
    expect(portalSearch.status, portalSearch.text).toBe(200);
    expect(portalSearch.text).toContain(`/portal/counties/${COUNTY}/decisions/pd-1`);

    // Supervision heard DecisionPublished (aggregate id = act id): the deadline alert is resolved.
    await eventually(
      'the alert resolved by the publication',
      async () => (await api('supervision', 'GET', `/api/v1/counties/${COUNTY}/alerts/${alert[0]!.alertId}`, supervisor)).body,
      (body) => body.status === 'resolved',
      { timeoutMs: 60_000 },
    );

    await step('pd-1', {
      type: 'ReconsiderationDecided',
      body: '永州市人民政府',
      outcome: 'revoked',
      occurredAt: '2026-11-01T10:00:00+08:00',
    });
    await eventually(
      'the revoked decision gone',
      () => publicGet('/decisions/pd-1'),
      (r) => r.status === 404,
    );
    expect((await api('public-disclosure', 'GET', `/portal/counties/${COUNTY}/decisions/pd-1`)).status).toBe(404);
    expect(await decisionsOf()).toEqual([]);
    const kept = await disclosuresOf(clerk);
    expect(kept.find((d) => d.actId === 'pd-1')?.status).toBe('withdrawn');
  });

  it('changed in court: shown corrected; the agency withdraws an entry with a reason', async () => {
    const company = { kind: 'legal_person', name: '永州市某某建材有限公司', creditCode: '91350100M000100Y43', enterprise: true };
    await openAct('pd-2', company, '违规堆放建材案');
    await step('pd-2', decision('责令改正，罚款500元。', '2026-11-20T10:00:00+08:00'));
    await approve('pd-2');
    await eventually(
      'published',
      () => publicGet('/decisions/pd-2'),
      (r) => r.status === 200,
    );
    await step('pd-2', {
      type: 'DecisionServed',
      method: 'in_person',
      officerIds: ['o-1', 'o-2'],
      occurredAt: '2026-11-20T11:00:00+08:00',
    });
    await step('pd-2', {
      type: 'LitigationJudged',
      court: '冷水滩区人民法院',
      outcome: 'changed',
      headAppearedInCourt: true,
      occurredAt: '2026-11-24T10:00:00+08:00',
    });
    const corrected = await eventually(
      'corrected',
      () => publicGet('/decisions/pd-2'),
      (r) => r.body.status === 'corrected',
    );
    expect(corrected.body).toMatchObject({
      target: { kind: 'legal_person', name: company.name, creditCode: company.creditCode },
      correctionNote: '该决定已于 2026-11-24 经行政诉讼（冷水滩区人民法院）变更。',
    });

    const typical = await api('public-disclosure', 'POST', `/api/v1/counties/${COUNTY}/disclosures/pd-2/typical-case`, clerk, {
      agencyId: 'cgj',
      note: '建材堆放整治的典型案例',
    });
    expect(typical.status, typical.text).toBe(200);
    const typicalCases = await eventually(
      'the typical case',
      () => decisionsOf('?typical=true'),
      (list) => list.length === 1,
    );
    expect(typicalCases[0]).toMatchObject({ actId: 'pd-2', typicalNote: '建材堆放整治的典型案例' });

    const noReason = await api('public-disclosure', 'POST', `/api/v1/counties/${COUNTY}/disclosures/pd-2/withdrawal`, clerk, {
      agencyId: 'cgj',
      reason: ' ',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({ error: { code: 'REASON_REQUIRED' } });
    const withdrawn = await api('public-disclosure', 'POST', `/api/v1/counties/${COUNTY}/disclosures/pd-2/withdrawal`, clerk, {
      agencyId: 'cgj',
      reason: '来源数据录入错误',
    });
    expect(withdrawn.status, withdrawn.text).toBe(200);
    await eventually(
      'withdrawn',
      () => publicGet('/decisions/pd-2'),
      (r) => r.status === 404,
    );
  });

  it('a rectification closed for publication is listed on the portal, its summary without phone numbers', async () => {
    const base = `/api/v1/counties/${COUNTY}/rectifications`;
    const issued = await api('supervision', 'POST', base, supervisor, {
      rectificationId: 'pd-rf-1',
      documentKind: 'notice',
      documentNumber: '冷监通〔2026〕9号',
      supervisionForm: 'routine',
      agencyId: 'cgj',
      grounds: [{ kind: 'finding', description: '执法决定未按期公示' }],
      findings: '执法决定未按期公示',
      requirements: '限期公示',
      deadlineWorkingDays: 5,
    });
    expect(issued.status, issued.text).toBe(201);
    await eventually(
      'the notice awaiting a reply',
      async () => (await api('supervision', 'GET', `${base}/pd-rf-1`, supervisor)).status,
      (s) => s === 200,
    );
    const replied = await api('supervision', 'POST', `${base}/pd-rf-1/reply`, clerk, {
      agencyId: 'cgj',
      measures: ['补充公示'],
      explanation: '已公示',
    });
    expect(replied.status, replied.text).toBe(200);
    expect((await api('supervision', 'POST', `${base}/pd-rf-1/acceptance`, supervisor, { opinion: '整改到位' })).status).toBe(200);
    const closed = await api('supervision', 'POST', `${base}/pd-rf-1/closure`, supervisor, {
      outcome: 'rectified',
      publicSummary: '已补充公示，联系电话13812345678',
    });
    expect(closed.status, closed.text).toBe(200);
    const listed = await eventually(
      'the rectification on the portal',
      () => publicGet('/rectifications?agencyId=cgj'),
      (r) => ((r.body.rectifications ?? []) as unknown[]).length > 0,
    );
    expect(listed.body.rectifications).toEqual([
      expect.objectContaining({
        rectificationId: 'pd-rf-1',
        agencyId: 'cgj',
        outcome: 'rectified',
        publicSummary: '已补充公示，联系电话138****5678',
      }),
    ]);
    expect(findPersonalData(listed.text)).toEqual([]);
    // Nothing of random inspections was published: the list is empty, a plan id answers 404.
    expect((await publicGet('/random-inspections')).body).toEqual({ inspections: [], nextCursor: '' });
    expect((await publicGet('/random-inspections/no-such-plan')).status).toBe(404);
  });

  it('property: random natural-person acts through the stack leave no name, ID number or phone number in any public response', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(naturalPerson, async (target) => {
        const actId = `pdp-${++n}`;
        const title = `${target.name}无照经营案`;
        await openAct(actId, target, title, '2026-11-02T09:00:00+08:00');
        await step(
          actId,
          decision(
            `当事人${target.name}，公民身份号码${target.idNumber}，联系电话${target.phone}，住${target.address}。`,
            '2026-11-03T10:00:00+08:00',
          ),
        );
        await approve(actId);
        await eventually(
          'published',
          () => publicGet(`/decisions/${actId}`),
          (r) => r.status === 200,
        );
        const responses = await Promise.all([
          publicGet(`/decisions/${actId}`),
          publicGet('/decisions?limit=100'),
          publicGet('/decisions?keyword=无照经营'),
          publicGet('/agencies'),
          publicGet('/agencies/cgj/disclosure'),
          publicGet('/officers'),
          publicGet('/rectifications'),
          publicGet('/random-inspections'),
          publicGet('/evaluations'),
          publicGet('/case-file-reviews'),
          publicGet(`/statistics?year=${new Date().getUTCFullYear() - 1}`),
          publicGet('/daily-digests'),
          api('public-disclosure', 'GET', `/portal/counties/${COUNTY}`),
          api('public-disclosure', 'GET', `/portal/counties/${COUNTY}/decisions/${actId}`),
          api('public-disclosure', 'GET', `/portal/counties/${COUNTY}/decisions?keyword=${encodeURIComponent('无照经营')}`),
          api('public-disclosure', 'GET', `/portal/counties/${COUNTY}/agencies/cgj`),
          ...[
            'rectifications',
            'random-inspections',
            'evaluations',
            'case-file-reviews',
            `statistics?year=${new Date().getUTCFullYear() - 1}`,
            'daily-digests',
          ].map((page) => api('public-disclosure', 'GET', `/portal/counties/${COUNTY}/${page}`)),
        ]);
        const planted = [
          { label: 'name', value: target.name },
          { label: 'resident-id', value: target.idNumber },
          { label: 'mobile', value: target.phone },
          { label: 'address', value: target.address },
        ];
        for (const [i, response] of responses.entries()) {
          expect({ i, status: response.status }).toEqual({ i, status: 200 });
          expect(findPersonalData(response.text, { planted }).map((f) => f.label ?? f.kind)).toEqual([]);
        }
      }),
      { numRuns: 6 },
    );
  }, 240_000);

  it('annual statistics per agency once the year is over, with a chart on the portal', async () => {
    const company = { kind: 'legal_person', name: '永州市某某商贸有限公司', creditCode: '91350100M000100Y43', enterprise: true };
    await openAct('pd-2025', company, '超范围经营案', '2025-06-02T09:00:00+08:00');
    await step('pd-2025', decision('罚款300元。', '2025-06-10T10:00:00+08:00'));
    await step('pd-2025', { type: 'ActClosed', result: '已执行', officerIds: ['o-1', 'o-2'], occurredAt: '2025-06-20T10:00:00+08:00' });
    // An act decided but not closed: evidence collected before its decision must not count it as closed (its
    // decision, later in the same stream, is the sign the evidence was applied).
    await openAct('pd-2025-open', company, '超范围经营案（未结案）', '2025-07-01T09:00:00+08:00');
    await step('pd-2025-open', {
      type: 'EvidenceCollected',
      evidenceId: 'ev-open-1',
      kind: 'document',
      description: '询问笔录',
      officerIds: ['o-1', 'o-2'],
      occurredAt: '2025-07-02T10:00:00+08:00',
    });
    await step('pd-2025-open', decision('罚款200元。', '2025-07-10T10:00:00+08:00'));
    // An application not accepted (不予受理): concluded that year, with no ActClosed of its own.
    const application = await api('case-intake', 'POST', `/api/v1/counties/${COUNTY}/acts`, clerk, {
      actId: 'pd-2025-app',
      openedBy: 'application',
      agencyId: 'cgj',
      category: 'licensing',
      caseNumber: '冷城管许〔2025〕1号',
      title: '户外广告设置许可申请',
      itemCode: 'CG-001',
      target: company,
      officerIds: ['o-1', 'o-2'],
      occurredAt: '2025-08-01T09:00:00+08:00',
    });
    expect(application.status, application.text).toBe(201);
    await step('pd-2025-app', {
      type: 'ApplicationDecidedOnAcceptance',
      accepted: false,
      reason: '申请材料不齐全',
      officerIds: ['o-1', 'o-2'],
      occurredAt: '2025-08-02T09:00:00+08:00',
    });
    const figures = await eventually(
      'the 2025 figures',
      () => publicGet('/statistics?year=2025'),
      (r) => {
        // Every figure the assertions read: the figures are four queries (opened, decided, closed,
        // amounts), so while the acts are still being applied one may show an act the one before missed.
        const totals = (r.body.totals ?? []) as { category: string; opened: number; decided: number; closed: number }[];
        const of = (category: string) => totals.find((t) => t.category === category);
        return (
          r.status === 200 &&
          of('licensing')?.opened === 1 &&
          of('licensing')?.closed === 1 &&
          of('penalty')?.opened === 2 &&
          of('penalty')?.decided === 2 &&
          (of('penalty')?.closed ?? 0) >= 1
        );
      },
    );
    expect(figures.body).toMatchObject({
      year: 2025,
      totals: [
        { category: 'licensing', opened: 1, decided: 0, closed: 1, amountFen: 0 },
        { category: 'penalty', opened: 2, decided: 2, closed: 1, amountFen: 40000 },
      ],
      agencies: [
        {
          agencyId: 'cgj',
          agencyName: '冷水滩区城市管理和综合执法局',
          categories: [
            { category: 'licensing', closed: 1 },
            { category: 'penalty', decided: 2 },
          ],
        },
      ],
    });
    const running = await publicGet(`/statistics?year=${new Date().getUTCFullYear()}`);
    expect(running.status).toBe(400);
    expect(running.body).toMatchObject({ error: { code: 'YEAR_NOT_COMPLETE' } });
    const pageHtml = await api('public-disclosure', 'GET', `/portal/counties/${COUNTY}/statistics?year=2025`);
    expect(pageHtml.status).toBe(200);
    expect(pageHtml.text).toContain('<svg role="img"');
    expect(pageHtml.text).toContain('行政处罚 2 件');
  });

  it('an enterprise inspection gets a trace code: the enterprise sees who came and rates the visit once, anonymously', async () => {
    const company = { kind: 'legal_person', name: '永州市某某食品有限公司', creditCode: '91350100M000100Y43', enterprise: true };
    for (const actId of ['pd-insp-1', 'pd-insp-2']) {
      const opened = await api('case-intake', 'POST', `/api/v1/counties/${COUNTY}/acts`, clerk, {
        actId,
        openedBy: 'filing',
        agencyId: 'cgj',
        category: 'inspection',
        caseNumber: `冷城管检〔2026〕${actId}号`,
        title: '门前三包日常检查',
        itemCode: 'CG-002',
        target: company,
        officerIds: ['o-1', 'o-2'],
        occurredAt: '2026-11-20T09:30:00+08:00',
      });
      expect(opened.status, opened.text).toBe(201);
    }
    const forAgency = (actId: string, token = clerk) =>
      api('public-disclosure', 'GET', `/api/v1/counties/${COUNTY}/inspection-traces/${actId}?agencyId=cgj`, token);
    const trace = await eventually(
      'the trace code for the agency',
      () => forAgency('pd-insp-1'),
      (r) => r.status === 200,
    );
    const code = String(trace.body.code);
    expect(code).toMatch(/^[A-Z2-7]{26}$/);
    expect((await forAgency('pd-insp-1', otherClerk)).status).toBe(403);

    const shown = await api('public-disclosure', 'GET', `/api/v1/public/inspection-traces/${code}`);
    expect(shown.body).toMatchObject({
      agencyName: '冷水滩区城市管理和综合执法局',
      enterpriseName: company.name,
      title: '门前三包日常检查',
      officers: [
        { name: '执法员01', certificateNumber: '湘执法-4311-01' },
        { name: '执法员02', certificateNumber: '湘执法-4311-02' },
      ],
      confirmed: false,
    });
    const pageHtml = await api('public-disclosure', 'GET', `/portal/trace/${code}`);
    expect(pageHtml.text).toContain('确认本次检查并匿名评价');
    expect(
      (await api('public-disclosure', 'POST', `/api/v1/public/inspection-traces/${code}/confirmation`, undefined, { rating: 6 })).status,
    ).toBe(400);
    expect(
      (await api('public-disclosure', 'POST', `/api/v1/public/inspection-traces/${code}/confirmation`, undefined, { rating: 5 })).status,
    ).toBe(200);
    const again = await api('public-disclosure', 'POST', `/api/v1/public/inspection-traces/${code}/confirmation`, undefined, { rating: 1 });
    expect(again.body).toMatchObject({ error: { code: 'TRACE_ALREADY_CONFIRMED' } });
    const confirmed = await eventually(
      'confirmed for the agency',
      () => forAgency('pd-insp-1'),
      (r) => r.body.confirmed === true,
    );
    expect(confirmed.body).not.toHaveProperty('rating');
    expect((await api('public-disclosure', 'GET', '/api/v1/public/inspection-traces/AAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);

    // The page's form, without script.
    const second = await eventually(
      'the second code',
      () => forAgency('pd-insp-2'),
      (r) => r.status === 200,
    );
    const posted = await fetch(`${services['public-disclosure'].httpUrl}/portal/trace/${String(second.body.code)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'rating=4',
    });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain('已确认，感谢您的评价。');
  });

  it('a complaint filed on the portal reaches case intake; its status shows by tracking number; bad input refused; a flood throttled', async () => {
    const form = await api('public-disclosure', 'GET', `/portal/counties/${COUNTY}/complaints/new`);
    expect(form.text).toContain('<label for="subject">投诉举报事项（必填）');
    const refused = await fetch(`${services['public-disclosure'].httpUrl}/portal/counties/${COUNTY}/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ subject: '占道经营无人管', summary: '梧桐街道凤凰路多家商户长期占道', phone: '12345' }).toString(),
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('联系电话应为手机号码或带区号的固定电话');
    const filed = await fetch(`${services['public-disclosure'].httpUrl}/portal/counties/${COUNTY}/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        subject: '占道经营无人管',
        summary: '梧桐街道凤凰路多家商户长期占道',
        name: '赵六',
        phone: '13912345678',
        website: '',
      }).toString(),
    });
    const receipt = await filed.text();
    expect(filed.status, receipt).toBe(201);
    const trackingNumber = /查询码：<strong>([^<]+)<\/strong>/.exec(receipt)?.[1] ?? '';
    expect(trackingNumber).not.toBe('');
    expect(receipt).not.toContain('13912345678');
    // Case intake has it, from the portal; the public status page asks case intake by the number.
    const complaints = await eventually(
      'the complaint in case intake',
      async () =>
        ((await api('case-intake', 'GET', `/api/v1/counties/${COUNTY}/complaints?source=portal`, supervisor)).body.complaints ?? []) as {
          trackingNumber: string;
        }[],
      (list) => list.some((c) => c.trackingNumber === trackingNumber),
    );
    expect(complaints.length).toBe(1);
    const status = await eventually(
      'the status page',
      () => api('public-disclosure', 'GET', `/portal/complaints/${encodeURIComponent(trackingNumber)}`),
      (r) => r.status === 200,
    );
    expect(status.text).toContain('已受理');
    expect(status.text).not.toContain('赵六');
    // A bot fills the hidden field; then one client's flood is throttled (3 a minute here).
    const bot = await api('public-disclosure', 'POST', `/api/v1/public/counties/${COUNTY}/complaints`, undefined, {
      subject: '广告',
      summary: '广告',
      website: 'http://spam.example',
    });
    expect(bot.body).toMatchObject({ error: { code: 'SUBMISSION_REFUSED' } });
    const flood = [];
    for (let i = 0; i < 4; i++) {
      flood.push(
        (
          await api('public-disclosure', 'POST', `/api/v1/public/counties/${COUNTY}/complaints`, undefined, {
            subject: `重复${i}`,
            summary: '重复提交',
          })
        ).status,
      );
    }
    expect(flood).toContain(429);
  });

  it('pages through the published decisions with stable cursors, newest decision first, each once', async () => {
    const all = await decisionsOf('?limit=100');
    expect(all.length).toBeGreaterThanOrEqual(6);
    const seen: string[] = [];
    let cursor = '';
    do {
      const page = await publicGet(`/decisions?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status, page.text).toBe(200);
      seen.push(...(page.body.decisions as { actId: string }[]).map((d) => d.actId));
      cursor = String(page.body.nextCursor);
    } while (cursor !== '');
    expect(seen).toEqual(all.map((d) => d.actId));
    const decided = all.map((d) => String(d.decidedAt));
    expect([...decided].sort().reverse()).toEqual(decided);
    expect((await publicGet('/decisions?cursor=bm90LWEta2V5')).status).toBe(400);
  });
});
