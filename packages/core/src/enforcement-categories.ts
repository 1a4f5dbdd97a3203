/** The ten categories of administrative enforcement acts (行政执法行为), stable codes and their names. */
export const ENFORCEMENT_CATEGORIES = {
  licensing: '行政许可',
  penalty: '行政处罚',
  coercion: '行政强制',
  inspection: '行政检查',
  levy: '行政征收',
  benefit: '行政给付',
  confirmation: '行政确认',
  adjudication: '行政裁决',
  compensation: '行政补偿',
  award: '行政奖励',
} as const;

export type EnforcementCategory = keyof typeof ENFORCEMENT_CATEGORIES;

export const ENFORCEMENT_CATEGORY_CODES = Object.keys(ENFORCEMENT_CATEGORIES) as EnforcementCategory[];

export function isEnforcementCategory(value: string): value is EnforcementCategory {
  return Object.hasOwn(ENFORCEMENT_CATEGORIES, value);
}
