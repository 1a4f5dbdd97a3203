import { isComplaintSource, type ComplaintSource } from '../domain/complaint/complaint-rules.js';

/**
 * Default handling periods in calendar days, counted from receipt, when the caller sets none:
 * complaints from the public (portal, 12345 hotline) and media reports 15 days; procuratorate
 * and judicial suggestions (检察建议、司法建议) and the supervision office's own findings 30 days.
 * A county may set another period per complaint (1 to 365 days).
 */
export const DEFAULT_HANDLING_DAYS: Readonly<Record<ComplaintSource, number>> = {
  portal: 15,
  hotline_12345: 15,
  media: 15,
  procuratorate_suggestion: 30,
  judicial_suggestion: 30,
  supervisor_finding: 30,
};

/** The period asked for, or the source's default (an unknown source is refused by the domain). */
export function handlingDaysFor(source: string, requested: number | undefined): number {
  if (requested !== undefined && requested !== 0) return requested;
  return isComplaintSource(source) ? DEFAULT_HANDLING_DAYS[source] : DEFAULT_HANDLING_DAYS.portal;
}
