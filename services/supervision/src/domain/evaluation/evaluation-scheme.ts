import type { Violation } from '@lesp/core';

/**
 * Figures an indicator can be scored from, each a ratio turned into points out of 100. The
 * statistics give the first six (`figuresFromReport`), rectifications and alerts the next two
 * (`yearFigures`), disclosure and training the last two (`disclosureFigure`, `trainingFigure`).
 */
export const FIGURES = {
  closingRate: '行政处罚结案率',
  legalReviewPassRate: '法制审核通过率',
  caseFileReviewAverage: '案卷评查平均得分',
  caseFilePassRate: '案卷评查合格率',
  randomInspectionCompletionRate: '双随机抽查任务完成率',
  randomInspectionPublicationRate: '双随机抽查结果公示率',
  rectificationOnTimeRate: '监督整改按期完成率',
  alertResolutionRate: '预警问题整改率',
  disclosureOnTimeRate: '执法决定按时公示率',
  trainingCompletionRate: '执法人员培训学时达标率',
} as const;
export type FigureKey = keyof typeof FIGURES;

export type Indicator =
  | { readonly code: string; readonly name: string; readonly weight: number; readonly source: 'figure'; readonly figure: FigureKey }
  /** Scored by the supervisors (暗访, 座谈评议, 现场调查). */
  | { readonly code: string; readonly name: string; readonly weight: number; readonly source: 'supervisors' };

export type Grade = 'excellent' | 'good' | 'pass' | 'fail';
export const GRADE_NAMES: Record<Grade, string> = { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' };
const GRADE_ORDER: readonly Grade[] = ['fail', 'pass', 'good', 'excellent'];
export const gradeRank = (grade: Grade) => GRADE_ORDER.indexOf(grade);

/**
 * A cap on the grade whatever the score: seed 004 — "一年内败诉两起的或主要负责人应出庭不出庭的，
 * 依法行政考核不得评为优秀等次".
 */
export type GradeCap =
  | { readonly kind: 'lostLawsuits'; readonly atLeast: number; readonly maxGrade: Grade }
  | { readonly kind: 'headAbsentFromCourt'; readonly atLeast: number; readonly maxGrade: Grade };

export interface EvaluationScheme {
  readonly year: number;
  /** Weights are whole points and add up to 100. */
  readonly indicators: readonly Indicator[];
  /** Lowest score (out of 100) of each grade above 不合格. */
  readonly thresholds: { readonly excellent: number; readonly good: number; readonly pass: number };
  readonly caps: readonly GradeCap[];
  /** With at least this many supervisors scoring an indicator, the highest and the lowest score are dropped. */
  readonly trimFrom: number;
}

export const DEFAULT_CAPS: readonly GradeCap[] = [
  { kind: 'lostLawsuits', atLeast: 2, maxGrade: 'good' },
  { kind: 'headAbsentFromCourt', atLeast: 1, maxGrade: 'good' },
];

/**
 * A scheme like the county evaluations of seed 002 (暗访、案卷评查、座谈评议、现场调查): the year's figures
 * (statistics, case-file reviews, rectification, alerts) weigh 60, the supervisors' assessment 40.
 */
export function defaultScheme(year: number): EvaluationScheme {
  return {
    year,
    indicators: [
      { code: 'closing', name: FIGURES.closingRate, weight: 15, source: 'figure', figure: 'closingRate' },
      { code: 'legal-review', name: FIGURES.legalReviewPassRate, weight: 10, source: 'figure', figure: 'legalReviewPassRate' },
      { code: 'case-files', name: FIGURES.caseFileReviewAverage, weight: 15, source: 'figure', figure: 'caseFileReviewAverage' },
      { code: 'rectification', name: FIGURES.rectificationOnTimeRate, weight: 10, source: 'figure', figure: 'rectificationOnTimeRate' },
      { code: 'alerts', name: FIGURES.alertResolutionRate, weight: 10, source: 'figure', figure: 'alertResolutionRate' },
      { code: 'assessment', name: '评议考核组综合评价（暗访、座谈评议、现场调查）', weight: 40, source: 'supervisors' },
    ],
    thresholds: { excellent: 90, good: 80, pass: 60 },
    caps: DEFAULT_CAPS,
    trimFrom: 5,
  };
}

export function schemeViolations(scheme: EvaluationScheme): Violation[] {
  const violations: Violation[] = [];
  if (scheme.indicators.length === 0)
    violations.push({ field: 'scheme.indicators', code: 'INDICATORS_REQUIRED', message: '考核方案须至少有一项指标' });
  const codes = scheme.indicators.map((i) => i.code);
  if (new Set(codes).size !== codes.length)
    violations.push({ field: 'scheme.indicators', code: 'INDICATOR_REPEATED', message: '指标编码不能重复' });
  scheme.indicators.forEach((indicator, i) => {
    if (!Number.isInteger(indicator.weight) || indicator.weight <= 0) {
      violations.push({ field: `scheme.indicators[${i}].weight`, code: 'WEIGHT_RANGE', message: '权重应为正整数（分）' });
    }
    if (indicator.source === 'figure' && !Object.hasOwn(FIGURES, indicator.figure)) {
      violations.push({
        field: `scheme.indicators[${i}].figure`,
        code: 'FIGURE_UNKNOWN',
        message: `数据指标应为：${Object.keys(FIGURES).join('、')}`,
      });
    }
  });
  const total = scheme.indicators.reduce((sum, i) => sum + i.weight, 0);
  if (total !== 100)
    violations.push({ field: 'scheme.indicators', code: 'WEIGHTS_NOT_100', message: `各项指标权重之和应为 100，现为 ${total}` });
  const { excellent, good, pass } = scheme.thresholds;
  if (!(excellent > good && good > pass && pass > 0 && excellent <= 100)) {
    violations.push({ field: 'scheme.thresholds', code: 'THRESHOLDS_ORDER', message: '等次分数线应满足 100 ≥ 优秀 > 良好 > 合格 > 0' });
  }
  return violations;
}
