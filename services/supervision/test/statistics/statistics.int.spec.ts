import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionDisclosureEventCodec } from '@lesp/contracts';
import { ForbiddenError, type ValidationError, newId, streamIdOf, type EventRecord } from '@lesp/core';
import type { ProjectionRunner } from '@lesp/projection-runner';
import { createTestDatabase, type TestDatabase } from '@lesp/test-infra';
import type { Collection } from 'mongodb';
import { randomInspectionCodec } from '../../src/application/random-inspection/inspection-codec.js';
import { randomInspectionsProjection, type PlanDocument } from '../../src/application/random-inspection/inspection-projections.js';
import { actSummariesProjection, type ActSummaryDocument } from '../../src/application/statistics/act-summaries-projection.js';
import { publishedDecisionsProjection } from '../../src/application/statistics/published-decisions-projection.js';
import { inspectionVisitsProjection } from '../../src/application/statistics/inspection-visits-projection.js';
import type { RandomInspectionEvent } from '../../src/domain/random-inspection/index.js';
import { StatisticsQueries } from '../../src/application/statistics/statistics-queries.js';
import type { ActEventEnvelope } from '../../src/domain/statistics/act-facts.js';
import { computeStatistics, foldActEvents } from '../../src/domain/statistics/index.js';
import { statisticsView } from '../../src/reports/statistics-view.js';
import { actHistory, cst } from '../domain/statistics/act-history.js';
import { actRecord, principalOf } from '../support/act-records.js';

/**
 * Statistics over real MongoDB (FerretDB): case intake's act events folded into act
 * summaries by the projection (each read and written by _id, guarded by version, fed twice),
 * and the county, agency and city reports computed from them (and the case files scored in
 * reviews) as of a date.
 */
const record = actRecord;
const principal = principalOf;
const supervisor = principal('county_supervisor', { countyCode: '431103' });
const clerk = principal('agency_clerk', { countyCode: '431103', agencyId: 'scjgj' });
const viewer = principal('regional_viewer', { regionCode: '4311' });

/** 2023 in two counties of 永州 (4311): licences and penalties, one decision recorded late (January 2024). */
const envelopes: ActEventEnvelope[] = [
  ...actHistory({ actId: 'l-1', category: 'licensing', at: cst(2023, 3, 1) })
    .accept(cst(2023, 3, 2))
    .decide(cst(2023, 3, 10), { outcome: 'granted' }).envelopes,
  ...actHistory({ actId: 'l-2', category: 'licensing', at: cst(2023, 5, 1) })
    .accept(cst(2023, 5, 2))
    .decide(cst(2023, 5, 9), { outcome: 'denied' }).envelopes,
  ...actHistory({ actId: 'l-3', category: 'licensing', at: cst(2023, 12, 31, 20) }).accept(cst(2024, 1, 2)).envelopes,
  ...actHistory({ actId: 'p-1', category: 'penalty', agencyId: 'zrzyj', at: cst(2023, 6, 1) })
    .review(cst(2023, 6, 20))
    .decide(cst(2023, 6, 25), { outcome: 'penalized', fineFen: 1_000_000, lighterPenalty: '从轻' })
    .close(cst(2023, 7, 10)).envelopes,
  ...actHistory({ actId: 'p-2', category: 'penalty', at: cst(2023, 11, 1) })
    .decide(cst(2023, 12, 28), { outcome: 'penalized', fineFen: 200_000 }, cst(2024, 1, 15))
    .close(cst(2023, 12, 30), cst(2024, 1, 15)).envelopes,
  ...actHistory({ countyCode: '431102', actId: 'p-1', category: 'penalty', at: cst(2023, 4, 1) })
    .decide(cst(2023, 4, 20), { outcome: 'penalized', fineFen: 50_000, firstOffenceExempt: false })
    .close(cst(2023, 4, 30)).envelopes,
];

