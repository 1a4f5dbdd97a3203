import { randomInt } from 'node:crypto';
import type { Collection } from 'mongodb';
import { assertAllowed, type Principal } from '@lesp/auth';
import {
  NotFoundError,
  ValidationError,
  assertCountyCode,
  assertIdentifier,
  certificateValidAt,
  idFromIdempotencyKey,
  newId,
  type CommandContext,
} from '@lesp/core';
import { CommandHandler, type AggregateType, type EventStore } from '@lesp/event-store';
import { FactsReader, type FactDocument } from '../engine/facts-store.js';
import {
  RANDOM_INSPECTION_AGGREGATE,
  randomInspectionDecider,
  type InspectionOutcome,
  type RandomInspectionCommand,
  type RandomInspectionEvent,
  type RandomInspectionState,
  type RecusalRule,
  type TargetDrawSize,
} from '../../domain/random-inspection/index.js';
import { MAX_SEED, seedViolations } from '../../domain/shared/seeded-draw.js';
import type { Period } from '../../domain/shared/text-rules.js';
import { handleOptions, type CommandOptions, type CommandOutcome } from '../aggregates.js';
import { inspectionTargetCodec, randomInspectionCodec } from './inspection-codec.js';
import { registeredTargets, type TargetDocument } from './inspection-projections.js';
import {
  INSPECTION_TARGET_AGGREGATE,
  inspectionTargetDecider,
  type InspectionTargetCommand,
  type InspectionTargetEvent,
  type InspectionTargetState,
  type TargetKind,
} from './target-registry.js';

export const randomInspectionAggregate: AggregateType<RandomInspectionCommand, RandomInspectionEvent, RandomInspectionState> = {
  source: 'supervision',
  aggregateType: RANDOM_INSPECTION_AGGREGATE,
  decider: randomInspectionDecider,
  codec: randomInspectionCodec,
};

export const inspectionTargetAggregate: AggregateType<InspectionTargetCommand, InspectionTargetEvent, InspectionTargetState> = {
  source: 'supervision',
  aggregateType: INSPECTION_TARGET_AGGREGATE,
  decider: inspectionTargetDecider,
  codec: inspectionTargetCodec,
};

export interface PlanInput {
  readonly planId?: string;
  readonly title: string;
  readonly year: number;
  readonly leadAgencyId: string;
  readonly agencyIds: readonly string[];
  readonly matters: readonly string[];
  readonly targetDraw: TargetDrawSize;
  readonly inspectorsPerTarget: number;
  readonly officersPerAgency?: number;
  readonly recusal: RecusalRule;
  readonly period: Period;
}

export interface InspectionCommandDeps {
  readonly store: EventStore;
  readonly targets: () => Promise<Collection<TargetDocument>>;
  /** The rule engine's facts: the officer registry kept from case intake's officer events. */
  readonly facts: () => Promise<Collection<FactDocument>>;
  readonly afterAppend?: () => void;
  readonly clock?: () => Date;
  readonly randomSeed?: () => number;
}

/**
 * Random inspections (双随机、一公开): the target registry and the plans. A draw takes its
 * candidates from the registries (targets: supervision's own; inspectors: every officer of
 * the county with the certificate judged valid at the draw time) and a seed (the caller's,
 * or a crypto-random one), both recorded in the event.
 */
export class RandomInspectionCommands {
  private readonly plans: CommandHandler<RandomInspectionCommand, RandomInspectionEvent, RandomInspectionState>;
  private readonly targets: CommandHandler<InspectionTargetCommand, InspectionTargetEvent, InspectionTargetState>;
  private readonly clock: () => Date;
  private readonly afterAppend: () => void;
  private readonly randomSeed: () => number;

  constructor(private readonly deps: InspectionCommandDeps) {
    this.plans = new CommandHandler(deps.store, randomInspectionAggregate);
    this.targets = new CommandHandler(deps.store, inspectionTargetAggregate);
    this.clock = deps.clock ?? (() => new Date());
    this.afterAppend = deps.afterAppend ?? (() => {});
    this.randomSeed = deps.randomSeed ?? (() => randomInt(0, MAX_SEED + 1));
  }

  async registerTarget(
    principal: Principal,
    countyCode: string,
    input: {
      readonly targetId?: string;
      readonly name: string;
      readonly kind: TargetKind;
      readonly creditCode: string;
      readonly unitAgencyId?: string;
    },
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allow(principal, countyCode);
    const targetId = this.idOf(countyCode, input.targetId, 'inspection-target', 'targetId', options);
    const handled = await this.targets.handle(
      countyCode,
      targetId,
      {
        type: 'RegisterInspectionTarget',
        data: {
          targetId,
          name: input.name,
          kind: input.kind,
          creditCode: input.creditCode,
          ...(input.unitAgencyId ? { unitAgencyId: input.unitAgencyId } : {}),
          registeredBy: context.actor.userId,
          registeredAt: context.occurredAt,
        },
      },
      context,
      handleOptions(options),
    );
    return this.outcome(targetId, handled);
  }

