import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials } from '@grpc/grpc-js';
import {
  agencyEvaluationEventCodec,
  agencyEventCodec,
  caseFileReviewEventCodec,
  caseFileReviewV1,
  governanceV1,
  publicDisclosureV1,
  randomInspectionEventCodec,
  randomInspectionV1,
  rectificationEventCodec,
  rectificationV1,
} from '@lesp/contracts';
import { newId, type EventRecord } from '@lesp/core';
import { KafkaEventPublisher, topicNaming } from '@lesp/kafka-bus';
import { callUnary } from '@lesp/service-bootstrap';
import { createTestKafka, eventually, integrationEnv, startServiceProcess, uniqueSuffix, type ServiceProcess } from '@lesp/test-infra';
import { MongoClient } from 'mongodb';

/**
 * What supervision published, on the portal: public disclosure as a running process fed with
 * supervision's events on Kafka (published here, as supervision's relay would). Random-inspection
 * plans and results, rectification outcomes, evaluations of agencies and case-file review
 * summaries show on the JSON API, over gRPC and as portal pages once published, and only then:
 * an evaluation recorded (or revised) but not published, a review opened but not summarised,
 * a plan not marked for publication never show; nor does another county's; nor a veto's reason,
 * supervisors' own scores or who published.
 */
const suffix = uniqueSuffix();
const A = '431103';
const B = '433124';
const env = {
  KAFKA_BROKERS: integrationEnv().kafkaBrokers,
  MONGO_URL: integrationEnv().mongoUrl,
  MONGO_DB: `pdsr_${suffix}`,
  TOPIC_PREFIX: `pdsr-${suffix}`,
  KAFKA_PARTITIONS: '2',
};
const AT = new Date('2026-02-10T02:00:00Z');
const VETO_REASON = '局长赵六瞒报重大案件';
const SUPERVISOR = 'supervisor-qian-7';
const PUBLISHER = '监督科孙八';
let service: ServiceProcess;
let publisher: KafkaEventPublisher;
let client: publicDisclosureV1.PublicDisclosureServiceClient;

type Encoded = Pick<EventRecord, 'eventType' | 'schemaVersion' | 'payload'>;

function record(
  source: 'supervision' | 'case-intake',
  county: string,
  aggregateType: string,
  aggregateId: string,
  version: number,
  encoded: Encoded,
): EventRecord {
  return {
    eventId: newId(),
    ...encoded,
    source,
    countyCode: county,
    aggregateType,
    aggregateId,
    streamId: `${county}/${aggregateType}/${aggregateId}`,
    version,
    occurredAt: AT,
    recordedAt: AT,
    actor: { userId: SUPERVISOR, role: 'county_supervisor', countyCode: county },
    correlationId: newId(),
    causationId: newId(),
    previousHash: '0'.repeat(64),
    hash: '1'.repeat(64),
  };
}

const result = (county: string, agencyId: string, centipoints: number, grade: string, gradeName: string, reasons: string[] = []) =>
  governanceV1.EvaluationResult.fromPartial({
    countyCode: county,
    agencyId,
    year: 2025,
    centipoints,
    grade,
    gradeName,
    indicators: [
      { code: 'closingRate', name: '结案率', weight: 60, centipoints: 9000 },
      { code: 'supervisors', name: '评议人员评分', weight: 40 },
    ],
    reasons,
  });
const input = (county: string, agencyId: string) =>
  governanceV1.EvaluationInput.fromPartial({
    countyCode: county,
    agencyId,
    year: 2025,
    supervisorScores: [{ supervisorId: SUPERVISOR, indicatorCode: 'supervisors', centipoints: 1234 }],
    vetoes: [{ code: 'V1', reason: VETO_REASON }],
  });

function evaluation(
  county: string,
  id: string,
  events: ('evaluated' | 'revised' | 'published')[],
  agencyId: string,
  r: governanceV1.EvaluationResult,
) {
  return events.map((step, i) =>
    record(
      'supervision',
      county,
      'AgencyEvaluation',
      id,
      i + 1,
      agencyEvaluationEventCodec.encode(
        step === 'evaluated'
          ? {
              type: 'AgencyEvaluated',
              data: governanceV1.AgencyEvaluated.fromPartial({
                evaluationId: id,
                input: input(county, agencyId),
                result: r,
                evaluatedBy: SUPERVISOR,
                evaluatedAt: AT,
              }),
            }
          : step === 'revised'
            ? {
                type: 'AgencyEvaluationRevised',
                data: governanceV1.AgencyEvaluationRevised.fromPartial({
                  evaluationId: id,
                  input: input(county, agencyId),
                  result: r,
                  reason: '内部修订理由',
                  revisedBy: SUPERVISOR,
                  revisedAt: AT,
                }),
              }
            : {
                type: 'AgencyEvaluationPublished',
                data: governanceV1.AgencyEvaluationPublished.fromPartial({ evaluationId: id, publishedBy: PUBLISHER, publishedAt: AT }),
              },
      ),
    ),
  );
}

