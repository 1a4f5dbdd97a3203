import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawInspectors, drawTargets, type InspectorCandidate, type TargetCandidate } from '../../../src/domain/random-inspection/index.js';

const AGENCIES = ['a1', 'a2', 'a3', 'a4'];

const officersArb = fc.uniqueArray(
  fc.record({
    officerId: fc.stringMatching(/^o-[0-9a-z]{1,6}$/),
    agencyId: fc.constantFrom(...AGENCIES),
    certificateValid: fc.boolean(),
  }),
  { selector: (o) => o.officerId, minLength: 0, maxLength: 40 },
);
const targetsArb = fc.uniqueArray(
  fc.record({
    targetId: fc.stringMatching(/^t-[0-9a-z]{1,6}$/),
    name: fc.constant('某企业'),
    kind: fc.constantFrom('enterprise' as const, 'institution' as const),
    unitAgencyId: fc.option(fc.constantFrom(...AGENCIES), { nil: undefined }),
  }),
  { selector: (t) => t.targetId, minLength: 1, maxLength: 30 },
);
const stripUndefined = (t: TargetCandidate): TargetCandidate =>
  t.unitAgencyId === undefined ? { targetId: t.targetId, name: t.name, kind: t.kind } : t;

describe('inspection draws, for any registry and seed', () => {
  it('inspectors: never a suspended certificate, never outside the plan, never the target’s own unit under recusal; teams full unless reported short', () => {
    fc.assert(
      fc.property(
        targetsArb,
        officersArb,
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 2, max: 4 }),
        (rawTargets, officers, seed, perTarget) => {
          const plan = { agencyIds: ['a1', 'a2', 'a3'], inspectorsPerTarget: perTarget, recusal: 'own_unit' as const };
          const targets = drawTargets({ kind: 'count', count: 10 }, rawTargets.map(stripUndefined), seed);
          const draw = drawInspectors(plan, targets, officers as InspectorCandidate[], seed);
          const byId = new Map(officers.map((o) => [o.officerId, o]));
          for (const team of draw.teams) {
            const target = targets.find((t) => t.targetId === team.targetId)!;
            expect(new Set(team.inspectorIds).size).toBe(team.inspectorIds.length);
            for (const id of team.inspectorIds) {
              const officer = byId.get(id)!;
              expect(officer.certificateValid).toBe(true);
              expect(plan.agencyIds).toContain(officer.agencyId);
              expect(officer.agencyId).not.toBe(target.unitAgencyId);
            }
            const short = draw.shortOf.some((s) => s.targetId === team.targetId);
            expect(team.inspectorIds.length === perTarget || short).toBe(true);
          }
          // Reproducible: the same inputs in another order give the same draw.
          expect(drawInspectors(plan, [...targets].reverse(), [...officers].reverse() as InspectorCandidate[], seed)).toEqual(draw);
        },
      ),
    );
  });

  it('targets: as many as asked (or all), each from the registry, none twice', () => {
    fc.assert(
      fc.property(targetsArb, fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 40 }), (registry, seed, count) => {
        const drawn = drawTargets({ kind: 'count', count }, registry.map(stripUndefined), seed);
        expect(drawn).toHaveLength(Math.min(count, registry.length));
        expect(new Set(drawn.map((t) => t.targetId)).size).toBe(drawn.length);
        for (const t of drawn) expect(registry.some((r) => r.targetId === t.targetId)).toBe(true);
      }),
    );
  });
});
