import type { Collection } from 'mongodb';
import {
  actEventCodec,
  agencyEventCodec,
  normativeDocumentEventCodec,
  officerEventCodec,
  personUnderCorrectionEventCodec,
  supervisionRegistryEventCodec,
  type supervisionEventsV1,
} from '@lesp/contracts';
import { assertNever, type CommandContext, type EventRecord } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';
import { metrics } from '@lesp/observability';
import { addCalendarDays, chinaDayOf, startOfChinaDay } from '../../domain/calendar/china-day.js';
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.js';
import {
  deadlineAlertMessage,
  deadlineIdOf,
  evaluateActEvent,
  evaluateDisclosure,
  evaluateExplanation,
  evaluateNormativeDocumentEvent,
  evaluateOfficerEvent,
  evaluatePeriodEnd,
  evaluatePersonEvent,
  rulesInForce,
  type EngineDecision,
} from '../../domain/rules/engine.js';
import { evolveActFacts, evolveOfficerFacts, officersOf, type EventMeta } from '../../domain/rules/facts.js';
import { RULE_CATALOG } from '../../domain/rules/rule-catalog.js';
import type { RuleDefinition } from '../../domain/rules/rule.js';
import { personDecider } from '../../domain/corrections/person-decider.js';
import { normativeDocumentDecider } from '../../domain/normative-document/normative-document-decider.js';
import { correctionHoursBelowRequirement } from '../../domain/rules/correction-rules.js';
import { systemActor } from '../aggregates.js';
import { normativeDocumentCodec, personUnderCorrectionCodec } from '../governance/governance-codec.js';
import type { AlertCommands } from '../alerts/alert-commands.js';
import type { RuleSettingsService } from '../rules/rule-settings-service.js';
import type { DeadlineTimerStore, FiredStage, TimerDocument } from '../timers/deadline-timers.js';
import { FACT_INDEXES, factIds, FactsReader, FactsWriter, type FactDocument } from './facts-store.js';

/**
 * The public-disclosure service's event for a decision published on the portal (执法公示).
 * Its stream is the act's disclosure, aggregate id = the act id, occurred-at = the publication
 * time, so supervision needs only the envelope.
 */
export const DECISION_PUBLISHED = 'DecisionPublished';

/** The outcome label of `lesp_rule_evaluations_total` for each kind of decision. */
const RULE_OUTCOME: Record<EngineDecision['type'], string> = { raise: 'raise', 'start-deadline': 'start_deadline', cure: 'cure' };

export interface RuleEngineDeps {
  readonly alerts: AlertCommands;
  readonly timers: DeadlineTimerStore;
  readonly settings: RuleSettingsService;
  readonly calendar: () => WorkingDayCalendar;
  readonly clock: () => Date;
  /** The active facts collection, for timers that fire outside event delivery. */
  readonly facts: () => Promise<Collection<FactDocument>>;
  /** Called when a deadline was scheduled: it may be due already (acts recorded late). */
  readonly wakeTimers?: () => void;
  readonly catalog?: readonly RuleDefinition[];
}

/**
 * The rule engine as a projection of case intake's events (and supervision's own
 * registries and public disclosure's publications): for each event it reads the facts as
 * they stood before it, folds the event in, lets the rules decide, carries their decisions
 * out (all idempotent: alert ids derive from rule and subject, timers are insert-once), and
 * only then stores the new facts. A redelivered event finds its facts applied and is
 * skipped; a crash before the facts write re-evaluates and changes nothing twice.
 */
export class RuleEngine {
  private deps: RuleEngineDeps | undefined;
  private readonly scheduledPeriods = new Set<string>();

  readonly projection: Projection<FactDocument> = {
    name: 'supervision.rule-engine',
    readModel: 'rm_supervision_facts',
    indexes: FACT_INDEXES.map((index) => ({ ...index, key: { ...index.key } })),
    handles: (eventType) =>
      actEventCodec.handles(eventType) ||
      officerEventCodec.handles(eventType) ||
      agencyEventCodec.handles(eventType) ||
      supervisionRegistryEventCodec.handles(eventType) ||
      normativeDocumentEventCodec.handles(eventType) ||
      personUnderCorrectionEventCodec.handles(eventType) ||
      eventType === DECISION_PUBLISHED,
    apply: (record, target) => this.apply(record, target),
  };

