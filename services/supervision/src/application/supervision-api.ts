import { readableCounty, assertAllowed, type Principal } from '@lesp/auth';
import { assertCountyCode, ValidationError, type CommandContext } from '@lesp/core';
import type { PackSetting } from '../domain/rule-settings/rule-settings-decider.js';
import { RULE_CATALOG } from '../domain/rules/rule-catalog.js';
import { RULE_PACKS } from '../domain/rules/rule-packs.js';
import type { EngineParts } from '../engine-module.js';

/** Read side of the rule catalogue, a county's settings and the calendar, shared by the gRPC and HTTP edges. */
export class RuleEngineQueries {
  constructor(
    private readonly engine: EngineParts,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  rules() {
    return {
      rules: RULE_CATALOG.map((rule) => ({
        ruleId: rule.id,
        version: rule.version,
        packId: rule.packId,
        effectiveFrom: rule.effectiveFrom,
        kind: rule.kind,
        title: rule.title,
        description: rule.description,
      })),
      packs: RULE_PACKS.map((pack) => ({
        packId: pack.packId,
        title: pack.title,
        enabledByDefault: pack.enabledByDefault,
        parameters: pack.parameters.map((p) => ({ name: p.name, title: p.title, defaultValue: p.defaultValue, min: p.min, max: p.max })),
      })),
    };
  }

  async settings(
    principal: Principal,
    countyCode: string,
  ): Promise<{ countyCode: string; settings: readonly PackSetting[]; version: number }> {
    assertCountyCode(countyCode);
    const county = readableCounty(principal, 'supervision.rule.read', countyCode, this.clock());
    const { state, version } = await this.engine.settings.get(county);
    return { countyCode: county, settings: state.settings, version };
  }

  calendarYear(principal: Principal, year: number) {
    assertAllowed(principal, 'supervision.calendar.read', { countyCodes: [] }, this.clock());
    if (!Number.isInteger(year) || year < 2000 || year > 2100)
      throw ValidationError.of('year', 'CALENDAR_YEAR_RANGE', '年份应为 2000 到 2100 之间的整数');
    return this.engine.calendar.year(year);
  }
}

export type { CommandContext };
