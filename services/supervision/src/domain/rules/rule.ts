import type { ActEvent, OfficerEvent } from '@lesp/contracts';
import type { AlertKind } from '../alert/alert-decider.js';
import type { DayKey } from '../calendar/china-day.js';
import type { AlertLevel, TimeLimit } from '../calendar/working-days.js';
import type { PersonEvent } from '../corrections/person-events.js';
import type { PersonState } from '../corrections/person-decider.js';
import type { NormativeDocumentEvent } from '../normative-document/normative-document-events.js';
import type { NormativeDocumentState } from '../normative-document/normative-document-decider.js';
import type { ActFacts, EnterpriseFacts, EventMeta, OfficerFacts } from './facts.js';
import type { PackId } from './rule-packs.js';

/** What an alert is about. */
export interface Subject {
  readonly type: 'act' | 'officer' | 'agency' | 'enterprise' | 'normative_document' | 'person';
  readonly id: string;
}

/**
 * What a rule concludes. `subjectKey` names the irregularity within the rule (e.g. the act
 * id, or act + officer): the alert id is derived from county, rule id and subject key, so
 * the same irregularity seen twice is one alert.
 */
export type RuleOutcome =
  | {
      readonly type: 'raise';
      readonly subjectKey: string;
      readonly subject: Subject;
      readonly agencyId: string;
      readonly level: AlertLevel;
      readonly evidence: readonly string[];
      readonly message: string;
    }
  | {
      /** A deadline starts running: a timer raises the alert as it nears and passes. */
      readonly type: 'start-deadline';
      readonly subjectKey: string;
      readonly subject: Subject;
      readonly agencyId: string;
      readonly anchor: Date;
      readonly limit: TimeLimit;
      readonly evidence: readonly string[];
      readonly message: string;
    }
  | {
      /** The irregularity is cured: its deadline stops and its alert, if raised, is resolved. */
      readonly type: 'cure';
      readonly subjectKey: string;
      readonly curingEventId: string;
      readonly reason: string;
    };

export type Params = Readonly<Record<string, number>>;

export interface ActRuleInput {
  readonly event: ActEvent;
  readonly meta: EventMeta;
  /** The act's facts with this event applied. */
  readonly act: ActFacts;
  readonly officers: ReadonlyMap<string, OfficerFacts>;
  /** Inspections of enterprises only. */
  readonly enterprise?: EnterpriseFacts;
  /** The act's agency had already opened an act in the same month before this one (openings only). */
  readonly agencyActiveInMonth?: boolean;
  readonly params: Params;
}

/** The decision was published on the disclosure portal (public disclosure's DecisionPublished). */
export interface DisclosureInput {
  readonly actId: string;
  readonly meta: EventMeta;
}

export interface OfficerRuleInput {
  readonly event: OfficerEvent;
  readonly meta: EventMeta;
  readonly officer: OfficerFacts;
  readonly params: Params;
}

/** An event of a normative document (规范性文件) recorded by supervision, with the document before and after it. */
export interface NormativeDocumentInput {
  readonly event: NormativeDocumentEvent;
  readonly meta: EventMeta;
  readonly before: NormativeDocumentState;
  readonly after: NormativeDocumentState;
  readonly params: Params;
}

/** An event of a person under community correction (社区矫正对象), with the person before and after it. */
export interface PersonRuleInput {
  readonly event: PersonEvent;
  readonly meta: EventMeta;
  readonly before: PersonState;
  readonly after: PersonState;
  readonly params: Params;
}

export interface ExplanationInput {
  readonly agencyId: string;
  readonly period: string;
  readonly meta: EventMeta;
}

/** A period of a periodic rule: [start, endExclusive) in China days, with its key (2026-Q3). */
export interface PeriodWindow {
  readonly key: string;
  readonly start: DayKey;
  readonly endExclusive: DayKey;
}

export interface AgencyFacts {
  readonly agencyId: string;
  readonly name: string;
  readonly active: boolean;
  readonly registeredAt: Date;
}

export interface PeriodInput {
  readonly countyCode: string;
  readonly window: PeriodWindow;
  readonly agencies: readonly AgencyFacts[];
  /** Agencies with at least one act opened in the window. */
  readonly activeAgencyIds: ReadonlySet<string>;
  /** Agencies that explained zero enforcement for the window's key. */
  readonly explainedAgencyIds: ReadonlySet<string>;
  readonly officers: readonly OfficerFacts[];
  /** Persons under community correction of the county (for the corrections pack's monthly check). */
  readonly persons?: readonly PersonState[];
  readonly params: Params;
}

/**
 * A rule: declarative metadata (id, version, effective date, pack, kind) and pure
 * handlers for what it reacts to. A new version is a new definition with a later
 * `effectiveFrom`; an act is judged by the version in force on the day it was opened.
 */
export interface RuleDefinition {
  readonly id: string;
  readonly version: number;
  readonly effectiveFrom: DayKey;
  readonly packId: PackId;
  readonly kind: AlertKind;
  readonly title: string;
  readonly description: string;
  onAct?(input: ActRuleInput): readonly RuleOutcome[];
  onDisclosure?(input: DisclosureInput): readonly RuleOutcome[];
  onOfficer?(input: OfficerRuleInput): readonly RuleOutcome[];
  onExplanation?(input: ExplanationInput): readonly RuleOutcome[];
  onNormativeDocument?(input: NormativeDocumentInput): readonly RuleOutcome[];
  onPerson?(input: PersonRuleInput): readonly RuleOutcome[];
  readonly periodic?: {
    /** The window containing `day`. */
    windowOf(day: DayKey, params: Params): PeriodWindow;
    onPeriodEnd(input: PeriodInput): readonly RuleOutcome[];
  };
}
