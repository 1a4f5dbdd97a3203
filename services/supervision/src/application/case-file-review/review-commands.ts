import { randomInt } from 'node:crypto';
import type { Collection } from 'mongodb';
import { assertAllowed, type Principal } from '@lesp/auth';
import {
  ConflictError,
  NotFoundError,
  ValidationError,
  assertCountyCode,
  assertIdentifier,
  idFromIdempotencyKey,
  newId,
  type CommandContext,
} from '@lesp/core';
import { CommandHandler, type AggregateType, type EventStore } from '@lesp/event-store';
import type { CaseFileReviewCommand, ProblemInput } from '../../domain/case-file-review/case-file-review-commands.js';
import {
  CASE_FILE_REVIEW_AGGREGATE,
  caseFileReviewDecider,
  type CaseFileReviewState,
} from '../../domain/case-file-review/case-file-review-decider.js';
import type { CaseFileReviewEvent } from '../../domain/case-file-review/case-file-review-events.js';
import { DEFAULT_CASE_FILE_CHECKLIST, type Checklist, type ItemAssessment } from '../../domain/case-file-review/checklist.js';
import {
  REVIEW_DEFINITION_AGGREGATE,
  nextRoundDueAt,
  reviewDefinitionDecider,
  type ReviewDefinitionCommand,
  type ReviewDefinitionEvent,
  type ReviewDefinitionState,
  type RoundCriteria,
} from '../../domain/case-file-review/review-definition.js';
import type { ReviewRecurrence } from '../../domain/case-file-review/review-schedule.js';
import type { SampleCriteria } from '../../domain/case-file-review/sample.js';
import { MAX_SEED, seedViolations } from '../../domain/shared/seeded-draw.js';
import type { SupervisionForm } from '../../domain/shared/supervision-forms.js';
import { handleOptions, systemActor, type CommandOptions, type CommandOutcome } from '../aggregates.js';
import { caseFileReviewCodec, reviewDefinitionCodec } from './review-codec.js';
import { candidateFiles, MAX_REVIEW_MONTHS, monthsOf, type ReviewableActDocument } from './reviewable-acts.js';
import type { ReviewRoundTimers } from './review-round-timers.js';

export const caseFileReviewAggregate: AggregateType<CaseFileReviewCommand, CaseFileReviewEvent, CaseFileReviewState> = {
  source: 'supervision',
  aggregateType: CASE_FILE_REVIEW_AGGREGATE,
  decider: caseFileReviewDecider,
  codec: caseFileReviewCodec,
};

export const reviewDefinitionAggregate: AggregateType<ReviewDefinitionCommand, ReviewDefinitionEvent, ReviewDefinitionState> = {
  source: 'supervision',
  aggregateType: REVIEW_DEFINITION_AGGREGATE,
  decider: reviewDefinitionDecider,
  codec: reviewDefinitionCodec,
};

export interface DefineReviewInput {
  readonly definitionId?: string;
  readonly title: string;
  readonly supervisionForm: SupervisionForm;
  readonly recurrence: ReviewRecurrence;
  readonly criteria: RoundCriteria;
  readonly checklist?: Checklist;
}

export interface OpenReviewInput {
  readonly reviewId?: string;
  readonly title: string;
  readonly supervisionForm: SupervisionForm;
  readonly criteria: SampleCriteria;
  readonly checklist?: Checklist;
}

export interface ReviewCommandDeps {
  readonly store: EventStore;
  readonly acts: () => Promise<Collection<ReviewableActDocument>>;
  readonly timers: ReviewRoundTimers;
  readonly afterAppend?: () => void;
  readonly clock?: () => Date;
  /** 0 … 2^32−1; crypto-random unless a test pins it. */
  readonly randomSeed?: () => number;
}

/** The review-round scheduler (timer and process manager) acts as this system actor. */
export const REVIEW_SCHEDULER = 'supervision-review-scheduler';

/**
 * Case-file review (案卷评查) commands. A supervisor defines a review (one-off or recurring);
 * a timer schedules each round once its period has ended; the scheduled round is opened as a
 * review by a process manager. A supervisor may also open a review directly. Draws take the
 * candidates from the reviewable-acts read model and a seed (the caller's, or a crypto-random
 * one), both recorded in the event.
 */
export class CaseFileReviewCommands {
  private readonly reviews: CommandHandler<CaseFileReviewCommand, CaseFileReviewEvent, CaseFileReviewState>;
  private readonly definitions: CommandHandler<ReviewDefinitionCommand, ReviewDefinitionEvent, ReviewDefinitionState>;
  private readonly clock: () => Date;
  private readonly afterAppend: () => void;
  private readonly randomSeed: () => number;

  constructor(private readonly deps: ReviewCommandDeps) {
    this.reviews = new CommandHandler(deps.store, caseFileReviewAggregate);
    this.definitions = new CommandHandler(deps.store, reviewDefinitionAggregate);
    this.clock = deps.clock ?? (() => new Date());
    this.afterAppend = deps.afterAppend ?? (() => {});
    this.randomSeed = deps.randomSeed ?? (() => randomInt(0, MAX_SEED + 1));
  }

