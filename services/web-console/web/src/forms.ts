import type { FormInstance } from 'antd';
import { message } from 'antd';
import { ApiError } from './api';

/** A violation's field as a form path: `attendees[0].names` → ['attendees', 0, 'names'] (Form.List items). */
export function fieldPath(field: string): (string | number)[] {
  return field.split('.').flatMap((part) => {
    const indexed = /^([^[\]]+)\[(\d+)\]$/.exec(part);
    return indexed ? [indexed[1]!, Number(indexed[2])] : [part];
  });
}

/** A failed call: each violation on its field (as the console or the service named it), and a summary message. */
export function showError(error: unknown, form?: FormInstance): void {
  if (error instanceof ApiError && error.violations.length > 0 && form) {
    form.setFields(error.violations.map((v) => ({ name: fieldPath(v.field), errors: [v.message] })));
    void message.error('请按提示修改标红的项目');
    return;
  }
  void message.error(error instanceof Error ? error.message : String(error));
}

/** Characters as the services count them (not UTF-16 units). */
export const chars = (value: string | undefined): number => [...(value ?? '').trim()].length;

/** An antd rule: at most `max` characters, worded as the services word it. */
export const maxChars = (max: number, what: string) => ({
  validator: async (_: unknown, value: string | undefined) => {
    if (chars(value) > max) throw new Error(`${what}不能超过 ${max} 个字`);
  },
});
