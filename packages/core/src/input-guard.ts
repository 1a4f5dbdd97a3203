import { ValidationError, type Violation } from './errors.js';

export interface InputGuardOptions {
  /** Longest string accepted anywhere in the input. */
  readonly maxStringLength?: number;
  /** Deepest nesting of objects and arrays. */
  readonly maxDepth?: number;
}

/**
 * C0 controls other than tab, line feed and carriage return; DEL and C1 controls; the
 * invisible format characters used to disguise text (zero-width, bidirectional overrides,
 * byte-order mark); U+FFFD, what invalid UTF-8 decodes to.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\uFFFD]/;
const IDENTIFIER = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * What no field of any request may hold, whatever its schema says: control characters,
 * undecodable bytes, field names that are MongoDB operators or paths, strings beyond a
 * bound, nesting beyond a bound. Returns one violation per offending place.
 */
export function hostileInputViolations(value: unknown, options: InputGuardOptions = {}, path = ''): Violation[] {
  const maxString = options.maxStringLength ?? 20_000;
  const maxDepth = options.maxDepth ?? 16;
  const violations: Violation[] = [];
  const visit = (node: unknown, at: string, depth: number) => {
    if (violations.length >= 20) return;
    if (typeof node === 'string') {
      if (node.length > maxString)
        violations.push({ field: at || '(value)', code: 'TEXT_TOO_LONG', message: `不能超过 ${maxString} 个字` });
      else if (CONTROL.test(node))
        violations.push({ field: at || '(value)', code: 'CONTROL_CHARACTER', message: '含有控制字符或无法识别的字符' });
      return;
    }
    if (node === null || typeof node !== 'object' || node instanceof Date || node instanceof Uint8Array) return;
    if (depth > maxDepth) {
      violations.push({ field: at || '(value)', code: 'NESTING_TOO_DEEP', message: `嵌套层级不能超过 ${maxDepth}` });
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, `${at}[${index}]`, depth + 1));
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      const field = at ? `${at}.${key}` : key;
      if (key.startsWith('$') || key.includes('.') || CONTROL.test(key)) {
        violations.push({ field: at || '(value)', code: 'FIELD_NAME_FORBIDDEN', message: '字段名不能以 $ 开头、不能含有 “.” 或控制字符' });
        continue;
      }
      visit(child, field, depth + 1);
    }
  };
  visit(value, path, 0);
  return violations;
}

export function assertNoHostileInput(value: unknown, options?: InputGuardOptions, path?: string): void {
  const violations = hostileInputViolations(value, options, path);
  if (violations.length > 0) throw new ValidationError(violations);
}

/** Ids chosen by clients (agency, act, officer ...): letters, digits, "_" and "-", at most 64. */
export function isIdentifier(value: string): boolean {
  return IDENTIFIER.test(value);
}

export function assertIdentifier(value: string, field: string): void {
  if (!isIdentifier(value)) throw ValidationError.of(field, 'IDENTIFIER_FORMAT', '编号只能由字母、数字、“_”和“-”组成，且不超过 64 位');
}
