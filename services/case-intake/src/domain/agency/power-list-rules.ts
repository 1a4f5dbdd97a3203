import { ENFORCEMENT_CATEGORIES, ENFORCEMENT_CATEGORY_CODES, isEnforcementCategory, type Violation } from '@lesp/core';
import type { PowerItem } from './agency-state.js';

/** Letters, digits and `_ . -`, so that a code fits in a URL path as it is. */
const ITEM_CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const MAX_NAME = 200;
const MAX_TEXT = 4000;
const MAX_BENCHMARK = 8000;
const MAX_ITEMS_PER_DELEGATION = 200;
/** 行政强制法 第十七条: coercive measures may not be entrusted. */
const NOT_DELEGABLE = new Set(['coercion']);

function text(
  field: string,
  value: string,
  max: number,
  required: { code: string; message: string } | undefined,
  tooLong: string,
): Violation[] {
  const trimmed = value.trim();
  if (required && trimmed.length === 0) return [{ field, ...required }];
  if (trimmed.length > max) return [{ field, code: tooLong, message: `不能超过 ${max} 个字` }];
  return [];
}

export function powerItemViolations(data: {
  readonly itemCode: string;
  readonly name: string;
  readonly category: string;
  readonly legalBasis: string;
  readonly discretionBenchmark: string;
}): Violation[] {
  const violations: Violation[] = [];
  if (!ITEM_CODE.test(data.itemCode.trim())) {
    violations.push({
      field: 'itemCode',
      code: 'POWER_ITEM_CODE_INVALID',
      message: '事项编码应为 1 到 64 位字母、数字或 _ . -，以字母或数字开头',
    });
  }
  violations.push(
    ...text('name', data.name, MAX_NAME, { code: 'POWER_ITEM_NAME_REQUIRED', message: '事项名称不能为空' }, 'POWER_ITEM_NAME_TOO_LONG'),
  );
  if (!isEnforcementCategory(data.category)) {
    const list = ENFORCEMENT_CATEGORY_CODES.map((code) => `${code}（${ENFORCEMENT_CATEGORIES[code]}）`).join('、');
    violations.push({ field: 'category', code: 'POWER_ITEM_CATEGORY_UNKNOWN', message: `事项类别应为：${list}` });
  }
  violations.push(
    ...text(
      'legalBasis',
      data.legalBasis,
      MAX_TEXT,
      { code: 'POWER_ITEM_LEGAL_BASIS_REQUIRED', message: '事项须写明法律依据' },
      'LEGAL_BASIS_TOO_LONG',
    ),
    ...text('discretionBenchmark', data.discretionBenchmark, MAX_BENCHMARK, undefined, 'DISCRETION_BENCHMARK_TOO_LONG'),
  );
  return violations;
}

export function delegationViolations(
  data: {
    readonly townshipName: string;
    readonly entrustmentNumber: string;
    readonly itemCodes: readonly string[];
    readonly powers: string;
    readonly start: Date;
    readonly end: Date;
    readonly at: Date;
  },
  powerItems: readonly PowerItem[],
): Violation[] {
  const violations: Violation[] = [
    ...text(
      'townshipName',
      data.townshipName,
      100,
      { code: 'TOWNSHIP_NAME_REQUIRED', message: '受委托乡镇（街道）名称不能为空' },
      'TOWNSHIP_NAME_TOO_LONG',
    ),
    ...text(
      'entrustmentNumber',
      data.entrustmentNumber,
      64,
      { code: 'ENTRUSTMENT_NUMBER_REQUIRED', message: '须有书面委托书编号' },
      'ENTRUSTMENT_NUMBER_TOO_LONG',
    ),
    ...itemViolations(data.itemCodes, powerItems),
    ...text(
      'powers',
      data.powers,
      MAX_TEXT,
      { code: 'DELEGATION_POWERS_REQUIRED', message: '须写明委托权限' },
      'DELEGATION_POWERS_TOO_LONG',
    ),
  ];
  if (Number.isNaN(data.start.getTime())) {
    violations.push({ field: 'start', code: 'DELEGATION_START_INVALID', message: '委托起始时间不是有效的日期' });
  } else if (Number.isNaN(data.end.getTime()) || data.end.getTime() <= data.start.getTime()) {
    violations.push({ field: 'end', code: 'DELEGATION_TERM_INVALID', message: '委托终止时间应晚于起始时间' });
  } else if (data.end.getTime() <= data.at.getTime()) {
    violations.push({ field: 'end', code: 'DELEGATION_TERM_OVER', message: '委托期限已届满，不能再委托' });
  }
  return violations;
}

function itemViolations(itemCodes: readonly string[], powerItems: readonly PowerItem[]): Violation[] {
  if (itemCodes.length === 0) return [{ field: 'itemCodes', code: 'DELEGATION_ITEMS_REQUIRED', message: '至少委托一项执法事项' }];
  if (itemCodes.length > MAX_ITEMS_PER_DELEGATION) {
    return [{ field: 'itemCodes', code: 'DELEGATION_ITEMS_TOO_MANY', message: `一次委托不能超过 ${MAX_ITEMS_PER_DELEGATION} 项` }];
  }
  const violations: Violation[] = [];
  const seen = new Set<string>();
  itemCodes.forEach((code, i) => {
    const field = `itemCodes[${i}]`;
    const item = powerItems.find((p) => p.itemCode === code);
    if (seen.has(code)) violations.push({ field, code: 'DELEGATION_ITEM_DUPLICATE', message: '委托事项重复' });
    else if (!item || item.retiredAt) {
      violations.push({ field, code: 'DELEGATION_ITEM_NOT_IN_POWER_LIST', message: '委托事项须在本单位现行执法事项目录中' });
    } else if (NOT_DELEGABLE.has(item.category)) {
      violations.push({ field, code: 'DELEGATION_ITEM_NOT_DELEGABLE', message: '行政强制措施权不得委托（《行政强制法》第十七条）' });
    }
    seen.add(code);
  });
  return violations;
}

export function reasonViolations(reason: string, what: string): Violation[] {
  return text('reason', reason, 2000, { code: 'REASON_REQUIRED', message: `${what}须说明理由` }, 'REASON_TOO_LONG');
}
