import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, type CommandContext, type EventRecord } from '@lesp/core';
import { MongoEventStore } from '@lesp/event-store';
import type { ProjectionRunner } from '@lesp/projection-runner';
import { createTestDatabase, type TestDatabase } from '@lesp/test-infra';
import type { Collection } from 'mongodb';
import { EvaluationCommands, evaluationIdOf } from '../../src/application/evaluation/evaluation-commands.js';
import { agencyEvaluationsProjection, type EvaluationDocument } from '../../src/application/evaluation/evaluation-projection.js';
import { EvaluationQueries } from '../../src/application/evaluation/evaluation-queries.js';
import { actSummariesProjection, type ActSummaryDocument } from '../../src/application/statistics/act-summaries-projection.js';
import { RuleSettingsService } from '../../src/application/rules/rule-settings-service.js';
import { StatisticsQueries } from '../../src/application/statistics/statistics-queries.js';
import type { ActEventEnvelope } from '../../src/domain/statistics/act-facts.js';
import { actHistory, cst } from '../domain/statistics/act-history.js';
import { actRecord, principalOf } from '../support/act-records.js';

/**
 * The yearly evaluation of agencies (评议考核) over real MongoDB (FerretDB): the figures of each
 * agency's 2023 are computed from what supervision keeps (act summaries, rectifications, alerts),
 * recorded in the event store with the supervisors' scores, projected (each event fed twice),
 * ranked, revised, published; what may not happen is refused.
 */
const COUNTY = '431103';
const record = actRecord;
const principal = principalOf;
const supervisor = principal('county_supervisor', { countyCode: COUNTY });
const clerk = principal('agency_clerk', { countyCode: COUNTY, agencyId: 'scjgj' });
const viewer = principal('regional_viewer', { regionCode: '4311' });
const otherSupervisor = principal('county_supervisor', { countyCode: '433124' });

/** 区市场监管局: two penalties filed, one closed (50%), one legal review passed; 区自然资源局: one filed and closed (100%). */
const envelopes: ActEventEnvelope[] = [
  ...actHistory({ actId: 'p-1', category: 'penalty', at: cst(2023, 3, 1) })
    .review(cst(2023, 3, 5))
    .decide(cst(2023, 3, 10), { outcome: 'penalized', fineFen: 100_000 })
    .close(cst(2023, 3, 20)).envelopes,
  // Its 2022 case lost in court in 2023, the head not appearing: the cap on 优秀 counts it without anyone entering it.
  ...actHistory({ actId: 'p-0', category: 'penalty', at: cst(2022, 9, 1) })
    .close(cst(2022, 10, 1))
    .litigate(cst(2023, 6, 1), 'revoked', false).envelopes,
  ...actHistory({ actId: 'p-2', category: 'penalty', at: cst(2023, 9, 1) }).envelopes,
  ...actHistory({ actId: 'p-3', category: 'penalty', agencyId: 'zrzyj', at: cst(2023, 4, 1) })
    .decide(cst(2023, 4, 10), { outcome: 'penalized', fineFen: 50_000 })
    .close(cst(2023, 4, 20)).envelopes,
];
const scores = (values: number[]) => values.map((centipoints, i) => ({ supervisorId: `s-${i}`, indicatorCode: 'assessment', centipoints }));

