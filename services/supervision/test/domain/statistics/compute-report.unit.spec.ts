import { describe, expect, it } from 'vitest';
import { ValidationError } from '@lesp/core';
import { actEnvelopeOf, evolveActSummary, foldActEvents, type ActEventEnvelope } from '../../../src/domain/statistics/act-facts.js';
import { combineCountyReports, computeStatistics, type ReportScope } from '../../../src/domain/statistics/compute-report.js';
import { zeroFigures } from '../../../src/domain/statistics/figures.js';
import { annualReportDueAt, periodBounds } from '../../../src/domain/statistics/report-period.js';
import type { RandomInspectionTaskFact, ReviewedCaseFileFact } from '../../../src/domain/statistics/supervision-inputs.js';
import { actHistory, cst } from './act-history.js';

const county: ReportScope = { level: 'county', countyCode: '431103', name: '冷水滩区' };
const year2023 = { kind: 'year', year: 2023 } as const;
const endOf2023 = cst(2024, 1, 31, 18);

function report(envelopes: ActEventEnvelope[], query: Partial<Parameters<typeof computeStatistics>[1]> = {}) {
  return computeStatistics(foldActEvents(envelopes).values(), { scope: county, period: year2023, asOf: endOf2023, ...query });
}

describe('statistics: each figure of the seed-002 layout is counted from act events', () => {
  it('licences: applied, accepted, granted (partly granted too), hearings; a refused acceptance is applied only', () => {
    const events = [
      ...actHistory({ actId: 'l1', category: 'licensing', at: cst(2023, 3, 1) })
        .accept(cst(2023, 3, 2))
        .decide(cst(2023, 3, 9), { outcome: 'granted' }).envelopes,
      ...actHistory({ actId: 'l2', category: 'licensing', at: cst(2023, 4, 1) })
        .accept(cst(2023, 4, 2))
        .hearing(cst(2023, 4, 5))
        .decide(cst(2023, 4, 20), { outcome: 'partially_granted' }).envelopes,
      ...actHistory({ actId: 'l3', category: 'licensing', at: cst(2023, 5, 1) })
        .accept(cst(2023, 5, 2))
        .decide(cst(2023, 5, 9), { outcome: 'denied' }).envelopes,
      ...actHistory({ actId: 'l4', category: 'licensing', at: cst(2023, 6, 1) }).accept(cst(2023, 6, 2), false).envelopes,
    ];
    expect(report(events).figures.acts.licensing).toEqual({ applied: 4, accepted: 3, granted: 2, hearings: 1 });
  });

  it('penalties: filed, decided, closed, fines plus confiscations in fen, first-offence exemptions, lighter penalties, hearings', () => {
    const events = [
      ...actHistory({ actId: 'p1', category: 'penalty', at: cst(2023, 2, 1) })
        .decide(cst(2023, 2, 20), { outcome: 'penalized', fineFen: 500_000, confiscationFen: 12_345, lighterPenalty: 'lighter' })
        .execute(cst(2023, 3, 1))
        .close(cst(2023, 3, 2)).envelopes,
      ...actHistory({ actId: 'p2', category: 'penalty', at: cst(2023, 2, 3) })
        .hearing(cst(2023, 2, 10))
        .decide(cst(2023, 2, 21), { outcome: 'no_penalty', firstOffenceExempt: true })
        .close(cst(2023, 2, 22)).envelopes,
      ...actHistory({ actId: 'p3', category: 'penalty', at: cst(2023, 11, 3) }).decide(cst(2023, 12, 1), {
        outcome: 'penalized',
        fineFen: 20_000,
        lighterPenalty: 'mitigated',
      }).envelopes,
      ...actHistory({ actId: 'p4', category: 'penalty', at: cst(2023, 12, 3) }).envelopes,
    ];
    expect(report(events).figures.acts.penalty).toEqual({
      filed: 4,
      decided: 3,
      closed: 2,
      finesFen: 532_345,
      firstOffenceExempt: 1,
      lighter: 2,
      hearings: 1,
    });
  });

  it('coercion: measures, the agency’s own executions, applications to court (also of penalty decisions), once per act', () => {
    const events = [
      ...actHistory({ actId: 'c1', category: 'coercion', at: cst(2023, 1, 5) }).decide(cst(2023, 1, 6), { outcome: 'measure' }).envelopes,
      ...actHistory({ actId: 'c2', category: 'coercion', at: cst(2023, 1, 5) }).decide(cst(2023, 1, 6), { outcome: 'measure' }).envelopes,
      ...actHistory({ actId: 'c3', category: 'coercion', at: cst(2023, 2, 5) })
        .decide(cst(2023, 2, 6), { outcome: 'execution' })
        .execute(cst(2023, 2, 9), 'enforced').envelopes,
      ...actHistory({ actId: 'c4', category: 'coercion', at: cst(2023, 3, 5) })
        .decide(cst(2023, 3, 6), { outcome: 'execution' })
        .court(cst(2023, 4, 6))
        .court(cst(2023, 5, 6)).envelopes,
      ...actHistory({ actId: 'c5', category: 'coercion', at: cst(2023, 3, 5) }).decide(cst(2023, 3, 6), { outcome: 'released' }).envelopes,
      ...actHistory({ actId: 'p1', category: 'penalty', at: cst(2023, 3, 5) })
        .decide(cst(2023, 3, 20), { outcome: 'penalized', fineFen: 100 })
        .court(cst(2023, 6, 1)).envelopes,
      ...actHistory({ actId: 'p2', category: 'penalty', at: cst(2023, 3, 5) })
        .decide(cst(2023, 3, 20), { outcome: 'penalized', fineFen: 100 })
        .execute(cst(2023, 6, 1), 'enforced').envelopes,
    ];
    expect(report(events).figures.acts.coercion).toEqual({ measures: 2, executions: 2, courtApplications: 2 });
  });

  it('inspections, benefits, awards, confirmations and the three others count decisions made', () => {
    const decided = (actId: string, category: string, outcome: string) =>
      actHistory({ actId, category, at: cst(2023, 7, 1) }).decide(cst(2023, 7, 2), { outcome }).envelopes;
    const events = [
      ...decided('i1', 'inspection', 'compliant'),
      ...decided('i2', 'inspection', 'non_compliant'),
      ...actHistory({ actId: 'i3', category: 'inspection', at: cst(2023, 7, 1) }).envelopes,
      ...decided('b1', 'benefit', 'granted'),
      ...decided('b2', 'benefit', 'denied'),
      ...decided('w1', 'award', 'granted'),
      ...decided('f1', 'confirmation', 'granted'),
      ...decided('v1', 'levy', 'granted'),
      ...decided('j1', 'adjudication', 'granted'),
      ...decided('k1', 'compensation', 'granted'),
    ];
    const { acts } = report(events).figures;
    expect([acts.inspections, acts.benefits, acts.awards, acts.confirmations, acts.levies, acts.adjudications, acts.compensations]).toEqual(
      [2, 2, 1, 1, 1, 1, 1],
    );
  });

  it('legal review counts cases: a rejection followed by a pass is one case passed; a lone rejection is one rejected', () => {
    const events = [
      ...actHistory({ actId: 'p1', category: 'penalty', at: cst(2023, 2, 1) })
        .review(cst(2023, 2, 10), false)
        .review(cst(2023, 2, 15), true).envelopes,
      ...actHistory({ actId: 'p2', category: 'penalty', at: cst(2023, 2, 1) }).review(cst(2023, 2, 10), false).envelopes,
      ...actHistory({ actId: 'l1', category: 'licensing', at: cst(2023, 2, 1) }).review(cst(2023, 2, 10), true).envelopes,
    ];
    expect(report(events).figures.acts.legalReview).toEqual({ passed: 2, rejected: 1 });
  });
});

