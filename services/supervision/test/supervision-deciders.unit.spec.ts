import { describe, expect, it } from 'vitest';
import { deciderSpec } from '@lesp/core';
import type { supervisionEventsV1 } from '@lesp/contracts';
import { alertDecider } from '../src/domain/alert/alert-decider.js';
import { calendarDecider } from '../src/domain/calendar/calendar-decider.js';
import { WorkingDayCalendar, deadlineStages } from '../src/domain/calendar/working-days.js';
import { effectiveSettings, ruleSettingsDecider } from '../src/domain/rule-settings/rule-settings-decider.js';
import { registryDecider } from '../src/domain/registry/registry-deciders.js';
import { calendar, cst } from './rule-harness.js';

const raised: supervisionEventsV1.AlertRaised = {
  alertId: 'al-1',
  ruleId: 'decision-not-disclosed',
  ruleVersion: 1,
  packId: 'standard',
  kind: 'deadline',
  level: 'blue',
  agencyId: 'scjgj',
  subjectType: 'act',
  subjectId: 'act-1',
  evidenceEventIds: ['ev-1'],
  title: '执法决定未按期公示',
  message: '…',
  dueAt: cst('2025-10-17', 0),
};

describe('working-day calendar', () => {
  it('knows the 2025 National Day holiday and its adjusted working weekends (调休)', () => {
    expect(calendar.isWorkingDay('2025-10-01')).toBe(false);
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true); // Sunday worked
    expect(calendar.isWorkingDay('2025-10-11')).toBe(true); // Saturday worked
    expect(calendar.isWorkingDay('2025-10-12')).toBe(false);
    expect(calendar.addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(calendar.workingDaysBetween('2025-09-30', '2025-10-16')).toBe(7);
  });

  it('an amended year moves deadlines: a holiday added on 2025-10-09 pushes the 7th working day one day on', () => {
    const base = calendar.year(2025)!;
    const amended = new WorkingDayCalendar([{ ...base, holidays: [...base.holidays, '2025-10-09'], version: 2 }]);
    expect(amended.lastDayOf(cst('2025-09-30', 16), { amount: 7, unit: 'working_days' })).toBe('2025-10-17');
    expect(amended.stamp).not.toBe(new WorkingDayCalendar([base]).stamp);
  });

  it('stages: blue when two working days remain, yellow on the last day, red after it (China time)', () => {
    expect(deadlineStages(calendar, cst('2025-09-30', 16), { amount: 7, unit: 'working_days' })).toEqual([
      { level: 'blue', at: cst('2025-10-15', 0) },
      { level: 'yellow', at: cst('2025-10-16', 0) },
      { level: 'red', at: cst('2025-10-17', 0) },
    ]);
  });

  it('a late evening decision (after 16:00 UTC) counts from its China day', () => {
    expect(calendar.lastDayOf(new Date('2025-09-29T17:00:00Z'), { amount: 1, unit: 'working_days' })).toBe('2025-10-09');
  });
});

describe('calendar decider', () => {
  const replace = (holidays: string[], workdays: string[] = [], year = 2025) => ({
    type: 'ReplaceWorkingCalendar' as const,
    data: { year, holidays, workdays, source: '国务院办公厅通知', reason: '' },
  });

  it('replaces a year, and the same calendar again records nothing', () => {
    const event = {
      type: 'WorkingCalendarReplaced' as const,
      data: { year: 2025, holidays: ['2025-10-01'], workdays: ['2025-10-11'], source: '国务院办公厅通知', reason: '' },
    };
    deciderSpec(calendarDecider)
      .given([])
      .when(replace(['2025-10-01'], ['2025-10-11']))
      .then([event]);
    deciderSpec(calendarDecider)
      .given([event])
      .when(replace(['2025-10-01'], ['2025-10-11']))
      .then([]);
  });

  it('refuses days outside the year, a day both off and worked, and a weekday as 调休上班', () => {
    deciderSpec(calendarDecider)
      .given([])
      .when(replace(['2024-10-01']))
      .thenThrows('CALENDAR_DAY_OUTSIDE_YEAR', ['holidays[0]']);
    deciderSpec(calendarDecider)
      .given([])
      .when(replace(['2025-10-11'], ['2025-10-11']))
      .thenThrows('CALENDAR_DAY_BOTH', ['workdays[0]']);
    deciderSpec(calendarDecider)
      .given([])
      .when(replace([], ['2025-10-10']))
      .thenThrows('CALENDAR_WORKDAY_NOT_WEEKEND', ['workdays[0]']);
  });
});

