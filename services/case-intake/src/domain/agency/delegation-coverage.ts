import type { AgencyState } from './agency-state.js';

/** Why an act done under a delegation is not covered by it (it is recorded all the same, marked so). */
export type DelegationGap =
  | 'AGENCY_UNKNOWN'
  | 'DELEGATION_UNKNOWN'
  | 'ITEM_NOT_DELEGATED'
  | 'ITEM_RETIRED'
  | 'DELEGATION_NOT_STARTED'
  | 'DELEGATION_ENDED'
  | 'DELEGATION_EXPIRED';

export type DelegationCoverage = { readonly covered: true } | { readonly covered: false; readonly gap: DelegationGap };

/**
 * Pure: did delegation `delegationId` of this agency cover power item `itemCode` at time
 * `at` (term start inclusive, end exclusive; not ended early; the item still on the list)?
 */
export function delegationCoverage(state: AgencyState, delegationId: string, itemCode: string, at: Date): DelegationCoverage {
  if (state.status === 'unregistered') return { covered: false, gap: 'AGENCY_UNKNOWN' };
  const delegation = state.delegations.find((d) => d.delegationId === delegationId);
  if (!delegation) return { covered: false, gap: 'DELEGATION_UNKNOWN' };
  if (!delegation.itemCodes.includes(itemCode)) return { covered: false, gap: 'ITEM_NOT_DELEGATED' };
  const time = at.getTime();
  if (time < delegation.start.getTime()) return { covered: false, gap: 'DELEGATION_NOT_STARTED' };
  if (delegation.endedAt && time >= delegation.endedAt.getTime()) return { covered: false, gap: 'DELEGATION_ENDED' };
  if (time >= delegation.end.getTime()) return { covered: false, gap: 'DELEGATION_EXPIRED' };
  const item = state.powerItems.find((p) => p.itemCode === itemCode);
  if (!item || (item.retiredAt && time >= item.retiredAt.getTime())) return { covered: false, gap: 'ITEM_RETIRED' };
  return { covered: true };
}

/**
 * Pure: the gap to mark on an act opened under `opening.delegationId` at `at` — '' when the act
 * names no delegation or the delegation covered it. One reading for acts recorded over the
 * API and acts imported from a file.
 */
export function delegationGapOf(
  state: AgencyState,
  opening: { readonly delegationId: string; readonly itemCode: string },
  at: Date,
): DelegationGap | '' {
  if (!opening.delegationId) return '';
  const coverage = delegationCoverage(state, opening.delegationId, opening.itemCode, at);
  return coverage.covered ? '' : coverage.gap;
}

export function delegationCovers(state: AgencyState, delegationId: string, itemCode: string, at: Date): boolean {
  return delegationCoverage(state, delegationId, itemCode, at).covered;
}
