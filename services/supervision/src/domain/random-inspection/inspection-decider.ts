import { ConflictError, NotFoundError, ValidationError, assertNever, type Decider, type Violation } from '@lesp/core';
import { DRAW_ALGORITHM, seedViolations } from '../shared/seeded-draw.js';
import { MAX_SHORT_TEXT, idListViolations, requiredText, within, type Period } from '../shared/text-rules.js';
import {
  INSPECTION_OUTCOMES,
  type InspectionOutcome,
  type RandomInspectionCommand,
  type RecusalRule,
  type TargetDrawSize,
} from './inspection-commands.js';
import { drawInspectors, drawTargets, inspectorDrawAudit, targetDrawAudit } from './inspection-draw.js';
import type { DrawnTarget, InspectionTeam, RandomInspectionEvent } from './inspection-events.js';
import { MAX_TARGETS, inspectorCandidateViolations, planViolations, targetCandidateViolations } from './inspection-rules.js';

/** planned → targets_drawn → teams_drawn (results being recorded) → completed (every target inspected). */
export type RandomInspectionStatus = 'planned' | 'targets_drawn' | 'teams_drawn' | 'completed';

export type RandomInspectionState =
  | { readonly status: 'none' }
  | {
      readonly status: RandomInspectionStatus;
      readonly planId: string;
      readonly countyCode: string;
      readonly agencyIds: readonly string[];
      readonly targetDraw: TargetDrawSize;
      readonly inspectorsPerTarget: number;
      readonly officersPerAgency?: number;
      readonly recusal: RecusalRule;
      readonly period: Period;
      readonly plannedAt: Date;
      readonly planPublished: boolean;
      readonly targetsDrawnAt?: Date;
      readonly teamsDrawnAt?: Date;
      readonly targets: readonly DrawnTarget[];
      readonly teams: readonly InspectionTeam[];
      readonly results: Readonly<Record<string, { readonly outcome: InspectionOutcome; readonly inspectedAt: Date }>>;
      readonly publishedTargetIds: readonly string[];
    };

type Planned = Exclude<RandomInspectionState, { status: 'none' }>;

