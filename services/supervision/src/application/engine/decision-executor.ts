import { assertNever, forEachConcurrently, type CommandContext } from '@lesp/core';
import { metrics } from '@lesp/observability';
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.js';
import { deadlineIdOf, type EngineDecision } from '../../domain/rules/engine.js';
import { systemActor } from '../aggregates.js';
import type { AlertCommands } from '../alerts/alert-commands.js';
import type { DeadlineTimerStore, NewDeadline } from '../timers/deadline-timers.js';
import type { Decided } from './decision-lanes.js';

/** The outcome label of `lesp_rule_evaluations_total` for each kind of decision. */
const RULE_OUTCOME: Record<EngineDecision['type'], string> = { raise: 'raise', 'start-deadline': 'start_deadline', cure: 'cure' };

/** Decisions of a batch carried out at once (alerts appended, deadlines started or cured), each alert's in order. */
export const DECISIONS_IN_FLIGHT = 16;

/** What caused a decision: its alert events' causation and correlation. */
export interface DecisionCause {
  readonly eventId: string;
  readonly correlationId: string;
}

export interface DecisionExecutorDeps {
  readonly alerts: AlertCommands;
  readonly timers: DeadlineTimerStore;
  readonly calendar: () => WorkingDayCalendar;
  readonly clock: () => Date;
  /** Called when a deadline was scheduled: it may be due already (acts recorded late). */
  readonly wakeTimers?: () => void;
}

/**
 * Carries out what the rules decided: alerts raised and resolved (appends to alert streams),
 * deadlines started and cured (timers). Every step is idempotent (alert ids derive from rule and
 * subject, timers are inserted once, a cure of nothing resolves nothing), so a batch judged again
 * after a crash changes nothing twice.
 */
export class DecisionExecutor {
  constructor(private readonly deps: () => DecisionExecutorDeps) {}

  /** In order, one at a time. */
  async execute(decisions: readonly EngineDecision[], cause: DecisionCause): Promise<void> {
    for (const decision of decisions) await this.executeOne(decision, cause);
  }

  /** One round of a batch's decisions (see DecisionLanes): its deadlines started in one insert, the rest side by side. */
  async executeRound(round: readonly Decided<EngineDecision, DecisionCause>[]): Promise<void> {
    const starts: Extract<EngineDecision, { type: 'start-deadline' }>[] = [];
    const others: Decided<EngineDecision, DecisionCause>[] = [];
    for (const decided of round) {
      if (decided.decision.type === 'start-deadline') starts.push(decided.decision);
      else others.push(decided);
    }
    await Promise.all([
      this.startDeadlines(starts),
      forEachConcurrently(others, DECISIONS_IN_FLIGHT, ({ decision, cause }) => this.executeOne(decision, cause)),
    ]);
  }

  private async startDeadlines(decisions: readonly Extract<EngineDecision, { type: 'start-deadline' }>[]): Promise<void> {
    if (decisions.length === 0) return;
    for (const decision of decisions) countDecision(decision);
    const { timers, clock, calendar } = this.deps();
    const started = await timers.scheduleDeadlines(decisions.map(newDeadlineOf), calendar(), clock());
    if (started.includes(true)) this.deps().wakeTimers?.();
  }

  private async executeOne(decision: EngineDecision, cause: DecisionCause): Promise<void> {
    const { alerts, timers, clock } = this.deps();
    countDecision(decision);
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
        const scheduled = await timers.scheduleDeadline(newDeadlineOf(decision), this.deps().calendar(), clock());
        if (scheduled) this.deps().wakeTimers?.();
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

/**
 * Counted as decided (a redelivered event is skipped before it is judged again; a crash
 * before its facts were stored judges it twice and counts it twice).
 */
function countDecision(decision: EngineDecision): void {
  metrics.ruleEvaluations.inc({ rule: decision.ruleId, outcome: RULE_OUTCOME[decision.type] });
}

function newDeadlineOf(decision: Extract<EngineDecision, { type: 'start-deadline' }>): NewDeadline {
  return {
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
  };
}