function review(county: string, id: string, title: string, publish: boolean): EventRecord[] {
  const opened = record(
    'supervision',
    county,
    'CaseFileReview',
    id,
    1,
    caseFileReviewEventCodec.encode({
      type: 'CaseFileReviewOpened',
      data: caseFileReviewV1.CaseFileReviewOpened.fromPartial({
        reviewId: id,
        countyCode: county,
        title,
        supervisionForm: 'special',
        criteria: { period: { from: new Date('2025-07-01T00:00:00+08:00'), to: new Date('2026-01-01T00:00:00+08:00') } },
        openedBy: SUPERVISOR,
        openedAt: AT,
      }),
    }),
  );
  if (!publish) return [opened];
  return [
    opened,
    record(
      'supervision',
      county,
      'CaseFileReview',
      id,
      4,
      caseFileReviewEventCodec.encode({
        type: 'CaseFileReviewSummaryPublished',
        data: caseFileReviewV1.CaseFileReviewSummaryPublished.fromPartial({
          reviewId: id,
          countyCode: county,
          title,
          summary: {
            filesReviewed: 44,
            enterpriseFiles: 23,
            enterpriseSharePercent: 52.27,
            byCategory: [{ category: 'penalty', files: 44 }],
            averageScore: 86.5,
            excellent: 10,
            qualified: 30,
            unqualified: 4,
            byAgency: [{ agencyId: 'cgj', files: 44, averageScore: 86.5, unqualified: 4, problems: 7 }],
            problemsByItem: [{ itemCode: 'evidence', name: '证据不充分', count: 5 }],
          },
          conclusion: '执法案卷总体规范，证据收集仍需加强。',
          publishedBy: PUBLISHER,
          publishedAt: AT,
        }),
      }),
    ),
  ];
}

function inspection(county: string, planId: string, title: string, publish: boolean): EventRecord[] {
  const enc = (event: Parameters<typeof randomInspectionEventCodec.encode>[0]) => randomInspectionEventCodec.encode(event);
  const planned = record(
    'supervision',
    county,
    'RandomInspection',
    planId,
    1,
    enc({
      type: 'RandomInspectionPlanned',
      data: randomInspectionV1.RandomInspectionPlanned.fromPartial({
        planId,
        countyCode: county,
        title,
        year: 2026,
        leadAgencyId: 'scj',
        agencyIds: ['scj', 'cgj'],
        crossAgency: true,
        matters: ['食品经营许可事项检查'],
        period: { from: new Date('2026-03-01T00:00:00+08:00'), to: new Date('2026-03-31T00:00:00+08:00') },
        plannedBy: SUPERVISOR,
        plannedAt: AT,
      }),
    }),
  );
  if (!publish) return [planned];
  return [
    planned,
    record(
      'supervision',
      county,
      'RandomInspection',
      planId,
      2,
      enc({
        type: 'InspectionPlanMarkedForPublication',
        data: randomInspectionV1.InspectionPlanMarkedForPublication.fromPartial({ planId, countyCode: county, publishedAt: AT }),
      }),
    ),
    record(
      'supervision',
      county,
      'RandomInspection',
      planId,
      6,
      enc({
        type: 'InspectionResultsMarkedForPublication',
        data: randomInspectionV1.InspectionResultsMarkedForPublication.fromPartial({
          planId,
          countyCode: county,
          results: [
            { targetId: 't1', name: '永州市某某食品有限公司', kind: 'enterprise', outcome: 'problem_corrected', inspectedAt: AT },
            { targetId: 't2', name: '王小明', kind: 'individual', outcome: 'no_problem', inspectedAt: AT },
          ],
          publishedAt: AT,
        }),
      }),
    ),
  ];
}

