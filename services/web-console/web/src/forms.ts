import type { FormInstance } from 'antd';
import { message } from 'antd';
import { ApiError } from './api';

/** A failed call: each violation on its field (as the console or the service named it), and a summary message. */
export function showError(error: unknown, form?: FormInstance): void {
  if (error instanceof ApiError && error.violations.length > 0 && form) {
    form.setFields(error.violations.map((v) => ({ name: v.field.split('.'), errors: [v.message] })));
    void message.error('请按提示修改标红的项目');
    return;
  }
  void message.error(error instanceof Error ? error.message : String(error));
}
