import { isCountyCode, type Violation } from '@lesp/core';
import { MAX_SHORT_TEXT, idListViolations, idViolations, periodViolations, requiredText } from '../shared/text-rules.js';
import type { InspectorCandidate, RandomInspectionCommand, TargetCandidate } from './inspection-commands.js';

/** Targets of one plan: the drawn targets and their teams must fit in one event (a Kafka message). Seed 002 averages 8.6 a task. */
export const MAX_TARGETS = 2000;
export const MAX_REGISTRY = 200_000;
export const MAX_INSPECTORS_PER_TARGET = 10;

type Plan = Extract<RandomInspectionCommand, { type: 'PlanRandomInspection' }>['data'];

export function planViolations(d: Plan): Violation[] {
  const violations: Violation[] = [
    ...idViolations('planId', d.planId, '抽查任务'),
    ...(isCountyCode(d.countyCode)
      ? []
      : [{ field: 'countyCode', code: 'COUNTY_CODE_INVALID', message: '行政区划代码应为 6 位数字（GB/T 2260）' }]),
    ...requiredText('title', d.title, '任务名称', 'TITLE', MAX_SHORT_TEXT),
  ];
  if (!Number.isInteger(d.year) || d.year < 2000 || d.year > 2100)
    violations.push({ field: 'year', code: 'YEAR_RANGE', message: '年度应为 2000 到 2100 之间的整数' });
  violations.push(...idListViolations('agencyIds', d.agencyIds, '参与抽查的执法主体', 1, 50));
  if (!d.agencyIds.includes(d.leadAgencyId)) {
    violations.push({ field: 'leadAgencyId', code: 'LEAD_AGENCY_NOT_PARTICIPATING', message: '牵头执法主体应在参与抽查的执法主体之中' });
  }
  if (d.matters.length === 0 || d.matters.length > 100) {
    violations.push({ field: 'matters', code: 'MATTERS_COUNT_RANGE', message: '抽查事项应为 1 到 100 项' });
  } else {
    d.matters.forEach((m, i) => violations.push(...requiredText(`matters[${i}]`, m, '抽查事项', 'MATTER', MAX_SHORT_TEXT)));
  }
  const size = d.targetDraw;
  if (size.kind === 'count') {
    if (!Number.isInteger(size.count) || size.count < 1 || size.count > MAX_TARGETS) {
      violations.push({ field: 'targetDraw.count', code: 'TARGET_COUNT_RANGE', message: `抽取检查对象数应为 1 到 ${MAX_TARGETS} 个` });
    }
  } else if (size.kind === 'share') {
    if (!(size.share > 0 && size.share <= 1))
      violations.push({ field: 'targetDraw.share', code: 'TARGET_SHARE_RANGE', message: '抽查比例应大于 0 且不超过 100%' });
  } else {
    violations.push({ field: 'targetDraw.kind', code: 'TARGET_DRAW_KIND', message: '抽取方式应为：个数、比例' });
  }
  if (!Number.isInteger(d.inspectorsPerTarget) || d.inspectorsPerTarget < 2 || d.inspectorsPerTarget > MAX_INSPECTORS_PER_TARGET) {
    violations.push({
      field: 'inspectorsPerTarget',
      code: 'INSPECTORS_PER_TARGET_RANGE',
      message: `每个检查对象应选派 2 到 ${MAX_INSPECTORS_PER_TARGET} 名执法人员（2人以上执法）`,
    });
  }
  if (d.officersPerAgency !== undefined) {
    if (d.agencyIds.length < 2) {
      violations.push({ field: 'officersPerAgency', code: 'JOINT_TEAM_NEEDS_AGENCIES', message: '按部门分别选派仅适用于跨部门联合抽查' });
    } else if (!Number.isInteger(d.officersPerAgency) || d.officersPerAgency < 1 || d.officersPerAgency > MAX_INSPECTORS_PER_TARGET) {
      violations.push({
        field: 'officersPerAgency',
        code: 'OFFICERS_PER_AGENCY_RANGE',
        message: `每个部门选派人数应为 1 到 ${MAX_INSPECTORS_PER_TARGET} 名`,
      });
    }
  }
  if (d.recusal !== 'own_unit' && d.recusal !== 'none')
    violations.push({ field: 'recusal', code: 'RECUSAL_RULE_UNKNOWN', message: '回避规则应为：本单位回避、无' });
  violations.push(...periodViolations('period', d.period));
  violations.push(...requiredText('plannedBy', d.plannedBy, '制定人', 'PLANNED_BY', MAX_SHORT_TEXT));
  return violations;
}

export function targetCandidateViolations(candidates: readonly TargetCandidate[]): Violation[] {
  if (candidates.length > MAX_REGISTRY)
    return [{ field: 'candidates', code: 'CANDIDATES_TOO_MANY', message: `检查对象名录不能超过 ${MAX_REGISTRY} 个` }];
  const violations: Violation[] = [];
  const seen = new Set<string>();
  candidates.forEach((c, i) => {
    if (violations.length >= 20) return;
    if (seen.has(c.targetId))
      violations.push({ field: `candidates[${i}].targetId`, code: 'CANDIDATE_DUPLICATE', message: `检查对象 ${c.targetId} 重复` });
    seen.add(c.targetId);
    violations.push(...idViolations(`candidates[${i}].targetId`, c.targetId, '检查对象'));
    if (c.unitAgencyId !== undefined) violations.push(...idViolations(`candidates[${i}].unitAgencyId`, c.unitAgencyId, '所属单位'));
    violations.push(...requiredText(`candidates[${i}].name`, c.name, '检查对象名称', 'TARGET_NAME', MAX_SHORT_TEXT));
    if (!['enterprise', 'individual', 'institution'].includes(c.kind)) {
      violations.push({ field: `candidates[${i}].kind`, code: 'TARGET_KIND_UNKNOWN', message: '检查对象类型应为：企业、个体、事业单位' });
    }
  });
  return violations;
}

export function inspectorCandidateViolations(candidates: readonly InspectorCandidate[]): Violation[] {
  if (candidates.length > MAX_REGISTRY)
    return [{ field: 'candidates', code: 'CANDIDATES_TOO_MANY', message: `执法人员名录不能超过 ${MAX_REGISTRY} 名` }];
  const violations: Violation[] = [];
  const seen = new Set<string>();
  candidates.forEach((c, i) => {
    if (violations.length >= 20) return;
    if (seen.has(c.officerId))
      violations.push({ field: `candidates[${i}].officerId`, code: 'CANDIDATE_DUPLICATE', message: `执法人员 ${c.officerId} 重复` });
    seen.add(c.officerId);
    violations.push(...idViolations(`candidates[${i}].officerId`, c.officerId, '执法人员'));
    violations.push(...idViolations(`candidates[${i}].agencyId`, c.agencyId, '执法主体'));
  });
  return violations;
}