describe('yearly evaluation of agencies (MongoDB)', () => {
  let test: TestDatabase;
  let store: MongoEventStore;
  let evaluations: Collection<EvaluationDocument>;
  let commands: EvaluationCommands;
  let queries: EvaluationQueries;
  const now = new Date('2024-01-20T10:00:00+08:00');
  const context: CommandContext = {
    actor: { userId: 'sup-1', role: 'county_supervisor', countyCode: COUNTY },
    correlationId: 'corr',
    causationId: 'corr',
    occurredAt: now,
  };

  /** Every stored evaluation event through the projection, twice (a redelivery changes nothing). */
  async function project(): Promise<void> {
    const records: EventRecord[] = [];
    for (let page = await store.readAll({ countyCode: COUNTY }); ; page = await store.readAll({ countyCode: COUNTY, after: page.next! })) {
      records.push(...page.records.filter((r) => agencyEvaluationsProjection.handles(r.eventType)));
      if (!page.next) break;
    }
    for (const r of [...records, ...records]) await agencyEvaluationsProjection.apply(r, evaluations);
  }

  beforeAll(async () => {
    test = await createTestDatabase('evaluation');
    store = new MongoEventStore(test.db, () => now);
    await store.ensureIndexes();
    const summaries = test.db.collection<ActSummaryDocument>('rm_act_summaries');
    for (const r of envelopes.map(record)) await actSummariesProjection.apply(r, summaries);
    const agencies = test.db.collection('rm_supervised_agencies');
    await agencies.insertMany([
      { _id: `${COUNTY}/Agency/scjgj`, _v: 1, countyCode: COUNTY, agencyId: 'scjgj', name: '冷水滩区市场监督管理局', status: 'active' },
      { _id: `${COUNTY}/Agency/zrzyj`, _v: 1, countyCode: COUNTY, agencyId: 'zrzyj', name: '冷水滩区自然资源局', status: 'active' },
    ] as never[]);
    // 区市场监管局: two notices of 2023, one answered on time, one late; an alert cured, one open, one dismissed.
    const rectifications = test.db.collection('rm_rectifications');
    await rectifications.insertMany([
      {
        _id: `${COUNTY}/Rectification/r-1`,
        countyCode: COUNTY,
        agencyId: 'scjgj',
        issuedAt: cst(2023, 5, 1),
        deadline: cst(2023, 6, 1),
        repliedAt: cst(2023, 5, 20),
        repliedLate: false,
      },
      {
        _id: `${COUNTY}/Rectification/r-2`,
        countyCode: COUNTY,
        agencyId: 'scjgj',
        issuedAt: cst(2023, 7, 1),
        deadline: cst(2023, 8, 1),
        repliedAt: cst(2023, 8, 9),
        repliedLate: true,
      },
    ] as never[]);
    const alerts = test.db.collection('rm_alerts');
    await alerts.insertMany([
      { _id: `${COUNTY}/Alert/a-1`, countyCode: COUNTY, agencyId: 'scjgj', raisedAt: cst(2023, 3, 1), status: 'resolved' },
      { _id: `${COUNTY}/Alert/a-2`, countyCode: COUNTY, agencyId: 'scjgj', raisedAt: cst(2023, 4, 1), status: 'open' },
      { _id: `${COUNTY}/Alert/a-3`, countyCode: COUNTY, agencyId: 'scjgj', raisedAt: cst(2023, 4, 2), status: 'dismissed' },
    ] as never[]);
    // The rule engine's officer facts: of 区市场监管局's two officers, one trained 45 hours in 2023, one 20 (the county's minimum is 40).
    const facts = test.db.collection('rm_supervision_facts');
    const officer = (officerId: string, agencyId: string, hours: number) => ({
      _id: `officer:${COUNTY}/Officer/${officerId}`,
      countyCode: COUNTY,
      kind: 'officer',
      agencyId,
      officer: {
        officerId,
        agencyId,
        name: officerId,
        registeredAt: cst(2020, 1, 1),
        certificateHistory: [{ status: 'valid', from: cst(2020, 1, 1), validUntil: cst(2030, 1, 1) }],
        trainingHours: [{ year: 2023, hours }],
      },
    });
    await facts.insertMany([officer('o-1', 'scjgj', 45), officer('o-2', 'scjgj', 20), officer('o-3', 'zrzyj', 60)] as never[]);
    evaluations = test.db.collection<EvaluationDocument>('rm_agency_evaluations');
    const collections: Record<string, unknown> = {
      [actSummariesProjection.name]: summaries,
      'supervision.supervised-agencies': agencies,
      'supervision.case-file-reviews': test.db.collection('rm_case_file_reviews'),
      'supervision.random-inspections': test.db.collection('rm_random_inspections'),
      'supervision.published-decisions': test.db.collection('rm_published_decisions'),
      'supervision.inspection-visits': test.db.collection('rm_inspection_visits'),
      'supervision.rectifications': rectifications,
      'supervision.alerts': alerts,
      'supervision.rule-engine': facts,
      [agencyEvaluationsProjection.name]: evaluations,
    };
    const runner = { collection: async (name: string) => collections[name] } as unknown as ProjectionRunner;
    const clock = () => now;
    const settings = new RuleSettingsService(store);
    commands = new EvaluationCommands(
      store,
      runner,
      new StatisticsQueries(runner, clock),
      (county) => settings.settingsAt(county),
      () => {},
      clock,
    );
    queries = new EvaluationQueries(runner, clock);
  });
  afterAll(async () => test.drop());

  it('scores each agency from its figures and the supervisors, and ranks the county', async () => {
    // Five supervisors: without the highest and the lowest, (88 + 90 + 92) / 3 = 90.
    const recorded = await commands.record(
      supervisor,
      COUNTY,
      {
        agencyId: 'scjgj',
        year: 2023,
        supervisorScores: scores([9500, 8800, 9000, 7000, 9200]),
        lostLawsuits: 0,
        headAbsentFromCourt: 0,
        vetoes: [],
      },
      context,
    );
    expect(recorded.aggregateId).toBe(evaluationIdOf(COUNTY, 'scjgj', 2023));
    await commands.record(
      supervisor,
      COUNTY,
      { agencyId: 'zrzyj', year: 2023, supervisorScores: scores([9500]), lostLawsuits: 2, headAbsentFromCourt: 0, vetoes: [] },
      context,
    );
    await project();
    const list = await queries.list(viewer, COUNTY, 2023);
    // 区自然资源局: closing 100 (15), assessment 95 (40); nothing else to measure → (10000×15 + 9500×40) / 55 = 9636;
    // 2 lost lawsuits keep it from 优秀. 区市场监管局: closing 50 (15), legal review 100 (10), rectification 50 (10),
    // alerts 50 (10), assessment 90 (40) → (5000×15 + 10000×10 + 5000×10 + 5000×10 + 9000×40) / 85 = 7471.
    expect(list.map((e) => [e.agencyName, e.rank, e.score, e.gradeName])).toEqual([
      ['冷水滩区自然资源局', 1, '96.36', '良好'],
      ['冷水滩区市场监督管理局', 2, '74.71', '合格'],
    ]);
    expect(list[0]!.reasons).toEqual(['一年内行政诉讼败诉 2 起，不得评为高于“良好”的等次']);
    const scjgj = list[1]!;
    expect(Object.fromEntries(scjgj.figures.map((f) => [f.key, f.text]))).toMatchObject({
      closingRate: '50.00%',
      legalReviewPassRate: '100.00%',
      rectificationOnTimeRate: '50.00%',
      alertResolutionRate: '50.00%',
      caseFilePassRate: '—',
      // Its one decision of 2023 (p-1) never turned the disclosure deadline red; one officer of two trained enough.
      disclosureOnTimeRate: '100.00%',
      trainingCompletionRate: '50.00%',
    });
    expect(scjgj.indicators.find((i) => i.code === 'case-files')).toMatchObject({ centipoints: null, score: null });
    expect([scjgj.lostLawsuits, scjgj.headAbsentFromCourt]).toEqual([1, 1]);
    expect(await evaluations.countDocuments({})).toBe(2);
  });

  it('revises with a reason until published, then refuses; recording twice is refused', async () => {
    const id = evaluationIdOf(COUNTY, 'scjgj', 2023);
    await commands.revise(
      supervisor,
      COUNTY,
      id,
      { supervisorScores: scores([10000, 10000, 10000]), lostLawsuits: 0, headAbsentFromCourt: 0, vetoes: [], reason: '补充现场调查评分' },
      context,
    );
    await commands.publish(supervisor, COUNTY, id, context);
    await project();
    const view = await queries.get(supervisor, COUNTY, id);
    // (5000×15 + 10000×10 + 5000×10 + 5000×10 + 10000×40) / 85 = 7941
    expect(view).toMatchObject({ status: 'published', revisions: 1, score: '79.41', gradeName: '合格', rank: 2 });
    expect(view.publishedAt).toEqual(now);
    await expect(
      commands.revise(
        supervisor,
        COUNTY,
        id,
        { supervisorScores: scores([6000]), lostLawsuits: 0, headAbsentFromCourt: 0, vetoes: [], reason: '再改' },
        context,
      ),
    ).rejects.toMatchObject({ code: 'EVALUATION_PUBLISHED' });
    await expect(
      commands.record(
        supervisor,
        COUNTY,
        { agencyId: 'scjgj', year: 2023, supervisorScores: scores([9000]), lostLawsuits: 0, headAbsentFromCourt: 0, vetoes: [] },
        context,
      ),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('refuses unknown agencies and evaluations, bad scores, clerks and other counties', async () => {
    const input = { agencyId: 'nobody', year: 2023, supervisorScores: scores([9000]), lostLawsuits: 0, headAbsentFromCourt: 0, vetoes: [] };
    await expect(commands.record(supervisor, COUNTY, input, context)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      commands.record(supervisor, COUNTY, { ...input, agencyId: 'zrzyj', year: 2024, supervisorScores: scores([10_001]) }, context),
    ).rejects.toMatchObject({ violations: [{ field: 'supervisorScores[0].centipoints', code: 'SCORE_RANGE' }] });
    await expect(queries.get(supervisor, COUNTY, 'no-such-evaluation')).rejects.toBeInstanceOf(NotFoundError);
    await expect(commands.record(clerk, COUNTY, { ...input, agencyId: 'scjgj' }, context)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(queries.list(clerk, COUNTY, 2023)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(queries.list(otherSupervisor, COUNTY, 2023)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
