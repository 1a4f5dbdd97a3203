import { describe, expect, it } from 'vitest';
import { type ValidationError } from '@lesp/core';
import { foldActEvents } from '../../../src/domain/statistics/act-facts.js';
import { computeStatistics } from '../../../src/domain/statistics/compute-report.js';
import {
  evaluateAgency,
  figuresFromReport,
  rankEvaluations,
  type EvaluationInput,
} from '../../../src/domain/evaluation/evaluate-agency.js';
import { defaultScheme, type EvaluationScheme } from '../../../src/domain/evaluation/evaluation-scheme.js';
import { actHistory, cst } from '../statistics/act-history.js';

const scheme = defaultScheme(2023);
/** Five supervisors' assessments: 95, 88, 90, 70, 92 → without the highest and lowest, (88 + 90 + 92) / 3 = 90. */
const assessment = [9500, 8800, 9000, 7000, 9200].map((centipoints, i) => ({
  supervisorId: `s-${i}`,
  indicatorCode: 'assessment',
  centipoints,
}));
const input: EvaluationInput = {
  countyCode: '431103',
  agencyId: 'scjgj',
  year: 2023,
  figures: {
    closingRate: { kind: 'ratio', numerator: 94, denominator: 100 }, // 94.00
    legalReviewPassRate: { kind: 'ratio', numerator: 1, denominator: 1 }, // 100.00
    caseFileReviewAverage: { kind: 'points', centipoints: 8550 }, // 85.50
    rectificationOnTimeRate: { kind: 'ratio', numerator: 2, denominator: 3 }, // 66.67
    alertResolutionRate: { kind: 'ratio', numerator: 4, denominator: 5 }, // 80.00
  },
  supervisorScores: assessment,
  lostLawsuits: 0,
  headAbsentFromCourt: 0,
  vetoes: [],
};

describe('evaluation: an agency’s year, weighted', () => {
  it('scores each indicator out of 100 and adds them by weight: (94×15 + 100×10 + 85.5×15 + 66.67×10 + 80×10 + 90×40) / 100 = 87.59', () => {
    const result = evaluateAgency(scheme, input);
    expect(result.indicators.map((i) => [i.code, i.weight, i.centipoints])).toEqual([
      ['closing', 15, 9400],
      ['legal-review', 10, 10000],
      ['case-files', 15, 8550],
      ['rectification', 10, 6667],
      ['alerts', 10, 8000],
      ['assessment', 40, 9000],
    ]);
    // 9400×15 + 10000×10 + 8550×15 + 6667×10 + 8000×10 + 9000×40 = 875,920 → /100 = 8759.2 → 8759
    expect(result.centipoints).toBe(8759);
    expect([result.grade, result.gradeName, result.reasons]).toEqual(['good', '良好', []]);
  });

  it('an indicator with nothing to measure is left out and the other weights scaled up', () => {
    const result = evaluateAgency(scheme, {
      ...input,
      figures: { ...input.figures, closingRate: { kind: 'ratio', numerator: 0, denominator: 0 } },
    });
    expect(result.indicators[0]!.centipoints).toBeNull();
    // (10000×10 + 8550×15 + 6667×10 + 8000×10 + 9000×40) / 85 = 734,920 / 85 = 8646.12 → 8646
    expect(result.centipoints).toBe(8646);
  });

  it('fewer than five supervisors: the plain mean', () => {
    const result = evaluateAgency(scheme, { ...input, supervisorScores: assessment.slice(0, 3) });
    expect(result.indicators.find((i) => i.code === 'assessment')!.centipoints).toBe(9100); // (95 + 88 + 90) / 3 = 91.00
  });
});