function decide(command: RandomInspectionCommand, state: RandomInspectionState): readonly RandomInspectionEvent[] {
  switch (command.type) {
    case 'PlanRandomInspection': {
      const d = command.data;
      if (state.status !== 'none') throw new ConflictError('INSPECTION_PLAN_EXISTS', `抽查任务 ${d.planId} 已制定`);
      const violations = planViolations(d);
      if (violations.length > 0) throw new ValidationError(violations);
      return [
        {
          type: 'RandomInspectionPlanned',
          data: {
            planId: d.planId,
            countyCode: d.countyCode,
            title: d.title.trim(),
            year: d.year,
            leadAgencyId: d.leadAgencyId,
            agencyIds: d.agencyIds,
            crossAgency: d.agencyIds.length > 1,
            matters: d.matters.map((m) => m.trim()),
            targetDraw: d.targetDraw,
            inspectorsPerTarget: d.inspectorsPerTarget,
            ...(d.officersPerAgency !== undefined ? { officersPerAgency: d.officersPerAgency } : {}),
            recusal: d.recusal,
            period: d.period,
            plannedBy: d.plannedBy.trim(),
            plannedAt: d.plannedAt,
          },
        },
      ];
    }
    case 'PublishInspectionPlan': {
      const current = existing(state, command.data.planId);
      if (current.planPublished) throw new ConflictError('INSPECTION_PLAN_ALREADY_PUBLISHED', '抽查计划已公示');
      return [
        {
          type: 'InspectionPlanMarkedForPublication',
          data: { planId: current.planId, countyCode: current.countyCode, publishedAt: command.data.publishedAt },
        },
      ];
    }
    case 'DrawInspectionTargets': {
      const { planId, seed, candidates, drawnBy, drawnAt } = command.data;
      const current = existing(state, planId);
      // The draw is final: drawing again until the result suits someone is what 双随机 forbids.
      if (current.status !== 'planned') throw new ConflictError('TARGETS_ALREADY_DRAWN', '检查对象已抽取，不能重新抽取');
      const violations: Violation[] = [
        ...seedViolations(seed),
        ...targetCandidateViolations(candidates),
        ...requiredText('drawnBy', drawnBy, '抽取人', 'DRAWN_BY', MAX_SHORT_TEXT),
        ...notBefore('drawnAt', drawnAt, current.plannedAt, '抽取时间不能早于制定计划的时间'),
      ];
      if (violations.length > 0) throw new ValidationError(violations);
      const targets = drawTargets(current.targetDraw, candidates, seed);
      if (targets.length === 0) throw new ConflictError('NO_TARGETS', '检查对象名录为空，无法抽取');
      if (targets.length > MAX_TARGETS) {
        throw new ConflictError(
          'TOO_MANY_TARGETS',
          `按比例应抽取 ${targets.length} 个检查对象，超过单个任务上限 ${MAX_TARGETS} 个，请拆分抽查任务`,
        );
      }
      return [
        {
          type: 'InspectionTargetsDrawn',
          data: {
            planId,
            seed,
            algorithm: DRAW_ALGORITHM,
            ...targetDrawAudit(candidates),
            targets,
            drawnBy: drawnBy.trim(),
            drawnAt,
          },
        },
      ];
    }
    case 'DrawInspectors': {
      const { planId, seed, candidates, drawnBy, drawnAt } = command.data;
      const current = existing(state, planId);
      if (current.status === 'planned') throw new ConflictError('TARGETS_NOT_DRAWN', '请先抽取检查对象');
      if (current.status !== 'targets_drawn') throw new ConflictError('INSPECTORS_ALREADY_DRAWN', '执法检查人员已选派，不能重新抽取');
      const violations: Violation[] = [
        ...seedViolations(seed),
        ...inspectorCandidateViolations(candidates),
        ...requiredText('drawnBy', drawnBy, '抽取人', 'DRAWN_BY', MAX_SHORT_TEXT),
        ...notBefore('drawnAt', drawnAt, current.targetsDrawnAt ?? current.plannedAt, '选派时间不能早于抽取检查对象的时间'),
      ];
      if (violations.length > 0) throw new ValidationError(violations);
      const draw = drawInspectors(current, current.targets, candidates, seed);
      const short = draw.shortOf[0];
      if (short) {
        const wanted =
          short.agencyId !== undefined
            ? `${short.agencyId} 应选派 ${current.officersPerAgency} 名`
            : `不足 ${current.inspectorsPerTarget} 名`;
        throw new ConflictError(
          'INSPECTORS_INSUFFICIENT',
          `检查对象 ${short.targetId} 可选派的持证执法人员${short.agencyId !== undefined ? `中 ${short.agencyId} ` : ''}仅 ${short.eligible} 名（已排除证件无效、非参与单位及应回避人员），${wanted}`,
        );
      }
      return [
        {
          type: 'InspectorsDrawn',
          data: {
            planId,
            seed,
            algorithm: DRAW_ALGORITHM,
            ...inspectorDrawAudit(candidates),
            excluded: draw.excluded,
            recused: draw.recused,
            teams: draw.teams,
            drawnBy: drawnBy.trim(),
            drawnAt,
          },
        },
      ];
    }
    case 'RecordInspectionResult': {
      const { planId, targetId, inspectorIds, outcome, findings, inspectedAt, recordedBy } = command.data;
      const current = existing(state, planId);
      if (current.status === 'completed') throw new ConflictError('INSPECTION_PLAN_COMPLETED', '抽查任务已完成');
      if (current.status !== 'teams_drawn') throw new ConflictError('INSPECTORS_NOT_DRAWN', '尚未选派执法检查人员，不能录入检查结果');
      const team = current.teams.find((t) => t.targetId === targetId);
      if (!team) throw new ConflictError('TARGET_NOT_DRAWN', `检查对象 ${targetId} 未被抽中`);
      if (current.results[targetId]) throw new ConflictError('RESULT_ALREADY_RECORDED', '该检查对象的检查结果已录入');
      const violations: Violation[] = [...idListViolations('inspectorIds', inspectorIds, '检查人员', 2, 10)];
      const stranger = inspectorIds.findIndex((id) => !team.inspectorIds.includes(id));
      if (violations.length === 0 && stranger >= 0) {
        violations.push({ field: `inspectorIds[${stranger}]`, code: 'INSPECTOR_NOT_ON_TEAM', message: '检查人员应为随机选派的执法人员' });
      }
      if (!Object.hasOwn(INSPECTION_OUTCOMES, outcome)) {
        violations.push({
          field: 'outcome',
          code: 'INSPECTION_OUTCOME_UNKNOWN',
          message: `检查结果应为：${Object.values(INSPECTION_OUTCOMES).join('、')}`,
        });
      }
      violations.push(...requiredText('findings', findings, '检查情况', 'FINDINGS'));
      violations.push(...requiredText('recordedBy', recordedBy, '录入人', 'RECORDED_BY', MAX_SHORT_TEXT));
      if (Number.isNaN(inspectedAt.getTime()) || !within(current.period, inspectedAt)) {
        violations.push({ field: 'inspectedAt', code: 'INSPECTED_OUTSIDE_PERIOD', message: '检查时间应在抽查计划的实施期间内' });
      } else
        violations.push(
          ...notBefore('inspectedAt', inspectedAt, current.teamsDrawnAt ?? current.plannedAt, '检查时间不能早于选派执法人员的时间'),
        );
      if (violations.length > 0) throw new ValidationError(violations);
      const events: RandomInspectionEvent[] = [
        {
          type: 'InspectionResultRecorded',
          data: { planId, targetId, inspectorIds, outcome, findings: findings.trim(), inspectedAt, recordedBy: recordedBy.trim() },
        },
      ];
      const inspected = Object.keys(current.results).length + 1;
      if (inspected === current.targets.length) {
        events.push({ type: 'RandomInspectionCompleted', data: { planId, targetsInspected: inspected, completedAt: inspectedAt } });
      }
      return events;
    }
    case 'PublishInspectionResults': {
      const { planId, targetIds, publishedAt } = command.data;
      const current = existing(state, planId);
      const violations = idListViolations('targetIds', targetIds, '检查对象', 1, MAX_TARGETS);
      if (violations.length > 0) throw new ValidationError(violations);
      const unrecorded = targetIds.find((id) => !current.results[id]);
      if (unrecorded !== undefined) throw new ConflictError('RESULT_NOT_RECORDED', `检查对象 ${unrecorded} 尚无检查结果`);
      const again = targetIds.find((id) => current.publishedTargetIds.includes(id));
      if (again !== undefined) throw new ConflictError('RESULT_ALREADY_PUBLISHED', `检查对象 ${again} 的检查结果已公示`);
      const results = targetIds.map((id) => {
        const target = current.targets.find((t) => t.targetId === id) as DrawnTarget;
        const result = current.results[id] as { outcome: InspectionOutcome; inspectedAt: Date };
        return { targetId: id, name: target.name, kind: target.kind, outcome: result.outcome, inspectedAt: result.inspectedAt };
      });
      return [{ type: 'InspectionResultsMarkedForPublication', data: { planId, countyCode: current.countyCode, results, publishedAt } }];
    }
    default:
      return assertNever(command, 'random inspection command');
  }
}

