import { describe, expect, it } from 'vitest';
import { checkStep, fenOf, openingViolations, type ActOpeningForm } from '../src/domain/act-form.js';
import { buildDashboard, disclosureOnTimeRate, lastTwelveMonths, monthOf, type AlertSummary } from '../src/domain/dashboard.js';
import { navigationFor } from '../src/domain/navigation.js';
import { agencyFilter, homeCounty, requireRole, viewerRegion, type ConsoleUser } from '../src/domain/scope.js';

const clerk: ConsoleUser = { subject: 'c', displayName: '张', role: 'agency_clerk', countyCode: '431103', agencyId: 'scjgj' };
const supervisor: ConsoleUser = { subject: 's', displayName: '刘', role: 'county_supervisor', countyCode: '431103' };
const viewer: ConsoleUser = { subject: 'v', displayName: '王', role: 'regional_viewer', regionCode: '4311' };
const now = new Date('2026-11-26T02:00:00Z');

describe('scope: the county and agency come from the signed-in user', () => {
  it('a clerk reads only their own county and agency', () => {
    expect(homeCounty(clerk)).toBe('431103');
    expect(agencyFilter(clerk, undefined)).toBe('scjgj');
    expect(agencyFilter(clerk, 'scjgj')).toBe('scjgj');
    expect(() => agencyFilter(clerk, 'zrzyj')).toThrow(expect.objectContaining({ code: 'CONSOLE_OTHER_AGENCY' }));
  });
  it('a supervisor reads any agency of their county; a viewer has no county but a region', () => {
    expect(agencyFilter(supervisor, 'zrzyj')).toBe('zrzyj');
    expect(agencyFilter(supervisor, undefined)).toBe('');
    expect(() => homeCounty(viewer)).toThrow(expect.objectContaining({ code: 'CONSOLE_NO_COUNTY' }));
    expect(viewerRegion(viewer)).toBe('4311');
    expect(() => viewerRegion(supervisor)).toThrow(expect.objectContaining({ code: 'CONSOLE_NO_REGION' }));
    expect(() => requireRole(viewer, 'county_supervisor')).toThrow(expect.objectContaining({ code: 'CONSOLE_ROLE_FORBIDDEN' }));
  });
  it('each role sees its own menu', () => {
    expect(navigationFor(clerk).map((n) => n.key)).toEqual(['acts', 'act-new', 'imports', 'rectifications']);
    expect(navigationFor(supervisor).map((n) => n.key)).toContain('dashboard');
    expect(navigationFor(viewer).map((n) => n.key)).toEqual(['region']);
  });
});

const opening: ActOpeningForm = {
  openedBy: 'filing',
  category: 'penalty',
  caseNumber: '冷市监罚〔2026〕1号',
  title: '销售过期食品案',
  officerIds: ['o-1', 'o-2'],
  occurredAt: '2026-11-20T09:00:00+08:00',
  target: { kind: 'legal_person', name: '冷水滩区某商行', creditCode: '91350100M000100Y43' },
};

describe('act forms validate as case intake does', () => {
  it('a well-formed opening passes; an irregular one (one officer) too', () => {
    expect(openingViolations(opening, now)).toEqual([]);
    expect(openingViolations({ ...opening, officerIds: ['o-1'] }, now)).toEqual([]);
  });
  it('names the field of each malformed value', () => {
    const fields = (form: ActOpeningForm) => openingViolations(form, now).map((v) => `${v.field}:${v.code}`);
    expect(fields({ ...opening, target: { ...opening.target, creditCode: '91350100M000100Y44' } })).toEqual([
      'target.creditCode:CREDIT_CODE_INVALID',
    ]);
    expect(fields({ ...opening, openedBy: 'application' })).toEqual(['openedBy:OPENING_NOT_IN_CATEGORY']);
    expect(fields({ ...opening, category: 'fishing' })).toEqual(['category:CATEGORY_UNKNOWN']);
    expect(fields({ ...opening, caseNumber: ' ', officerIds: [] })).toEqual(['caseNumber:FIELD_REQUIRED', 'officerIds:OFFICERS_REQUIRED']);
    expect(fields({ ...opening, officerIds: ['o-1', 'o-1'] })).toEqual(['officerIds:OFFICER_REPEATED']);
    expect(fields({ ...opening, occurredAt: '2027-01-01T00:00:00Z' })).toEqual(['occurredAt:TIME_IN_FUTURE']);
    expect(
      fields({ ...opening, target: { kind: 'natural_person', name: '张三', idNumber: '431103198512310022', phone: '12345' } }),
    ).toEqual(['target.idNumber:ID_NUMBER_INVALID', 'target.phone:PHONE_INVALID']);
  });
  it('decision amounts are typed in yuan and sent in fen; a first offence may not be fined', () => {
    expect(fenOf('5000')).toBe(500_000);
    expect(fenOf('12.5')).toBe(1250);
    expect(fenOf('')).toBe(0);
    expect(fenOf('-1')).toBeUndefined();
    expect(fenOf('1.234')).toBeUndefined();
    const decision = {
      type: 'DecisionMade',
      occurredAt: '2026-11-20T09:00:00+08:00',
      officerIds: ['o-1', 'o-2'],
      decisionNumber: '冷市监罚决〔2026〕1号',
      outcome: 'penalized',
      legalBasis: '《食品安全法》',
      fineYuan: '5000',
    };
    expect(checkStep(decision, 'penalty', now)).toEqual({ violations: [], fields: { fineFen: 500_000, confiscationFen: 0 } });
    expect(checkStep({ ...decision, outcome: 'granted' }, 'penalty', now).violations.map((v) => v.field)).toEqual(['outcome']);
    expect(checkStep({ ...decision, firstOffenceExempt: true }, 'penalty', now).violations.map((v) => v.code)).toEqual([
      'FIRST_OFFENCE_WITH_FINE',
    ]);
    expect(checkStep({ type: 'Nonsense', occurredAt: '' }, 'penalty', now).violations[0]!.code).toBe('STEP_UNKNOWN');
    expect(
      checkStep({ type: 'ActArchived', occurredAt: '2026-11-20T09:00:00+08:00' }, 'penalty', now).violations.map((v) => v.field),
    ).toEqual(['archiveNumber']);
  });
});

