import type { RuleSettingsEvent } from '@lesp/contracts';
import { assertNever, ValidationError, type Decider, type Violation } from '@lesp/core';
import { isDayKey, type DayKey } from '../calendar/china-day.js';
import { defaultParameters, packById, RULE_PACKS, type PackId } from '../rules/rule-packs.js';

export const RULE_SETTINGS_AGGREGATE = 'RuleSettings';
/** One settings stream per county. */
export const RULE_SETTINGS_ID = 'rule-packs';

export interface PackSetting {
  readonly packId: string;
  readonly enabled: boolean;
  readonly effectiveFrom: DayKey;
  readonly parameters: readonly { readonly name: string; readonly value: number }[];
}

export interface ConfigureRulePack {
  readonly type: 'ConfigureRulePack';
  readonly data: PackSetting;
}
export type RuleSettingsCommand = ConfigureRulePack;

export interface RuleSettingsState {
  readonly settings: readonly PackSetting[];
}

/** What a county runs on a given day: the packs enabled and every parameter's value. */
export interface EffectiveSettings {
  readonly enabledPacks: ReadonlySet<PackId>;
  readonly params: Readonly<Record<string, number>>;
}

function validate(setting: PackSetting): readonly Violation[] {
  const violations: Violation[] = [];
  const pack = packById(setting.packId);
  if (!pack) {
    return [{ field: 'packId', code: 'RULE_PACK_UNKNOWN', message: `未知的规则包，可选：${RULE_PACKS.map((p) => p.packId).join('、')}` }];
  }
  if (!isDayKey(setting.effectiveFrom)) {
    violations.push({ field: 'effectiveFrom', code: 'EFFECTIVE_FROM_FORMAT', message: '生效日期应为 YYYY-MM-DD' });
  }
  const seen = new Set<string>();
  setting.parameters.forEach((parameter, i) => {
    const definition = pack.parameters.find((p) => p.name === parameter.name);
    const field = `parameters[${i}]`;
    if (!definition) {
      violations.push({
        field: `${field}.name`,
        code: 'RULE_PARAMETER_UNKNOWN',
        message: `规则包“${pack.title}”没有参数 ${parameter.name}`,
      });
    } else if (!Number.isFinite(parameter.value) || parameter.value < definition.min || parameter.value > definition.max) {
      violations.push({
        field: `${field}.value`,
        code: 'RULE_PARAMETER_RANGE',
        message: `${definition.title}应在 ${definition.min} 到 ${definition.max} 之间`,
      });
    } else if (definition.name === 'zeroEnforcementPeriodMonths' && ![1, 3, 6, 12].includes(parameter.value)) {
      violations.push({ field: `${field}.value`, code: 'RULE_PARAMETER_RANGE', message: '零执法检查周期只能是 1、3、6 或 12 个月' });
    }
    if (seen.has(parameter.name)) violations.push({ field: `${field}.name`, code: 'RULE_PARAMETER_DUPLICATE', message: '参数重复' });
    seen.add(parameter.name);
  });
  return violations;
}

/** A county's rule pack settings: each setting applies to acts from its effective date on. */
export const ruleSettingsDecider: Decider<RuleSettingsCommand, RuleSettingsEvent, RuleSettingsState> = {
  initialState: () => ({ settings: [] }),
  decide(command) {
    switch (command.type) {
      case 'ConfigureRulePack': {
        const violations = validate(command.data);
        if (violations.length > 0) throw new ValidationError(violations);
        return [{ type: 'RulePackConfigured', data: { ...command.data, parameters: [...command.data.parameters] } }];
      }
      default:
        return assertNever(command.type, 'rule settings command');
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'RulePackConfigured':
        return { settings: [...state.settings, event.data] };
      default:
        return assertNever(event.type, 'rule settings event');
    }
  },
};

/**
 * The settings in force on `day`: per pack, the latest setting effective on or before it
 * (a later-recorded setting with the same date wins), else the pack's default.
 */
export function effectiveSettings(state: RuleSettingsState, day: DayKey): EffectiveSettings {
  const enabledPacks = new Set<PackId>();
  const params: Record<string, number> = { ...defaultParameters() };
  for (const pack of RULE_PACKS) {
    let current: PackSetting | undefined;
    for (const setting of state.settings) {
      if (setting.packId === pack.packId && setting.effectiveFrom <= day && (!current || setting.effectiveFrom >= current.effectiveFrom)) {
        current = setting;
      }
    }
    if (current ? current.enabled : pack.enabledByDefault) enabledPacks.add(pack.packId);
    for (const parameter of current?.parameters ?? []) params[parameter.name] = parameter.value;
  }
  return { enabledPacks, params };
}