function existing(state: RandomInspectionState, planId: string): Planned {
  if (state.status === 'none') throw new NotFoundError('INSPECTION_PLAN_NOT_FOUND', `抽查任务 ${planId} 不存在`);
  return state;
}

function notBefore(field: string, at: Date, earliest: Date, message: string): Violation[] {
  if (Number.isNaN(at.getTime())) return [{ field, code: 'TIME_INVALID', message: '时间无效' }];
  return at.getTime() < earliest.getTime() ? [{ field, code: 'TIME_BEFORE_PREVIOUS_STEP', message }] : [];
}

function evolve(state: RandomInspectionState, event: RandomInspectionEvent): RandomInspectionState {
  if (event.type === 'RandomInspectionPlanned') {
    const d = event.data;
    return {
      status: 'planned',
      planId: d.planId,
      countyCode: d.countyCode,
      agencyIds: d.agencyIds,
      targetDraw: d.targetDraw,
      inspectorsPerTarget: d.inspectorsPerTarget,
      ...(d.officersPerAgency !== undefined ? { officersPerAgency: d.officersPerAgency } : {}),
      recusal: d.recusal,
      period: d.period,
      plannedAt: d.plannedAt,
      planPublished: false,
      targets: [],
      teams: [],
      results: {},
      publishedTargetIds: [],
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'InspectionPlanMarkedForPublication':
      return { ...state, planPublished: true };
    case 'InspectionTargetsDrawn':
      return { ...state, status: 'targets_drawn', targets: event.data.targets, targetsDrawnAt: event.data.drawnAt };
    case 'InspectorsDrawn':
      return { ...state, status: 'teams_drawn', teams: event.data.teams, teamsDrawnAt: event.data.drawnAt };
    case 'InspectionResultRecorded':
      return {
        ...state,
        results: { ...state.results, [event.data.targetId]: { outcome: event.data.outcome, inspectedAt: event.data.inspectedAt } },
      };
    case 'RandomInspectionCompleted':
      return { ...state, status: 'completed' };
    case 'InspectionResultsMarkedForPublication':
      return { ...state, publishedTargetIds: [...state.publishedTargetIds, ...event.data.results.map((r) => r.targetId)] };
    default:
      return assertNever(event, 'random inspection event');
  }
}

/** Aggregate type in the stream id `${countyCode}/RandomInspection/${planId}`. */
export const RANDOM_INSPECTION_AGGREGATE = 'RandomInspection';

export const randomInspectionDecider: Decider<RandomInspectionCommand, RandomInspectionEvent, RandomInspectionState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
