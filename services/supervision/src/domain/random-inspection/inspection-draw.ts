import { assertNever } from '@lesp/core';
import { auditLine, canonicalIds, drawAudit, drawGenerator, pick, type DrawAudit } from '../shared/seeded-draw.js';
import type { InspectorCandidate, RecusalRule, TargetCandidate, TargetDrawSize } from './inspection-commands.js';
import type { DrawnTarget, InspectionTeam, InspectorAuditEntry, InspectorExclusion, TargetAuditEntry } from './inspection-events.js';

export function targetCount(size: TargetDrawSize, available: number): number {
  switch (size.kind) {
    case 'count':
      return Math.min(size.count, available);
    case 'share':
      // 抽查比例 rounds up: a 5 % share of 30 targets inspects 2 of them.
      return Math.min(Math.ceil(size.share * available - 1e-9), available);
    default:
      return assertNever(size, 'target draw size');
  }
}

/** The first random (随机抽取检查对象): canonical registry order, one generator, partial Fisher–Yates. */
export function drawTargets(size: TargetDrawSize, candidates: readonly TargetCandidate[], seed: number): DrawnTarget[] {
  const byId = new Map(candidates.map((c) => [c.targetId, c]));
  const ids = canonicalIds([...byId.keys()]);
  return pick(drawGenerator(seed), ids, targetCount(size, ids.length)).map((id) => {
    const c = byId.get(id) as TargetCandidate;
    return {
      targetId: c.targetId,
      name: c.name.trim(),
      kind: c.kind,
      ...(c.unitAgencyId !== undefined ? { unitAgencyId: c.unitAgencyId } : {}),
    };
  });
}

export interface InspectorDraw {
  readonly excluded: InspectorExclusion[];
  readonly recused: { targetId: string; officerIds: string[] }[];
  readonly teams: InspectionTeam[];
  /**
   * Targets whose team could not be filled after exclusion and recusal: too few officers in
   * all (eligible = team drawn), or, for joint teams, too few of one agency.
   */
  readonly shortOf: { targetId: string; eligible: number; agencyId?: string }[];
}

/**
 * The second random (随机选派执法检查人员). Officers without a valid certificate at the draw
 * time, or of an agency outside the plan, are never eligible. Targets are taken in targetId
 * order; for each, the eligible officers less those of the target's own unit (when the plan's
 * recusal rule says so) are drawn from with one generator for the whole draw. An officer may
 * serve on several teams, as in practice.
 */
export function drawInspectors(
  plan: {
    readonly agencyIds: readonly string[];
    readonly inspectorsPerTarget: number;
    readonly officersPerAgency?: number;
    readonly recusal: RecusalRule;
  },
  targets: readonly DrawnTarget[],
  candidates: readonly InspectorCandidate[],
  seed: number,
): InspectorDraw {
  const byId = new Map(candidates.map((c) => [c.officerId, c]));
  const excluded: InspectorExclusion[] = [];
  const eligible: InspectorCandidate[] = [];
  for (const id of canonicalIds([...byId.keys()])) {
    const officer = byId.get(id) as InspectorCandidate;
    if (!officer.certificateValid) excluded.push({ officerId: id, reason: 'certificate_invalid' });
    else if (!plan.agencyIds.includes(officer.agencyId)) excluded.push({ officerId: id, reason: 'agency_not_in_plan' });
    else eligible.push(officer);
  }
  const agencyOf = new Map(eligible.map((o) => [o.officerId, o.agencyId]));
  const rng = drawGenerator(seed);
  const recused: InspectorDraw['recused'] = [];
  const teams: InspectionTeam[] = [];
  const shortOf: InspectorDraw['shortOf'] = [];
  for (const target of [...targets].sort((a, b) => (a.targetId < b.targetId ? -1 : a.targetId > b.targetId ? 1 : 0))) {
    const ownUnit = plan.recusal === 'own_unit' && target.unitAgencyId !== undefined ? target.unitAgencyId : undefined;
    const pool = eligible.filter((o) => o.agencyId !== ownUnit).map((o) => o.officerId);
    if (ownUnit !== undefined && pool.length < eligible.length) {
      recused.push({ targetId: target.targetId, officerIds: eligible.filter((o) => o.agencyId === ownUnit).map((o) => o.officerId) });
    }
    if (plan.officersPerAgency === undefined) {
      if (pool.length < plan.inspectorsPerTarget) shortOf.push({ targetId: target.targetId, eligible: pool.length });
      teams.push({ targetId: target.targetId, inspectorIds: pick(rng, pool, plan.inspectorsPerTarget) });
      continue;
    }
    // A joint team: each agency (but a recused one) draws its own, in agency-id order.
    const members: string[] = [];
    for (const agencyId of canonicalIds(plan.agencyIds)) {
      if (agencyId === ownUnit) continue;
      const own = pool.filter((id) => agencyOf.get(id) === agencyId);
      if (own.length < plan.officersPerAgency) shortOf.push({ targetId: target.targetId, eligible: own.length, agencyId });
      members.push(...pick(rng, own, plan.officersPerAgency));
    }
    if (members.length < plan.inspectorsPerTarget && !shortOf.some((s) => s.targetId === target.targetId)) {
      shortOf.push({ targetId: target.targetId, eligible: members.length });
    }
    teams.push({ targetId: target.targetId, inspectorIds: members });
  }
  return { excluded, recused, teams, shortOf };
}

export function targetDrawAudit(candidates: readonly TargetCandidate[]): DrawAudit<TargetAuditEntry> {
  return drawAudit(
    candidates.map((c) =>
      c.unitAgencyId === undefined ? { targetId: c.targetId } : { targetId: c.targetId, unitAgencyId: c.unitAgencyId },
    ),
    (c) => c.targetId,
    (c) => auditLine([c.targetId, c.unitAgencyId]),
  );
}

export function inspectorDrawAudit(candidates: readonly InspectorCandidate[]): DrawAudit<InspectorAuditEntry> {
  return drawAudit(
    candidates.map((c) => ({ officerId: c.officerId, agencyId: c.agencyId, certificateValid: c.certificateValid })),
    (c) => c.officerId,
    (c) => auditLine([c.officerId, c.agencyId, c.certificateValid]),
  );
}
