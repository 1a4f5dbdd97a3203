import { describe, expect, it } from 'vitest';
import { deciderSpec } from '@lesp/core';
import { DRAW_ALGORITHM, candidatesDigest } from '../../../src/domain/shared/seeded-draw.js';
import {
  drawInspectors,
  drawTargets,
  planFigures,
  randomInspectionDecider,
  verifyInspectorDraw,
  verifyTargetDraw,
  type InspectorCandidate,
  type RandomInspectionCommand,
  type RandomInspectionEvent,
  type RandomInspectionState,
  type TargetCandidate,
} from '../../../src/domain/random-inspection/index.js';

const spec = deciderSpec(randomInspectionDecider);
const ID = 'rp-2026-007';
const PLANNED_AT = new Date('2026-03-02T01:00:00Z');
const TARGETS_AT = new Date('2026-03-10T01:00:00Z');
const TEAMS_AT = new Date('2026-03-10T02:00:00Z');
const INSPECTED_AT = new Date('2026-04-15T02:00:00Z');
const PERIOD = { from: new Date('2026-02-28T16:00:00Z'), to: new Date('2026-06-30T15:59:59.999Z') };

type Plan = Extract<RandomInspectionCommand, { type: 'PlanRandomInspection' }>['data'];
const planData: Plan = {
  planId: ID,
  countyCode: '431103',
  title: ' 2026 年餐饮服务单位食品安全跨部门联合抽查 ',
  year: 2026,
  leadAgencyId: 'scjgj',
  agencyIds: ['scjgj', 'wjj'],
  matters: [' 食品经营许可情况检查 ', '从业人员健康证明检查'],
  targetDraw: { kind: 'count', count: 3 },
  inspectorsPerTarget: 2,
  recusal: 'own_unit',
  period: PERIOD,
  plannedBy: 'clerk-9',
  plannedAt: PLANNED_AT,
};
const plan = (data: Partial<Plan> = {}): RandomInspectionCommand => ({ type: 'PlanRandomInspection', data: { ...planData, ...data } });
const planned: RandomInspectionEvent = {
  type: 'RandomInspectionPlanned',
  data: {
    ...planData,
    title: '2026 年餐饮服务单位食品安全跨部门联合抽查',
    matters: ['食品经营许可情况检查', '从业人员健康证明检查'],
    crossAgency: true,
  },
};

/** 20 eateries; every fifth is the canteen of a unit under 市场监管局 (scjgj). */
const registry: TargetCandidate[] = Array.from({ length: 20 }, (_, i) => ({
  targetId: `t-${String(i + 1).padStart(2, '0')}`,
  name: `冷水滩区第${i + 1}餐饮店`,
  kind: i % 5 === 0 ? ('institution' as const) : ('enterprise' as const),
  ...(i % 5 === 0 ? { unitAgencyId: 'scjgj' } : {}),
}));
/** 6 officers of each agency, one of them with a suspended certificate, plus two of an agency outside the plan. */
const officers: InspectorCandidate[] = [
  ...['scjgj', 'wjj'].flatMap((agencyId) =>
    Array.from({ length: 6 }, (_, i) => ({ officerId: `${agencyId}-o${i + 1}`, agencyId, certificateValid: i !== 5 })),
  ),
  { officerId: 'cgj-o1', agencyId: 'cgj', certificateValid: true },
  { officerId: 'cgj-o2', agencyId: 'cgj', certificateValid: true },
];

