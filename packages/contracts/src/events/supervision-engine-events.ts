import { protobufEventCodec, type DomainEvent } from '@lesp/core';
import * as v1 from '../../generated/lesp/supervision/v1/events.js';

/** Alert (预警): raised by a rule, escalated as its deadline nears and passes, then closed. */
export type AlertEvent =
  | DomainEvent<'AlertRaised', v1.AlertRaised>
  | DomainEvent<'AlertEscalated', v1.AlertEscalated>
  | DomainEvent<'AlertAcknowledged', v1.AlertAcknowledged>
  | DomainEvent<'AlertResolved', v1.AlertResolved>
  | DomainEvent<'AlertDismissed', v1.AlertDismissed>;

/** Working-day calendar of a year (节假日与调休). */
export type WorkingCalendarEvent = DomainEvent<'WorkingCalendarReplaced', v1.WorkingCalendarReplaced>;

/** A county's rule pack settings. */
export type RuleSettingsEvent = DomainEvent<'RulePackConfigured', v1.RulePackConfigured>;

/** Supervision's registries: inspection filings, enterprise quiet days, zero-enforcement explanations. */
export type SupervisionRegistryEvent =
  | DomainEvent<'InspectionFiled', v1.InspectionFiled>
  | DomainEvent<'EnterpriseQuietDaysSet', v1.EnterpriseQuietDaysSet>
  | DomainEvent<'ZeroEnforcementExplained', v1.ZeroEnforcementExplained>;

const alertTable = {
  AlertRaised: { schemaVersion: 1, fns: v1.AlertRaised },
  AlertEscalated: { schemaVersion: 1, fns: v1.AlertEscalated },
  AlertAcknowledged: { schemaVersion: 1, fns: v1.AlertAcknowledged },
  AlertResolved: { schemaVersion: 1, fns: v1.AlertResolved },
  AlertDismissed: { schemaVersion: 1, fns: v1.AlertDismissed },
} as const;
const calendarTable = { WorkingCalendarReplaced: { schemaVersion: 1, fns: v1.WorkingCalendarReplaced } } as const;
const ruleSettingsTable = { RulePackConfigured: { schemaVersion: 1, fns: v1.RulePackConfigured } } as const;
const registryTable = {
  InspectionFiled: { schemaVersion: 1, fns: v1.InspectionFiled },
  EnterpriseQuietDaysSet: { schemaVersion: 1, fns: v1.EnterpriseQuietDaysSet },
  ZeroEnforcementExplained: { schemaVersion: 1, fns: v1.ZeroEnforcementExplained },
} as const;

export const alertEventCodec = protobufEventCodec<AlertEvent>(alertTable);
export const workingCalendarEventCodec = protobufEventCodec<WorkingCalendarEvent>(calendarTable);
export const ruleSettingsEventCodec = protobufEventCodec<RuleSettingsEvent>(ruleSettingsTable);
export const supervisionRegistryEventCodec = protobufEventCodec<SupervisionRegistryEvent>(registryTable);
