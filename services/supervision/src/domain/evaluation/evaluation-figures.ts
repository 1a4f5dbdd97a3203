import { certificateAt } from '@lesp/core';
import type { OfficerFacts } from '../rules/facts.js';
import type { ActSummary } from '../statistics/act-facts.js';
import type { StatisticsReport } from '../statistics/compute-report.js';
import { inBounds, periodBounds } from '../statistics/report-period.js';
import { figuresFromReport, type Figure } from './evaluate-agency.js';
import type { FigureKey } from './evaluation-scheme.js';

/** A rectification addressed to the agency (from rectification's read model). */
export interface RectificationFact {
  readonly issuedAt: Date;
  /** The deadline in force. */
  readonly deadline: Date;
  readonly repliedAt?: Date;
  readonly repliedLate: boolean;
}

/** An alert raised against the agency (from the alerts read model). */
export interface AlertFact {
  readonly raisedAt: Date;
  readonly status: 'open' | 'acknowledged' | 'resolved' | 'dismissed';
  readonly ruleId?: string;
  readonly subjectId?: string;
  readonly level?: string;
}

/** The rule whose red alert marks a decision published late (执法决定未按期公示). */
export const DISCLOSURE_RULE_ID = 'decision-not-disclosed';

/**
 * The figures of an agency's year as of an instant, for its evaluation (评议考核):
 * - the annual statistics (结案率, 法制审核, 案卷评查, 双随机; `figuresFromReport`);
 * - 监督整改按期完成率: of the notices issued in the year whose deadline has passed by `asOf`
 *   or that were answered, those answered by their deadline;
 * - 预警问题整改率: of the alerts raised in the year and not dismissed (a dismissed alert was
 *   no irregularity), those resolved by the event that cured them.
 * The report must be the agency's annual report as of `asOf`.
 */
export function yearFigures(
  report: StatisticsReport,
  rectifications: readonly RectificationFact[],
  alerts: readonly AlertFact[],
  asOf: Date,
): Partial<Record<FigureKey, Figure>> {
  const year = periodBounds({ kind: 'year', year: report.period.year });
  const issued = rectifications.filter((r) => inBounds(year, r.issuedAt) && r.issuedAt.getTime() <= asOf.getTime());
  const answered = (r: RectificationFact) => r.repliedAt !== undefined && r.repliedAt.getTime() <= asOf.getTime();
  const due = issued.filter((r) => answered(r) || r.deadline.getTime() <= asOf.getTime());
  const raised = alerts.filter((a) => inBounds(year, a.raisedAt) && a.raisedAt.getTime() <= asOf.getTime() && a.status !== 'dismissed');
  return {
    ...figuresFromReport(report),
    rectificationOnTimeRate: {
      kind: 'ratio',
      numerator: due.filter((r) => answered(r) && !r.repliedLate).length,
      denominator: due.length,
    },
    alertResolutionRate: {
      kind: 'ratio',
      numerator: raised.filter((a) => a.status === 'resolved').length,
      denominator: raised.length,
    },
  };
}

/**
 * The agency's lawsuits judged in the year (行政诉讼, from case intake's LitigationJudged as the act
 * summaries keep them), as known at `asOf`: how many it lost (败诉) and in how many its head did
 * not appear in court (负责人应出庭不出庭) — what the scheme's caps look at.
 */
export function litigationCounts(
  summaries: Iterable<ActSummary>,
  agencyId: string,
  year: number,
  asOf: Date,
): { readonly lostLawsuits: number; readonly headAbsentFromCourt: number } {
  const bounds = periodBounds({ kind: 'year', year });
  let lostLawsuits = 0;
  let headAbsentFromCourt = 0;
  for (const summary of summaries) {
    if (summary.agencyId !== agencyId) continue;
    for (const fact of summary.facts) {
      if (fact.kind !== 'litigation' || !inBounds(bounds, fact.at) || fact.recordedAt.getTime() > asOf.getTime()) continue;
      if (fact.lost) lostLawsuits += 1;
      if (!fact.headAppeared) headAbsentFromCourt += 1;
    }
  }
  return { lostLawsuits, headAbsentFromCourt };
}

/**
 * 执法决定按时公示率: of the agency's decisions made in the year (known at `asOf`), those whose
 * disclosure deadline never turned red (the rule engine's decision-not-disclosed alert of the act).
 */
export function disclosureFigure(
  summaries: Iterable<ActSummary>,
  alerts: readonly AlertFact[],
  agencyId: string,
  year: number,
  asOf: Date,
): Figure {
  const bounds = periodBounds({ kind: 'year', year });
  const late = new Set(
    alerts
      .filter(
        (a) => a.ruleId === DISCLOSURE_RULE_ID && a.level === 'red' && a.status !== 'dismissed' && a.raisedAt.getTime() <= asOf.getTime(),
      )
      .map((a) => a.subjectId),
  );
  let decisions = 0;
  let onTime = 0;
  for (const summary of summaries) {
    if (summary.agencyId !== agencyId) continue;
    const decided = summary.facts.some((f) => f.kind === 'decision' && inBounds(bounds, f.at) && f.recordedAt.getTime() <= asOf.getTime());
    if (!decided) continue;
    decisions += 1;
    if (!late.has(summary.actId)) onTime += 1;
  }
  return { kind: 'ratio', numerator: onTime, denominator: decisions };
}

/**
 * 执法人员培训学时达标率: of the agency's officers registered by the end of the year whose certificate
 * was not revoked before it began (as the training-hours rule judges them), those with at least
 * the county's yearly hours.
 */
export function trainingFigure(officers: readonly OfficerFacts[], agencyId: string, year: number, minimumHours: number): Figure {
  const { from, to } = periodBounds({ kind: 'year', year });
  const counted = officers.filter(
    (o) =>
      o.agencyId === agencyId && o.registeredAt.getTime() < to.getTime() && certificateAt(o.certificateHistory, from)?.status !== 'revoked',
  );
  const met = counted.filter((o) => (o.trainingHours.find((t) => t.year === year)?.hours ?? 0) >= minimumHours);
  return { kind: 'ratio', numerator: met.length, denominator: counted.length };
}