  bind(deps: RuleEngineDeps): void {
    this.deps = deps;
  }

  private get bound(): RuleEngineDeps {
    if (!this.deps) throw new Error('rule engine not wired yet');
    return this.deps;
  }

  private get catalog(): readonly RuleDefinition[] {
    return this.bound.catalog ?? RULE_CATALOG;
  }

  async apply(record: EventRecord, target: Collection<FactDocument>): Promise<void> {
    const facts = new FactsReader(target);
    const meta: EventMeta = { eventId: record.eventId, countyCode: record.countyCode, occurredAt: record.occurredAt };
    if (record.eventType === DECISION_PUBLISHED) {
      // Kept, so that a decision supervision hears of only after its publication is cured at once.
      await new FactsWriter(target).disclosed(record.countyCode, record.aggregateId, meta);
      const act = await facts.actById(record.countyCode, record.aggregateId);
      const settingsAt = await this.bound.settings.settingsAt(record.countyCode);
      await this.execute(evaluateDisclosure(this.catalog, settingsAt, { actId: record.aggregateId, meta }, act?.openedAt), record);
      return;
    }
    if (record.source === 'case-intake' && actEventCodec.handles(record.eventType)) return this.applyAct(record, target, facts, meta);
    if (record.source === 'case-intake' && officerEventCodec.handles(record.eventType)) return this.applyOfficer(record, target, meta);
    if (record.source === 'case-intake' && agencyEventCodec.handles(record.eventType)) return this.applyAgency(record, target);
    if (record.source === 'supervision' && supervisionRegistryEventCodec.handles(record.eventType))
      return this.applyRegistry(record, target, meta);
    if (record.source === 'supervision' && normativeDocumentEventCodec.handles(record.eventType))
      return this.applyNormativeDocument(record, target, facts, meta);
    if (record.source === 'supervision' && personUnderCorrectionEventCodec.handles(record.eventType))
      return this.applyPerson(record, target, facts, meta);
  }

  /** A person under community correction (the corrections pack), folded by the person decider. */
  private async applyPerson(record: EventRecord, target: Collection<FactDocument>, facts: FactsReader, meta: EventMeta): Promise<void> {
    const id = `person:${record.streamId}`;
    const doc = await facts.byId(id);
    if (doc && (doc._v ?? 0) >= record.version) return;
    const event = personUnderCorrectionCodec.decode(record.eventType, record.schemaVersion, record.payload);
    const before = doc?.person ?? personDecider.initialState();
    const after = personDecider.evolve(before, event);
    const settingsAt = await this.bound.settings.settingsAt(record.countyCode);
    await this.execute(evaluatePersonEvent(this.catalog, settingsAt, { event, meta, before, after }), record);
    await applyVersioned(target, id, record, { $set: { kind: 'person', person: after } });
    await this.ensurePeriods(record.countyCode, meta.occurredAt);
  }

  /** A normative document's events, folded by its own decider: the filing deadlines start, are cured and restart. */
  private async applyNormativeDocument(
    record: EventRecord,
    target: Collection<FactDocument>,
    facts: FactsReader,
    meta: EventMeta,
  ): Promise<void> {
    const id = `normative:${record.streamId}`;
    const doc = await facts.byId(id);
    if (doc && (doc._v ?? 0) >= record.version) return;
    const event = normativeDocumentCodec.decode(record.eventType, record.schemaVersion, record.payload);
    const before = doc?.normativeDocument ?? normativeDocumentDecider.initialState();
    const after = normativeDocumentDecider.evolve(before, event);
    const settingsAt = await this.bound.settings.settingsAt(record.countyCode);
    await this.execute(evaluateNormativeDocumentEvent(this.catalog, settingsAt, { event, meta, before, after }), record);
    await applyVersioned(target, id, record, { $set: { kind: 'normative_document', normativeDocument: after } });
  }

