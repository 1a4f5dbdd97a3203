import { describe, expect, it } from 'vitest';
import { computeStatistics } from '../../../src/domain/statistics/compute-report.js';
import {
  disclosureFigure,
  litigationCounts,
  trainingFigure,
  yearFigures,
  type AlertFact,
  type RectificationFact,
} from '../../../src/domain/evaluation/evaluation-figures.js';
import { foldActEvents } from '../../../src/domain/statistics/act-facts.js';
import type { OfficerFacts } from '../../../src/domain/rules/facts.js';
import { actHistory, cst } from '../statistics/act-history.js';

const asOf = cst(2024, 1, 31);
const report = computeStatistics(
  foldActEvents(actHistory({ actId: 'p1', category: 'penalty', at: cst(2023, 3, 1) }).close(cst(2023, 3, 9)).envelopes).values(),
  {
    scope: { level: 'agency', countyCode: '431103', agencyId: 'scjgj', name: '区市场监管局' },
    period: { kind: 'year', year: 2023 },
    asOf,
  },
);

describe('evaluation figures of an agency’s year', () => {
  it('rectification on time: notices of the year that were due or answered, those answered by their deadline', () => {
    const rectifications: RectificationFact[] = [
      { issuedAt: cst(2023, 2, 1), deadline: cst(2023, 3, 1), repliedAt: cst(2023, 2, 20), repliedLate: false }, // on time
      { issuedAt: cst(2023, 4, 1), deadline: cst(2023, 5, 1), repliedAt: cst(2023, 5, 9), repliedLate: true }, // late
      { issuedAt: cst(2023, 6, 1), deadline: cst(2023, 7, 1), repliedLate: false }, // never answered, overdue
      { issuedAt: cst(2023, 12, 20), deadline: cst(2024, 3, 1), repliedLate: false }, // not due yet: not counted
      { issuedAt: cst(2022, 12, 1), deadline: cst(2023, 1, 10), repliedLate: false }, // last year's
    ];
    expect(yearFigures(report, rectifications, [], asOf).rectificationOnTimeRate).toEqual({ kind: 'ratio', numerator: 1, denominator: 3 });
  });

  it('alerts resolved: alerts of the year less those dismissed, those cured', () => {
    const alerts: AlertFact[] = [
      { raisedAt: cst(2023, 1, 5), status: 'resolved' },
      { raisedAt: cst(2023, 5, 5), status: 'open' },
      { raisedAt: cst(2023, 6, 5), status: 'acknowledged' },
      { raisedAt: cst(2023, 7, 5), status: 'dismissed' },
      { raisedAt: cst(2024, 1, 5), status: 'resolved' }, // next year's
    ];
    expect(yearFigures(report, [], alerts, asOf).alertResolutionRate).toEqual({ kind: 'ratio', numerator: 1, denominator: 3 });
  });

  it('keeps the figures of the annual statistics', () => {
    const figures = yearFigures(report, [], [], asOf);
    expect(figures.closingRate).toEqual({ kind: 'ratio', numerator: 1, denominator: 1 });
    expect(figures.alertResolutionRate).toEqual({ kind: 'ratio', numerator: 0, denominator: 0 });
  });

  it('lawsuits judged in the year: lost (revoked, changed, confirmed illegal) and the head absent from court, as known then', () => {
    const summaries = foldActEvents([
      ...actHistory({ actId: 'p1', category: 'penalty', at: cst(2022, 5, 1) })
        .close(cst(2022, 6, 1))
        .litigate(cst(2023, 3, 1), 'revoked', false).envelopes,
      ...actHistory({ actId: 'p2', category: 'penalty', at: cst(2023, 1, 1) })
        .close(cst(2023, 2, 1))
        .litigate(cst(2023, 8, 1), 'upheld')
        .litigate(cst(2023, 12, 20), 'confirmed_illegal', true, cst(2024, 2, 10)).envelopes,
      ...actHistory({ actId: 'p3', category: 'penalty', agencyId: 'other', at: cst(2023, 1, 1) }).litigate(cst(2023, 4, 1), 'changed')
        .envelopes,
    ]).values();
    const all = [...summaries];
    expect(litigationCounts(all, 'scjgj', 2023, asOf)).toEqual({ lostLawsuits: 1, headAbsentFromCourt: 1 });
    // The December judgment recorded in February counts once known.
    expect(litigationCounts(all, 'scjgj', 2023, cst(2024, 3, 1))).toEqual({ lostLawsuits: 2, headAbsentFromCourt: 1 });
  });

  it('decisions of the year disclosed on time: those whose act never had a red disclosure alert (dismissed ones do not count)', () => {
    const summaries = [
      ...foldActEvents([
        ...actHistory({ actId: 'd1', category: 'penalty', at: cst(2023, 2, 1) }).decide(cst(2023, 2, 10), { outcome: 'penalized' })
          .envelopes,
        ...actHistory({ actId: 'd2', category: 'penalty', at: cst(2023, 3, 1) }).decide(cst(2023, 3, 10), { outcome: 'penalized' })
          .envelopes,
        ...actHistory({ actId: 'd3', category: 'penalty', at: cst(2023, 4, 1) }).decide(cst(2023, 4, 10), { outcome: 'penalized' })
          .envelopes,
        ...actHistory({ actId: 'd4', category: 'penalty', at: cst(2023, 5, 1) }).envelopes,
      ]).values(),
    ];
    const alerts: AlertFact[] = [
      { raisedAt: cst(2023, 3, 18), status: 'resolved', ruleId: 'decision-not-disclosed', subjectId: 'd2', level: 'red' },
      { raisedAt: cst(2023, 4, 18), status: 'dismissed', ruleId: 'decision-not-disclosed', subjectId: 'd3', level: 'red' },
      { raisedAt: cst(2023, 2, 16), status: 'resolved', ruleId: 'decision-not-disclosed', subjectId: 'd1', level: 'blue' },
    ];
    expect(disclosureFigure(summaries, alerts, 'scjgj', 2023, asOf)).toEqual({ kind: 'ratio', numerator: 2, denominator: 3 });
  });

  it('officers trained enough: registered by the year end, certificate not revoked before it, at least the county’s hours', () => {
    const officer = (officerId: string, hours: number, extra: Partial<OfficerFacts> = {}): OfficerFacts => ({
      officerId,
      agencyId: 'scjgj',
      name: officerId,
      registeredAt: cst(2020, 1, 1),
      certificateHistory: [{ status: 'valid', from: cst(2020, 1, 1), validUntil: cst(2030, 1, 1) }],
      trainingHours: [{ year: 2023, hours }],
      ...extra,
    });
    const officers = [
      officer('a', 60),
      officer('b', 45),
      officer('c', 10),
      officer('late', 0, { registeredAt: cst(2024, 2, 1) }),
      officer('revoked', 0, { certificateHistory: [{ status: 'revoked', from: cst(2022, 6, 1) }] }),
      officer('other', 0, { agencyId: 'zrzyj' }),
    ];
    expect(trainingFigure(officers, 'scjgj', 2023, 40)).toEqual({ kind: 'ratio', numerator: 2, denominator: 3 });
    expect(trainingFigure(officers, 'scjgj', 2023, 60)).toEqual({ kind: 'ratio', numerator: 1, denominator: 3 });
  });
});
