import { describe, expect, it } from 'vitest';
import {
  foldTrace,
  initialTraceFold,
  type TraceFoldInput,
  type TraceFoldState,
  type MonthContribution,
} from '../../../src/domain/inspection-visits/visit-fold.js';
import { computeStatistics, type InspectionVisitMonthFact } from '../../../src/domain/statistics/index.js';
import { statisticsView } from '../../../src/reports/statistics-view.js';

const at = (iso: string) => new Date(iso);
const issued = (over: Partial<Extract<TraceFoldInput, { type: 'issued' }>> = {}): TraceFoldInput => ({
  type: 'issued',
  actId: 'insp-1',
  agencyId: 'scjgj',
  inspectedAt: at('2026-10-31T17:00:00Z'),
  recordedAt: at('2026-10-31T17:00:01Z'),
  ...over,
});
const confirmed = (rating: number, token = 'e-2'): TraceFoldInput => ({
  type: 'confirmed',
  token,
  rating,
  recordedAt: at('2026-11-03T02:00:00Z'),
});

/** Folds inputs in order and collects what they add, as the projection does. */
function run(inputs: readonly TraceFoldInput[], from: TraceFoldState = initialTraceFold()) {
  let state = from;
  const added: MonthContribution[] = [];
  for (const input of inputs) {
    const next = foldTrace(state, input);
    state = next.state;
    if (next.add) added.push(next.add);
  }
  return { state, added };
}

describe('folding a trace into its agency month', () => {
  it('counts the visit in the month of the inspection, China time, and the rating in the same month', () => {
    const { added, state } = run([issued(), confirmed(4)]);
    // 2026-10-31T17:00Z is 1 November 01:00 in China.
    expect(added).toEqual([
      { agencyId: 'scjgj', month: '2026-11', traced: { actId: 'insp-1', recordedAt: at('2026-10-31T17:00:01Z') } },
      { agencyId: 'scjgj', month: '2026-11', rating: { token: 'e-2', rating: 4, recordedAt: at('2026-11-03T02:00:00Z') } },
    ]);
    expect(state).toEqual({ issued: { agencyId: 'scjgj', month: '2026-11' }, ratingCounted: true });
    // Nothing of the act travels with the rating.
    expect(JSON.stringify(added[1])).not.toContain('insp-1');
  });

  it('adds nothing for a redelivered issue or confirmation, nor for a second confirmation', () => {
    const once = run([issued(), confirmed(4)]);
    const again = run([issued(), confirmed(4), confirmed(1, 'e-3')], once.state);
    expect(again.added).toEqual([]);
    expect(again.state).toBe(once.state);
  });

  it('keeps a confirmation that comes before its issue and counts it once the issue comes', () => {
    const early = run([confirmed(2)]);
    expect(early.added).toEqual([]);
    expect(early.state).toEqual({ ratingCounted: false, pending: { token: 'e-2', rating: 2, recordedAt: at('2026-11-03T02:00:00Z') } });
    // The early confirmation redelivered still waits once.
    expect(run([confirmed(2)], early.state).state).toBe(early.state);
    const late = run([issued()], early.state);
    expect(late.added).toEqual([
      {
        agencyId: 'scjgj',
        month: '2026-11',
        traced: { actId: 'insp-1', recordedAt: at('2026-10-31T17:00:01Z') },
        rating: { token: 'e-2', rating: 2, recordedAt: at('2026-11-03T02:00:00Z') },
      },
    ]);
    expect(late.state).toEqual({ issued: { agencyId: 'scjgj', month: '2026-11' }, ratingCounted: true });
    expect(run([issued(), confirmed(5, 'e-9')], late.state).added).toEqual([]);
  });

  it('counts no rating outside 1 to 5', () => {
    for (const rating of [0, 6, 2.5, Number.NaN]) expect(run([issued(), confirmed(rating)]).added).toHaveLength(1);
  });
});

describe('inspection visits in the statistics report', () => {
  const month = (agencyId: string, m: string, traced: string[], ratings: [number, string][]): InspectionVisitMonthFact => ({
    countyCode: '431103',
    agencyId,
    month: m,
    traced: traced.map((iso) => ({ recordedAt: at(iso) })),
    ratings: ratings.map(([rating, iso]) => ({ rating, recordedAt: at(iso) })),
  });
  const visits = [
    month(
      'scjgj',
      '2026-11',
      ['2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', '2026-11-03T00:00:00Z'],
      [
        [5, '2026-11-04T00:00:00Z'],
        [2, '2026-12-02T00:00:00Z'],
      ],
    ),
    month('zrzyj', '2026-11', ['2026-11-05T00:00:00Z'], [[3, '2026-11-06T00:00:00Z']]),
    month('scjgj', '2026-12', ['2026-12-01T00:00:00Z'], []),
    { ...month('scjgj', '2026-11', ['2026-11-01T00:00:00Z'], [[1, '2026-11-01T00:00:00Z']]), countyCode: '431102' },
  ];
  const report = (period: { kind: 'month'; year: number; month: number } | { kind: 'year'; year: number }, asOf: string) =>
    computeStatistics(
      [],
      { scope: { level: 'county', countyCode: '431103', name: '冷水滩区' }, period, asOf: at(asOf) },
      { inspectionVisits: visits },
    );

  it('counts per agency and period, as recorded by the date asked, and nothing of another county', () => {
    const november = report({ kind: 'month', year: 2026, month: 11 }, '2027-01-01T00:00:00Z');
    expect(november.figures.inspectionTrace).toEqual({ traced: 4, confirmed: 3, ratingSum: 10, ratingCount: 3 });
    expect(november.units.map((u) => [u.unitId, u.figures.inspectionTrace])).toEqual([
      ['scjgj', { traced: 3, confirmed: 2, ratingSum: 7, ratingCount: 2 }],
      ['zrzyj', { traced: 1, confirmed: 1, ratingSum: 3, ratingCount: 1 }],
    ]);
    // As of 1 December the rating of 2 December is not known yet.
    expect(report({ kind: 'month', year: 2026, month: 11 }, '2026-12-01T00:00:00Z').figures.inspectionTrace).toEqual({
      traced: 4,
      confirmed: 2,
      ratingSum: 8,
      ratingCount: 2,
    });
    expect(report({ kind: 'year', year: 2026 }, '2027-01-01T00:00:00Z').figures.inspectionTrace.traced).toBe(5);
    expect(report({ kind: 'month', year: 2026, month: 10 }, '2027-01-01T00:00:00Z').figures.inspectionTrace.traced).toBe(0);
  });

  it('shows the section and sentence only where a visit was traced, with the rate and the average', () => {
    const view = statisticsView(report({ kind: 'month', year: 2026, month: 11 }, '2027-01-01T00:00:00Z'));
    const section = view.sections.find((s) => s.title === '九、涉企检查扫码留痕');
    expect(section?.figures.map((f) => [f.key, f.text])).toEqual([
      ['inspectionTrace.traced', '4'],
      ['inspectionTrace.confirmed', '3'],
      ['inspectionTrace.confirmationRate', '75%'],
      ['inspectionTrace.ratings', '3'],
      ['inspectionTrace.averageRating', '3.33'],
    ]);
    expect(view.sentences.at(-1)).toBe('涉企检查赋码4次,企业扫码确认3次,扫码确认率75%;企业匿名评价3次,平均3.33分。');
    const none = statisticsView(report({ kind: 'month', year: 2026, month: 10 }, '2027-01-01T00:00:00Z'));
    expect(none.sections.map((s) => s.title)).not.toContain('九、涉企检查扫码留痕');
  });
});