const TARGET_SEED = 20260310;
const OFFICER_SEED = 777;
const drawTargetsCmd = (seed = TARGET_SEED, candidates = registry): RandomInspectionCommand => ({
  type: 'DrawInspectionTargets',
  data: { planId: ID, seed, candidates, drawnBy: 'clerk-9', drawnAt: TARGETS_AT },
});
const targets = drawTargets({ kind: 'count', count: 3 }, registry, TARGET_SEED);
const targetsDrawn: RandomInspectionEvent = {
  type: 'InspectionTargetsDrawn',
  data: {
    planId: ID,
    seed: TARGET_SEED,
    algorithm: DRAW_ALGORITHM,
    candidateCount: 20,
    candidatesDigest: candidatesDigest(registry.map((t) => `${t.targetId}\t${t.unitAgencyId ?? ''}`)),
    // Names stay out of the audit list: an individual's name is personal data.
    candidates: registry.map((t) => (t.unitAgencyId ? { targetId: t.targetId, unitAgencyId: t.unitAgencyId } : { targetId: t.targetId })),
    targets,
    drawnBy: 'clerk-9',
    drawnAt: TARGETS_AT,
  },
};
const drawOfficersCmd = (seed = OFFICER_SEED, candidates = officers): RandomInspectionCommand => ({
  type: 'DrawInspectors',
  data: { planId: ID, seed, candidates, drawnBy: 'clerk-9', drawnAt: TEAMS_AT },
});
const stateOf = (events: readonly RandomInspectionEvent[]): RandomInspectionState =>
  events.reduce(randomInspectionDecider.evolve, randomInspectionDecider.initialState());
const [inspectorsDrawn] = randomInspectionDecider.decide(drawOfficersCmd(), stateOf([planned, targetsDrawn])) as [RandomInspectionEvent];
const teams = inspectorsDrawn.type === 'InspectorsDrawn' ? inspectorsDrawn.data.teams : [];
const record = (targetId: string, inspectorIds = teams.find((t) => t.targetId === targetId)!.inspectorIds): RandomInspectionCommand => ({
  type: 'RecordInspectionResult',
  data: {
    planId: ID,
    targetId,
    inspectorIds,
    outcome: 'no_problem',
    findings: ' 许可证在有效期内，从业人员持证上岗。 ',
    inspectedAt: INSPECTED_AT,
    recordedBy: 'clerk-9',
  },
});
const recorded = (targetId: string): RandomInspectionEvent => ({
  type: 'InspectionResultRecorded',
  data: {
    planId: ID,
    targetId,
    inspectorIds: teams.find((t) => t.targetId === targetId)!.inspectorIds,
    outcome: 'no_problem',
    findings: '许可证在有效期内，从业人员持证上岗。',
    inspectedAt: INSPECTED_AT,
    recordedBy: 'clerk-9',
  },
});
const [a, b, c] = targets.map((t) => t.targetId) as [string, string, string];

describe('random inspection: plans', () => {
  it('plans a cross-agency task', () => {
    spec.given([]).when(plan()).then([planned]);
  });

  it('a plan of one agency is not cross-agency', () => {
    const [event] = randomInspectionDecider.decide(plan({ agencyIds: ['scjgj'] }), randomInspectionDecider.initialState());
    expect(event?.type === 'RandomInspectionPlanned' && event.data.crossAgency).toBe(false);
  });

  it('refuses a lead outside the agencies, one inspector per target, no matters, a bad share', () => {
    spec
      .given([])
      .when(plan({ leadAgencyId: 'cgj', inspectorsPerTarget: 1, matters: [], targetDraw: { kind: 'share', share: 0 } }))
      .thenThrows('VALIDATION_FAILED', ['leadAgencyId', 'matters', 'targetDraw.share', 'inspectorsPerTarget']);
  });

  it('officers per agency only for a cross-agency task', () => {
    spec
      .given([])
      .when(plan({ agencyIds: ['scjgj'], officersPerAgency: 1 }))
      .thenThrows('JOINT_TEAM_NEEDS_AGENCIES', ['officersPerAgency']);
    const [event] = randomInspectionDecider.decide(plan({ officersPerAgency: 1 }), randomInspectionDecider.initialState());
    expect(event?.type === 'RandomInspectionPlanned' && event.data.officersPerAgency).toBe(1);
  });

  it('marks the plan for publication once', () => {
    const published: RandomInspectionEvent = {
      type: 'InspectionPlanMarkedForPublication',
      data: { planId: ID, countyCode: '431103', publishedAt: PLANNED_AT },
    };
    spec
      .given([planned])
      .when({ type: 'PublishInspectionPlan', data: { planId: ID, publishedAt: PLANNED_AT } })
      .then([published]);
    spec
      .given([planned, published])
      .when({ type: 'PublishInspectionPlan', data: { planId: ID, publishedAt: PLANNED_AT } })
      .thenThrows('INSPECTION_PLAN_ALREADY_PUBLISHED');
  });
});

