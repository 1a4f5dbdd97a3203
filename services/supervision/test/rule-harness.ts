import type { ActEvent, actEventsV1, OfficerEvent } from '@lesp/contracts';
import { chineseDaysYears } from '../src/adapters/calendar/chinese-days-seed.js';
import { chinaDayOf } from '../src/domain/calendar/china-day.js';
import { deadlineStages, WorkingDayCalendar, type AlertLevel } from '../src/domain/calendar/working-days.js';
import { effectiveSettings, type PackSetting } from '../src/domain/rule-settings/rule-settings-decider.js';
import {
  deadlineIdOf,
  evaluateActEvent,
  evaluateDisclosure,
  evaluateOfficerEvent,
  stageReached,
  type EngineDecision,
  type SettingsAt,
} from '../src/domain/rules/engine.js';
import {
  evolveActFacts,
  evolveOfficerFacts,
  type ActFacts,
  type EnterpriseFacts,
  type EventMeta,
  type OfficerFacts,
} from '../src/domain/rules/facts.js';
import { RULE_CATALOG } from '../src/domain/rules/rule-catalog.js';
import type { RuleDefinition } from '../src/domain/rules/rule.js';

export const COUNTY = '431103';
export const calendar = new WorkingDayCalendar(chineseDaysYears().map((y) => ({ ...y, version: 1 })));

/** China time: cst('2025-09-30', 10) is 10:00 on 30 September 2025 in China. */
export const cst = (day: string, hour = 9) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);

export const settingsOf =
  (settings: readonly PackSetting[] = []): SettingsAt =>
  (day) =>
    effectiveSettings({ settings }, day);

export function opening(overrides: Partial<actEventsV1.ActOpening> = {}): actEventsV1.ActOpening {
  return {
    actId: 'act-1',
    agencyId: 'scjgj',
    category: 'penalty',
    caseNumber: '冷市监罚〔2025〕12号',
    title: '某商行销售过期食品案',
    itemCode: 'XZCF-001',
    target: {
      kind: 'legal_person',
      name: '冷水滩区某商行',
      idNumber: '',
      creditCode: '91350100M000100Y43',
      phone: '',
      address: '',
      enterprise: true,
    },
    major: false,
    delegationId: '',
    officerIds: ['o-1', 'o-2'],
    occurredAt: cst('2025-09-01'),
    summary: '',
    delegationGap: '',
    ...overrides,
  };
}

export const filed = (overrides: Partial<actEventsV1.ActOpening> = {}): ActEvent => ({
  type: 'CaseFiled',
  data: { opening: opening(overrides) },
});
export const applied = (overrides: Partial<actEventsV1.ActOpening> = {}): ActEvent => ({
  type: 'ApplicationReceived',
  data: { opening: opening({ category: 'licensing', ...overrides }) },
});

export function decided(at: Date, overrides: Partial<actEventsV1.DecisionMade> = {}): ActEvent {
  return {
    type: 'DecisionMade',
    data: {
      decisionNumber: '冷市监罚决〔2025〕12号',
      outcome: 'penalized',
      legalBasis: '《中华人民共和国食品安全法》第一百二十四条',
      discretionBenchmark: '食品安全行政处罚裁量基准第3条',
      fineFen: 500000,
      confiscationFen: 0,
      firstOffenceExempt: false,
      lighterPenalty: '',
      content: '罚款五千元',
      officerIds: ['o-1', 'o-2'],
      occurredAt: at,
      ...overrides,
    },
  };
}

export function officerRegistered(officerId: string, at: Date, validUntil: Date, name = '张三'): OfficerEvent {
  return {
    type: 'OfficerRegistered',
    data: {
      officerId,
      agencyId: 'scjgj',
      name,
      idNumber: '',
      certificateNumber: `43110300${officerId}`,
      certificateValidUntil: validUntil,
      enforcementAreas: [],
      occurredAt: at,
    },
  };
}

export interface Given {
  readonly acts?: readonly ActEvent[];
  readonly officers?: readonly OfficerEvent[];
  readonly enterprise?: EnterpriseFacts;
  readonly settings?: readonly PackSetting[];
  readonly catalog?: readonly RuleDefinition[];
  /** Acts whose decisions were published, and when. */
  readonly disclosures?: readonly { actId: string; at: Date }[];
}