describe('alert decider', () => {
  const spec = deciderSpec(alertDecider);
  const given = [{ type: 'AlertRaised' as const, data: raised }];

  it('raising twice is one alert; raising at a higher level escalates; levels never go down', () => {
    spec.given([]).when({ type: 'RaiseAlert', data: raised }).then(given);
    spec.given(given).when({ type: 'RaiseAlert', data: raised }).then([]);
    spec
      .given(given)
      .when({ type: 'EscalateAlert', data: { level: 'red', reason: '已超期' } })
      .then([{ type: 'AlertEscalated', data: { alertId: 'al-1', level: 'red', reason: '已超期' } }]);
    spec
      .given([...given, { type: 'AlertEscalated', data: { alertId: 'al-1', level: 'red', reason: '' } }])
      .when({ type: 'EscalateAlert', data: { level: 'yellow', reason: '' } })
      .then([]);
  });

  it('acknowledged, then resolved by a curing event; a cure after the close changes nothing', () => {
    spec
      .given(given)
      .when({ type: 'AcknowledgeAlert', data: { note: '已收到' } })
      .then([{ type: 'AlertAcknowledged', data: { alertId: 'al-1', note: '已收到' } }]);
    const resolved = { type: 'AlertResolved' as const, data: { alertId: 'al-1', curingEventId: 'ev-9', reason: '决定已公示' } };
    spec
      .given(given)
      .when({ type: 'ResolveAlert', data: { curingEventId: 'ev-9', reason: '决定已公示' } })
      .then([resolved]);
    spec
      .given([...given, resolved])
      .when({ type: 'ResolveAlert', data: { curingEventId: 'ev-10', reason: '' } })
      .then([]);
    spec
      .given([...given, resolved])
      .when({ type: 'EscalateAlert', data: { level: 'red', reason: '' } })
      .then([]);
    spec
      .given([...given, resolved])
      .when({ type: 'AcknowledgeAlert', data: { note: '' } })
      .thenThrows('ALERT_CLOSED');
  });

  it('dismissing needs a reason; an unknown alert cannot be dismissed', () => {
    spec
      .given(given)
      .when({ type: 'DismissAlert', data: { reason: ' ' } })
      .thenThrows('DISMISS_REASON_REQUIRED', ['reason']);
    spec
      .given([])
      .when({ type: 'DismissAlert', data: { reason: '系统误报' } })
      .thenThrows('ALERT_NOT_FOUND');
    spec
      .given(given)
      .when({ type: 'DismissAlert', data: { reason: '系统误报' } })
      .then([{ type: 'AlertDismissed', data: { alertId: 'al-1', reason: '系统误报' } }]);
  });
});

describe('rule settings', () => {
  it('a county sets 60 training hours from a date; before it, the default 40 applies', () => {
    const event = {
      type: 'RulePackConfigured' as const,
      data: { packId: 'standard', enabled: true, effectiveFrom: '2026-01-01', parameters: [{ name: 'trainingHoursPerYear', value: 60 }] },
    };
    deciderSpec(ruleSettingsDecider).given([]).when({ type: 'ConfigureRulePack', data: event.data }).then([event]);
    const state = ruleSettingsDecider.evolve(ruleSettingsDecider.initialState(), event);
    expect(effectiveSettings(state, '2025-12-31').params['trainingHoursPerYear']).toBe(40);
    expect(effectiveSettings(state, '2026-01-01').params['trainingHoursPerYear']).toBe(60);
    expect([...effectiveSettings(state, '2026-01-01').enabledPacks].sort()).toEqual([
      'community-corrections',
      'enterprise-inspection',
      'standard',
    ]);
  });

  it('refuses unknown packs, unknown parameters and values out of range, naming the field', () => {
    const configure = (data: object) => ({
      type: 'ConfigureRulePack' as const,
      data: { packId: 'standard', enabled: true, effectiveFrom: '2026-01-01', parameters: [], ...data },
    });
    deciderSpec(ruleSettingsDecider)
      .given([])
      .when(configure({ packId: 'nope' }))
      .thenThrows('RULE_PACK_UNKNOWN', ['packId']);
    deciderSpec(ruleSettingsDecider)
      .given([])
      .when(configure({ parameters: [{ name: 'x', value: 1 }] }))
      .thenThrows('RULE_PARAMETER_UNKNOWN', ['parameters[0].name']);
    deciderSpec(ruleSettingsDecider)
      .given([])
      .when(configure({ parameters: [{ name: 'trainingHoursPerYear', value: 0 }] }))
      .thenThrows('RULE_PARAMETER_RANGE', ['parameters[0].value']);
  });
});

describe('registries', () => {
  it('an inspection filing needs a valid credit code and an ordered period, and is filed once', () => {
    const data = {
      filingId: 'f-1',
      agencyId: 'scjgj',
      enterpriseCreditCode: '91350100M000100Y43',
      enterpriseName: '某商行',
      plannedFrom: cst('2025-09-01'),
      plannedTo: cst('2025-09-10'),
      purpose: '食品安全检查',
    };
    deciderSpec(registryDecider)
      .given([])
      .when({ type: 'FileInspection', data })
      .then([{ type: 'InspectionFiled', data }]);
    deciderSpec(registryDecider)
      .given([{ type: 'InspectionFiled', data }])
      .when({ type: 'FileInspection', data })
      .thenThrows('INSPECTION_ALREADY_FILED');
    deciderSpec(registryDecider)
      .given([])
      .when({ type: 'FileInspection', data: { ...data, enterpriseCreditCode: '123', plannedTo: cst('2025-08-01') } })
      .thenThrows('VALIDATION_FAILED', ['enterpriseCreditCode', 'plannedTo']);
  });

  it('quiet days are days of the month; a zero-enforcement explanation names its period', () => {
    deciderSpec(registryDecider)
      .given([])
      .when({
        type: 'SetEnterpriseQuietDays',
        data: { enterpriseCreditCode: '91350100M000100Y43', enterpriseName: '某商行', daysOfMonth: [32], reason: '' },
      })
      .thenThrows('QUIET_DAY_RANGE', ['daysOfMonth[0]']);
    deciderSpec(registryDecider)
      .given([])
      .when({ type: 'ExplainZeroEnforcement', data: { agencyId: 'a', period: '2025-13', explanation: '本季度无执法事项' } })
      .thenThrows('PERIOD_FORMAT', ['period']);
  });
});
