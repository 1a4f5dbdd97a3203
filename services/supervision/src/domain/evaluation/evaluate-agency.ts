import { ValidationError, type Violation } from '@lesp/core';
import type { StatisticsReport } from '../statistics/compute-report.js';
import { GRADE_NAMES, gradeRank, schemeViolations, type EvaluationScheme, type FigureKey, type Grade } from './evaluation-scheme.js';

/** A figure as a fraction (rates) or as points out of 100 in hundredths (average scores). */
export type Figure =
  | { readonly kind: 'ratio'; readonly numerator: number; readonly denominator: number }
  | { readonly kind: 'points'; readonly centipoints: number };

export interface SupervisorScore {
  readonly supervisorId: string;
  readonly indicatorCode: string;
  /** Out of 100, in hundredths of a point (8650 = 86.50). */
  readonly centipoints: number;
}

export interface EvaluationInput {
  readonly countyCode: string;
  readonly agencyId: string;
  readonly year: number;
  readonly figures: Readonly<Partial<Record<FigureKey, Figure>>>;
  readonly supervisorScores: readonly SupervisorScore[];
  /** 行政诉讼败诉 in the year. */
  readonly lostLawsuits: number;
  /** Times the agency's head did not appear in court when required (负责人应出庭不出庭). */
  readonly headAbsentFromCourt: number;
  /** 一票否决: each makes the grade 不合格 whatever the score. */
  readonly vetoes: readonly { readonly code: string; readonly reason: string }[];
}

export interface IndicatorResult {
  readonly code: string;
  readonly name: string;
  readonly weight: number;
  /** Out of 100 in hundredths; null when the agency had nothing to measure (e.g. no penalty filed). */
  readonly centipoints: number | null;
}

export interface EvaluationResult {
  readonly countyCode: string;
  readonly agencyId: string;
  readonly year: number;
  /** Out of 100 in hundredths. */
  readonly centipoints: number;
  readonly grade: Grade;
  readonly gradeName: string;
  readonly indicators: readonly IndicatorResult[];
  /** Why the grade is lower than the score gives (caps and vetoes), in Chinese. */
  readonly reasons: readonly string[];
}

/** a / b rounded half up, for non-negative integers. */
const divide = (a: number, b: number) => Math.floor((2 * a + b) / (2 * b));

function figurePoints(figure: Figure | undefined): number | null {
  if (!figure) return null;
  if (figure.kind === 'points') return figure.centipoints;
  return figure.denominator === 0 ? null : divide(10_000 * figure.numerator, figure.denominator);
}

/** The mean of the supervisors' scores; with `trimFrom` or more, without one highest and one lowest (去掉最高分和最低分). */
function supervisorPoints(scores: readonly number[], trimFrom: number): number | null {
  if (scores.length === 0) return null;
  const sorted = [...scores].sort((a, b) => a - b);
  const kept = sorted.length >= trimFrom ? sorted.slice(1, -1) : sorted;
  return divide(
    kept.reduce((sum, s) => sum + s, 0),
    kept.length,
  );
}

function inputViolations(scheme: EvaluationScheme, input: EvaluationInput): Violation[] {
  const violations = schemeViolations(scheme);
  if (input.year !== scheme.year)
    violations.push({ field: 'year', code: 'YEAR_MISMATCH', message: `考核年度应与考核方案一致（${scheme.year}）` });
  const scored = new Set(scheme.indicators.filter((i) => i.source === 'supervisors').map((i) => i.code));
  const seen = new Set<string>();
  input.supervisorScores.forEach((s, i) => {
    if (!scored.has(s.indicatorCode)) {
      violations.push({
        field: `supervisorScores[${i}].indicatorCode`,
        code: 'INDICATOR_NOT_SCORED_BY_SUPERVISORS',
        message: '该指标不由评议人员打分',
      });
    }
    if (!Number.isInteger(s.centipoints) || s.centipoints < 0 || s.centipoints > 10_000) {
      violations.push({
        field: `supervisorScores[${i}].centipoints`,
        code: 'SCORE_RANGE',
        message: '评分应在 0 到 100 分之间（以 0.01 分计）',
      });
    }
    const key = `${s.supervisorId}/${s.indicatorCode}`;
    if (seen.has(key))
      violations.push({ field: `supervisorScores[${i}]`, code: 'SCORE_REPEATED', message: '同一评议人员对同一指标只能打一次分' });
    seen.add(key);
  });
  for (const code of scored) {
    if (!input.supervisorScores.some((s) => s.indicatorCode === code)) {
      violations.push({ field: 'supervisorScores', code: 'SCORES_MISSING', message: `指标 ${code} 尚无评议人员打分` });
    }
  }
  for (const [field, value] of [
    ['lostLawsuits', input.lostLawsuits],
    ['headAbsentFromCourt', input.headAbsentFromCourt],
  ] as const) {
    if (!Number.isInteger(value) || value < 0) violations.push({ field, code: 'COUNT_RANGE', message: '应为不小于 0 的整数' });
  }
  return violations;
}

