import { idFromIdempotencyKey } from '@lesp/core';
import type { AlertKind } from '../alert/alert-decider.js';
import { chinaDayOf, type DayKey } from '../calendar/china-day.js';
import { deadlineStages, type AlertLevel, type DeadlineStage } from '../calendar/working-days.js';
import type { EffectiveSettings } from '../rule-settings/rule-settings-decider.js';
import type {
  ActRuleInput,
  DisclosureInput,
  ExplanationInput,
  NormativeDocumentInput,
  OfficerRuleInput,
  PeriodInput,
  PersonRuleInput,
  RuleDefinition,
  RuleOutcome,
} from './rule.js';
import type { PackId } from './rule-packs.js';

/**
 * The rule engine (pure): picks the version of each rule in force for the fact's day,
 * keeps the rules of the packs the county enabled, and turns their outcomes into decisions
 * the application carries out (raise an alert, start a deadline, cure).
 */

export interface RuleRef {
  readonly ruleId: string;
  readonly ruleVersion: number;
  readonly packId: PackId;
  readonly kind: AlertKind;
  readonly title: string;
}

export type EngineDecision = RuleRef & { readonly alertId: string; readonly countyCode: string } & RuleOutcome;

/** Settings in force on a day (the county's packs and parameters). */
export type SettingsAt = (day: DayKey) => EffectiveSettings;

/** The version of each rule in force on `day` (latest effective date on or before it). */
export function rulesInForce(catalog: readonly RuleDefinition[], day: DayKey): readonly RuleDefinition[] {
  const byId = new Map<string, RuleDefinition>();
  for (const rule of catalog) {
    if (rule.effectiveFrom > day) continue;
    const current = byId.get(rule.id);
    if (
      !current ||
      rule.effectiveFrom > current.effectiveFrom ||
      (rule.effectiveFrom === current.effectiveFrom && rule.version > current.version)
    ) {
      byId.set(rule.id, rule);
    }
  }
  return [...byId.values()];
}

/** The alert of a rule and a subject in a county: the same irregularity seen twice is one alert. */
export function alertIdOf(countyCode: string, ruleId: string, subjectKey: string): string {
  return idFromIdempotencyKey(countyCode, `alert:${ruleId}:${subjectKey}`);
}

/** The deadline timer of a rule and a subject. */
export function deadlineIdOf(countyCode: string, ruleId: string, subjectKey: string): string {
  return `${countyCode}/${ruleId}/${subjectKey}`;
}

function decisions(
  countyCode: string,
  rule: RuleDefinition,
  outcomes: readonly RuleOutcome[],
  enabled: boolean,
): readonly EngineDecision[] {
  const ref: RuleRef = { ruleId: rule.id, ruleVersion: rule.version, packId: rule.packId, kind: rule.kind, title: rule.title };
  // A pack the county disabled raises nothing new; cures always apply (they only close what is open).
  return outcomes
    .filter((outcome) => enabled || outcome.type === 'cure')
    .map((outcome) => ({ ...ref, ...outcome, countyCode, alertId: alertIdOf(countyCode, rule.id, outcome.subjectKey) }));
}

type Handler<I> = (rule: RuleDefinition, input: I) => readonly RuleOutcome[] | undefined;

function run<I extends { params?: unknown }>(
  catalog: readonly RuleDefinition[],
  countyCode: string,
  day: DayKey,
  settingsAt: SettingsAt,
  handler: Handler<I>,
  input: Omit<I, 'params'>,
): readonly EngineDecision[] {
  const settings = settingsAt(day);
  return rulesInForce(catalog, day).flatMap((rule) => {
    const outcomes = handler(rule, { ...input, params: settings.params } as I) ?? [];
    return decisions(countyCode, rule, outcomes, settings.enabledPacks.has(rule.packId));
  });
}

/** An act event: judged by the rules in force on the day the act was opened. */
export function evaluateActEvent(
  catalog: readonly RuleDefinition[],
  settingsAt: SettingsAt,
  input: Omit<ActRuleInput, 'params'>,
): readonly EngineDecision[] {
  return run<ActRuleInput>(catalog, input.meta.countyCode, chinaDayOf(input.act.openedAt), settingsAt, (rule, i) => rule.onAct?.(i), input);
}