const alert = (over: Partial<AlertSummary>): AlertSummary => ({
  alertId: 'a',
  ruleId: 'fewer-than-two-officers',
  title: '执法人员不足两人',
  level: 'yellow',
  kind: 'real_time',
  status: 'open',
  agencyId: 'scjgj',
  subjectId: 'act-1',
  raisedAt: new Date('2026-11-01T00:00:00Z'),
  ...over,
});

describe('dashboard', () => {
  it('months in Beijing time, the last twelve oldest first', () => {
    expect(monthOf(new Date('2026-10-31T17:00:00Z'))).toBe('2026-11');
    expect(lastTwelveMonths(now)).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
  });
  it('disclosure on time: published less those published late, over published and never published', () => {
    expect(disclosureOnTimeRate(0, [])).toBeNull();
    const late = [
      alert({ ruleId: 'decision-not-disclosed', status: 'resolved' }),
      alert({ ruleId: 'decision-not-disclosed', status: 'open' }),
    ];
    expect(disclosureOnTimeRate(9, late)).toBe(8 / 10);
  });
  it('counts live alerts by rule, agency and level, overdue items and monthly trends', () => {
    const dashboard = buildDashboard({
      alerts: [
        alert({ alertId: 'a1' }),
        alert({ alertId: 'a2', agencyId: 'zrzyj', level: 'red', ruleId: 'officer-certificate-invalid', title: '执法人员无有效执法证' }),
        alert({ alertId: 'a3', agencyId: 'zrzyj' }),
        alert({ alertId: 'a4', status: 'resolved', raisedAt: new Date('2026-03-10T00:00:00Z') }),
        alert({
          alertId: 'a5',
          kind: 'deadline',
          ruleId: 'act-open-past-time-limit',
          title: '超期未办结',
          dueAt: new Date('2026-11-20T00:00:00Z'),
        }),
      ],
      rectifications: [
        { rectificationId: 'r1', agencyId: 'scjgj', status: 'awaiting_reply', overdue: true, issuedAt: new Date('2026-10-02T00:00:00Z') },
        { rectificationId: 'r2', agencyId: 'scjgj', status: 'closed', overdue: true, issuedAt: new Date('2026-10-03T00:00:00Z') },
      ],
      agencyNames: new Map([['zrzyj', '自然资源局']]),
      figures: { 'penalty.closingRate': 0.5, 'disclosure.penalty': 3 },
      truncated: false,
      now,
    });
    expect(dashboard.openAlerts).toBe(4);
    expect(dashboard.alertsByRule.map((r) => [r.ruleId, r.count])).toEqual([
      ['fewer-than-two-officers', 2],
      ['act-open-past-time-limit', 1],
      ['officer-certificate-invalid', 1],
    ]);
    expect(dashboard.alertsByAgency).toEqual([
      { agencyId: 'scjgj', name: 'scjgj', count: 2 },
      { agencyId: 'zrzyj', name: '自然资源局', count: 2 },
    ]);
    expect(dashboard.alertsByLevel).toEqual({ red: 1, yellow: 3, blue: 0 });
    expect(dashboard.overdue).toMatchObject({ rectifications: 1, deadlineAlerts: 1 });
    expect(dashboard.closingRate).toBe(0.5);
    expect(dashboard.disclosureOnTimeRate).toBe(1);
    expect(dashboard.trends.alerts.slice(-1)).toEqual([4]);
    expect(dashboard.trends.alerts[dashboard.months.indexOf('2026-03')]).toBe(1);
    expect(dashboard.trends.rectifications[dashboard.months.indexOf('2026-10')]).toBe(2);
  });
});
