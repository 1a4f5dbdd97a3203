import type { SupervisionRegistryEvent } from '@lesp/contracts';
import { assertNever, ConflictError, isValidCreditCode, ValidationError, type Decider, type Violation } from '@lesp/core';

/**
 * Supervision's own registries of facts case intake does not record: enterprise inspection
 * filings (涉企检查备案), enterprises' quiet days (企业宁静日) and agencies' explanations of zero
 * enforcement (零执法说明). One small decider each; the rules read them as facts.
 */
export const INSPECTION_FILING_AGGREGATE = 'InspectionFiling';
export const QUIET_DAYS_AGGREGATE = 'EnterpriseQuietDays';
export const ZERO_ENFORCEMENT_AGGREGATE = 'ZeroEnforcementExplanation';

const MAX_TEXT = 2000;

/** The stream of an agency's explanation for a period (one per agency and period). */
export function explanationIdOf(agencyId: string, period: string): string {
  return `${agencyId}_${period}`.replace(/[^A-Za-z0-9_-]/g, '-');
}
const PERIOD = /^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4]|-H[12])?$/;

export type RegistryCommand =
  | {
      readonly type: 'FileInspection';
      readonly data: {
        readonly filingId: string;
        readonly agencyId: string;
        readonly enterpriseCreditCode: string;
        readonly enterpriseName: string;
        readonly plannedFrom: Date;
        readonly plannedTo: Date;
        readonly purpose: string;
      };
    }
  | {
      readonly type: 'SetEnterpriseQuietDays';
      readonly data: {
        readonly enterpriseCreditCode: string;
        readonly enterpriseName: string;
        readonly daysOfMonth: readonly number[];
        readonly reason: string;
      };
    }
  | {
      readonly type: 'ExplainZeroEnforcement';
      readonly data: { readonly agencyId: string; readonly period: string; readonly explanation: string };
    };

export interface RegistryState {
  readonly exists: boolean;
}

function creditCodeViolation(code: string): Violation[] {
  return isValidCreditCode(code)
    ? []
    : [{ field: 'enterpriseCreditCode', code: 'CREDIT_CODE_INVALID', message: '统一社会信用代码应为 18 位且校验位正确（GB 32100-2015）' }];
}

function textViolation(field: string, value: string, required: boolean): Violation[] {
  if (required && value.trim() === '') return [{ field, code: 'FIELD_REQUIRED', message: '不能为空' }];
  if (value.length > MAX_TEXT) return [{ field, code: 'TEXT_TOO_LONG', message: `不能超过 ${MAX_TEXT} 字` }];
  return [];
}

function fail(violations: readonly Violation[]): void {
  if (violations.length > 0) throw new ValidationError(violations);
}

export const registryDecider: Decider<RegistryCommand, SupervisionRegistryEvent, RegistryState> = {
  initialState: () => ({ exists: false }),
  decide(command, state) {
    switch (command.type) {
      case 'FileInspection': {
        const d = command.data;
        const violations = [...creditCodeViolation(d.enterpriseCreditCode), ...textViolation('enterpriseName', d.enterpriseName, true)];
        violations.push(...textViolation('purpose', d.purpose, false));
        if (!(d.plannedTo.getTime() >= d.plannedFrom.getTime())) {
          violations.push({ field: 'plannedTo', code: 'PLANNED_PERIOD_ORDER', message: '计划检查结束时间不能早于开始时间' });
        }
        fail(violations);
        if (state.exists) throw new ConflictError('INSPECTION_ALREADY_FILED', '该检查已备案');
        return [{ type: 'InspectionFiled', data: { ...d } }];
      }
      case 'SetEnterpriseQuietDays': {
        const d = command.data;
        const violations = [...creditCodeViolation(d.enterpriseCreditCode), ...textViolation('enterpriseName', d.enterpriseName, true)];
        violations.push(...textViolation('reason', d.reason, false));
        d.daysOfMonth.forEach((day, i) => {
          if (!Number.isInteger(day) || day < 1 || day > 31) {
            violations.push({ field: `daysOfMonth[${i}]`, code: 'QUIET_DAY_RANGE', message: '宁静日应为每月 1 到 31 日' });
          }
        });
        if (new Set(d.daysOfMonth).size !== d.daysOfMonth.length) {
          violations.push({ field: 'daysOfMonth', code: 'QUIET_DAY_DUPLICATE', message: '宁静日重复' });
        }
        fail(violations);
        return [{ type: 'EnterpriseQuietDaysSet', data: { ...d, daysOfMonth: [...d.daysOfMonth].sort((a, b) => a - b) } }];
      }
      case 'ExplainZeroEnforcement': {
        const d = command.data;
        const violations = textViolation('explanation', d.explanation, true);
        if (!PERIOD.test(d.period)) {
          violations.push({ field: 'period', code: 'PERIOD_FORMAT', message: '统计期应为 YYYY、YYYY-MM、YYYY-Qn 或 YYYY-Hn' });
        }
        fail(violations);
        return [{ type: 'ZeroEnforcementExplained', data: { ...d } }];
      }
      default:
        return assertNever(command, 'registry command');
    }
  },
  evolve(_state, event) {
    switch (event.type) {
      case 'InspectionFiled':
      case 'EnterpriseQuietDaysSet':
      case 'ZeroEnforcementExplained':
        return { exists: true };
      default:
        return assertNever(event, 'registry event');
    }
  },
};