/** A random-inspection plan's events as supervision stores them (stream RandomInspection/{planId}). */
function planRecords(
  planId: string,
  agencyIds: string[],
  events: { event: RandomInspectionEvent; at: Date; recordedAt?: Date }[],
): EventRecord[] {
  return events.map(({ event, at, recordedAt }, i) => ({
    ...randomInspectionCodec.encode(event),
    eventId: newId(),
    source: 'supervision',
    countyCode: '431103',
    aggregateType: 'RandomInspection',
    aggregateId: planId,
    streamId: streamIdOf('431103', 'RandomInspection', planId),
    version: i + 1,
    occurredAt: at,
    recordedAt: recordedAt ?? at,
    actor: { userId: 'sup', role: 'county_supervisor', countyCode: '431103' },
    correlationId: `${agencyIds.join('+')}`,
    causationId: 'c',
    previousHash: '',
    hash: '',
  }));
}
const planned = (planId: string, agencyIds: string[], plannedAt: Date): RandomInspectionEvent => ({
  type: 'RandomInspectionPlanned',
  data: {
    planId,
    countyCode: '431103',
    title: '2023 年度餐饮单位抽查',
    year: 2023,
    leadAgencyId: agencyIds[0]!,
    agencyIds,
    crossAgency: agencyIds.length > 1,
    matters: ['食品安全'],
    targetDraw: { kind: 'count', count: 2 },
    inspectorsPerTarget: 2,
    recusal: 'none',
    period: { from: cst(2023, 3, 1), to: cst(2023, 12, 31) },
    plannedBy: 'sup',
    plannedAt,
  },
});
const TARGETS = [
  { targetId: 't-1', name: '某餐馆', kind: 'enterprise' as const },
  { targetId: 't-2', name: '某超市', kind: 'enterprise' as const },
];
/** A cross-agency plan of March 2023, drawn, inspected, completed in April, its results published in May; a plan of June left open. */
const planEvents = [
  ...planRecords(
    'ri-1',
    ['scjgj', 'zrzyj'],
    [
      { event: planned('ri-1', ['scjgj', 'zrzyj'], cst(2023, 3, 1)), at: cst(2023, 3, 1) },
      {
        event: {
          type: 'InspectionTargetsDrawn',
          data: {
            planId: 'ri-1',
            seed: 1,
            algorithm: 'a',
            candidateCount: 2,
            candidatesDigest: 'd',
            targets: TARGETS,
            drawnBy: 'sup',
            drawnAt: cst(2023, 3, 2),
          },
        },
        at: cst(2023, 3, 2),
      },
      {
        event: {
          type: 'InspectorsDrawn',
          data: {
            planId: 'ri-1',
            seed: 2,
            algorithm: 'a',
            candidateCount: 4,
            candidatesDigest: 'd',
            excluded: [],
            recused: [],
            teams: [
              { targetId: 't-1', inspectorIds: ['o-1', 'o-2'] },
              { targetId: 't-2', inspectorIds: ['o-3', 'o-4'] },
            ],
            drawnBy: 'sup',
            drawnAt: cst(2023, 3, 3),
          },
        },
        at: cst(2023, 3, 3),
      },
      ...TARGETS.map((t, i) => ({
        event: {
          type: 'InspectionResultRecorded' as const,
          data: {
            planId: 'ri-1',
            targetId: t.targetId,
            inspectorIds: ['o-1', 'o-2'],
            outcome: 'no_problem' as const,
            findings: '未发现问题',
            inspectedAt: cst(2023, 3, 20 + i),
            recordedBy: 'sup',
          },
        },
        at: cst(2023, 3, 20 + i),
      })),
      {
        event: { type: 'RandomInspectionCompleted', data: { planId: 'ri-1', targetsInspected: 2, completedAt: cst(2023, 4, 1) } },
        at: cst(2023, 4, 1),
      },
      {
        event: {
          type: 'InspectionResultsMarkedForPublication',
          data: {
            planId: 'ri-1',
            countyCode: '431103',
            results: TARGETS.map((t, i) => ({ ...t, outcome: 'no_problem' as const, inspectedAt: cst(2023, 3, 20 + i) })),
            publishedAt: cst(2023, 5, 1),
          },
        },
        at: cst(2023, 5, 1),
      },
    ],
  ),
  ...planRecords('ri-2', ['scjgj'], [{ event: planned('ri-2', ['scjgj'], cst(2023, 6, 1)), at: cst(2023, 6, 1) }]),
];

