import type { Violation } from '@lesp/core';
import { MAX_SHORT_TEXT, requiredText, requiredTime, textList } from './form-rules.js';

/**
 * Accountability (责任追究) recorded on a closed rectification, with supervision's rules
 * (services/supervision/src/domain/rectification/rectification-rules.ts, accountabilityViolations):
 * who decided it, the measure, the persons held accountable (1 to 50, officer ids or names, never
 * published), the basis and the date of the decision.
 */
export interface AccountabilityForm {
  readonly decidedBy: string;
  readonly measure: string;
  readonly persons: readonly string[];
  readonly basis: string;
  readonly decidedAt: string;
}

/** The measures supervision's documents name (its field takes any text up to 200 characters). */
export const ACCOUNTABILITY_MEASURES = ['批评教育', '通报批评', '诫勉谈话', '暂扣执法证', '调离执法岗位', '取消执法资格', '政务处分'];

export function accountabilityViolations(form: AccountabilityForm): Violation[] {
  return [
    ...requiredText('decidedBy', form.decidedBy, '追责决定机关', MAX_SHORT_TEXT),
    ...requiredText('measure', form.measure, '追责方式', MAX_SHORT_TEXT),
    ...textList('persons', form.persons, '被追责人员', 1),
    ...requiredText('basis', form.basis, '追责依据'),
    ...requiredTime('decidedAt', form.decidedAt, '追责决定时间'),
  ];
}
