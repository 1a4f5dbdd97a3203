import { ConflictError, ValidationError, isValidCreditCode, type Decider, type Violation } from '@lesp/core';
import { MAX_SHORT_TEXT, idViolations, requiredText } from '../../domain/shared/text-rules.js';

/**
 * The inspection target registry (检查对象名录库) the random draws take their targets from:
 * one stream per target, `${county}/InspectionTarget/${targetId}`. A pure decider, kept with
 * the wiring because the domain modules have none for it (see the report's debts).
 */
export type TargetKind = 'enterprise' | 'individual' | 'institution';
export const TARGET_KINDS: Record<TargetKind, string> = { enterprise: '企业', individual: '个体工商户或个人', institution: '事业单位' };

export type InspectionTargetCommand = {
  readonly type: 'RegisterInspectionTarget';
  readonly data: {
    readonly targetId: string;
    readonly name: string;
    readonly kind: TargetKind;
    readonly creditCode: string;
    readonly unitAgencyId?: string;
    readonly registeredBy: string;
    readonly registeredAt: Date;
  };
};

export type InspectionTargetEvent = {
  readonly type: 'InspectionTargetRegistered';
  readonly data: InspectionTargetCommand['data'];
};

export type InspectionTargetState =
  { readonly registered: false } | { readonly registered: true; readonly target: InspectionTargetEvent['data'] };

export const INSPECTION_TARGET_AGGREGATE = 'InspectionTarget';

function decide(command: InspectionTargetCommand, state: InspectionTargetState): readonly InspectionTargetEvent[] {
  const d = command.data;
  if (state.registered) throw new ConflictError('INSPECTION_TARGET_EXISTS', `检查对象 ${d.targetId} 已在名录库中`);
  const creditCode = d.creditCode.trim().toUpperCase();
  const violations: Violation[] = [
    ...idViolations('targetId', d.targetId, '检查对象'),
    ...requiredText('name', d.name, '检查对象名称', 'TARGET_NAME', MAX_SHORT_TEXT),
    ...(d.unitAgencyId !== undefined ? idViolations('unitAgencyId', d.unitAgencyId, '所属单位') : []),
  ];
  if (!Object.hasOwn(TARGET_KINDS, d.kind)) {
    violations.push({ field: 'kind', code: 'TARGET_KIND_UNKNOWN', message: `检查对象类型应为：${Object.values(TARGET_KINDS).join('、')}` });
  } else if (d.kind !== 'individual' && !isValidCreditCode(creditCode)) {
    violations.push({
      field: 'creditCode',
      code: 'CREDIT_CODE_INVALID',
      message: '统一社会信用代码应为 18 位且校验位正确（GB 32100-2015）',
    });
  } else if (d.kind === 'individual' && creditCode !== '' && !isValidCreditCode(creditCode)) {
    violations.push({
      field: 'creditCode',
      code: 'CREDIT_CODE_INVALID',
      message: '统一社会信用代码应为 18 位且校验位正确（GB 32100-2015）',
    });
  }
  if (violations.length > 0) throw new ValidationError(violations);
  return [{ type: 'InspectionTargetRegistered', data: { ...d, name: d.name.trim(), creditCode } }];
}

export const inspectionTargetDecider: Decider<InspectionTargetCommand, InspectionTargetEvent, InspectionTargetState> = {
  decide,
  evolve: (_state, event) => ({ registered: true, target: event.data }),
  initialState: () => ({ registered: false }),
};
