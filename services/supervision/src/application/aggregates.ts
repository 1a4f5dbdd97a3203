import {
  alertEventCodec,
  ruleSettingsEventCodec,
  supervisionRegistryEventCodec,
  workingCalendarEventCodec,
  type AlertEvent,
  type RuleSettingsEvent,
  type SupervisionRegistryEvent,
  type WorkingCalendarEvent,
} from '@lesp/contracts';
import type { AggregateType } from '@lesp/event-store';
import { ALERT_AGGREGATE, alertDecider, type AlertCommand, type AlertState } from '../domain/alert/alert-decider.js';
import { CALENDAR_AGGREGATE, calendarDecider, type CalendarCommand, type CalendarState } from '../domain/calendar/calendar-decider.js';
import { registryDecider, type RegistryCommand, type RegistryState } from '../domain/registry/registry-deciders.js';
import {
  RULE_SETTINGS_AGGREGATE,
  ruleSettingsDecider,
  type RuleSettingsCommand,
  type RuleSettingsState,
} from '../domain/rule-settings/rule-settings-decider.js';

/** The rule engine's aggregates, as the event store's command handler sees them. */
export const alertAggregate: AggregateType<AlertCommand, AlertEvent, AlertState> = {
  source: 'supervision',
  aggregateType: ALERT_AGGREGATE,
  decider: alertDecider,
  codec: alertEventCodec,
};

export const calendarAggregate: AggregateType<CalendarCommand, WorkingCalendarEvent, CalendarState> = {
  source: 'supervision',
  aggregateType: CALENDAR_AGGREGATE,
  decider: calendarDecider,
  codec: workingCalendarEventCodec,
};

export const ruleSettingsAggregate: AggregateType<RuleSettingsCommand, RuleSettingsEvent, RuleSettingsState> = {
  source: 'supervision',
  aggregateType: RULE_SETTINGS_AGGREGATE,
  decider: ruleSettingsDecider,
  codec: ruleSettingsEventCodec,
};

/** The three registries share a decider; each is its own stream type. */
export function registryAggregate(aggregateType: string): AggregateType<RegistryCommand, SupervisionRegistryEvent, RegistryState> {
  return { source: 'supervision', aggregateType, decider: registryDecider, codec: supervisionRegistryEventCodec };
}

/** The rule engine and the timers act as this system actor. */
export function systemActor(countyCode: string) {
  return { userId: 'supervision-rule-engine', role: 'service', countyCode };
}

export interface CommandOutcome {
  readonly aggregateId: string;
  readonly version: number;
  readonly eventIds: readonly string[];
  readonly replayed?: boolean;
}

export interface CommandOptions {
  readonly expectedVersion?: number;
  readonly idempotencyKey?: string;
}

export function handleOptions(options: CommandOptions): CommandOptions {
  return {
    ...(options.expectedVersion !== undefined ? { expectedVersion: options.expectedVersion } : {}),
    ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
  };
}