  private async applyAct(record: EventRecord, target: Collection<FactDocument>, facts: FactsReader, meta: EventMeta): Promise<void> {
    const id = `act:${record.streamId}`;
    const doc = await facts.byId(id);
    if (doc && (doc._v ?? 0) >= record.version) return;
    const event = actEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    const act = evolveActFacts(doc?.act, event, meta);
    if (!act) {
      await applyVersioned(target, id, record, { $set: { kind: 'act' } });
      return;
    }
    const opening = event.type === 'CaseFiled' || event.type === 'ApplicationReceived';
    const enterpriseInspection = act.category === 'inspection' && act.target.enterprise && act.target.creditCode !== '';
    const settingsAt = await this.bound.settings.settingsAt(record.countyCode);
    const windowDays = settingsAt(chinaDayOf(act.openedAt)).params['repeatInspectionWindowDays'] ?? 30;
    const [officers, enterprise, agencyActiveInMonth] = await Promise.all([
      facts.officers(record.countyCode, officersOf(event)),
      enterpriseInspection && opening
        ? facts.enterprise(record.countyCode, act.target.creditCode, act.openedAt, windowDays)
        : Promise.resolve(undefined),
      opening ? facts.activeInMonth(record.countyCode, act.agencyId, chinaDayOf(act.openedAt).slice(0, 7)) : Promise.resolve(false),
    ]);
    await this.execute(
      evaluateActEvent(this.catalog, settingsAt, {
        event,
        meta,
        act,
        officers,
        agencyActiveInMonth,
        ...(enterprise ? { enterprise } : {}),
      }),
      record,
    );
    if (event.type === 'DecisionMade') {
      // The publication may have come first (another topic, another partition): it cures the deadline just started.
      const disclosure = await facts.byId(factIds.disclosure(record.countyCode, act.actId));
      if (disclosure?.disclosure) {
        const published = { ...disclosure.disclosure, countyCode: record.countyCode };
        await this.execute(evaluateDisclosure(this.catalog, settingsAt, { actId: act.actId, meta: published }, act.openedAt), {
          eventId: published.eventId,
          correlationId: record.correlationId,
        });
      }
    }
    if (opening) await new FactsWriter(target).actOpened(record.countyCode, act, enterpriseInspection);
    await applyVersioned(target, id, record, { $set: { kind: 'act', act, agencyId: act.agencyId } });
    if (opening) await this.ensurePeriods(record.countyCode, act.openedAt);
  }

  private async applyOfficer(record: EventRecord, target: Collection<FactDocument>, meta: EventMeta): Promise<void> {
    const id = `officer:${record.streamId}`;
    const doc = await target.findOne({ _id: id });
    if (doc && (doc._v ?? 0) >= record.version) return;
    const event = officerEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    const officer = evolveOfficerFacts(doc?.officer, event, meta);
    if (officer) {
      const settingsAt = await this.bound.settings.settingsAt(record.countyCode);
      await this.execute(evaluateOfficerEvent(this.catalog, settingsAt, { event, meta, officer }), record);
      await this.ensurePeriods(record.countyCode, meta.occurredAt);
    }
    await applyVersioned(target, id, record, {
      $set: { kind: 'officer', ...(officer ? { officer, officerId: officer.officerId, agencyId: officer.agencyId } : {}) },
    });
  }