/**
 * 评议考核 of one agency for a year: each indicator scored out of 100 (a figure's rate, or the
 * supervisors' mean), weighted, and added. An indicator with nothing to measure is left out and
 * the others' weights are scaled up to 100 (不适用项按比例折算), so an agency without penalties is
 * not marked down for a closing rate it cannot have. The grade follows the score, then the caps
 * (no 优秀 after two lost lawsuits or a head absent from court), then the vetoes.
 */
export function evaluateAgency(scheme: EvaluationScheme, input: EvaluationInput): EvaluationResult {
  const violations = inputViolations(scheme, input);
  if (violations.length > 0) throw new ValidationError(violations);
  const indicators: IndicatorResult[] = scheme.indicators.map((indicator) => ({
    code: indicator.code,
    name: indicator.name,
    weight: indicator.weight,
    centipoints:
      indicator.source === 'figure'
        ? figurePoints(input.figures[indicator.figure])
        : supervisorPoints(
            input.supervisorScores.filter((s) => s.indicatorCode === indicator.code).map((s) => s.centipoints),
            scheme.trimFrom,
          ),
  }));
  const applicable = indicators.filter((i) => i.centipoints !== null);
  if (applicable.length === 0) {
    throw ValidationError.of('figures', 'NOTHING_TO_EVALUATE', '各项指标均无可考核的数据，不能评定等次');
  }
  const weights = applicable.reduce((sum, i) => sum + i.weight, 0);
  const centipoints = divide(
    applicable.reduce((sum, i) => sum + (i.centipoints as number) * i.weight, 0),
    weights,
  );

  const { thresholds } = scheme;
  let grade: Grade =
    centipoints >= thresholds.excellent * 100
      ? 'excellent'
      : centipoints >= thresholds.good * 100
        ? 'good'
        : centipoints >= thresholds.pass * 100
          ? 'pass'
          : 'fail';
  const reasons: string[] = [];
  for (const cap of scheme.caps) {
    const count = cap.kind === 'lostLawsuits' ? input.lostLawsuits : input.headAbsentFromCourt;
    if (count >= cap.atLeast && gradeRank(grade) > gradeRank(cap.maxGrade)) {
      grade = cap.maxGrade;
      reasons.push(
        cap.kind === 'lostLawsuits'
          ? `一年内行政诉讼败诉 ${count} 起，不得评为高于“${GRADE_NAMES[cap.maxGrade]}”的等次`
          : `主要负责人应出庭不出庭 ${count} 次，不得评为高于“${GRADE_NAMES[cap.maxGrade]}”的等次`,
      );
    }
  }
  for (const veto of input.vetoes) {
    grade = 'fail';
    reasons.push(`一票否决：${veto.reason}`);
  }
  return {
    countyCode: input.countyCode,
    agencyId: input.agencyId,
    year: input.year,
    centipoints,
    grade,
    gradeName: GRADE_NAMES[grade],
    indicators,
    reasons,
  };
}

/** The figures an agency's annual statistics give (the report must be the agency's, for the year). */
export function figuresFromReport(report: StatisticsReport): Partial<Record<FigureKey, Figure>> {
  const { acts, caseFileReview: cf, randomInspection: ri } = report.figures;
  return {
    closingRate: { kind: 'ratio', numerator: acts.penalty.closed, denominator: acts.penalty.filed },
    legalReviewPassRate: {
      kind: 'ratio',
      numerator: acts.legalReview.passed,
      denominator: acts.legalReview.passed + acts.legalReview.rejected,
    },
    ...(cf.files > 0 ? { caseFileReviewAverage: { kind: 'points', centipoints: divide(cf.scoreCentipointsSum, cf.files) } as const } : {}),
    caseFilePassRate: { kind: 'ratio', numerator: cf.passed, denominator: cf.files },
    randomInspectionCompletionRate: { kind: 'ratio', numerator: ri.completedTasks, denominator: ri.tasks },
    randomInspectionPublicationRate: { kind: 'ratio', numerator: ri.publishedTasks, denominator: ri.completedTasks },
  };
}

/** A county's agencies in order: best score first, ties by agency id (stable for publication). */
export function rankEvaluations(results: readonly EvaluationResult[]): readonly (EvaluationResult & { readonly rank: number })[] {
  const sorted = [...results].sort(
    (a, b) => b.centipoints - a.centipoints || (a.agencyId < b.agencyId ? -1 : a.agencyId > b.agencyId ? 1 : 0),
  );
  return sorted.map((result, i) => ({
    ...result,
    // Equal scores share a rank (1, 2, 2, 4).
    rank:
      i > 0 && sorted[i - 1]!.centipoints === result.centipoints
        ? sorted.findIndex((r) => r.centipoints === result.centipoints) + 1
        : i + 1,
  }));
}
