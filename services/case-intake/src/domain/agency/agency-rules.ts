import { isValidCreditCode, type Violation } from '@lesp/core';

/** Kinds of enforcement subject (执法主体类别). */
export const AGENCY_KINDS = ['行政机关', '法律法规授权组织', '受委托组织'] as const;

const MAX_NAME = 100;
const MAX_TEXT = 2000;

export function registrationViolations(data: {
  readonly name: string;
  readonly creditCode: string;
  readonly kind: string;
  readonly legalBasis: string;
}): Violation[] {
  const violations: Violation[] = [];
  const name = data.name.trim();
  if (name.length === 0) violations.push({ field: 'name', code: 'AGENCY_NAME_REQUIRED', message: '执法主体名称不能为空' });
  else if (name.length > MAX_NAME)
    violations.push({ field: 'name', code: 'AGENCY_NAME_TOO_LONG', message: `执法主体名称不能超过 ${MAX_NAME} 个字` });
  if (!isValidCreditCode(data.creditCode)) {
    violations.push({
      field: 'creditCode',
      code: 'CREDIT_CODE_INVALID',
      message: '统一社会信用代码应为 18 位且校验位正确（GB 32100-2015）',
    });
  }
  if (!(AGENCY_KINDS as readonly string[]).includes(data.kind)) {
    violations.push({ field: 'kind', code: 'AGENCY_KIND_UNKNOWN', message: `执法主体类别应为：${AGENCY_KINDS.join('、')}` });
  }
  if (data.legalBasis.length > MAX_TEXT) {
    violations.push({ field: 'legalBasis', code: 'LEGAL_BASIS_TOO_LONG', message: `主体资格依据不能超过 ${MAX_TEXT} 个字` });
  }
  return violations;
}
