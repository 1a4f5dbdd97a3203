import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials } from '@grpc/grpc-js';
import { governanceV1 } from '@lesp/contracts';
import { callUnary } from '@lesp/service-bootstrap';
import { devTokens, eventually, integrationEnv, startServiceProcess, uniqueSuffix, type ServiceProcess } from '@lesp/test-infra';
import { MongoClient } from 'mongodb';
import { chineseDaysYears } from '../../src/adapters/calendar/chinese-days-seed.js';
import { WorkingDayCalendar } from '../../src/domain/calendar/working-days.js';

/**
 * Normative documents (规范性文件) and competence disputes (执法争议协调) through the running
 * supervision process: a document filed 40 days after issue is late with both bodies, one
 * body passes it, the other returns it for correction, it is corrected and cleaned up; a
 * dispute is due 7 working days after filing by the official calendar (the one the service
 * seeds), decided on time, carried out; over REST and gRPC.
 */
const suffix = uniqueSuffix();
const COUNTY = '431103';
const env = {
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `gov_${suffix}`,
  TOPIC_PREFIX: `gov-${suffix}`,
  KAFKA_PARTITIONS: '2',
};
let service: ServiceProcess;
let supervisor: string;
let clerk: string;
let grpcClient: governanceV1.GovernanceServiceClient;
const DAY_MS = 86_400_000;
const calendar = new WorkingDayCalendar(chineseDaysYears().map((y) => ({ ...y, version: 1 })));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
async function api(method: string, path: string, body?: unknown, token = supervisor) {
  const response = await fetch(`${service.httpUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json };
}
const docs = `/api/v1/counties/${COUNTY}/normative-documents`;
const disputes = `/api/v1/counties/${COUNTY}/competence-disputes`;
const persons = `/api/v1/counties/${COUNTY}/persons-under-correction`;

beforeAll(async () => {
  service = await startServiceProcess('supervision', env);
  const tokens = await devTokens();
  supervisor = await tokens.issue({ subject: 'sup-431103', role: 'county_supervisor', countyCode: COUNTY });
  clerk = await tokens.issue({ subject: 'clerk-scjgj', role: 'agency_clerk', countyCode: COUNTY, agencyId: 'scjgj' });
  grpcClient = new governanceV1.GovernanceServiceClient(service.grpcAddress, credentials.createInsecure());
}, 120_000);

afterAll(async () => {
  grpcClient?.close();
  await service?.stop();
  const client = new MongoClient(integrationEnv().mongoUrl);
  await client.connect();
  await client
    .db(env.MONGO_DB)
    .dropDatabase()
    .catch(() => undefined);
  await client.close();
});

describe('normative documents and competence disputes through the running service', () => {
  it('files a document late with both bodies, passes and returns it, corrects and cleans it up', async () => {
    const issuedAt = new Date(Date.now() - 40 * DAY_MS);
    const registered = await api('POST', docs, {
      documentId: 'nd-1',
      issuer: '冷水滩区人民政府办公室',
      documentNumber: '冷政办发〔2026〕1号',
      title: '冷水滩区行政执法公示办法',
      issuedAt: issuedAt.toISOString(),
      effectiveFrom: issuedAt.toISOString(),
      validUntil: new Date(issuedAt.getTime() + 3 * 365 * DAY_MS).toISOString(),
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const tooLong = await api('POST', docs, {
      documentId: 'nd-2',
      issuer: '冷水滩区人民政府办公室',
      documentNumber: '冷政办发〔2026〕2号',
      title: '有效期过长的文件',
      issuedAt: issuedAt.toISOString(),
      effectiveFrom: issuedAt.toISOString(),
      validUntil: new Date(issuedAt.getTime() + 30 * 365 * DAY_MS).toISOString(),
    });
    expect(tooLong).toMatchObject({ status: 400, body: { error: { code: 'VALIDITY_TOO_LONG' } } });
    expect(JSON.stringify(tooLong.body)).toContain('validUntil');
    const now = new Date().toISOString();
    for (const [filedWith, recipient] of [
      ['government', '永州市冷水滩区人民政府'],
      ['standing_committee', '冷水滩区人大常委会'],
    ] as const) {
      const filed = await api('POST', `${docs}/nd-1/filings`, { filedWith, recipient, filingNumber: `备-${filedWith}`, filedAt: now });
      expect(filed.status, JSON.stringify(filed.body)).toBe(200);
    }
    expect((await api('POST', `${docs}/nd-1/reviews`, { reviewedBy: 'government', outcome: 'passed' })).status).toBe(200);
    const returned = await api('POST', `${docs}/nd-1/reviews`, {
      reviewedBy: 'standing_committee',
      outcome: 'returned',
      opinion: '第五条超出上位法',
    });
    expect(returned.status).toBe(200);
    expect((await api('POST', `${docs}/nd-1/corrections`, { summary: '删除第五条' })).status).toBe(200);
    const cleaned = await api('POST', `${docs}/nd-1/clean-ups`, { cleanUp: '2026 年度清理', outcome: 'kept', reason: '仍然适用' });
    expect(cleaned.status, JSON.stringify(cleaned.body)).toBe(200);
    const doc = await eventually(
      'the document to show its clean-up',
      () => api('GET', `${docs}/nd-1`),
      (r) => r.body['cleanUpOutcome'] === 'kept',
    );
    const filings = Object.fromEntries((doc.body['filings'] as Json[]).map((f) => [f['filedWith'], f]));
    expect(filings['government']).toMatchObject({ late: true, review: 'passed' });
    expect(filings['standing_committee']).toMatchObject({ late: true, review: 'returned', opinion: '第五条超出上位法' });
    expect(doc.body['corrections']).toEqual(['删除第五条']);
    // A clerk may not record one.
    expect((await api('POST', `${docs}/nd-1/corrections`, { summary: 'x' }, clerk)).status).toBe(403);
  });

  it('a dispute is due 7 working days after filing by the official calendar, decided on time and carried out', async () => {
    const filed = await api('POST', disputes, {
      disputeId: 'dp-1',
      kind: 'declined',
      agencyIds: ['scjgj', 'hbj'],
      matter: '餐饮油烟污染投诉的管辖',
      description: '市场监管与生态环境部门均认为不属本部门职责',
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const one = await eventually(
      'the dispute to be listed',
      () => api('GET', `${disputes}/dp-1`),
      (r) => r.status === 200,
    );
    const filedAt = new Date(one.body['filedAt']);
    expect(new Date(one.body['dueAt']).toISOString()).toBe(calendar.dueAt(filedAt, { amount: 7, unit: 'working_days' }).toISOString());
    expect(one.body).toMatchObject({ status: 'filed', overdue: false });

    const decided = await api('POST', `${disputes}/dp-1/decision`, {
      competentAgencyId: 'hbj',
      assistingAgencyIds: ['scjgj'],
      reasoning: '餐饮油烟污染防治属生态环境部门职责',
      legalBasis: '《大气污染防治法》第一百一十八条',
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const notParty = await api('POST', `${disputes}/dp-1/implementation`, { agencyId: 'sfj', summary: '已受理' });
    expect(notParty.status).toBeGreaterThanOrEqual(400);
    expect((await api('POST', `${disputes}/dp-1/follow-ups`, { note: '已电话督办' })).status).toBe(200);
    const done = await api('POST', `${disputes}/dp-1/implementation`, { agencyId: 'hbj', summary: '已受理并查处' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const after = await eventually(
      'the dispute to be carried out',
      () => api('GET', `${disputes}/dp-1`),
      (r) => r.body['status'] === 'implemented',
    );
    expect(after.body).toMatchObject({ competentAgencyId: 'hbj', late: false, overdue: false, followUps: ['已电话督办'] });

    const viaGrpc = await callUnary(
      grpcClient,
      grpcClient.getDispute,
      { countyCode: COUNTY, disputeId: 'dp-1' },
      { deadlineMs: 5000, bearerToken: supervisor },
    );
    expect(viaGrpc).toMatchObject({ status: 'implemented', competentAgencyId: 'hbj' });
    const listed = await callUnary(
      grpcClient,
      grpcClient.listNormativeDocuments,
      { countyCode: COUNTY, page: undefined },
      { deadlineMs: 5000, bearerToken: supervisor },
    );
    expect(listed.documents.map((d) => d.documentId)).toEqual(['nd-1']);
  });

  it('keeps a person under community correction: monthly hours by kind, absconding and return, the end', async () => {
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const received = await api('POST', persons, {
      personId: 'p-1',
      category: 'probation',
      officeId: 'sfs-1',
      dutyCrime: false,
      startsAt: new Date(Date.now() - 60 * DAY_MS).toISOString(),
      endsAt: new Date(Date.now() + 365 * DAY_MS).toISOString(),
    });
    expect(received.status, JSON.stringify(received.body)).toBe(201);
    const now = new Date().toISOString();
    for (const [kind, hours] of [
      ['education', 4],
      ['education', 4],
      ['community_service', 8],
    ] as const) {
      const recorded = await api('POST', `${persons}/p-1/hours`, { kind, month, hours, activity: '集中教育学习', occurredAt: now });
      expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
    }
    const odd = await api('POST', `${persons}/p-1/hours`, { kind: 'education', month, hours: 0.3, occurredAt: now });
    expect(odd.status).toBe(400);
    expect(JSON.stringify(odd.body)).toContain('HOURS_RANGE');
    expect((await api('POST', `${persons}/p-1/absconding`, { lostContactAt: now, measures: '电话联系、走访家属' })).status).toBe(200);
    const absconded = await eventually(
      'the person to show as absconded',
      () => api('GET', `${persons}/p-1`),
      (r) => r.body['status'] === 'absconded',
    );
    expect(absconded.body).toMatchObject({ abscondings: 1, hours: [{ month, education: 8, communityService: 8 }] });
    expect((await api('POST', `${persons}/p-1/return`, { returnedAt: new Date().toISOString(), note: '已到司法所报到' })).status).toBe(200);
    const ended = await api('POST', `${persons}/p-1/end`, { reason: 'revoked', endedAt: new Date().toISOString(), note: '撤销缓刑' });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    const after = await eventually(
      'the person to show the end',
      () => api('GET', `${persons}/p-1`),
      (r) => r.body['status'] === 'ended',
    );
    expect(after.body).toMatchObject({ endReason: 'revoked', abscondings: 1 });
    const listed = await callUnary(
      grpcClient,
      grpcClient.listPersonsUnderCorrection,
      { countyCode: COUNTY, page: undefined },
      { deadlineMs: 5000, bearerToken: supervisor },
    );
    expect(listed.persons.map((p) => [p.personId, p.status])).toEqual([['p-1', 'ended']]);
  });

  it('the rule engine watches both: a document not filed within 30 days raises red alerts, its filing resolves one; the corrections pack raises and resolves the absconding', async () => {
    const alerts = (ruleId: string) => api('GET', `/api/v1/counties/${COUNTY}/alerts?ruleId=${ruleId}`);
    // nd-3, issued 40 days ago and registered now: both bodies' 30 days have passed, both deadlines fire red;
    // the filing with the government resolves its alert, the standing committee's stays open.
    const issuedAt = new Date(Date.now() - 40 * DAY_MS);
    const registered = await api('POST', docs, {
      documentId: 'nd-3',
      issuer: '冷水滩区人民政府办公室',
      documentNumber: '冷政办发〔2026〕3号',
      title: '冷水滩区重大行政执法决定法制审核办法',
      issuedAt: issuedAt.toISOString(),
      effectiveFrom: issuedAt.toISOString(),
      validUntil: new Date(issuedAt.getTime() + 2 * 365 * DAY_MS).toISOString(),
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const ofNd3 = (r: { body: Json }) => ((r.body['alerts'] as Json[] | undefined) ?? []).filter((a) => a['subjectId'] === 'nd-3');
    const raised = await eventually(
      'both filing deadlines of nd-3 to fire',
      () => alerts('normative-document-not-filed'),
      (r) => ofNd3(r).length === 2,
    );
    expect(ofNd3(raised).map((a) => [a['level'], a['kind'], a['status']])).toEqual([
      ['red', 'deadline', 'open'],
      ['red', 'deadline', 'open'],
    ]);
    const filed = await api('POST', `${docs}/nd-3/filings`, {
      filedWith: 'government',
      recipient: '永州市冷水滩区人民政府',
      filingNumber: '备-nd-3',
      filedAt: new Date().toISOString(),
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(200);
    const cured = await eventually(
      'the government filing to resolve its alert',
      () => alerts('normative-document-not-filed'),
      (r) => ofNd3(r).some((a) => a['status'] === 'resolved'),
    );
    expect(
      ofNd3(cured)
        .map((a) => [String(a['message']).includes('人大常委会') ? 'standing_committee' : 'government', a['status']])
        .sort(),
    ).toEqual([
      ['government', 'resolved'],
      ['standing_committee', 'open'],
    ]);
    const absconding = await eventually(
      'the absconding alert to be resolved by the return',
      () => alerts('correction-person-absconded'),
      (r) => (r.body['alerts'] as Json[] | undefined)?.[0]?.['status'] === 'resolved',
    );
    expect((absconding.body['alerts'] as Json[])[0]).toMatchObject({
      subjectId: 'p-1',
      agencyId: 'sfs-1',
      level: 'red',
      packId: 'community-corrections',
    });
  });

  it('serves the monthly and half-year community-corrections reports as JSON, XLSX and a printable page, and over gRPC', async () => {
    const [year, month] = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7).split('-').map(Number) as [number, number];
    const path = `/api/v1/counties/${COUNTY}/community-corrections-report?period=month&year=${year}&month=${month}&name=${encodeURIComponent('冷水滩区')}`;
    const rows = (body: Json) =>
      Object.fromEntries((body['sections'] as Json[]).flatMap((s) => (s['rows'] as Json[]).map((r) => [r['label'], r['value']])));
    // The person under correction was revoked this month; the absconding of this month is a correction found (脱管).
    const report = await eventually(
      'the report to count the absconding',
      () => api('GET', path),
      (r) => r.status === 200 && rows(r.body)['监外执行罪犯出现脱管、漏管'] === 1,
    );
    // A finding the supervisors record (on a court) and one of the half-year table count in their tables.
    const now = new Date().toISOString();
    const found = await api('POST', `/api/v1/counties/${COUNTY}/correction-findings`, {
      findingId: 'f-1',
      category: 'court_documents_not_served',
      description: '法院未依法送达缓刑判决书',
      foundAt: now,
    });
    expect(found.status, JSON.stringify(found.body)).toBe(201);
    expect(
      (
        await api('POST', `/api/v1/counties/${COUNTY}/correction-findings`, {
          category: 'revocation_not_proposed',
          personId: 'p-1',
          description: '应提请撤销缓刑而未提请',
          foundAt: now,
        })
      ).status,
    ).toBe(201);
    expect(
      (await api('POST', `/api/v1/counties/${COUNTY}/correction-findings`, { category: 'nope', description: 'x', foundAt: now })).status,
    ).toBe(400);
    const withFinding = await eventually(
      'the report to count the recorded finding',
      () => api('GET', path),
      (r) => r.status === 200 && rows(r.body)['没有依法送达监外执行法律文书、交付执行或告知罪犯权利义务'] === 1,
    );
    expect(rows(withFinding.body)['监外执行罪犯出现脱管、漏管']).toBe(1);
    // Each finding is its own stream: the second may be projected after the first was counted.
    const listedFindings = await eventually(
      'both findings listed',
      () =>
        callUnary(
          grpcClient,
          grpcClient.listCorrectionFindings,
          { countyCode: COUNTY, page: undefined },
          { deadlineMs: 5000, bearerToken: supervisor },
        ),
      (listed) => listed.findings.length >= 2,
    );
    expect(listedFindings.findings.map((f) => [f.category, f.categoryName]).sort()).toEqual([
      ['court_documents_not_served', '没有依法送达监外执行法律文书、交付执行或告知罪犯权利义务'],
      ['revocation_not_proposed', '应当提出撤销缓刑、假释建议和收监执行建议而没有提出'],
    ]);
    expect(report.body['title']).toBe(`冷水滩区${year}年${month}月社区矫正监督月报`);
    expect(rows(report.body)).toMatchObject({ 在册社区矫正对象: 0, '本期撤销缓刑、假释': 1 });
    const xlsx = await fetch(`${service.httpUrl}${path}&format=xlsx`, { headers: { authorization: `Bearer ${supervisor}` } });
    expect([xlsx.status, xlsx.headers.get('content-type')]).toEqual([
      200,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    expect(
      Buffer.from(await xlsx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    const html = await fetch(`${service.httpUrl}${path}&format=html`, { headers: { authorization: `Bearer ${supervisor}` } });
    expect(await html.text()).toContain(`冷水滩区${year}年${month}月社区矫正监督月报`);
    const half = await callUnary(
      grpcClient,
      grpcClient.getCommunityCorrectionsReport,
      { countyCode: COUNTY, period: 'half', year, month: 0, half: month <= 6 ? 1 : 2, name: '' },
      { deadlineMs: 5000, bearerToken: supervisor },
    );
    expect(half.title).toBe(`${COUNTY}${year}年${month <= 6 ? '上' : '下'}半年社区矫正监督半年报`);
    expect(half.sections.length).toBeGreaterThan(1);
    const halfRows = Object.fromEntries(half.sections.flatMap((sec) => sec.rows.map((r) => [r.label, r.value])));
    expect(halfRows['应当提出撤销缓刑、假释建议和收监执行建议而没有提出']).toBe(1);
    expect((await api('GET', `/api/v1/counties/${COUNTY}/community-corrections-report?period=month&year=${year}`)).body).toMatchObject({
      error: { code: 'REPORT_MONTH_RANGE' },
    });
    expect((await api('GET', path, undefined, clerk)).status).toBe(403);
  });
});
