import type { CommandContext } from '@lesp/core';
import { CommandHandler, type EventStore, type HandleOptions } from '@lesp/event-store';
import type {
  AutoPublishPoint,
  DecisionDisclosureEvent,
  DecisionForDisclosure,
  DisclosureCommand,
  DisclosureState,
  RetentionPolicy,
  ReviewVia,
} from '../domain/decision/decision-disclosure.js';
import { decisionDisclosureAggregate } from './decision-disclosure-aggregate.js';

export interface DisclosurePolicy {
  /** Where entries publish themselves without a reviewer (DISCLOSURE_AUTO_PUBLISH). */
  readonly autoPublishPoint: AutoPublishPoint;
  readonly retention: RetentionPolicy;
}

export interface CommandResult {
  readonly aggregateId: string;
  readonly version: number;
  readonly eventIds: readonly string[];
  readonly replayed: boolean;
}

/**
 * Commands on decision disclosures. One clock reading per command stamps both the command's
 * time (publication, refusal, withdrawal) and the events' occurred-at, which is what
 * supervision reads as the publication time; the policy comes from configuration.
 */
export class DisclosureCommands {
  private readonly handler: CommandHandler<DisclosureCommand, DecisionDisclosureEvent, DisclosureState>;

  constructor(
    store: EventStore,
    private readonly policy: DisclosurePolicy,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.handler = new CommandHandler(store, decisionDisclosureAggregate);
  }

  recordDecision(countyCode: string, decision: DecisionForDisclosure, context: CommandContext, options: HandleOptions = {}) {
    const { autoPublishPoint, retention } = this.policy;
    return this.run(
      countyCode,
      decision.actId,
      (at) => ({ type: 'RecordDecision', decision, autoPublishPoint, at, retention }),
      context,
      options,
    );
  }

  reachPublicationPoint(
    countyCode: string,
    actId: string,
    point: 'decision' | 'service',
    context: CommandContext,
    options: HandleOptions = {},
  ) {
    const { retention } = this.policy;
    return this.run(countyCode, actId, (at) => ({ type: 'ReachPublicationPoint', point, at, retention }), context, options);
  }

  /** Review and court outcomes keep their own time (when the body decided). */
  recordReviewOutcome(
    countyCode: string,
    actId: string,
    review: { via: ReviewVia; body: string; outcome: string; at: Date },
    context: CommandContext,
    options: HandleOptions = {},
  ) {
    return this.run(countyCode, actId, () => ({ type: 'RecordReviewOutcome', ...review }), context, options);
  }

  approve(countyCode: string, actId: string, agencyId: string, context: CommandContext, options: HandleOptions = {}) {
    const { retention } = this.policy;
    const reviewer = context.actor.userId;
    return this.run(countyCode, actId, (at) => ({ type: 'ApproveDisclosure', agencyId, reviewer, at, retention }), context, options);
  }

  refuse(countyCode: string, actId: string, agencyId: string, reason: string, context: CommandContext, options: HandleOptions = {}) {
    const reviewer = context.actor.userId;
    return this.run(countyCode, actId, (at) => ({ type: 'RefuseDisclosure', agencyId, reviewer, reason, at }), context, options);
  }

  withdraw(countyCode: string, actId: string, agencyId: string, reason: string, context: CommandContext, options: HandleOptions = {}) {
    const by = context.actor.userId;
    return this.run(countyCode, actId, (at) => ({ type: 'WithdrawDecision', agencyId, by, reason, at }), context, options);
  }

  markTypicalCase(countyCode: string, actId: string, agencyId: string, note: string, context: CommandContext, options: HandleOptions = {}) {
    const by = context.actor.userId;
    return this.run(countyCode, actId, (at) => ({ type: 'MarkTypicalCase', agencyId, by, note, at }), context, options);
  }

  private async run(
    countyCode: string,
    actId: string,
    command: (now: Date) => DisclosureCommand,
    context: CommandContext,
    options: HandleOptions,
  ): Promise<CommandResult> {
    const now = this.clock();
    const handled = await this.handler.handle(countyCode, actId, command(now), { ...context, occurredAt: now }, options);
    return {
      aggregateId: actId,
      version: handled.nextVersion,
      eventIds: handled.records.map((r) => r.eventId),
      replayed: handled.replayed,
    };
  }
}