describe('random inspection: the first random, targets', () => {
  it('draws targets from the registry and records the audit trail', () => {
    spec.given([planned]).when(drawTargetsCmd()).then([targetsDrawn]);
    expect(targets).toHaveLength(3);
  });

  it('is reproducible whatever the registry order; another seed draws others', () => {
    spec
      .given([planned])
      .when(drawTargetsCmd(TARGET_SEED, [...registry].reverse()))
      .then([targetsDrawn]);
    expect(drawTargets({ kind: 'count', count: 3 }, registry, TARGET_SEED + 1)).not.toEqual(targets);
  });

  it('draws a share rounded up', () => {
    expect(drawTargets({ kind: 'share', share: 0.12 }, registry, 1)).toHaveLength(3);
  });

  it('refuses a share that would draw more targets than one task holds', () => {
    const big: TargetCandidate[] = Array.from({ length: 4100 }, (_, i) => ({ targetId: `e-${i}`, name: `企业${i}`, kind: 'enterprise' }));
    spec
      .given([{ ...planned, data: { ...(planned.data as object), targetDraw: { kind: 'share', share: 0.5 } } } as RandomInspectionEvent])
      .when(drawTargetsCmd(1, big))
      .thenThrows('TOO_MANY_TARGETS');
  });

  it('draws once only: no second draw until the result suits', () => {
    spec.given([planned, targetsDrawn]).when(drawTargetsCmd(1)).thenThrows('TARGETS_ALREADY_DRAWN');
  });

  it('refuses duplicate or nameless registry entries, an empty registry', () => {
    spec
      .given([planned])
      .when(drawTargetsCmd(1, [registry[0]!, registry[0]!, { ...registry[1]!, name: ' ' }]))
      .thenThrows('VALIDATION_FAILED', ['candidates[1].targetId', 'candidates[2].name']);
    spec.given([planned]).when(drawTargetsCmd(1, [])).thenThrows('NO_TARGETS');
  });
});

