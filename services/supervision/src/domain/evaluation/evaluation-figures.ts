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
}

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
