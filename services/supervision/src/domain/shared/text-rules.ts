import { isIdentifier, type Violation } from '@lesp/core';

/** Longest free text in a supervision document (findings, measures, opinions). */
export const MAX_TEXT = 5000;
/** Longest short text (a title, a document number, a name). */
export const MAX_SHORT_TEXT = 200;

/** A required free text: present after trimming and at most `max` characters (counted as characters, not UTF-16 units). */
export function requiredText(field: string, value: string, what: string, codePrefix: string, max = MAX_TEXT): Violation[] {
  const text = value.trim();
  if (text.length === 0) return [{ field, code: `${codePrefix}_REQUIRED`, message: `${what}不能为空` }];
  if ([...text].length > max) return [{ field, code: `${codePrefix}_TOO_LONG`, message: `${what}不能超过 ${max} 个字` }];
  return [];
}

/** An optional free text: at most `max` characters. */
export function optionalText(field: string, value: string | undefined, what: string, codePrefix: string, max = MAX_TEXT): Violation[] {
  if (value === undefined || [...value.trim()].length <= max) return [];
  return [{ field, code: `${codePrefix}_TOO_LONG`, message: `${what}不能超过 ${max} 个字` }];
}

/** Ids named by a command: letters, digits, "_" and "-" (at most 64), none twice. */
export function idListViolations(field: string, ids: readonly string[], what: string, min = 1, max = 1000): Violation[] {
  if (ids.length < min || ids.length > max) {
    return [{ field, code: 'ID_COUNT_RANGE', message: `${what}应为 ${min} 到 ${max} 个` }];
  }
  const bad = ids.findIndex((id) => !isIdentifier(id));
  if (bad >= 0) {
    return [{ field: `${field}[${bad}]`, code: 'IDENTIFIER_FORMAT', message: `${what}编号只能由字母、数字、“_”和“-”组成，且不超过 64 位` }];
  }
  if (new Set(ids).size !== ids.length) return [{ field, code: 'ID_DUPLICATE', message: `${what}不能重复` }];
  return [];
}

export function idViolations(field: string, id: string, what: string): Violation[] {
  return isIdentifier(id)
    ? []
    : [{ field, code: 'IDENTIFIER_FORMAT', message: `${what}编号只能由字母、数字、“_”和“-”组成，且不超过 64 位` }];
}

/** A time span [from, to]: both given and from before to. */
export interface Period {
  readonly from: Date;
  readonly to: Date;
}

export function periodViolations(field: string, period: Period): Violation[] {
  if (Number.isNaN(period.from.getTime()) || Number.isNaN(period.to.getTime())) {
    return [{ field, code: 'PERIOD_INVALID', message: '起止时间无效' }];
  }
  return period.from.getTime() < period.to.getTime() ? [] : [{ field, code: 'PERIOD_INVALID', message: '开始时间应早于结束时间' }];
}

export function within(period: Period, at: Date): boolean {
  return at.getTime() >= period.from.getTime() && at.getTime() <= period.to.getTime();
}
