import { assertAllowed, type Principal } from '@lesp/auth';
import type { actEventsV1 } from '@lesp/contracts';
import {
  NotFoundError,
  ValidationError,
  assertCountyCode,
  assertIdentifier,
  idFromIdempotencyKey,
  newId,
  type CommandContext,
} from '@lesp/core';
import { CommandHandler, type EventStore, type HandleOptions } from '@lesp/event-store';
import type { ActStep, OpenedBy } from '../../domain/act/act-commands.js';
import { actAggregate } from './act-aggregate.js';
import { agencyAggregate } from '../agency-aggregate.js';
import { delegationGapOf } from '../../domain/agency/delegation-coverage.js';
import type { RegistryLookup } from './registry-lookup.js';

/**
 * A time no JavaScript date can hold (a gRPC Timestamp beyond ±8.64e15 ms decodes to an
 * Invalid Date) is refused here: the event encoder would fail on it (a 500).
 */
function assertValidTimes(data: object): void {
  for (const [field, value] of Object.entries(data)) {
    if (value instanceof Date && Number.isNaN(value.getTime())) throw ValidationError.of(field, 'TIME_INVALID', '不是有效的日期时间');
  }
}

export interface CommandOutcome {
  readonly aggregateId: string;
  readonly version: number;
  readonly eventIds: readonly string[];
  /** The same idempotency key was seen before: nothing new was recorded. */
  readonly replayed: boolean;
}

/** Application service of enforcement acts: registry checks, then the decider, then the relay. */
export class ActCommands {
  private readonly handler: CommandHandler<
    Parameters<typeof actAggregate.decider.decide>[0],
    Parameters<typeof actAggregate.decider.evolve>[1],
    ReturnType<typeof actAggregate.decider.initialState>
  >;

  constructor(
    store: EventStore,
    private readonly registry: RegistryLookup,
    private readonly afterAppend: () => void = () => {},
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.handler = new CommandHandler(store, actAggregate);
    this.agencies = new CommandHandler(store, agencyAggregate);
  }

  private readonly agencies: CommandHandler<
    Parameters<typeof agencyAggregate.decider.decide>[0],
    Parameters<typeof agencyAggregate.decider.evolve>[1],
    ReturnType<typeof agencyAggregate.decider.initialState>
  >;

  /** Whether the agency's delegation covered the act when it happened; the gap's code if not. */
  private async delegationGap(countyCode: string, opening: actEventsV1.ActOpening, at: Date): Promise<string> {
    if (!opening.delegationId) return '';
    const { state } = await this.agencies.load(countyCode, opening.agencyId);
    return delegationGapOf(state, opening, at);
  }

  async open(
    principal: Principal,
    countyCode: string,
    openedBy: OpenedBy,
    opening: actEventsV1.ActOpening,
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<CommandOutcome> {
    assertCountyCode(countyCode);
    // A clerk records the acts of their own agency only.
    assertAllowed(principal, 'act.record', { countyCodes: [countyCode], agencyId: opening.agencyId }, this.clock());
    // A retried open without an id must land on the same act: derive the id from the key.
    const actId = opening.actId || (options.idempotencyKey ? idFromIdempotencyKey(countyCode, options.idempotencyKey) : newId());
    assertIdentifier(actId, 'actId');
    assertValidTimes(opening);
    await this.registry.assertKnown(countyCode, { agencyId: opening.agencyId, officerIds: opening.officerIds });
    const occurredAt = opening.occurredAt ?? context.occurredAt;
    const delegationGap = await this.delegationGap(countyCode, opening, occurredAt);
    return this.run(countyCode, actId, context, options, {
      type: 'OpenAct',
      data: { openedBy, opening: { ...opening, actId, occurredAt, delegationGap } },
    });
  }

  async recordStep(
    principal: Principal,
    countyCode: string,
    actId: string,
    step: ActStep,
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<CommandOutcome> {
    assertCountyCode(countyCode);
    assertValidTimes(step.data);
    const { state } = await this.handler.load(countyCode, actId);
    if (state.status === 'none') throw new NotFoundError('ACT_NOT_FOUND', `执法行为 ${actId} 不存在，请先登记申请或立案`);
    assertAllowed(principal, 'act.record', { countyCodes: [countyCode], agencyId: state.agencyId }, this.clock());
    const officerIds = 'officerIds' in step.data ? step.data.officerIds : [];
    await this.registry.assertKnown(countyCode, { officerIds });
    const withTime = { ...step, data: { ...step.data, occurredAt: step.data.occurredAt ?? context.occurredAt } } as ActStep;
    return this.run(countyCode, actId, context, options, { type: 'RecordActStep', data: { step: withTime } });
  }

  private async run(
    countyCode: string,
    actId: string,
    context: CommandContext,
    options: HandleOptions,
    command: Parameters<typeof actAggregate.decider.decide>[0],
  ): Promise<CommandOutcome> {
    const handled = await this.handler.handle(countyCode, actId, command, context, options);
    if (handled.records.length > 0 && !handled.replayed) this.afterAppend();
    return {
      aggregateId: actId,
      version: handled.nextVersion,
      eventIds: handled.records.map((r) => r.eventId),
      replayed: handled.replayed,
    };
  }
}