  async define(
    principal: Principal,
    countyCode: string,
    input: DefineReviewInput,
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allow(principal, countyCode);
    const definitionId = this.idOf(countyCode, input.definitionId, 'review-definition', options);
    const command: ReviewDefinitionCommand = {
      type: 'DefineCaseFileReview',
      data: {
        definitionId,
        countyCode,
        title: input.title,
        supervisionForm: input.supervisionForm,
        recurrence: input.recurrence,
        criteria: input.criteria,
        checklist: input.checklist ?? DEFAULT_CASE_FILE_CHECKLIST,
        definedBy: context.actor.userId,
        definedAt: context.occurredAt,
      },
    };
    const handled = await this.definitions.handle(countyCode, definitionId, command, context, handleOptions(options));
    await this.scheduleNextRound(countyCode, definitionId, handled.state);
    return this.outcome(definitionId, handled);
  }

  async retire(
    principal: Principal,
    countyCode: string,
    definitionId: string,
    reason: string,
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allow(principal, countyCode);
    assertIdentifier(definitionId, 'definitionId');
    const command: ReviewDefinitionCommand = {
      type: 'RetireCaseFileReviewDefinition',
      data: { definitionId, reason, retiredAt: context.occurredAt },
    };
    const handled = await this.definitions.handle(countyCode, definitionId, command, context, handleOptions(options));
    await this.deps.timers.cancelDefinition(countyCode, definitionId);
    return this.outcome(definitionId, handled);
  }

  /**
   * The timer's step: schedules the round once its period has ended, then the next round's
   * timer. Firing twice (two replicas, a retry) schedules the round once.
   */
  async scheduleRound(countyCode: string, definitionId: string, roundNumber: number): Promise<void> {
    const reviewId = roundReviewId(countyCode, definitionId, roundNumber);
    const context: CommandContext = {
      actor: { ...systemActor(countyCode), userId: REVIEW_SCHEDULER },
      correlationId: reviewId,
      causationId: `review-round:${definitionId}:${roundNumber}`,
      occurredAt: this.clock(),
    };
    try {
      const handled = await this.definitions.handle(
        countyCode,
        definitionId,
        { type: 'ScheduleCaseFileReviewRound', data: { definitionId, reviewId, roundNumber, scheduledAt: context.occurredAt } },
        context,
        { idempotencyKey: `round-${roundNumber}` },
      );
      if (handled.records.length > 0) this.afterAppend();
      await this.scheduleNextRound(countyCode, definitionId, handled.state);
    } catch (error) {
      // Already scheduled, retired or exhausted: nothing is left to do for this timer.
      if (error instanceof ConflictError || error instanceof NotFoundError) return;
      throw error;
    }
  }

  /** The process manager's step: a scheduled round is opened as a review (once, whatever the redeliveries). */
  async openScheduledRound(
    round: Extract<ReviewDefinitionEvent, { type: 'CaseFileReviewRoundScheduled' }>['data'],
    causationId: string,
  ): Promise<void> {
    const context: CommandContext = {
      actor: { ...systemActor(round.countyCode), userId: REVIEW_SCHEDULER },
      correlationId: round.reviewId,
      causationId,
      occurredAt: round.scheduledAt,
    };
    try {
      const handled = await this.reviews.handle(
        round.countyCode,
        round.reviewId,
        {
          type: 'OpenCaseFileReview',
          data: {
            reviewId: round.reviewId,
            countyCode: round.countyCode,
            title: round.title,
            supervisionForm: round.supervisionForm,
            criteria: round.criteria,
            checklist: round.checklist,
            definitionId: round.definitionId,
            roundNumber: round.roundNumber,
            openedBy: REVIEW_SCHEDULER,
            openedAt: round.scheduledAt,
          },
        },
        context,
        { idempotencyKey: `open-round-${round.roundNumber}` },
      );
      if (handled.records.length > 0) this.afterAppend();
    } catch (error) {
      if (error instanceof ConflictError) return;
      throw error;
    }
  }

  async open(
    principal: Principal,
    countyCode: string,
    input: OpenReviewInput,
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allow(principal, countyCode);
    const reviewId = this.idOf(countyCode, input.reviewId, 'case-file-review', options);
    return this.run(
      countyCode,
      reviewId,
      {
        type: 'OpenCaseFileReview',
        data: {
          reviewId,
          countyCode,
          title: input.title,
          supervisionForm: input.supervisionForm,
          criteria: input.criteria,
          checklist: input.checklist ?? DEFAULT_CASE_FILE_CHECKLIST,
          openedBy: context.actor.userId,
          openedAt: context.occurredAt,
        },
      },
      context,
      options,
    );
  }