describe('random inspection: the second random, inspectors', () => {
  it('draws two officers per target, only with valid certificates and of the plan’s agencies', () => {
    expect(inspectorsDrawn.type).toBe('InspectorsDrawn');
    if (inspectorsDrawn.type !== 'InspectorsDrawn') return;
    expect(inspectorsDrawn.data.excluded).toEqual([
      { officerId: 'cgj-o1', reason: 'agency_not_in_plan' },
      { officerId: 'cgj-o2', reason: 'agency_not_in_plan' },
      { officerId: 'scjgj-o6', reason: 'certificate_invalid' },
      { officerId: 'wjj-o6', reason: 'certificate_invalid' },
    ]);
    expect(teams.map((t) => t.targetId)).toEqual([...targets.map((t) => t.targetId)].sort());
    for (const team of teams) {
      expect(team.inspectorIds).toHaveLength(2);
      expect(new Set(team.inspectorIds).size).toBe(2);
      expect(team.inspectorIds.some((id) => id.endsWith('o6') || id.startsWith('cgj'))).toBe(false);
    }
    expect(inspectorsDrawn.data.seed).toBe(OFFICER_SEED);
    expect(inspectorsDrawn.data.candidatesDigest).toBe(
      candidatesDigest(officers.map((o) => `${o.officerId}\t${o.agencyId}\t${o.certificateValid ? 1 : 0}`)),
    );
    expect(inspectorsDrawn.data.candidateCount).toBe(14);
  });

  it('never sends an officer of the target’s own unit where the plan says so, and records the recusal', () => {
    const canteen = registry.filter((t) => t.unitAgencyId === 'scjgj');
    const draw = drawInspectors({ agencyIds: ['scjgj', 'wjj'], inspectorsPerTarget: 2, recusal: 'own_unit' }, canteen, officers, 5);
    for (const team of draw.teams) expect(team.inspectorIds.every((id) => id.startsWith('wjj-'))).toBe(true);
    expect(draw.recused).toHaveLength(canteen.length);
    expect(draw.recused[0]?.officerIds).toEqual(['scjgj-o1', 'scjgj-o2', 'scjgj-o3', 'scjgj-o4', 'scjgj-o5']);
    const noRule = drawInspectors({ agencyIds: ['scjgj', 'wjj'], inspectorsPerTarget: 2, recusal: 'none' }, canteen, officers, 5);
    expect(noRule.recused).toEqual([]);
    expect(noRule.teams.flatMap((t) => t.inspectorIds).some((id) => id.startsWith('scjgj-'))).toBe(true);
  });

  it('a joint team takes its quota from each agency, none from the recused one, and still needs two', () => {
    const joint = { agencyIds: ['scjgj', 'wjj'], inspectorsPerTarget: 2, officersPerAgency: 1, recusal: 'own_unit' as const };
    const plain = registry.filter((t) => t.unitAgencyId === undefined).slice(0, 4);
    const draw = drawInspectors(joint, plain, officers, 3);
    for (const team of draw.teams) {
      expect(team.inspectorIds).toHaveLength(2);
      expect(team.inspectorIds.map((id) => id.split('-')[0]).sort()).toEqual(['scjgj', 'wjj']);
    }
    expect(draw.shortOf).toEqual([]);
    const canteen = registry.filter((t) => t.unitAgencyId === 'scjgj').slice(0, 1);
    const recusing = drawInspectors(joint, canteen, officers, 3);
    expect(recusing.teams[0]?.inspectorIds.every((id) => id.startsWith('wjj-'))).toBe(true);
    expect(recusing.shortOf).toEqual([{ targetId: canteen[0]!.targetId, eligible: 1 }]);
    expect(drawInspectors({ ...joint, officersPerAgency: 2 }, canteen, officers, 3).shortOf).toEqual([]);
  });

  it('refuses a joint team when an agency has too few officers, naming it', () => {
    const jointPlanned = { ...planned, data: { ...(planned.data as object), officersPerAgency: 1 } } as RandomInspectionEvent;
    const onlyMarket = officers.filter((o) => o.agencyId === 'scjgj');
    const error = spec.given([jointPlanned, targetsDrawn]).when(drawOfficersCmd(1, onlyMarket)).thenThrows('INSPECTORS_INSUFFICIENT');
    expect(error.message).toContain('wjj');
  });

  it('an auditor re-runs both draws from their records; tampering fails', () => {
    const t = targetsDrawn.data as Extract<RandomInspectionEvent, { type: 'InspectionTargetsDrawn' }>['data'];
    const d = inspectorsDrawn.data as Extract<RandomInspectionEvent, { type: 'InspectorsDrawn' }>['data'];
    expect(verifyTargetDraw(planData.targetDraw, t)).toEqual({ ok: true });
    expect(verifyTargetDraw(planData.targetDraw, { ...t, targets: t.targets.slice(1) })).toEqual({ ok: false, reason: 'result' });
    expect(verifyInspectorDraw(planData, t.targets, d)).toEqual({ ok: true });
    const revalidated = d.candidates!.map((o) => (o.officerId === 'scjgj-o6' ? { ...o, certificateValid: true } : o));
    expect(verifyInspectorDraw(planData, t.targets, d, revalidated)).toEqual({ ok: false, reason: 'digest' });
    expect(verifyInspectorDraw({ ...planData, recusal: 'none' }, t.targets, { ...d, seed: d.seed + 1 })).toEqual({
      ok: false,
      reason: 'result',
    });
  });

  it('same seed, same teams; another seed, other teams', () => {
    expect(randomInspectionDecider.decide(drawOfficersCmd(), stateOf([planned, targetsDrawn]))).toEqual([inspectorsDrawn]);
    const [other] = randomInspectionDecider.decide(drawOfficersCmd(OFFICER_SEED + 1), stateOf([planned, targetsDrawn]));
    expect(other?.type === 'InspectorsDrawn' && other.data.teams).not.toEqual(teams);
  });

  it('refuses a draw that cannot field two eligible officers for a target', () => {
    // One valid officer of the plan's agencies; the others are suspended or of another agency.
    const few = officers.filter((o) => o.officerId === 'scjgj-o6' || o.officerId === 'wjj-o1' || o.agencyId === 'cgj');
    const error = spec.given([planned, targetsDrawn]).when(drawOfficersCmd(1, few)).thenThrows('INSPECTORS_INSUFFICIENT');
    expect(error.message).toContain('仅 1 名');
  });

  it('refuses drawing inspectors before targets, or twice', () => {
    spec.given([planned]).when(drawOfficersCmd()).thenThrows('TARGETS_NOT_DRAWN');
    spec.given([planned, targetsDrawn, inspectorsDrawn]).when(drawOfficersCmd()).thenThrows('INSPECTORS_ALREADY_DRAWN');
  });
});