const metaOf = (i: number, at: Date): EventMeta => ({ eventId: `ev-${i}`, countyCode: COUNTY, occurredAt: at });
const timeOf = (event: ActEvent): Date =>
  (event.type === 'CaseFiled' || event.type === 'ApplicationReceived' ? event.data.opening?.occurredAt : event.data.occurredAt) ??
  new Date(0);

/** Every decision of the engine over the given events, in order (officers first, then acts, then disclosures). */
export function decisionsOf(given: Given): EngineDecision[] {
  const catalog = given.catalog ?? RULE_CATALOG;
  const settingsAt = settingsOf(given.settings);
  const officers = new Map<string, OfficerFacts>();
  const out: EngineDecision[] = [];
  (given.officers ?? []).forEach((event, i) => {
    const meta = metaOf(1000 + i, 'occurredAt' in event.data && event.data.occurredAt ? event.data.occurredAt : new Date(0));
    const officer = evolveOfficerFacts(officers.get(event.data.officerId), event, meta);
    if (!officer) return;
    officers.set(officer.officerId, officer);
    out.push(...evaluateOfficerEvent(catalog, settingsAt, { event, meta, officer }));
  });
  let act: ActFacts | undefined;
  (given.acts ?? []).forEach((event, i) => {
    const meta = metaOf(i + 1, timeOf(event));
    act = evolveActFacts(act, event, meta);
    if (!act) return;
    out.push(
      ...evaluateActEvent(catalog, settingsAt, {
        event,
        meta,
        act,
        officers,
        ...(given.enterprise ? { enterprise: given.enterprise } : {}),
      }),
    );
  });
  (given.disclosures ?? []).forEach((d, i) => {
    out.push(...evaluateDisclosure(catalog, settingsAt, { actId: d.actId, meta: metaOf(2000 + i, d.at) }, act?.openedAt));
  });
  return out;
}

export interface AlertAt {
  readonly ruleId: string;
  readonly ruleVersion: number;
  readonly level: AlertLevel;
  readonly kind: string;
  readonly subjectKey: string;
  readonly evidence: readonly string[];
  readonly message: string;
}

/**
 * The alerts standing at `now`: real-time raises, and deadlines at the level they reached by
 * `now` unless cured before (deadlines run on the working-day calendar).
 */
export function alertsAt(given: Given, now: Date): AlertAt[] {
  const decisions = decisionsOf(given);
  const cures = new Map<string, Date>();
  const disclosureTimes = new Map((given.disclosures ?? []).map((d, i) => [`ev-${2000 + i}`, d.at]));
  const actTimes = new Map((given.acts ?? []).map((e, i) => [`ev-${i + 1}`, timeOf(e)]));
  for (const d of decisions) {
    if (d.type !== 'cure') continue;
    const at = disclosureTimes.get(d.curingEventId) ?? actTimes.get(d.curingEventId) ?? new Date(0);
    cures.set(deadlineIdOf(d.countyCode, d.ruleId, d.subjectKey), at);
  }
  const alerts: AlertAt[] = [];
  for (const d of decisions) {
    if (d.type === 'raise') {
      const curedAt = cures.get(deadlineIdOf(d.countyCode, d.ruleId, d.subjectKey));
      if (curedAt && curedAt <= now) continue;
      alerts.push({
        ruleId: d.ruleId,
        ruleVersion: d.ruleVersion,
        level: d.level,
        kind: d.kind,
        subjectKey: d.subjectKey,
        evidence: d.evidence,
        message: d.message,
      });
    } else if (d.type === 'start-deadline') {
      const curedAt = cures.get(deadlineIdOf(d.countyCode, d.ruleId, d.subjectKey));
      const stopAt = curedAt && curedAt <= now ? curedAt : now;
      const reached = stageReached(deadlineStages(calendar, d.anchor, d.limit), stopAt);
      if (!reached || (curedAt && curedAt <= now)) continue;
      alerts.push({
        ruleId: d.ruleId,
        ruleVersion: d.ruleVersion,
        level: reached.level,
        kind: d.kind,
        subjectKey: d.subjectKey,
        evidence: d.evidence,
        message: d.message,
      });
    }
  }
  return alerts;
}

export const ids = (alerts: readonly { ruleId: string }[]) => alerts.map((a) => a.ruleId);
export { chinaDayOf };