/** A decision published on the disclosure portal; `openedAt` of the act when supervision knows it. */
export function evaluateDisclosure(
  catalog: readonly RuleDefinition[],
  settingsAt: SettingsAt,
  input: DisclosureInput,
  openedAt: Date | undefined,
): readonly EngineDecision[] {
  const day = chinaDayOf(openedAt ?? input.meta.occurredAt);
  return run<DisclosureInput & { params: unknown }>(
    catalog,
    input.meta.countyCode,
    day,
    settingsAt,
    (rule, i) => rule.onDisclosure?.(i),
    input,
  );
}

export function evaluateOfficerEvent(
  catalog: readonly RuleDefinition[],
  settingsAt: SettingsAt,
  input: Omit<OfficerRuleInput, 'params'>,
): readonly EngineDecision[] {
  return run<OfficerRuleInput>(
    catalog,
    input.meta.countyCode,
    chinaDayOf(input.meta.occurredAt),
    settingsAt,
    (rule, i) => rule.onOfficer?.(i),
    input,
  );
}

export function evaluateExplanation(
  catalog: readonly RuleDefinition[],
  settingsAt: SettingsAt,
  input: ExplanationInput,
): readonly EngineDecision[] {
  return run<ExplanationInput & { params: unknown }>(
    catalog,
    input.meta.countyCode,
    chinaDayOf(input.meta.occurredAt),
    settingsAt,
    (rule, i) => rule.onExplanation?.(i),
    input,
  );
}

/** An event of a normative document: judged by the rules in force on the day the document was issued. */
export function evaluateNormativeDocumentEvent(
  catalog: readonly RuleDefinition[],
  settingsAt: SettingsAt,
  input: Omit<NormativeDocumentInput, 'params'>,
): readonly EngineDecision[] {
  const document = input.after.status !== 'none' ? input.after : input.before;
  const day = chinaDayOf(document.status !== 'none' ? document.issuedAt : input.meta.occurredAt);
  return run<NormativeDocumentInput>(catalog, input.meta.countyCode, day, settingsAt, (rule, i) => rule.onNormativeDocument?.(i), input);
}

/** An event of a person under community correction: judged by the rules in force on the day it happened. */
export function evaluatePersonEvent(
  catalog: readonly RuleDefinition[],
  settingsAt: SettingsAt,
  input: Omit<PersonRuleInput, 'params'>,
): readonly EngineDecision[] {
  return run<PersonRuleInput>(
    catalog,
    input.meta.countyCode,
    chinaDayOf(input.meta.occurredAt),
    settingsAt,
    (rule, i) => rule.onPerson?.(i),
    input,
  );
}

/** The end of a period of a periodic rule: judged by the version in force on the period's last day. */
export function evaluatePeriodEnd(
  catalog: readonly RuleDefinition[],
  ruleId: string,
  settingsAt: SettingsAt,
  input: Omit<PeriodInput, 'params'>,
  lastDay: DayKey,
): readonly EngineDecision[] {
  const settings = settingsAt(lastDay);
  const rule = rulesInForce(catalog, lastDay).find((r) => r.id === ruleId);
  if (!rule?.periodic) return [];
  return decisions(
    input.countyCode,
    rule,
    rule.periodic.onPeriodEnd({ ...input, params: settings.params }),
    settings.enabledPacks.has(rule.packId),
  );
}

/**
 * The level a deadline's alert should have at `now`: the highest stage reached, if any.
 * After downtime the timer fires once, at the level it has reached by then.
 */
export function stageReached(stages: readonly DeadlineStage[], now: Date): { index: number; level: AlertLevel } | undefined {
  let reached: { index: number; level: AlertLevel } | undefined;
  stages.forEach((stage, index) => {
    if (stage.at.getTime() <= now.getTime()) reached = { index, level: stage.level };
  });
  return reached;
}

export { deadlineStages };

const LEVEL_TEXT: Record<AlertLevel, string> = { blue: '即将到期', yellow: '今日到期', red: '已超期' };

/** The text of a deadline alert at a level. */
export function deadlineAlertMessage(message: string, level: AlertLevel, lastDay: DayKey): string {
  return `${message}（期限 ${lastDay}，${LEVEL_TEXT[level]}）`;
}
