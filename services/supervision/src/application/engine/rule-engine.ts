import type { Collection } from 'mongodb';
import {
  actEventCodec,
  agencyEventCodec,
  normativeDocumentEventCodec,
  officerEventCodec,
  personUnderCorrectionEventCodec,
  supervisionRegistryEventCodec,
  type ActEvent,
  type supervisionEventsV1,
} from '@lesp/contracts';
import { assertNever, forEachConcurrently, type CommandContext, type EventRecord } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';
import { metrics } from '@lesp/observability';
import { addCalendarDays, chinaDayOf, startOfChinaDay } from '../../domain/calendar/china-day.js';
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.js';
import {
  deadlineAlertMessage,
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
import { evolveActFacts, evolveOfficerFacts, officersOf, type ActFacts, type EventMeta } from '../../domain/rules/facts.js';
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
import { CollectionFactSink, FACT_INDEXES, factIds, FactsReader, FactsWriter, type FactDocument } from './facts-store.js';
import { migrateInspectionDaysToMonths } from './inspection-months.js';
import { FactBatch } from './fact-batch.js';
import { DecisionLanes } from './decision-lanes.js';
import { DECISIONS_IN_FLIGHT, DecisionExecutor, type DecisionCause } from './decision-executor.js';

/**
 * The public-disclosure service's event for a decision published on the portal (执法公示).
 * Its stream is the act's disclosure, aggregate id = the act id, occurred-at = the publication
 * time, so supervision needs only the envelope.
 */
export const DECISION_PUBLISHED = 'DecisionPublished';

/**
 * Where an act event's facts are read and written and its decisions go: straight to the
 * database (one event), or into a batch that reads ahead, writes once at its end and carries
 * out its decisions together (`applyBatch`).
 */
interface EngineUnit {
  readonly facts: FactsReader;
  readonly writer: FactsWriter;
  setVersioned(id: string, record: EventRecord, set: Partial<FactDocument>): Promise<unknown>;
  execute(decisions: readonly EngineDecision[], cause: DecisionCause): Promise<void>;
  /** Once the decisions made so far are carried out (a batch: all of its decisions), with the facts as stored then, not as read ahead. */
  afterDecisions(task: (stored: FactsReader) => Promise<void>): Promise<void>;
  /** Once the facts are stored (a batch: after its bulk write). */
  afterFacts(task: () => Promise<void>): Promise<void>;
}

/** The facts an act event is judged on besides its own, and what it changes. */
interface ActEventScope {
  readonly opening: boolean;
  readonly enterpriseInspection: boolean;
  readonly windowDays: number;
}

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
  private readonly decisions = new DecisionExecutor(() => this.bound);

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
    applyBatch: (records, target) => this.applyBatch(records, target),
    migrate: async (target) => {
      await migrateInspectionDaysToMonths(target);
    },
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
    const meta = metaOf(record);
    if (record.eventType === DECISION_PUBLISHED) {
      // Kept, so that a decision supervision hears of only after its publication is cured at once.
      await new FactsWriter(new CollectionFactSink(target)).disclosed(record.countyCode, record.aggregateId, meta);
      const act = await facts.actById(record.countyCode, record.aggregateId);
      const settingsAt = await this.bound.settings.settingsAt(record.countyCode);
      await this.execute(evaluateDisclosure(this.catalog, settingsAt, { actId: record.aggregateId, meta }, act?.openedAt), record);
      return;
    }
    if (isActEvent(record)) return this.applyAct(record, this.directUnit(target), meta);
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

  /**
   * Judges a batch of events in order, with the same outcome as `apply` on each: runs of act
   * events (nearly all of an import) go through a `FactBatch` and `DecisionLanes`; any other
   * event is applied on its own once the run before it is written, since act events read the
   * facts those write (officers, publications).
   */
  async applyBatch(records: readonly EventRecord[], target: Collection<FactDocument>): Promise<void> {
    let run: EventRecord[] = [];
    for (const record of records) {
      if (isActEvent(record)) {
        run.push(record);
        continue;
      }
      await this.applyActs(run, target);
      run = [];
      await this.apply(record, target);
    }
    await this.applyActs(run, target);
  }

  private async applyActs(records: readonly EventRecord[], target: Collection<FactDocument>): Promise<void> {
    if (records.length === 0) return;
    if (records.length === 1) return this.apply(records[0]!, target);
    const batch = new FactBatch(target);
    const lanes = new DecisionLanes<EngineDecision, DecisionCause>((decision) => decision.alertId);
    const afterDecisions: ((stored: FactsReader) => Promise<void>)[] = [];
    const afterFacts: (() => Promise<void>)[] = [];
    const unit: EngineUnit = {
      facts: new FactsReader(target, batch.lookup),
      writer: new FactsWriter(batch),
      setVersioned: (id, record, set) => batch.setVersioned(id, record, set),
      execute: async (decisions, cause) => lanes.add(decisions, cause),
      afterDecisions: async (task) => void afterDecisions.push(task),
      afterFacts: async (task) => void afterFacts.push(task),
    };
    const events = records.map((record) => actEventCodec.decode(record.eventType, record.schemaVersion, record.payload));
    await this.readAhead(records, events, unit);
    for (const [i, record] of records.entries()) await this.applyAct(record, unit, metaOf(record), events[i]);
    // Decisions before facts, as for one event: a batch stopped in between is judged again, and its decisions are idempotent.
    await lanes.run((round) => this.decisions.executeRound(round));
    const stored = new FactsReader(target);
    await forEachConcurrently(afterDecisions, DECISIONS_IN_FLIGHT, (task) => task(stored));
    await batch.flush();
    for (const task of afterFacts) await task();
  }

  /**
   * Reads, all at once, what the batch's act events will be judged on (their acts, officers,
   * the agency's month, enterprises inspected), so that the ordered pass that
   * follows finds them in the batch. The acts are folded here only to know what to read.
   */
  private async readAhead(records: readonly EventRecord[], events: readonly ActEvent[], unit: EngineUnit): Promise<void> {
    const actIds = [...new Set(records.map((record) => `act:${record.streamId}`))];
    const docs = new Map(await Promise.all(actIds.map(async (id) => [id, (await unit.facts.byId(id))?.act] as const)));
    const reads: Promise<unknown>[] = [];
    for (const [i, record] of records.entries()) {
      const id = `act:${record.streamId}`;
      const event = events[i]!;
      const act = evolveActFacts(docs.get(id), event, metaOf(record));
      docs.set(id, act);
      if (!act) continue;
      const scope = await this.scopeOf(record.countyCode, event, act);
      reads.push(this.readFacts(unit.facts, record.countyCode, event, act, scope));
    }
    await Promise.all(reads);
  }

  private async scopeOf(countyCode: string, event: ActEvent, act: ActFacts): Promise<ActEventScope> {
    const opening = event.type === 'CaseFiled' || event.type === 'ApplicationReceived';
    const enterpriseInspection = act.category === 'inspection' && act.target.enterprise && act.target.creditCode !== '';
    const settingsAt = await this.bound.settings.settingsAt(countyCode);
    const windowDays = settingsAt(chinaDayOf(act.openedAt)).params['repeatInspectionWindowDays'] ?? 30;
    return { opening, enterpriseInspection, windowDays };
  }

  private readFacts(facts: FactsReader, countyCode: string, event: ActEvent, act: ActFacts, scope: ActEventScope) {
    return Promise.all([
      facts.officers(countyCode, officersOf(event)),
      scope.enterpriseInspection && scope.opening
        ? facts.enterprise(countyCode, act.target.creditCode, act.openedAt, scope.windowDays)
        : Promise.resolve(undefined),
      scope.opening ? facts.activeInMonth(countyCode, act.agencyId, chinaDayOf(act.openedAt).slice(0, 7)) : Promise.resolve(false),
    ]);
  }

  private async applyAct(record: EventRecord, unit: EngineUnit, meta: EventMeta, decoded?: ActEvent): Promise<void> {
    const id = `act:${record.streamId}`;
    const doc = await unit.facts.byId(id);
    if (doc && (doc._v ?? 0) >= record.version) return;
    const event = decoded ?? actEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    const act = evolveActFacts(doc?.act, event, meta);
    if (!act) {
      await unit.setVersioned(id, record, { kind: 'act' });
      return;
    }
    const scope = await this.scopeOf(record.countyCode, event, act);
    const settingsAt = await this.bound.settings.settingsAt(record.countyCode);
    const [officers, enterprise, agencyActiveInMonth] = await this.readFacts(unit.facts, record.countyCode, event, act, scope);
    await unit.execute(
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
      // The publication may have come first (another topic, another partition): it cures the deadline just
      // started. Read once that deadline is started, as stored: a publication handled meanwhile (which stores
      // itself, then cures) is then seen here, or sees the deadline there.
      await unit.afterDecisions(async (stored) => {
        const disclosure = await stored.byId(factIds.disclosure(record.countyCode, act.actId));
        if (!disclosure?.disclosure) return;
        const published = { ...disclosure.disclosure, countyCode: record.countyCode };
        await this.execute(evaluateDisclosure(this.catalog, settingsAt, { actId: act.actId, meta: published }, act.openedAt), {
          eventId: published.eventId,
          correlationId: record.correlationId,
        });
      });
    }
    if (scope.opening) await unit.writer.actOpened(record.countyCode, act, scope.enterpriseInspection);
    await unit.setVersioned(id, record, { kind: 'act', act, agencyId: act.agencyId });
    // Once the act's month marker is stored: a period timer already due fires at once, and reads the markers.
    if (scope.opening) await unit.afterFacts(() => this.ensurePeriods(record.countyCode, act.openedAt));
  }

  /** One event's reads, writes and decisions, each at once. */
  private directUnit(target: Collection<FactDocument>): EngineUnit {
    return {
      facts: new FactsReader(target),
      writer: new FactsWriter(new CollectionFactSink(target)),
      setVersioned: (id, record, set) => applyVersioned(target, id, record, { $set: set }),
      execute: (decisions, cause) => this.execute(decisions, cause),
      afterDecisions: (task) => task(new FactsReader(target)),
      afterFacts: (task) => task(),
    };
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
        await new FactsWriter(new CollectionFactSink(target)).filing(record.countyCode, {
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

  /** Carries out the rules' decisions, in order. Each step is idempotent. */
  async execute(decisions: readonly EngineDecision[], cause: DecisionCause): Promise<void> {
    await this.decisions.execute(decisions, cause);
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

function isActEvent(record: EventRecord): boolean {
  return record.source === 'case-intake' && actEventCodec.handles(record.eventType);
}

function metaOf(record: EventRecord): EventMeta {
  return { eventId: record.eventId, countyCode: record.countyCode, occurredAt: record.occurredAt };
}