describe('statistics: which period, and as of which date', () => {
  const penalty = (actId: string, at: Date, recordedAt?: Date) => actHistory({ actId, category: 'penalty', at, recordedAt });

  it('periods are Beijing time: 31 December 20:00 UTC is 1 January, next year', () => {
    expect(periodBounds({ kind: 'year', year: 2023 })).toEqual({
      from: new Date('2022-12-31T16:00:00Z'),
      to: new Date('2023-12-31T16:00:00Z'),
    });
    const events = [
      ...penalty('p1', new Date('2023-12-31T15:59:59Z')).envelopes,
      ...penalty('p2', new Date('2023-12-31T16:00:00Z')).envelopes,
    ];
    expect(report(events).figures.acts.penalty.filed).toBe(1);
    expect(report(events, { period: { kind: 'year', year: 2024 }, asOf: cst(2025, 1, 1) }).figures.acts.penalty.filed).toBe(1);
  });

  it('the annual report is due by the end of 31 January, Beijing time', () => {
    expect(annualReportDueAt(2023)).toEqual(new Date('2024-01-31T16:00:00Z'));
  });

  it('a fact counts in the period it happened in, and only once it was recorded (asOf filters recordedAt)', () => {
    // Closed on 28 December, recorded on 5 January: December's closing, known from 5 January.
    const events = penalty('p1', cst(2023, 12, 1))
      .decide(cst(2023, 12, 10), { outcome: 'penalized', fineFen: 100 })
      .close(cst(2023, 12, 28), cst(2024, 1, 5)).envelopes;
    const december = { kind: 'month', year: 2023, month: 12 } as const;
    expect(report(events, { period: december, asOf: cst(2023, 12, 31, 23) }).figures.acts.penalty).toMatchObject({
      filed: 1,
      decided: 1,
      closed: 0,
    });
    expect(report(events, { period: december, asOf: cst(2024, 1, 5, 11) }).figures.acts.penalty).toMatchObject({
      filed: 1,
      decided: 1,
      closed: 1,
    });
    expect(report(events, { period: { kind: 'month', year: 2024, month: 1 }, asOf: cst(2024, 2, 1) }).figures.acts.penalty.closed).toBe(0);
  });

  it('an act recorded after asOf is not seen at all, nor its steps', () => {
    const events = penalty('p1', cst(2023, 6, 1), cst(2023, 9, 1)).decide(
      cst(2023, 6, 10),
      { outcome: 'penalized', fineFen: 100 },
      cst(2023, 9, 1),
    ).envelopes;
    expect(report(events, { asOf: cst(2023, 8, 1) }).figures).toEqual(zeroFigures());
    expect(report(events, { asOf: cst(2023, 9, 2) }).figures.acts.penalty).toMatchObject({ filed: 1, decided: 1, finesFen: 100 });
  });

  it('an execution decision later taken to court moves from executions to court applications once the application is known', () => {
    const events = actHistory({ actId: 'c1', category: 'coercion', at: cst(2023, 11, 1) })
      .decide(cst(2023, 11, 20), { outcome: 'execution' })
      .court(cst(2024, 1, 10)).envelopes;
    expect(report(events, { asOf: cst(2023, 12, 31) }).figures.acts.coercion).toEqual({ measures: 0, executions: 1, courtApplications: 0 });
    expect(report(events, { asOf: cst(2024, 2, 1) }).figures.acts.coercion).toEqual({ measures: 0, executions: 0, courtApplications: 0 });
    expect(report(events, { period: { kind: 'year', year: 2024 }, asOf: cst(2024, 2, 1) }).figures.acts.coercion.courtApplications).toBe(1);
  });

  it('monthly and half-year reports split the year', () => {
    const events = [
      ...penalty('p1', cst(2023, 3, 1)).envelopes,
      ...penalty('p2', cst(2023, 6, 30, 23)).envelopes,
      ...penalty('p3', cst(2023, 7, 1, 0)).envelopes,
    ];
    expect(report(events, { period: { kind: 'half', year: 2023, half: 1 } }).figures.acts.penalty.filed).toBe(2);
    expect(report(events, { period: { kind: 'half', year: 2023, half: 2 } }).figures.acts.penalty.filed).toBe(1);
    expect(report(events, { period: { kind: 'month', year: 2023, month: 3 } }).figures.acts.penalty.filed).toBe(1);
    expect(report(events, { period: { kind: 'month', year: 2023, month: 4 } }).figures.acts.penalty.filed).toBe(0);
  });

  it('a redelivered event changes nothing', () => {
    const events = penalty('p1', cst(2023, 3, 1))
      .decide(cst(2023, 3, 9), { outcome: 'penalized', fineFen: 700 })
      .close(cst(2023, 3, 20)).envelopes;
    const twice = [events[0]!, events[0]!, events[1]!, events[1]!, events[0]!, events[2]!, events[1]!];
    expect(report(twice).figures).toEqual(report(events).figures);
    expect(report(twice).figures.acts.penalty).toMatchObject({ filed: 1, decided: 1, closed: 1, finesFen: 700 });
  });

  it('an act of an unknown category, or a step whose opening was never seen, is left out', () => {
    const unknown = actHistory({ actId: 'x1', category: 'punishment', at: cst(2023, 3, 1) }).envelopes;
    expect(evolveActSummary(undefined, unknown[0]!)).toBeUndefined();
    const steps = penalty('p1', cst(2023, 3, 1))
      .close(cst(2023, 3, 9))
      .envelopes.slice(1);
    expect(report([...unknown, ...steps]).figures).toEqual(zeroFigures());
  });

  it('the envelope comes from the stored event record: county, act id, version and both times', () => {
    const [opening] = penalty('p1', cst(2023, 3, 1)).envelopes;
    const record = {
      eventId: 'e-1',
      eventType: 'CaseFiled',
      schemaVersion: 1,
      source: 'case-intake',
      countyCode: '431103',
      aggregateType: 'act',
      aggregateId: 'p1',
      streamId: '431103/act/p1',
      version: 1,
      occurredAt: cst(2023, 3, 1),
      recordedAt: cst(2023, 3, 2),
      actor: { userId: 'u', role: 'clerk', countyCode: '431103' },
      correlationId: 'c',
      causationId: 'c',
      payload: new Uint8Array(),
      previousHash: '0'.repeat(64),
      hash: '1'.repeat(64),
    };
    expect(actEnvelopeOf(record, opening!.event)).toEqual({
      countyCode: '431103',
      actId: 'p1',
      version: 1,
      occurredAt: cst(2023, 3, 1),
      recordedAt: cst(2023, 3, 2),
      event: opening!.event,
    });
  });

  it('refuses a period that does not exist, naming the field', () => {
    expect(() => report([], { period: { kind: 'month', year: 2023, month: 13 } })).toThrow(ValidationError);
    try {
      report([], { period: { kind: 'month', year: 2023, month: 13 } });
    } catch (error) {
      expect((error as ValidationError).violations).toEqual([
        { field: 'period.month', code: 'REPORT_MONTH_RANGE', message: '统计月份应为 1 到 12' },
      ]);
    }
  });
});