  private async applyAgency(record: EventRecord, target: Collection<FactDocument>): Promise<void> {
    const id = `agency:${record.streamId}`;
    const event = agencyEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    switch (event.type) {
      case 'AgencyRegistered':
        await applyVersioned(target, id, record, {
          $set: {
            kind: 'agency',
            agencyId: event.data.agencyId,
            agency: { agencyId: event.data.agencyId, name: event.data.name, active: true, registeredAt: record.occurredAt },
          },
        });
        await this.ensurePeriods(record.countyCode, record.occurredAt);
        return;
      case 'AgencyUpdated': {
        const doc = await target.findOne({ _id: id });
        if (!doc?.agency) return;
        await applyVersioned(target, id, record, { $set: { agency: { ...doc.agency, name: event.data.name } } });
        return;
      }
      case 'AgencySuspended':
      case 'AgencyReinstated': {
        const doc = await target.findOne({ _id: id });
        if (!doc?.agency) return;
        await applyVersioned(target, id, record, { $set: { agency: { ...doc.agency, active: event.type === 'AgencyReinstated' } } });
        return;
      }
      case 'PowerItemAdded':
      case 'PowerItemRetired':
      case 'DelegationGranted':
      case 'DelegationEnded':
        // Delegation gaps come with the act (case intake records them); nothing to keep here.
        return;
      default:
        assertNever(event, 'agency event');
    }
  }

  private async applyRegistry(record: EventRecord, target: Collection<FactDocument>, meta: EventMeta): Promise<void> {
    const event = supervisionRegistryEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    switch (event.type) {
      case 'InspectionFiled': {
        const d = event.data;
        await new FactsWriter(target).filing(record.countyCode, {
          filingId: d.filingId,
          agencyId: d.agencyId,
          creditCode: d.enterpriseCreditCode,
          plannedFrom: d.plannedFrom ?? record.occurredAt,
          plannedTo: d.plannedTo ?? record.occurredAt,
          filedAt: record.occurredAt,
        });
        return;
      }
      case 'EnterpriseQuietDaysSet':
        await applyVersioned(target, factIds.quiet(record.countyCode, event.data.enterpriseCreditCode), record, {
          $set: { kind: 'quiet', daysOfMonth: [...event.data.daysOfMonth] },
        });
        return;
      case 'ZeroEnforcementExplained': {
        const settingsAt = await this.bound.settings.settingsAt(record.countyCode);
        await this.execute(
          evaluateExplanation(this.catalog, settingsAt, { agencyId: event.data.agencyId, period: event.data.period, meta }),
          record,
        );
        await applyVersioned(target, `explanation:${record.streamId}`, record, {
          $set: { kind: 'explanation', agencyId: event.data.agencyId, period: event.data.period },
        });
        return;
      }
      default:
        assertNever(event, 'registry event');
    }
  }

  /** Every periodic rule has a timer at the end of the period containing `at`, per county. */
  private async ensurePeriods(countyCode: string, at: Date): Promise<void> {
    const day = chinaDayOf(at);
    const settingsAt = await this.bound.settings.settingsAt(countyCode);
    const now = this.bound.clock();
    for (const rule of rulesInForce(this.catalog, day)) {
      if (!rule.periodic) continue;
      const window = rule.periodic.windowOf(day, settingsAt(day).params);
      const key = `${countyCode}/${rule.id}/${window.key}`;
      if (this.scheduledPeriods.has(key)) continue;
      await this.bound.timers.schedulePeriod(countyCode, rule.id, window, startOfChinaDay(window.endExclusive), now);
      this.scheduledPeriods.add(key);
    }
  }

