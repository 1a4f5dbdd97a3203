import { assertAllowed, type Principal } from '@lesp/auth';
import { assertCountyCode, assertIdentifier, idFromIdempotencyKey, newId, type CommandContext } from '@lesp/core';
import { CommandHandler, type EventStore } from '@lesp/event-store';
import {
  INSPECTION_FILING_AGGREGATE,
  QUIET_DAYS_AGGREGATE,
  ZERO_ENFORCEMENT_AGGREGATE,
  explanationIdOf,
  type RegistryCommand,
} from '../../domain/registry/registry-deciders.js';
import { handleOptions, registryAggregate, type CommandOptions, type CommandOutcome } from '../aggregates.js';

type Handler = CommandHandler<
  RegistryCommand,
  Parameters<ReturnType<typeof registryAggregate>['decider']['evolve']>[1],
  { exists: boolean }
>;

/** Supervision's registries: inspection filings, enterprise quiet days, zero-enforcement explanations. */
export class RegistryCommands {
  private readonly filings: Handler;
  private readonly quietDays: Handler;
  private readonly explanations: Handler;

  constructor(
    store: EventStore,
    private readonly afterAppend: () => void = () => {},
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.filings = new CommandHandler(store, registryAggregate(INSPECTION_FILING_AGGREGATE));
    this.quietDays = new CommandHandler(store, registryAggregate(QUIET_DAYS_AGGREGATE));
    this.explanations = new CommandHandler(store, registryAggregate(ZERO_ENFORCEMENT_AGGREGATE));
  }

  async fileInspection(
    principal: Principal,
    countyCode: string,
    data: Omit<Extract<RegistryCommand, { type: 'FileInspection' }>['data'], 'filingId'>,
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    assertCountyCode(countyCode);
    assertIdentifier(data.agencyId, 'agencyId');
    assertAllowed(principal, 'supervision.inspection.file', { countyCodes: [countyCode], agencyId: data.agencyId }, this.clock());
    const filingId = options.idempotencyKey ? idFromIdempotencyKey(countyCode, `inspection-filing:${options.idempotencyKey}`) : newId();
    const command: RegistryCommand = {
      type: 'FileInspection',
      data: { ...data, filingId, enterpriseCreditCode: data.enterpriseCreditCode.trim().toUpperCase() },
    };
    return this.run(this.filings, countyCode, filingId, command, context, options);
  }

  async setQuietDays(
    countyCode: string,
    data: Extract<RegistryCommand, { type: 'SetEnterpriseQuietDays' }>['data'],
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    assertCountyCode(countyCode);
    const creditCode = data.enterpriseCreditCode.trim().toUpperCase();
    const command: RegistryCommand = { type: 'SetEnterpriseQuietDays', data: { ...data, enterpriseCreditCode: creditCode } };
    return this.run(this.quietDays, countyCode, creditCode || 'unknown', command, context, options);
  }

  async explainZeroEnforcement(
    principal: Principal,
    countyCode: string,
    data: Extract<RegistryCommand, { type: 'ExplainZeroEnforcement' }>['data'],
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    assertCountyCode(countyCode);
    assertIdentifier(data.agencyId, 'agencyId');
    assertAllowed(principal, 'supervision.zero_enforcement.explain', { countyCodes: [countyCode], agencyId: data.agencyId }, this.clock());
    const id = explanationIdOf(data.agencyId, data.period);
    return this.run(this.explanations, countyCode, id, { type: 'ExplainZeroEnforcement', data }, context, options);
  }

  private async run(
    handler: Handler,
    countyCode: string,
    aggregateId: string,
    command: RegistryCommand,
    context: CommandContext,
    options: CommandOptions,
  ): Promise<CommandOutcome> {
    const handled = await handler.handle(countyCode, aggregateId, command, context, handleOptions(options));
    if (handled.records.length > 0) this.afterAppend();
    return {
      aggregateId,
      version: handled.nextVersion,
      eventIds: handled.records.map((r) => r.eventId),
      ...(handled.replayed ? { replayed: true } : {}),
    };
  }
}
