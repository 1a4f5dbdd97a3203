import { ForbiddenError, ValidationError, isCountyCode, type Violation } from '@lesp/core';

/** Longest free text (descriptions, opinions, minutes, answers). */
export const MAX_TEXT = 5000;
/** Longest short text (a name, a title, a field). */
export const MAX_SHORT_TEXT = 200;

/** What a member can share with the others of an agreement. */
export const DATA_KINDS = { enforcement_acts: '执法行为', alerts: '预警' } as const;
export type DataKind = keyof typeof DATA_KINDS;

export function check(violations: readonly Violation[]): void {
  if (violations.length > 0) throw new ValidationError(violations);
}

export function requiredText(field: string, value: string, what: string, max = MAX_TEXT): Violation[] {
  const text = value.trim();
  if (text.length === 0) return [{ field, code: 'TEXT_REQUIRED', message: `${what}不能为空` }];
  if ([...text].length > max) return [{ field, code: 'TEXT_TOO_LONG', message: `${what}不能超过 ${max} 个字` }];
  return [];
}

export function optionalText(field: string, value: string, what: string, max = MAX_TEXT): Violation[] {
  return [...value.trim()].length > max ? [{ field, code: 'TEXT_TOO_LONG', message: `${what}不能超过 ${max} 个字` }] : [];
}

export function countyViolations(field: string, value: string): Violation[] {
  return isCountyCode(value) ? [] : [{ field, code: 'COUNTY_CODE_FORMAT', message: `须为 6 位行政区划代码（GB/T 2260）` }];
}

/** A list of distinct county codes, between `min` and `max` long. */
export function countyListViolations(field: string, values: readonly string[], what: string, min: number, max = 50): Violation[] {
  if (values.length < min || values.length > max) {
    return [{ field, code: 'COUNTY_COUNT_RANGE', message: `${what}应为 ${min} 到 ${max} 个区县` }];
  }
  const bad = values.findIndex((c) => !isCountyCode(c));
  if (bad >= 0) return countyViolations(`${field}[${bad}]`, values[bad]!);
  if (new Set(values).size !== values.length) return [{ field, code: 'COUNTY_DUPLICATE', message: `${what}不能重复` }];
  return [];
}

export function textListViolations(field: string, values: readonly string[], what: string, max = 50): Violation[] {
  if (values.length > max) return [{ field, code: 'LIST_TOO_LONG', message: `${what}不能超过 ${max} 项` }];
  const bad = values.findIndex((v) => v.trim().length === 0 || [...v].length > MAX_SHORT_TEXT);
  return bad >= 0 ? [{ field: `${field}[${bad}]`, code: 'TEXT_INVALID', message: `${what}不能为空且不超过 ${MAX_SHORT_TEXT} 个字` }] : [];
}

export function dataKindViolations(field: string, values: readonly string[]): Violation[] {
  const bad = values.findIndex((v) => !Object.hasOwn(DATA_KINDS, v));
  if (bad >= 0) {
    return [
      {
        field: `${field}[${bad}]`,
        code: 'DATA_KIND_UNKNOWN',
        message: `共享数据类别应为 enforcement_acts（执法行为）或 alerts（预警）`,
      },
    ];
  }
  return new Set(values).size === values.length ? [] : [{ field, code: 'DATA_KIND_DUPLICATE', message: `共享数据类别不能重复` }];
}

export const validDate = (date: Date | undefined): date is Date => date instanceof Date && !Number.isNaN(date.getTime());

export function dateViolations(field: string, date: Date | undefined, what: string): Violation[] {
  return validDate(date) ? [] : [{ field, code: 'DATE_INVALID', message: `${what}无效或未填写` }];
}

export function notBefore(field: string, date: Date | undefined, earliest: Date | undefined, what: string): Violation[] {
  return validDate(date) && validDate(earliest) && date.getTime() < earliest.getTime()
    ? [{ field, code: 'TIME_BEFORE_PREVIOUS_STEP', message: `不能早于${what}` }]
    : [];
}

/** A county that is not a (current) member of the agreement. */
export function notAMember(countyCode: string, what = '该合作协议'): ForbiddenError {
  return new ForbiddenError('NOT_AGREEMENT_MEMBER', `区县 ${countyCode} 不是${what}的成员（或已退出）`);
}