const rectification = (county: string, id: string) =>
  record(
    'supervision',
    county,
    'Rectification',
    id,
    5,
    rectificationEventCodec.encode({
      type: 'RectificationMarkedForPublication',
      data: rectificationV1.RectificationMarkedForPublication.fromPartial({
        rectificationId: id,
        countyCode: county,
        agencyId: 'cgj',
        documentKind: 'notice',
        documentNumber: '冷监通〔2026〕3号',
        outcome: 'rectified',
        publicSummary: '已补正执法文书，联系电话 13912345678。',
        accountabilityRecorded: true,
        closedAt: AT,
      }),
    }),
  );

const agency = (county: string, agencyId: string, name: string) =>
  record(
    'case-intake',
    county,
    'Agency',
    agencyId,
    1,
    agencyEventCodec.encode({
      type: 'AgencyRegistered',
      data: { agencyId, name, creditCode: '11431103MB00000000', kind: '行政机关', legalBasis: '《中华人民共和国行政处罚法》' },
    }),
  );

async function get(path: string): Promise<{ status: number; text: string; cache: string | null }> {
  const response = await fetch(`${service.httpUrl}${path}`);
  return { status: response.status, text: await response.text(), cache: response.headers.get('cache-control') };
}

function grpc<Req, Res>(method: unknown, request: Req): Promise<Res> {
  return callUnary(client, method as never, request as never, { deadlineMs: 10_000 }) as Promise<Res>;
}

beforeAll(async () => {
  service = await startServiceProcess('public-disclosure', env);
  publisher = new KafkaEventPublisher(createTestKafka(), topicNaming(env.TOPIC_PREFIX));
  client = new publicDisclosureV1.PublicDisclosureServiceClient(service.grpcAddress, credentials.createInsecure());
  await publisher.publish([
    agency(A, 'cgj', '冷水滩区城市管理和综合执法局'),
    agency(A, 'scj', '冷水滩区市场监督管理局'),
    // Evaluations of 2025 in A: one published, one revised and published (the revision's result shows),
    // one only recorded, one revised but not published.
    ...evaluation(A, 'ev-cgj', ['evaluated', 'published'], 'cgj', result(A, 'cgj', 8650, 'good', '良好')),
    ...evaluation(
      A,
      'ev-scj',
      ['evaluated', 'revised', 'published'],
      'scj',
      result(A, 'scj', 5900, 'fail', '不合格', [`一票否决：${VETO_REASON}`]),
    ),
    ...evaluation(A, 'ev-jtj', ['evaluated'], 'jtj', result(A, 'jtj', 9900, 'excellent', '优秀')),
    ...evaluation(A, 'ev-sfj', ['evaluated', 'revised'], 'sfj', result(A, 'sfj', 9800, 'excellent', '优秀')),
    ...evaluation(B, 'ev-b', ['evaluated', 'published'], 'hbj', result(B, 'hbj', 7000, 'pass', '合格')),
    ...review(A, 'rv-pub', '2025 年下半年行政处罚案卷评查', true),
    ...review(A, 'rv-open', '尚未通报的评查', false),
    ...review(B, 'rv-b', '花垣县案卷评查', true),
    ...inspection(A, 'plan-pub', '2026 年食品经营抽查', true),
    ...inspection(A, 'plan-draft', '尚未公示的抽查计划', false),
    rectification(A, 'rf-1'),
  ]);
}, 120_000);

afterAll(async () => {
  client?.close();
  await publisher?.close();
  await service?.stop();
  const mongo = new MongoClient(integrationEnv().mongoUrl);
  await mongo.connect();
  await mongo
    .db(env.MONGO_DB)
    .dropDatabase()
    .catch(() => undefined);
  await mongo.close();
});