  async plan(principal: Principal, countyCode: string, input: PlanInput, context: CommandContext, options: CommandOptions = {}) {
    this.allow(principal, countyCode);
    const planId = this.idOf(countyCode, input.planId, 'random-inspection', 'planId', options);
    const { planId: _given, ...rest } = input;
    void _given;
    return this.run(
      countyCode,
      planId,
      {
        type: 'PlanRandomInspection',
        data: { ...rest, planId, countyCode, plannedBy: context.actor.userId, plannedAt: context.occurredAt },
      },
      context,
      options,
    );
  }

  async publishPlan(principal: Principal, countyCode: string, planId: string, context: CommandContext, options: CommandOptions = {}) {
    this.allowPlan(principal, countyCode, planId);
    return this.run(
      countyCode,
      planId,
      { type: 'PublishInspectionPlan', data: { planId, publishedAt: context.occurredAt } },
      context,
      options,
    );
  }

  async drawTargets(
    principal: Principal,
    countyCode: string,
    planId: string,
    seed: number | undefined,
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allowPlan(principal, countyCode, planId);
    await this.existing(countyCode, planId);
    const candidates = await registeredTargets(await this.deps.targets(), countyCode);
    return this.run(
      countyCode,
      planId,
      {
        type: 'DrawInspectionTargets',
        data: { planId, seed: this.seedOf(seed), candidates, drawnBy: context.actor.userId, drawnAt: context.occurredAt },
      },
      context,
      options,
    );
  }

  async drawInspectors(
    principal: Principal,
    countyCode: string,
    planId: string,
    seed: number | undefined,
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allowPlan(principal, countyCode, planId);
    await this.existing(countyCode, planId);
    const drawnAt = context.occurredAt;
    const officers = await new FactsReader(await this.deps.facts()).allOfficers(countyCode);
    const candidates = officers.map((o) => ({
      officerId: o.officerId,
      agencyId: o.agencyId,
      certificateValid: certificateValidAt(o.certificateHistory, drawnAt),
    }));
    return this.run(
      countyCode,
      planId,
      { type: 'DrawInspectors', data: { planId, seed: this.seedOf(seed), candidates, drawnBy: context.actor.userId, drawnAt } },
      context,
      options,
    );
  }

  async recordResult(
    principal: Principal,
    countyCode: string,
    planId: string,
    input: {
      readonly targetId: string;
      readonly inspectorIds: readonly string[];
      readonly outcome: InspectionOutcome;
      readonly findings: string;
      readonly inspectedAt: Date;
    },
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allowPlan(principal, countyCode, planId);
    assertIdentifier(input.targetId, 'targetId');
    return this.run(
      countyCode,
      planId,
      { type: 'RecordInspectionResult', data: { ...input, planId, recordedBy: context.actor.userId } },
      context,
      options,
    );
  }

  /** Publishes the given results, or every recorded result not yet published. */
  async publishResults(
    principal: Principal,
    countyCode: string,
    planId: string,
    targetIds: readonly string[],
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allowPlan(principal, countyCode, planId);
    let ids = targetIds;
    if (ids.length === 0) {
      const state = await this.existing(countyCode, planId);
      ids = Object.keys(state.results).filter((id) => !state.publishedTargetIds.includes(id));
    }
    return this.run(
      countyCode,
      planId,
      { type: 'PublishInspectionResults', data: { planId, targetIds: ids, publishedAt: context.occurredAt } },
      context,
      options,
    );
  }

  private seedOf(seed: number | undefined): number {
    if (seed === undefined) return this.randomSeed();
    const violations = seedViolations(seed);
    if (violations.length > 0) throw new ValidationError(violations);
    return seed;
  }

  private async existing(countyCode: string, planId: string) {
    const { state } = await this.plans.load(countyCode, planId);
    if (state.status === 'none') throw new NotFoundError('INSPECTION_PLAN_NOT_FOUND', `抽查任务 ${planId} 不存在`);
    return state;
  }

  private allow(principal: Principal, countyCode: string): void {
    assertCountyCode(countyCode);
    assertAllowed(principal, 'supervision.random_inspection.manage', { countyCodes: [countyCode] }, this.clock());
  }

  private allowPlan(principal: Principal, countyCode: string, planId: string): void {
    this.allow(principal, countyCode);
    assertIdentifier(planId, 'planId');
  }

  private idOf(countyCode: string, given: string | undefined, kind: string, field: string, options: CommandOptions): string {
    if (given) {
      assertIdentifier(given, field);
      return given;
    }
    return options.idempotencyKey ? idFromIdempotencyKey(countyCode, `${kind}:${options.idempotencyKey}`) : newId();
  }

  private async run(
    countyCode: string,
    planId: string,
    command: RandomInspectionCommand,
    context: CommandContext,
    options: CommandOptions,
  ): Promise<CommandOutcome> {
    return this.outcome(planId, await this.plans.handle(countyCode, planId, command, context, handleOptions(options)));
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
