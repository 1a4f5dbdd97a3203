import { DRAW_ALGORITHM, auditLine, candidatesDigest, type DrawVerification } from '../shared/seeded-draw.js';
import type { RecusalRule, TargetDrawSize } from './inspection-commands.js';
import { drawInspectors, drawTargets } from './inspection-draw.js';
import type { InspectorAuditEntry, RandomInspectionEvent, TargetAuditEntry } from './inspection-events.js';

type TargetsDrawn = Extract<RandomInspectionEvent, { type: 'InspectionTargetsDrawn' }>['data'];
type InspectorsDrawn = Extract<RandomInspectionEvent, { type: 'InspectorsDrawn' }>['data'];

/** Re-runs the first random from its record: digest of the registry, then the same targets (by id). */
export function verifyTargetDraw(
  size: TargetDrawSize,
  drawn: TargetsDrawn,
  registry: readonly TargetAuditEntry[] | undefined = drawn.candidates,
): DrawVerification {
  if (drawn.algorithm !== DRAW_ALGORITHM) return { ok: false, reason: 'algorithm' };
  if (!registry) return { ok: false, reason: 'candidates_not_inline' };
  if (candidatesDigest(registry.map((t) => auditLine([t.targetId, t.unitAgencyId]))) !== drawn.candidatesDigest)
    return { ok: false, reason: 'digest' };
  // Names are not part of the draw: a placeholder stands in for them.
  const again = drawTargets(
    size,
    registry.map((t) => ({ ...t, name: '-', kind: 'enterprise' as const })),
    drawn.seed,
  ).map((t) => t.targetId);
  return JSON.stringify(again) === JSON.stringify(drawn.targets.map((t) => t.targetId)) ? { ok: true } : { ok: false, reason: 'result' };
}

/** Re-runs the second random from its record and the plan's team rules. */
export function verifyInspectorDraw(
  plan: {
    readonly agencyIds: readonly string[];
    readonly inspectorsPerTarget: number;
    readonly officersPerAgency?: number;
    readonly recusal: RecusalRule;
  },
  targets: TargetsDrawn['targets'],
  drawn: InspectorsDrawn,
  officers: readonly InspectorAuditEntry[] | undefined = drawn.candidates,
): DrawVerification {
  if (drawn.algorithm !== DRAW_ALGORITHM) return { ok: false, reason: 'algorithm' };
  if (!officers) return { ok: false, reason: 'candidates_not_inline' };
  if (candidatesDigest(officers.map((o) => auditLine([o.officerId, o.agencyId, o.certificateValid]))) !== drawn.candidatesDigest) {
    return { ok: false, reason: 'digest' };
  }
  const again = drawInspectors(plan, targets, officers, drawn.seed);
  return JSON.stringify(again.teams) === JSON.stringify(drawn.teams) ? { ok: true } : { ok: false, reason: 'result' };
}