  /** Carries out the rules' decisions. Each step is idempotent. */
  async execute(decisions: readonly EngineDecision[], cause: { eventId: string; correlationId: string }): Promise<void> {
    const { alerts, timers, clock } = this.bound;
    for (const decision of decisions) {
      // Counted as decided (a redelivered event is skipped before it is judged again; a crash
      // before its facts were stored judges it twice and counts it twice).
      metrics.ruleEvaluations.inc({ rule: decision.ruleId, outcome: RULE_OUTCOME[decision.type] });
      const context: CommandContext = {
        actor: systemActor(decision.countyCode),
        correlationId: cause.correlationId,
        causationId: cause.eventId,
        occurredAt: clock(),
      };
      switch (decision.type) {
        case 'raise':
          await alerts.raise(
            decision.countyCode,
            {
              alertId: decision.alertId,
              ruleId: decision.ruleId,
              ruleVersion: decision.ruleVersion,
              packId: decision.packId,
              kind: decision.kind,
              level: decision.level,
              agencyId: decision.agencyId,
              subjectType: decision.subject.type,
              subjectId: decision.subject.id,
              evidenceEventIds: [...decision.evidence],
              title: decision.title,
              message: decision.message,
              dueAt: undefined,
            },
            context,
          );
          break;
        case 'start-deadline': {
          const scheduled = await timers.scheduleDeadline(
            {
              _id: deadlineIdOf(decision.countyCode, decision.ruleId, decision.subjectKey),
              countyCode: decision.countyCode,
              ruleId: decision.ruleId,
              ruleVersion: decision.ruleVersion,
              packId: decision.packId,
              kind: decision.kind,
              title: decision.title,
              alertId: decision.alertId,
              agencyId: decision.agencyId,
              subject: decision.subject,
              evidence: [...decision.evidence],
              message: decision.message,
              anchor: decision.anchor,
              amount: decision.limit.amount,
              unit: decision.limit.unit,
            },
            this.bound.calendar(),
            clock(),
          );
          if (scheduled) this.bound.wakeTimers?.();
          break;
        }
        case 'cure':
          // A deadline stopped before its first stage raised nothing: there is no alert to resolve.
          if ((await timers.cancel(deadlineIdOf(decision.countyCode, decision.ruleId, decision.subjectKey))) === 'unfired') break;
          await alerts.resolve(decision.countyCode, decision.alertId, decision.curingEventId, decision.reason, context);
          break;
        default:
          assertNever(decision, 'engine decision');
      }
    }
  }

  /** Fires one stage of a durable timer (deadline or period end). Idempotent per timer and stage. */
  async fire(timer: TimerDocument, stage: FiredStage): Promise<void> {
    const { alerts, clock } = this.bound;
    const context: CommandContext = {
      actor: systemActor(timer.countyCode),
      correlationId: timer._id,
      causationId: `${timer._id}#${stage.index}`,
      occurredAt: clock(),
    };
    if (timer.type === 'deadline') {
      metrics.ruleEvaluations.inc({ rule: timer.ruleId, outcome: 'deadline_stage' });
      const data: supervisionEventsV1.AlertRaised = {
        alertId: timer.alertId,
        ruleId: timer.ruleId,
        ruleVersion: timer.ruleVersion,
        packId: timer.packId,
        kind: timer.kind,
        level: stage.level,
        agencyId: timer.agencyId,
        subjectType: timer.subject.type,
        subjectId: timer.subject.id,
        evidenceEventIds: timer.evidence,
        title: timer.title,
        message: deadlineAlertMessage(timer.message, stage.level, timer.lastDay),
        dueAt: timer.dueAt,
      };
      await alerts.raise(timer.countyCode, data, context, `timer:${timer._id}#${stage.index}`);
      return;
    }
    const facts = new FactsReader(await this.bound.facts());
    const { countyCode, window } = timer;
    const lastDay = addCalendarDays(window.endExclusive, -1);
    const to = startOfChinaDay(window.endExclusive);
    const agencies = timer.ruleId === 'zero-enforcement-unexplained' ? await facts.agencies(countyCode) : [];
    const active = new Set<string>();
    const explained = new Set<string>();
    for (const agency of agencies) {
      if (await facts.hadActs(countyCode, agency.agencyId, window)) active.add(agency.agencyId);
      else if (await facts.explained(countyCode, agency.agencyId, window.key)) explained.add(agency.agencyId);
    }
    const input = {
      countyCode,
      window,
      agencies,
      activeAgencyIds: active,
      explainedAgencyIds: explained,
      officers: timer.ruleId === 'officer-training-hours-below-minimum' ? await facts.allOfficers(countyCode) : [],
      persons: timer.ruleId === correctionHoursBelowRequirement.id ? await facts.allPersons(countyCode) : [],
    };
    const settingsAt = await this.bound.settings.settingsAt(countyCode);
    await this.execute(evaluatePeriodEnd(this.catalog, timer.ruleId, settingsAt, input, lastDay), {
      eventId: context.causationId,
      correlationId: context.correlationId,
    });
    await this.ensurePeriods(countyCode, to);
  }
}
