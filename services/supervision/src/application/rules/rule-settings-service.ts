import { assertCountyCode, type CommandContext } from '@lesp/core';
import { CommandHandler, type EventStore } from '@lesp/event-store';
import {
  effectiveSettings,
  RULE_SETTINGS_ID,
  type PackSetting,
  type RuleSettingsState,
} from '../../domain/rule-settings/rule-settings-decider.js';
import type { SettingsAt } from '../../domain/rules/engine.js';
import { handleOptions, ruleSettingsAggregate, type CommandOptions, type CommandOutcome } from '../aggregates.js';

const CACHE_MS = 5_000;

/** A county's rule pack settings: one stream per county, read through a short cache by the engine. */
export class RuleSettingsService {
  private readonly handler: CommandHandler<
    Parameters<typeof ruleSettingsAggregate.decider.decide>[0],
    Parameters<typeof ruleSettingsAggregate.decider.evolve>[1],
    RuleSettingsState
  >;
  private readonly cache = new Map<string, { state: RuleSettingsState; version: number; loadedAt: number }>();

  constructor(
    store: EventStore,
    private readonly afterAppend: () => void = () => {},
    private readonly now: () => number = () => Date.now(),
  ) {
    this.handler = new CommandHandler(store, ruleSettingsAggregate);
  }

  async configure(
    countyCode: string,
    setting: PackSetting,
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    assertCountyCode(countyCode);
    const handled = await this.handler.handle(
      countyCode,
      RULE_SETTINGS_ID,
      { type: 'ConfigureRulePack', data: setting },
      context,
      handleOptions(options),
    );
    if (handled.records.length > 0) this.afterAppend();
    this.cache.delete(countyCode);
    return {
      aggregateId: RULE_SETTINGS_ID,
      version: handled.nextVersion,
      eventIds: handled.records.map((r) => r.eventId),
      ...(handled.replayed ? { replayed: true } : {}),
    };
  }

  async get(countyCode: string): Promise<{ state: RuleSettingsState; version: number }> {
    const cached = this.cache.get(countyCode);
    if (cached && this.now() - cached.loadedAt < CACHE_MS) return cached;
    const { state, version } = await this.handler.load(countyCode, RULE_SETTINGS_ID);
    const entry = { state, version, loadedAt: this.now() };
    this.cache.set(countyCode, entry);
    return entry;
  }

  /** The county's settings as the engine asks for them: per day. */
  async settingsAt(countyCode: string): Promise<SettingsAt> {
    const { state } = await this.get(countyCode);
    return (day) => effectiveSettings(state, day);
  }
}
