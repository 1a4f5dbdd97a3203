import { ValidationError, type Violation } from '@lesp/core';

/**
 * Field rules the console's forms share, worded and bounded as the services word and bound them
 * (supervision's and cross-region's text rules: text counted in characters, short texts 200, free
 * texts 5000), so a form is refused on its field before the call and the service agrees.
 */
export const MAX_TEXT = 5000;
export const MAX_SHORT_TEXT = 200;

const length = (value: string) => [...value.trim()].length;

export function requiredText(field: string, value: string | undefined, what: string, max = MAX_TEXT): Violation[] {
  const text = (value ?? '').trim();
  if (text === '') return [{ field, code: 'FIELD_REQUIRED', message: `${what}不能为空` }];
  if (length(text) > max) return [{ field, code: 'TEXT_TOO_LONG', message: `${what}不能超过 ${max} 个字` }];
  return [];
}

/** A list of short texts (agenda items, names): `min` to `max` items, none empty or longer than 200. */
export function textList(field: string, values: readonly string[] | undefined, what: string, min: number, max = 50): Violation[] {
  const list = values ?? [];
  if (list.length < min) return [{ field, code: 'FIELD_REQUIRED', message: `请至少填写 ${min} 项${what}` }];
  if (list.length > max) return [{ field, code: 'LIST_TOO_LONG', message: `${what}不能超过 ${max} 项` }];
  const bad = list.findIndex((v) => v.trim() === '' || length(v) > MAX_SHORT_TEXT);
  return bad >= 0 ? [{ field, code: 'TEXT_INVALID', message: `第 ${bad + 1} 项${what}不能为空且不超过 ${MAX_SHORT_TEXT} 个字` }] : [];
}

/** A date-time as the browser sends it (ISO 8601); undefined when absent or not a date. */
export function parseTime(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function requiredTime(field: string, value: string | undefined, what: string): Violation[] {
  return parseTime(value) ? [] : [{ field, code: 'DATE_INVALID', message: `${what}无效或未填写` }];
}

/** A form's violations as one refusal naming every field, or nothing when there are none. */
export function ensureValid(violations: readonly Violation[]): void {
  if (violations.length > 0) throw new ValidationError(violations);
}