describe('random inspection: results, completion, publication', () => {
  const drawn = [planned, targetsDrawn, inspectorsDrawn];

  it('records a result by the drawn team', () => {
    spec
      .given(drawn)
      .when(record(a))
      .then([recorded(a)]);
  });

  it('the last result completes the task', () => {
    spec
      .given([...drawn, recorded(a), recorded(b)])
      .when(record(c))
      .then([recorded(c), { type: 'RandomInspectionCompleted', data: { planId: ID, targetsInspected: 3, completedAt: INSPECTED_AT } }]);
  });

  it('refuses inspectors not drawn, a single inspector, a target not drawn, a result twice, a time outside the plan', () => {
    const team = teams.find((t) => t.targetId === a)!.inspectorIds;
    spec
      .given(drawn)
      .when(record(a, [team[0]!, 'cgj-o1']))
      .thenThrows('INSPECTOR_NOT_ON_TEAM', ['inspectorIds[1]']);
    spec
      .given(drawn)
      .when(record(a, [team[0]!]))
      .thenThrows('ID_COUNT_RANGE', ['inspectorIds']);
    const notDrawn = registry.find((t) => !targets.some((d) => d.targetId === t.targetId))!.targetId;
    spec.given(drawn).when(record(notDrawn, team)).thenThrows('TARGET_NOT_DRAWN');
    spec
      .given([...drawn, recorded(a)])
      .when(record(a))
      .thenThrows('RESULT_ALREADY_RECORDED');
    spec
      .given(drawn)
      .when({
        ...record(a),
        data: { ...(record(a).data as object), inspectedAt: new Date('2026-08-01T00:00:00Z') },
      } as RandomInspectionCommand)
      .thenThrows('INSPECTED_OUTSIDE_PERIOD', ['inspectedAt']);
    spec.given([planned, targetsDrawn]).when(record(a, team)).thenThrows('INSPECTORS_NOT_DRAWN');
  });

  it('marks recorded results for publication, each once, and counts the rates', () => {
    const withResults = [...drawn, recorded(a), recorded(b)];
    const publish = (targetIds: string[]): RandomInspectionCommand => ({
      type: 'PublishInspectionResults',
      data: { planId: ID, targetIds, publishedAt: new Date('2026-04-20T00:00:00Z') },
    });
    const [event] = randomInspectionDecider.decide(publish([a]), stateOf(withResults));
    const target = targets.find((t) => t.targetId === a)!;
    expect(event).toEqual({
      type: 'InspectionResultsMarkedForPublication',
      data: {
        planId: ID,
        countyCode: '431103',
        results: [{ targetId: a, name: target.name, kind: target.kind, outcome: 'no_problem', inspectedAt: INSPECTED_AT }],
        publishedAt: new Date('2026-04-20T00:00:00Z'),
      },
    });
    spec
      .given([...withResults, event!])
      .when(publish([a]))
      .thenThrows('RESULT_ALREADY_PUBLISHED');
    spec
      .given(withResults)
      .when(publish([c]))
      .thenThrows('RESULT_NOT_RECORDED');
    const figures = planFigures(stateOf([...withResults, event!]) as Exclude<RandomInspectionState, { status: 'none' }>);
    expect(figures).toEqual({
      planId: ID,
      crossAgency: true,
      targetsDrawn: 3,
      inspectorDraws: 6,
      inspected: 2,
      published: 1,
      completed: false,
      completionRatePercent: 66.67,
      publicationRatePercent: 50,
    });
  });
});