describe('evaluation: grades, caps and vetoes', () => {
  const excellent: EvaluationInput = {
    ...input,
    figures: {
      closingRate: { kind: 'ratio', numerator: 1, denominator: 1 },
      legalReviewPassRate: { kind: 'ratio', numerator: 1, denominator: 1 },
      caseFileReviewAverage: { kind: 'points', centipoints: 9500 },
      rectificationOnTimeRate: { kind: 'ratio', numerator: 1, denominator: 1 },
      alertResolutionRate: { kind: 'ratio', numerator: 1, denominator: 1 },
    },
  };

  it('90 and over is 优秀', () => {
    // (10000×50 + 9500×15 + 9000×40) / 100 = 9525
    expect(evaluateAgency(scheme, excellent)).toMatchObject({ centipoints: 9525, grade: 'excellent', gradeName: '优秀' });
  });

  it('two lost lawsuits, or a head absent from court, keep it from 优秀 (seed 004)', () => {
    expect(evaluateAgency(scheme, { ...excellent, lostLawsuits: 1 }).grade).toBe('excellent');
    expect(evaluateAgency(scheme, { ...excellent, lostLawsuits: 2 })).toMatchObject({
      centipoints: 9525,
      grade: 'good',
      reasons: ['一年内行政诉讼败诉 2 起，不得评为高于“良好”的等次'],
    });
    expect(evaluateAgency(scheme, { ...excellent, headAbsentFromCourt: 1 }).reasons).toEqual([
      '主要负责人应出庭不出庭 1 次，不得评为高于“良好”的等次',
    ]);
  });

  it('a veto fails the agency whatever its score', () => {
    expect(
      evaluateAgency(scheme, { ...excellent, vetoes: [{ code: 'SEVERE_INCIDENT', reason: '违法执法造成恶劣社会影响' }] }),
    ).toMatchObject({
      grade: 'fail',
      gradeName: '不合格',
      reasons: ['一票否决：违法执法造成恶劣社会影响'],
    });
  });

  it('ranks a county’s agencies, equal scores sharing a rank', () => {
    const a = evaluateAgency(scheme, { ...excellent, agencyId: 'a' });
    const b = evaluateAgency(scheme, { ...input, agencyId: 'b' });
    const c = evaluateAgency(scheme, { ...excellent, agencyId: 'c' });
    expect(rankEvaluations([b, c, a]).map((r) => [r.agencyId, r.rank])).toEqual([
      ['a', 1],
      ['c', 1],
      ['b', 3],
    ]);
  });
});

describe('evaluation: what is refused', () => {
  it('weights not adding up to 100, a score out of range, a repeated score, missing scores, the wrong year', () => {
    const bad: EvaluationScheme = { ...scheme, indicators: scheme.indicators.slice(1) };
    expect(() => evaluateAgency(bad, input)).toThrow(/各项指标权重之和应为 100，现为 85/);
    try {
      evaluateAgency(scheme, {
        ...input,
        year: 2024,
        supervisorScores: [...assessment, { supervisorId: 's-0', indicatorCode: 'assessment', centipoints: 10_001 }],
      });
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).violations.map((v) => v.code)).toEqual(['YEAR_MISMATCH', 'SCORE_RANGE', 'SCORE_REPEATED']);
    }
    expect(() => evaluateAgency(scheme, { ...input, supervisorScores: [] })).toThrow(/指标 assessment 尚无评议人员打分/);
    const figuresOnly: EvaluationScheme = {
      ...scheme,
      indicators: [{ code: 'closing', name: '行政处罚结案率', weight: 100, source: 'figure', figure: 'closingRate' }],
    };
    expect(() => evaluateAgency(figuresOnly, { ...input, figures: {}, supervisorScores: [] })).toThrow(/各项指标均无可考核的数据/);
  });
});

describe('evaluation: figures taken from the agency’s annual statistics', () => {
  it('closing rate and legal-review pass rate from the folded acts', () => {
    const events = [
      ...actHistory({ actId: 'p1', category: 'penalty', at: cst(2023, 3, 1) })
        .review(cst(2023, 3, 2))
        .close(cst(2023, 3, 9)).envelopes,
      ...actHistory({ actId: 'p2', category: 'penalty', at: cst(2023, 3, 1) }).review(cst(2023, 3, 2), false).envelopes,
    ];
    const report = computeStatistics(foldActEvents(events).values(), {
      scope: { level: 'agency', countyCode: '431103', agencyId: 'scjgj', name: '区市场监管局' },
      period: { kind: 'year', year: 2023 },
      asOf: cst(2024, 1, 31),
    });
    const figures = figuresFromReport(report);
    expect(figures.closingRate).toEqual({ kind: 'ratio', numerator: 1, denominator: 2 });
    expect(figures.legalReviewPassRate).toEqual({ kind: 'ratio', numerator: 1, denominator: 2 });
    expect(figures.caseFileReviewAverage).toBeUndefined();
    const result = evaluateAgency(scheme, {
      ...input,
      figures: { ...figures, rectificationOnTimeRate: { kind: 'ratio', numerator: 1, denominator: 1 } },
    });
    // case files not reviewed, no alerts: left out. (5000×15 + 5000×10 + 10000×10 + 9000×40) / 75 = 585,000 / 75 = 7800
    expect(result.centipoints).toBe(7800);
    expect(result.grade).toBe('pass');
  });
});
