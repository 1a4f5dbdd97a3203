import { ValidationError, assertCountyCode, assertIdentifier, newId, type CommandContext } from '@lesp/core';
import { CommandHandler, type EventStore, type HandleOptions } from '@lesp/event-store';
import type { AgencyCommand } from '../domain/agency/agency-commands.js';
import { agencyAggregate } from './agency-aggregate.js';

export interface CommandOutcome {
  readonly aggregateId: string;
  readonly version: number;
  readonly eventIds: readonly string[];
}

export interface RegisterAgencyInput {
  readonly countyCode: string;
  readonly agencyId?: string;
  readonly name: string;
  readonly creditCode: string;
  readonly kind: string;
  readonly legalBasis: string;
}

/** The same bound as the HTTP contract, for every edge. */
const MAX_REASON = 2000;

/** Application service for the agency aggregate: checks the envelope, runs the decider, wakes the relay. */
export class AgencyCommands {
  private readonly handler: CommandHandler<
    AgencyCommand,
    Parameters<typeof agencyAggregate.decider.evolve>[1],
    ReturnType<typeof agencyAggregate.decider.initialState>
  >;

  constructor(
    store: EventStore,
    private readonly afterAppend: () => void = () => {},
  ) {
    this.handler = new CommandHandler(store, agencyAggregate);
  }

  async register(input: RegisterAgencyInput, context: CommandContext, options: HandleOptions = {}): Promise<CommandOutcome> {
    assertCountyCode(input.countyCode);
    const agencyId = input.agencyId || newId();
    assertIdentifier(agencyId, 'agencyId');
    return this.run(input.countyCode, agencyId, context, options, {
      type: 'RegisterAgency',
      data: {
        agencyId,
        name: input.name,
        creditCode: input.creditCode.trim().toUpperCase(),
        kind: input.kind,
        legalBasis: input.legalBasis,
      },
    });
  }

  /** New registration details; an update that changes nothing records nothing. */
  async update(
    countyCode: string,
    agencyId: string,
    details: Omit<RegisterAgencyInput, 'countyCode' | 'agencyId'>,
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<CommandOutcome> {
    assertCountyCode(countyCode);
    assertIdentifier(agencyId, 'agencyId');
    return this.run(countyCode, agencyId, context, options, {
      type: 'UpdateAgency',
      data: {
        agencyId,
        name: details.name,
        creditCode: details.creditCode.trim().toUpperCase(),
        kind: details.kind,
        legalBasis: details.legalBasis,
      },
    });
  }

  async suspend(
    countyCode: string,
    agencyId: string,
    reason: string,
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<CommandOutcome> {
    assertCountyCode(countyCode);
    if (reason.length > MAX_REASON) throw ValidationError.of('reason', 'TEXT_TOO_LONG', `不能超过 ${MAX_REASON} 个字`);
    return this.run(countyCode, agencyId, context, options, { type: 'SuspendAgency', data: { agencyId, reason } });
  }

  async reinstate(countyCode: string, agencyId: string, context: CommandContext, options: HandleOptions = {}): Promise<CommandOutcome> {
    assertCountyCode(countyCode);
    return this.run(countyCode, agencyId, context, options, { type: 'ReinstateAgency', data: { agencyId } });
  }

  private async run(
    countyCode: string,
    agencyId: string,
    context: CommandContext,
    options: HandleOptions,
    command: AgencyCommand,
  ): Promise<CommandOutcome> {
    const handled = await this.handler.handle(countyCode, agencyId, command, context, options);
    if (handled.records.length > 0) this.afterAppend();
    return { aggregateId: agencyId, version: handled.nextVersion, eventIds: handled.records.map((r) => r.eventId) };
  }
}