describe('supervision results published on the portal', () => {
  it('answers published evaluations only, with score, grade and indicators, never a veto’s reason or supervisors’ scores', async () => {
    const listed = await eventually(
      'both published evaluations of 431103',
      () => get(`/api/v1/public/counties/${A}/evaluations?year=2025`),
      (r) => r.status === 200 && (JSON.parse(r.text) as { evaluations: unknown[] }).evaluations.length === 2,
    );
    expect(listed.cache).toBe('public, max-age=60');
    const { evaluations } = JSON.parse(listed.text) as { evaluations: { evaluationId: string; agencyId: string }[] };
    expect(evaluations.map((e) => e.evaluationId).sort()).toEqual(['ev-cgj', 'ev-scj']);
    expect(evaluations.find((e) => e.evaluationId === 'ev-scj')).toEqual({
      evaluationId: 'ev-scj',
      countyCode: A,
      agencyId: 'scj',
      year: 2025,
      centipoints: 5900,
      grade: 'fail',
      gradeName: '不合格',
      indicators: [
        { code: 'closingRate', name: '结案率', weight: 60, centipoints: 9000 },
        { code: 'supervisors', name: '评议人员评分', weight: 40, centipoints: null },
      ],
      gradeReasons: ['一票否决'],
      publishedAt: AT.toISOString(),
    });
    for (const text of [listed.text, (await get(`/api/v1/public/counties/${A}/evaluations`)).text]) {
      expect(text).not.toContain(VETO_REASON);
      expect(text).not.toContain(SUPERVISOR);
      expect(text).not.toContain(PUBLISHER);
      expect(text).not.toContain('内部修订理由');
      expect(text).not.toContain('ev-jtj');
      expect(text).not.toContain('ev-sfj');
    }
    expect(JSON.parse((await get(`/api/v1/public/counties/${A}/evaluations?year=2024`)).text)).toEqual({ evaluations: [], nextCursor: '' });

    const overGrpc = await grpc<publicDisclosureV1.ListPublicEvaluationsRequest, publicDisclosureV1.ListPublicEvaluationsResponse>(
      client.listPublicEvaluations,
      { countyCode: A, year: 2025, page: undefined },
    );
    expect(overGrpc.evaluations.map((e) => [e.evaluationId, e.centipoints, e.grade]).sort()).toEqual([
      ['ev-cgj', 8650, 'good'],
      ['ev-scj', 5900, 'fail'],
    ]);
    expect(overGrpc.evaluations[0]!.indicators[1]!.centipoints).toBeUndefined();

    // The county's other evaluations are in 433124, and only there.
    const other = await eventually(
      'the evaluation of 433124',
      () => get(`/api/v1/public/counties/${B}/evaluations`),
      (r) => (JSON.parse(r.text) as { evaluations: unknown[] }).evaluations.length === 1,
    );
    expect(other.text).toContain('ev-b');
    expect(other.text).not.toContain('ev-cgj');
  });

  it('shows the evaluations page ranked among the published, with names from the public agencies', async () => {
    // The agencies come on case intake's topic, the evaluations on supervision's: no order between them.
    const { text: html } = await eventually(
      'the evaluations page with both agencies named',
      () => get(`/portal/counties/${A}/evaluations?year=2025`),
      (r) => r.text.includes('冷水滩区城市管理和综合执法局') && r.text.includes('冷水滩区市场监督管理局'),
    );
    expect(html).toContain('<h1>2025 年度执法监督评议结果</h1>');
    expect(html).toContain('<tr><td>1</td><th scope="row">冷水滩区城市管理和综合执法局</th><td>86.50</td><td>良好</td>');
    expect(html).toContain('<tr><td>2</td><th scope="row">冷水滩区市场监督管理局</th><td>59.00</td><td>不合格</td>');
    expect(html).not.toContain('99.00');
    expect(html).not.toContain('98.00');
    expect(html).not.toContain(VETO_REASON);
    expect((await get(`/portal/counties/${A}/evaluations?year=`)).status).toBe(200);
    expect((await get(`/portal/counties/${A}/evaluations?year=abc`)).status).toBe(400);
  });

  it('answers and shows published case-file review summaries only', async () => {
    const listed = await eventually(
      'the published review of 431103',
      () => get(`/api/v1/public/counties/${A}/case-file-reviews`),
      (r) => r.status === 200 && r.text.includes('rv-pub'),
    );
    expect(listed.cache).toBe('public, max-age=60');
    const body = JSON.parse(listed.text) as { caseFileReviews: Record<string, unknown>[]; nextCursor: string };
    expect(body.caseFileReviews).toHaveLength(1);
    expect(body.caseFileReviews[0]).toMatchObject({
      reviewId: 'rv-pub',
      countyCode: A,
      title: '2025 年下半年行政处罚案卷评查',
      supervisionForm: 'special',
      summary: { filesReviewed: 44, unqualified: 4, problemsByItem: [{ itemCode: 'evidence', name: '证据不充分', count: 5 }] },
      conclusion: '执法案卷总体规范，证据收集仍需加强。',
    });
    expect(listed.text).not.toContain(PUBLISHER);
    expect(listed.text).not.toContain(SUPERVISOR);
    expect((await get(`/api/v1/public/counties/${A}/case-file-reviews/rv-pub`)).status).toBe(200);
    // Opened but not summarised; another county's; an id no review has: not found, all alike.
    for (const path of [`/api/v1/public/counties/${A}/case-file-reviews/rv-open`, `/api/v1/public/counties/${A}/case-file-reviews/rv-b`]) {
      expect((await get(path)).status).toBe(404);
    }
    expect((await get(`/portal/counties/${A}/case-file-reviews/rv-open`)).status).toBe(404);

    const overGrpc = await grpc<publicDisclosureV1.ListPublicCaseFileReviewsRequest, publicDisclosureV1.ListPublicCaseFileReviewsResponse>(
      client.listPublicCaseFileReviews,
      { countyCode: A, page: undefined },
    );
    expect(overGrpc.caseFileReviews.map((r) => [r.reviewId, r.filesReviewed, r.byAgency[0]?.problems])).toEqual([['rv-pub', 44, 7]]);

    const list = (await get(`/portal/counties/${A}/case-file-reviews`)).text;
    expect(list).toContain('<h1>案卷评查通报</h1>');
    expect(list).toContain('href="/portal/counties/431103/case-file-reviews/rv-pub"');
    expect(list).not.toContain('尚未通报的评查');
    const detail = (await get(`/portal/counties/${A}/case-file-reviews/rv-pub`)).text;
    expect(detail).toContain('<dd>2025-07-01 至 2025-12-31</dd>');
    expect(detail).toContain('<th scope="row">冷水滩区城市管理和综合执法局</th><td>44</td><td>86.50</td><td>4</td><td>7</td>');
    expect(detail).toContain('<th scope="row">证据不充分</th><td>5</td>');
  });

  it('shows random inspections (published plans and their results, individuals masked) and rectification outcomes as pages', async () => {
    const list = await eventually(
      'the published plan on the portal',
      () => get(`/portal/counties/${A}/random-inspections`),
      (r) => r.text.includes('2026 年食品经营抽查'),
    );
    expect(list.cache).toBe('public, max-age=60');
    expect(list.text).toContain('<h1>双随机抽查任务及结果</h1>');
    expect(list.text).not.toContain('尚未公示的抽查计划');
    const plan = (await get(`/portal/counties/${A}/random-inspections/plan-pub`)).text;
    expect(plan).toContain('<dt>牵头部门</dt><dd>冷水滩区市场监督管理局</dd>');
    expect(plan).toContain('<th scope="row">永州市某某食品有限公司</th><td>企业</td>');
    expect(plan).toContain('<th scope="row">王*明</th><td>个体工商户</td>');
    expect(plan).not.toContain('王小明');
    expect((await get(`/portal/counties/${A}/random-inspections/plan-draft`)).status).toBe(404);
    expect((await get(`/portal/counties/${B}/random-inspections/plan-pub`)).status).toBe(404);

    const rectifications = await eventually(
      'the rectification outcome on the portal',
      () => get(`/portal/counties/${A}/rectifications?agencyId=cgj`),
      (r) => r.text.includes('冷监通〔2026〕3号'),
    );
    expect(rectifications.text).toContain('<dt>被监督单位</dt><dd>冷水滩区城市管理和综合执法局</dd>');
    expect(rectifications.text).toContain('<dt>整改结果</dt><dd>已整改</dd>');
    expect(rectifications.text).not.toContain('13912345678');
    expect((await get(`/portal/counties/${A}/rectifications?agencyId=`)).text).toContain('冷监通〔2026〕3号');
    expect((await get(`/portal/counties/${A}/rectifications?agencyId=scj`)).text).toContain('暂无公开的整改落实情况。');
    expect((await get(`/portal/counties/${B}/rectifications`)).text).not.toContain('冷监通');
  });

  it('documents the new JSON routes with their response schemas at /docs/json', async () => {
    const doc = JSON.parse((await get('/docs/json')).text) as { paths: Record<string, { get?: { responses?: Record<string, unknown> } }> };
    for (const path of ['evaluations', 'case-file-reviews', 'case-file-reviews/{reviewId}']) {
      expect(doc.paths[`/api/v1/public/counties/{countyCode}/${path}`]?.get?.responses).toHaveProperty('200');
    }
  });

  it('links the four pages from the county page instead of the JSON', async () => {
    const home = (await get(`/portal/counties/${A}`)).text;
    for (const path of ['random-inspections', 'rectifications', 'evaluations', 'case-file-reviews']) {
      expect(home).toContain(`href="/portal/counties/${A}/${path}"`);
      expect(home).not.toContain(`href="/api/v1/public/counties/${A}/${path}"`);
    }
  });
});