/** Public disclosure's DecisionPublished of an act (stream DecisionDisclosure/{actId}); published again after a correction (version 3). */
const publication = (actId: string, agencyId: string, category: string, publishedAt: Date, version = 2): EventRecord => ({
  ...decisionDisclosureEventCodec.encode({
    type: 'DecisionPublished',
    data: {
      actId,
      agencyId,
      category,
      decidedAt: publishedAt,
      publishedAt,
      mode: 'automatic',
      reviewedBy: '',
      retainUntil: undefined,
      entry: undefined,
      correctionNote: '',
      correctedAt: undefined,
    },
  }),
  eventId: newId(),
  source: 'public-disclosure',
  countyCode: '431103',
  aggregateType: 'DecisionDisclosure',
  aggregateId: actId,
  streamId: streamIdOf('431103', 'DecisionDisclosure', actId),
  version,
  occurredAt: publishedAt,
  recordedAt: publishedAt,
  actor: { userId: 'pd', role: 'service', countyCode: '431103' },
  correlationId: 'c',
  causationId: 'c',
  previousHash: '',
  hash: '',
});

describe('statistics reports (MongoDB)', () => {
  let test: TestDatabase;
  let summaries: Collection<ActSummaryDocument>;
  let queries: StatisticsQueries;
  const now = new Date('2026-11-25T00:00:00Z');
  const year2023 = { period: { kind: 'year', year: 2023 } } as const;

  beforeAll(async () => {
    test = await createTestDatabase('statistics');
    summaries = test.db.collection<ActSummaryDocument>('rm_act_summaries');
    const agencies = test.db.collection('rm_supervised_agencies');
    await agencies.insertMany([
      { _id: '431103/Agency/scjgj', _v: 1, countyCode: '431103', agencyId: 'scjgj', name: '冷水滩区市场监督管理局', status: 'active' },
      { _id: '431103/Agency/zrzyj', _v: 1, countyCode: '431103', agencyId: 'zrzyj', name: '冷水滩区自然资源局', status: 'active' },
    ] as never[]);
    // Two case files scored in a review of 2023 (one unqualified): the report's 案卷评查 figures.
    const reviews = test.db.collection('rm_case_file_reviews');
    const scored = (fileId: string, agencyId: string, score: number, grade: string, problems: number) => ({
      fileId,
      agencyId,
      score,
      grade,
      vetoedBy: [],
      problems: Array.from({ length: problems }, (_, i) => ({
        problemId: `${fileId}#${i + 1}`,
        fileId,
        agencyId,
        itemCode: 'x',
        description: '问题',
      })),
      reviewerId: 'r',
      scoredAt: cst(2023, 12, 20),
    });
    await reviews.insertOne({
      _id: '431103/CaseFileReview/cfr-1',
      _v: 5,
      countyCode: '431103',
      reviewId: 'cfr-1',
      sample: [
        { fileId: 'p-1', agencyId: 'zrzyj', category: 'penalty', enterprise: true },
        { fileId: 'l-1', agencyId: 'scjgj', category: 'licensing', enterprise: false },
      ],
      scored: { 'p-1': scored('p-1', 'zrzyj', 85.5, 'qualified', 1), 'l-1': scored('l-1', 'scjgj', 55, 'unqualified', 2) },
    } as never);
    // Random-inspection plans through their projection, every event twice.
    const plans = test.db.collection<PlanDocument>('rm_random_inspections');
    for (const r of [...planEvents, ...planEvents]) await randomInspectionsProjection.apply(r, plans);
    // Decisions published on the portal: a licence in March, a penalty in June and again (corrected) in July; one in 2024.
    const published = test.db.collection('rm_published_decisions');
    for (const r of [
      publication('l-1', 'scjgj', 'licensing', cst(2023, 3, 15)),
      publication('p-1', 'zrzyj', 'penalty', cst(2023, 6, 28)),
      publication('p-1', 'zrzyj', 'penalty', cst(2023, 7, 2), 3),
      publication('p-2', 'scjgj', 'penalty', cst(2024, 1, 5)),
    ])
      await publishedDecisionsProjection.apply(r, published as never);
    const collections: Record<string, unknown> = {
      [publishedDecisionsProjection.name]: published,
      [inspectionVisitsProjection.name]: test.db.collection('rm_inspection_visits'),
      [randomInspectionsProjection.name]: plans,
      [actSummariesProjection.name]: summaries,
      'supervision.supervised-agencies': agencies,
      'supervision.case-file-reviews': reviews,
    };
    const runner = { collection: async (name: string) => collections[name] } as unknown as ProjectionRunner;
    queries = new StatisticsQueries(runner, () => now);
    // Every event delivered twice, the second time after all the others (redelivery after a rebalance).
    const records = envelopes.map(record);
    for (const r of [...records, ...records]) await actSummariesProjection.apply(r, summaries);
  });
  afterAll(async () => test.drop());

  it('keeps one summary per act and county, each at its last version', async () => {
    expect(await summaries.countDocuments({})).toBe(6);
    expect(await summaries.findOne({ _id: '431103/p-1' })).toMatchObject({ _v: 4, agencyId: 'zrzyj', category: 'penalty' });
    expect(await summaries.findOne({ _id: '431102/p-1' })).toMatchObject({ _v: 3, countyCode: '431102' });
  });

  it("computes the county's annual report from the summaries exactly as from the events, and as of any date", async () => {
    const report = await queries.county(supervisor, '431103', { ...year2023, name: '冷水滩区' });
    const expected = computeStatistics(foldActEvents(envelopes).values(), {
      scope: { level: 'county', countyCode: '431103', name: '冷水滩区' },
      period: { kind: 'year', year: 2023 },
      asOf: now,
    });
    expect(report.figures.acts).toEqual(expected.figures.acts);
    const acts = report.figures.acts;
    expect(acts.licensing).toEqual({ applied: 3, accepted: 2, granted: 1, hearings: 0 });
    expect(acts.penalty).toMatchObject({ filed: 2, decided: 2, closed: 2, finesFen: 1_200_000, lighter: 1 });
    expect(acts.legalReview).toEqual({ passed: 1, rejected: 0 });
    expect(report.figures.caseFileReview).toMatchObject({
      files: 2,
      licensingFiles: 1,
      penaltyFiles: 1,
      enterpriseFiles: 1,
      passed: 1,
      failed: 1,
      problems: 3,
      scoreCentipointsSum: 14_050,
    });
    expect(report.units.map((u) => [u.unitId, u.name])).toEqual([
      ['scjgj', '冷水滩区市场监督管理局'],
      ['zrzyj', '冷水滩区自然资源局'],
    ]);
    // As published on 31 January 2024 the late December decision (recorded 15 January) is in; on 10 January it was not.
    const early = await queries.county(supervisor, '431103', { ...year2023, asOf: new Date('2024-01-10T00:00:00+08:00') });
    expect(early.figures.acts.penalty).toMatchObject({ filed: 2, decided: 1, closed: 1, finesFen: 1_000_000 });
    const beforeReview = await queries.county(supervisor, '431103', { ...year2023, asOf: new Date('2023-12-19T00:00:00+08:00') });
    expect(beforeReview.figures.caseFileReview.files).toBe(0);
    expect(statisticsView(report).title).toContain('冷水滩区');
  });

  it("an agency's report holds its own acts only; a clerk reads their own agency's, not another's", async () => {
    const report = await queries.agency(clerk, '431103', 'scjgj', { period: { kind: 'half', year: 2023, half: 2 } });
    expect(report.scope.name).toBe('冷水滩区市场监督管理局');
    expect(report.figures.acts.licensing).toEqual({ applied: 1, accepted: 0, granted: 0, hearings: 0 });
    expect(report.figures.acts.penalty).toMatchObject({ filed: 1, decided: 1, finesFen: 200_000 });
    expect(report.figures.caseFileReview).toMatchObject({ files: 1, failed: 1, problems: 2 });
    await expect(queries.agency(clerk, '431103', 'zrzyj', year2023)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(queries.county(clerk, '431103', year2023)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('counts the random-inspection plans (双随机、一公开) of the period as of a date, per county and per agency', async () => {
    const report = await queries.county(supervisor, '431103', year2023);
    expect(report.figures.randomInspection).toEqual({
      tasks: 2,
      crossAgencyTasks: 1,
      completedTasks: 1,
      inspectorDraws: 4,
      targetsDrawn: 2,
      publishedTasks: 1,
    });
    // A cross-agency task counts for each agency taking part.
    const units = Object.fromEntries(report.units.map((u) => [u.unitId, u.figures.randomInspection.tasks]));
    expect(units).toEqual({ scjgj: 2, zrzyj: 1 });
    const sentence = statisticsView(report).sentences.find((t) => t.startsWith('双随机抽查任务'));
    expect(sentence).toBe(
      '双随机抽查任务共计2个,其中包含1个跨部门联合抽查任务,跨部门联合抽查率50%;已完成抽查任务1个,抽取执法人员4人次,抽取检查对象2个,任务完成率50%;抽查结果公示率为100%。',
    );
    // As of 15 April 2023: the task was done, its results not yet published; in the first quarter's months only March holds it.
    const april = await queries.county(supervisor, '431103', { ...year2023, asOf: cst(2023, 4, 15) });
    expect(april.figures.randomInspection).toMatchObject({ tasks: 1, completedTasks: 1, publishedTasks: 0 });
    const agency = await queries.agency(clerk, '431103', 'scjgj', { period: { kind: 'month', year: 2023, month: 3 } });
    expect(agency.figures.randomInspection).toMatchObject({ tasks: 1, crossAgencyTasks: 1, inspectorDraws: 4 });
    expect(await test.db.collection<PlanDocument>('rm_random_inspections').findOne({ _id: '431103/RandomInspection/ri-1' })).toMatchObject({
      plannedAt: cst(2023, 3, 1),
      completedAt: cst(2023, 4, 1),
      resultsPublishedAt: cst(2023, 5, 1),
    });
  });

  it('counts the decisions published on the disclosure portal (公示) in the period, once each, per agency', async () => {
    const report = await queries.county(supervisor, '431103', year2023);
    expect(report.figures.disclosure).toEqual({ licensing: 1, penalty: 1 });
    expect(Object.fromEntries(report.units.map((u) => [u.unitId, u.figures.disclosure]))).toEqual({
      scjgj: { licensing: 1, penalty: 0 },
      zrzyj: { licensing: 0, penalty: 1 },
    });
    expect(statisticsView(report).sentences).toContain('公示行政许可1件,行政处罚1件。');
    const firstHalf = await queries.agency(supervisor, '431103', 'zrzyj', { period: { kind: 'half', year: 2023, half: 1 } });
    expect(firstHalf.figures.disclosure.penalty).toBe(1);
  });

  it("a city's roll-up adds its counties for its regional viewers only", async () => {
    const city = await queries.city(viewer, '4311', ['431102', '431103'], { ...year2023, name: '永州市' });
    expect(city.units.map((u) => [u.unitId, u.figures.acts.penalty.filed])).toEqual([
      ['431102', 1],
      ['431103', 2],
    ]);
    expect(city.figures.acts.penalty).toMatchObject({ filed: 3, finesFen: 1_250_000 });
    // Without counties named: the city's counties supervision knows agencies of (here only 431103).
    const known = await queries.city(viewer, '4311', [], year2023);
    expect(known.units.map((u) => u.unitId)).toEqual(['431103']);
    await expect(queries.city(supervisor, '4311', ['431103'], year2023)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(queries.city(viewer, '4311', ['433124'], year2023)).rejects.toMatchObject({ code: 'COUNTY_OUTSIDE_CITY' });
    await expect(queries.city(principal('regional_viewer', { regionCode: '4310' }), '4311', ['431103'], year2023)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('names the field and rule of a bad period', async () => {
    const codes = async (promise: Promise<unknown>) =>
      ((await promise.catch((e: unknown) => e)) as ValidationError).violations.map((v) => `${v.field}:${v.code}`);
    expect(await codes(queries.county(supervisor, '431103', { period: { kind: 'month', year: 2023 } }))).toEqual([
      'period.month:FIELD_REQUIRED',
    ]);
    expect(await codes(queries.county(supervisor, '431103', { period: { kind: 'month', year: 2023, month: 13 } }))).toEqual([
      'period.month:REPORT_MONTH_RANGE',
    ]);
    expect(await codes(queries.county(supervisor, '431103', { period: { kind: 'quarter', year: 2023 } }))).toEqual([
      'period.kind:REPORT_PERIOD_UNKNOWN',
    ]);
  });
});