  /** Draws the sample from the county's closed files matching the review's criteria. */
  async draw(
    principal: Principal,
    countyCode: string,
    reviewId: string,
    request: { readonly seed?: number; readonly redrawReason?: string },
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allow(principal, countyCode);
    assertIdentifier(reviewId, 'reviewId');
    if (request.seed !== undefined) {
      const violations = seedViolations(request.seed);
      if (violations.length > 0) throw new ValidationError(violations);
    }
    const { state } = await this.reviews.load(countyCode, reviewId);
    if (state.status === 'none') throw new NotFoundError('CASE_FILE_REVIEW_NOT_FOUND', `案卷评查 ${reviewId} 不存在`);
    const { period } = state.criteria;
    if (monthsOf(period.from, period.to, MAX_REVIEW_MONTHS + 1).length > MAX_REVIEW_MONTHS) {
      throw ValidationError.of('criteria.period', 'REVIEW_PERIOD_TOO_LONG', `评查期间不能超过 ${MAX_REVIEW_MONTHS} 个月`);
    }
    const candidates = await candidateFiles(await this.deps.acts(), countyCode, state.criteria);
    const seed = request.seed ?? this.randomSeed();
    return this.run(
      countyCode,
      reviewId,
      {
        type: 'DrawCaseFileSample',
        data: {
          reviewId,
          seed,
          candidates,
          ...(request.redrawReason ? { redrawReason: request.redrawReason } : {}),
          drawnBy: context.actor.userId,
          drawnAt: context.occurredAt,
        },
      },
      context,
      options,
    );
  }

  async score(
    principal: Principal,
    countyCode: string,
    reviewId: string,
    fileId: string,
    input: { readonly assessments: readonly ItemAssessment[]; readonly problems: readonly ProblemInput[] },
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allow(principal, countyCode);
    assertIdentifier(reviewId, 'reviewId');
    assertIdentifier(fileId, 'fileId');
    return this.run(
      countyCode,
      reviewId,
      {
        type: 'ScoreCaseFile',
        data: {
          reviewId,
          fileId,
          assessments: input.assessments,
          problems: input.problems,
          reviewerId: context.actor.userId,
          scoredAt: context.occurredAt,
        },
      },
      context,
      options,
    );
  }

  async publish(
    principal: Principal,
    countyCode: string,
    reviewId: string,
    conclusion: string,
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allow(principal, countyCode);
    assertIdentifier(reviewId, 'reviewId');
    return this.run(
      countyCode,
      reviewId,
      {
        type: 'PublishCaseFileReviewSummary',
        data: { reviewId, conclusion, publishedBy: context.actor.userId, publishedAt: context.occurredAt },
      },
      context,
      options,
    );
  }

  /**
   * Refers an agency's problems for rectification. The notice's id follows from the review
   * and the agency, so a retry names the same notice; rectification issues it from the event.
   */
  async refer(
    principal: Principal,
    countyCode: string,
    reviewId: string,
    agencyId: string,
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome & { readonly rectificationId: string }> {
    this.allow(principal, countyCode);
    assertIdentifier(reviewId, 'reviewId');
    assertIdentifier(agencyId, 'agencyId');
    const rectificationId = idFromIdempotencyKey(countyCode, `case-file-review-referral:${reviewId}:${agencyId}`);
    const outcome = await this.run(
      countyCode,
      reviewId,
      { type: 'ReferReviewProblemsForRectification', data: { reviewId, agencyId, rectificationId, referredAt: context.occurredAt } },
      context,
      options,
    );
    return { ...outcome, rectificationId };
  }

  private allow(principal: Principal, countyCode: string): void {
    assertCountyCode(countyCode);
    assertAllowed(principal, 'supervision.case_file_review.manage', { countyCodes: [countyCode] }, this.clock());
  }

  private idOf(countyCode: string, given: string | undefined, kind: string, options: CommandOptions): string {
    if (given) {
      assertIdentifier(given, kind === 'review-definition' ? 'definitionId' : 'reviewId');
      return given;
    }
    return options.idempotencyKey ? idFromIdempotencyKey(countyCode, `${kind}:${options.idempotencyKey}`) : newId();
  }

  private async scheduleNextRound(countyCode: string, definitionId: string, state: ReviewDefinitionState): Promise<void> {
    const next = nextRoundDueAt(state);
    if (next) await this.deps.timers.schedule(countyCode, definitionId, next.roundNumber, next.dueAt, this.clock());
  }

  private async run(
    countyCode: string,
    reviewId: string,
    command: CaseFileReviewCommand,
    context: CommandContext,
    options: CommandOptions,
  ): Promise<CommandOutcome> {
    const handled = await this.reviews.handle(countyCode, reviewId, command, context, handleOptions(options));
    return this.outcome(reviewId, handled);
  }

  private outcome(
    aggregateId: string,
    handled: { readonly records: readonly { eventId: string }[]; readonly nextVersion: number; readonly replayed: boolean },
  ): CommandOutcome {
    if (handled.records.length > 0 && !handled.replayed) this.afterAppend();
    return {
      aggregateId,
      version: handled.nextVersion,
      eventIds: handled.records.map((r) => r.eventId),
      ...(handled.replayed ? { replayed: true } : {}),
    };
  }
}

/** The review a round opens: its id follows from the definition and the round, so the round opens once. */
export function roundReviewId(countyCode: string, definitionId: string, roundNumber: number): string {
  return idFromIdempotencyKey(countyCode, `case-file-review-round:${definitionId}:${roundNumber}`);
}