describe('statistics: per agency, per county, per city', () => {
  // Two counties with the same act and agency ids: nothing may leak from one to the other.
  const events = [
    ...actHistory({ countyCode: '431103', actId: 'a1', agencyId: 'scjgj', category: 'penalty', at: cst(2023, 3, 1) }).close(cst(2023, 3, 5))
      .envelopes,
    ...actHistory({ countyCode: '431103', actId: 'a2', agencyId: 'cgj', category: 'penalty', at: cst(2023, 3, 1) }).envelopes,
    ...actHistory({ countyCode: '431102', actId: 'a1', agencyId: 'scjgj', category: 'penalty', at: cst(2023, 3, 1) }).envelopes,
  ];
  const tasks: RandomInspectionTaskFact[] = [
    {
      countyCode: '431103',
      taskId: 't1',
      agencyIds: ['scjgj', 'cgj'],
      plannedAt: cst(2023, 4, 1),
      recordedAt: cst(2023, 4, 1),
      inspectorDraws: 4,
      targetsDrawn: 6,
      completedAt: cst(2023, 5, 1),
      resultsPublishedAt: cst(2023, 5, 10),
    },
    {
      countyCode: '431103',
      taskId: 't2',
      agencyIds: ['scjgj'],
      plannedAt: cst(2023, 4, 1),
      recordedAt: cst(2023, 4, 1),
      inspectorDraws: 2,
      targetsDrawn: 3,
    },
    {
      countyCode: '431102',
      taskId: 't1',
      agencyIds: ['scjgj'],
      plannedAt: cst(2023, 4, 1),
      recordedAt: cst(2023, 4, 1),
      inspectorDraws: 2,
      targetsDrawn: 3,
    },
  ];
  const files: ReviewedCaseFileFact[] = [
    {
      countyCode: '431103',
      reviewId: 'r1',
      actId: 'x1',
      agencyId: 'scjgj',
      category: 'penalty',
      enterprise: true,
      reviewedAt: cst(2023, 8, 1),
      recordedAt: cst(2023, 8, 1),
      scoreCentipoints: 9050,
      passed: true,
      problems: 1,
    },
    {
      countyCode: '431103',
      reviewId: 'r1',
      actId: 'x2',
      agencyId: 'cgj',
      category: 'licensing',
      enterprise: false,
      reviewedAt: cst(2023, 8, 1),
      recordedAt: cst(2023, 8, 1),
      scoreCentipoints: 5500,
      passed: false,
      problems: 4,
    },
  ];
  const summaries = [...foldActEvents(events).values()];
  const inputs = { randomInspectionTasks: tasks, reviewedCaseFiles: files };
  const query = (scope: ReportScope) => ({
    scope,
    period: year2023,
    asOf: endOf2023,
    agencyNames: { scjgj: '区市场监管局', cgj: '区城管局' },
  });

  it('an agency sees its own acts, every task it takes part in, its own reviewed files', () => {
    const agency = computeStatistics(
      summaries,
      query({ level: 'agency', countyCode: '431103', agencyId: 'scjgj', name: '区市场监管局' }),
      inputs,
    );
    expect(agency.figures.acts.penalty).toMatchObject({ filed: 1, closed: 1 });
    expect(agency.figures.randomInspection).toEqual({
      tasks: 2,
      crossAgencyTasks: 1,
      completedTasks: 1,
      inspectorDraws: 6,
      targetsDrawn: 9,
      publishedTasks: 1,
    });
    expect(agency.figures.caseFileReview).toMatchObject({
      files: 1,
      penaltyFiles: 1,
      enterpriseFiles: 1,
      passed: 1,
      scoreCentipointsSum: 9050,
    });
    expect(agency.units).toEqual([]);
  });

  it('a county counts a cross-agency task once, and breaks its figures down by agency', () => {
    const countyReport = computeStatistics(summaries, query(county), inputs);
    expect(countyReport.figures.acts.penalty).toMatchObject({ filed: 2, closed: 1 });
    expect(countyReport.figures.randomInspection.tasks).toBe(2);
    expect(countyReport.figures.caseFileReview).toMatchObject({
      files: 2,
      licensingFiles: 1,
      penaltyFiles: 1,
      passed: 1,
      failed: 1,
      problems: 5,
    });
    expect(countyReport.units.map((u) => [u.unitId, u.name, u.figures.acts.penalty.filed, u.figures.randomInspection.tasks])).toEqual([
      ['cgj', '区城管局', 1, 1],
      ['scjgj', '区市场监管局', 1, 2],
    ]);
  });

  it('a city rolls its counties up, directly or from the counties’ own reports, to the same figures', () => {
    const city = {
      level: 'city',
      name: '永州市',
      counties: [
        { countyCode: '431102', name: '零陵区' },
        { countyCode: '431103', name: '冷水滩区' },
      ],
    } as const;
    const direct = computeStatistics(summaries, query(city), inputs);
    expect(direct.figures.acts.penalty.filed).toBe(3);
    expect(direct.figures.randomInspection.tasks).toBe(3);
    expect(direct.units.map((u) => [u.name, u.figures.acts.penalty.filed])).toEqual([
      ['零陵区', 1],
      ['冷水滩区', 2],
    ]);
    const countyReports = city.counties.map((c) =>
      computeStatistics(summaries, query({ level: 'county', countyCode: c.countyCode, name: c.name }), inputs),
    );
    const combined = combineCountyReports(city, countyReports);
    expect(combined.figures).toEqual(direct.figures);
    expect(combined.units.map((u) => u.figures)).toEqual(direct.units.map((u) => u.figures));
  });

  it('refuses a city without counties, or with a county twice', () => {
    const city = (counties: { countyCode: string; name: string }[]) => () =>
      computeStatistics(summaries, query({ level: 'city', name: '永州市', counties }));
    expect(city([])).toThrow(/市级汇总须至少包含一个县（区）/);
    expect(city([county, county].map((c) => ({ countyCode: '431103', name: c.name })))).toThrow(/不能重复/);
  });

  it('refuses to roll up reports of different dates or of a county outside the city', () => {
    const city = { level: 'city', name: '永州市', counties: [{ countyCode: '431103', name: '冷水滩区' }] } as const;
    const a = computeStatistics(summaries, query(county), inputs);
    const b = computeStatistics(summaries, { ...query(county), asOf: cst(2024, 3, 1) }, inputs);
    const other = computeStatistics(summaries, query({ level: 'county', countyCode: '431102', name: '零陵区' }), inputs);
    expect(() => combineCountyReports(city, [a, b])).toThrow(/同一统计期间/);
    expect(() => combineCountyReports(city, [other])).toThrow(/不属于本次汇总范围/);
  });

  it('a task recorded, completed or published after asOf is not counted as such', () => {
    const countyReport = computeStatistics(summaries, { ...query(county), asOf: cst(2023, 5, 5) }, inputs);
    expect(countyReport.figures.randomInspection).toMatchObject({ tasks: 2, completedTasks: 1, publishedTasks: 0 });
    expect(countyReport.figures.caseFileReview.files).toBe(0);
  });
});
