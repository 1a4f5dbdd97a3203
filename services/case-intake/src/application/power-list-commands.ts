import { ValidationError, assertCountyCode, newId, type CommandContext } from '@lesp/core';
import { CommandHandler, type EventStore, type HandleOptions } from '@lesp/event-store';
import type { AgencyCommand, PowerListCommand } from '../domain/agency/agency-commands.js';
import type { AgencyEvent, AgencyState } from '../domain/agency/agency-decider.js';
import { agencyAggregate } from './agency-aggregate.js';
import type { CommandOutcome } from './agency-commands.js';

type Data<T extends PowerListCommand['type']> = Omit<Extract<PowerListCommand, { type: T }>['data'], 'agencyId' | 'at'>;

export interface DelegateInput extends Omit<Data<'DelegateToTownship'>, 'delegationId'> {
  /** Client-chosen; generated when empty. */
  readonly delegationId?: string;
}

/** Application service for an agency's power list (执法事项目录) and delegations (委托执法). */
export class PowerListCommands {
  private readonly handler: CommandHandler<AgencyCommand, AgencyEvent, AgencyState>;

  constructor(
    store: EventStore,
    private readonly afterAppend: () => void = () => {},
  ) {
    this.handler = new CommandHandler(store, agencyAggregate);
  }

  addPowerItem(countyCode: string, agencyId: string, data: Data<'AddPowerItem'>, context: CommandContext, options: HandleOptions = {}) {
    return this.run(countyCode, agencyId, context, options, { type: 'AddPowerItem', data: { ...data, agencyId, at: context.occurredAt } });
  }

  retirePowerItem(
    countyCode: string,
    agencyId: string,
    data: Data<'RetirePowerItem'>,
    context: CommandContext,
    options: HandleOptions = {},
  ) {
    return this.run(countyCode, agencyId, context, options, {
      type: 'RetirePowerItem',
      data: { ...data, agencyId, at: context.occurredAt },
    });
  }

  async delegate(countyCode: string, agencyId: string, data: DelegateInput, context: CommandContext, options: HandleOptions = {}) {
    const delegationId = data.delegationId?.trim() || newId();
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(delegationId)) {
      throw ValidationError.of('delegationId', 'DELEGATION_ID_INVALID', '委托编号应为 1 到 64 位字母、数字、_ 或 -');
    }
    const outcome = await this.run(countyCode, agencyId, context, options, {
      type: 'DelegateToTownship',
      data: { ...data, delegationId, agencyId, at: context.occurredAt },
    });
    return { ...outcome, delegationId };
  }

  endDelegation(countyCode: string, agencyId: string, data: Data<'EndDelegation'>, context: CommandContext, options: HandleOptions = {}) {
    return this.run(countyCode, agencyId, context, options, { type: 'EndDelegation', data: { ...data, agencyId, at: context.occurredAt } });
  }

  private async run(
    countyCode: string,
    agencyId: string,
    context: CommandContext,
    options: HandleOptions,
    command: PowerListCommand,
  ): Promise<CommandOutcome> {
    assertCountyCode(countyCode);
    const handled = await this.handler.handle(countyCode, agencyId, command, context, options);
    if (handled.records.length > 0) this.afterAppend();
    return { aggregateId: agencyId, version: handled.nextVersion, eventIds: handled.records.map((r) => r.eventId) };
  }
}
