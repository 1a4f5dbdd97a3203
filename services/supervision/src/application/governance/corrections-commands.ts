import { assertAllowed, type Principal } from '@lesp/auth';
import { assertCountyCode, assertIdentifier, idFromIdempotencyKey, newId, type CommandContext } from '@lesp/core';
import { CommandHandler, type AggregateType, type EventStore } from '@lesp/event-store';
import {
  findingDecider,
  personDecider,
  type FindingCategory,
  type FindingCommand,
  type FindingEvent,
  type FindingState,
  type EndReason,
  type HoursKind,
  type PersonCategory,
  type PersonCommand,
  type PersonEvent,
  type PersonState,
} from '../../domain/corrections/index.js';
import { handleOptions, type CommandOptions, type CommandOutcome } from '../aggregates.js';
import { correctionFindingCodec, personUnderCorrectionCodec } from './governance-codec.js';

/** Stream type `${county}/PersonUnderCorrection/${personId}`. */
export const PERSON_UNDER_CORRECTION_AGGREGATE = 'PersonUnderCorrection';

export const personUnderCorrectionAggregate: AggregateType<PersonCommand, PersonEvent, PersonState> = {
  source: 'supervision',
  aggregateType: PERSON_UNDER_CORRECTION_AGGREGATE,
  decider: personDecider,
  codec: personUnderCorrectionCodec,
};

/** Stream type `${county}/CorrectionFinding/${findingId}`. */
export const CORRECTION_FINDING_AGGREGATE = 'CorrectionFinding';

export const correctionFindingAggregate: AggregateType<FindingCommand, FindingEvent, FindingState> = {
  source: 'supervision',
  aggregateType: CORRECTION_FINDING_AGGREGATE,
  decider: findingDecider,
  codec: correctionFindingCodec,
};

/** Community corrections (社区矫正): the pure person decider judges categories, terms, hours and absconding. */
export class CorrectionsCommands {
  private readonly persons: CommandHandler<PersonCommand, PersonEvent, PersonState>;
  private readonly findings: CommandHandler<FindingCommand, FindingEvent, FindingState>;

  constructor(
    store: EventStore,
    private readonly afterAppend: () => void = () => {},
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.persons = new CommandHandler(store, personUnderCorrectionAggregate);
    this.findings = new CommandHandler(store, correctionFindingAggregate);
  }

  async receive(
    principal: Principal,
    countyCode: string,
    input: {
      readonly personId: string;
      readonly category: PersonCategory;
      readonly officeId: string;
      readonly dutyCrime: boolean;
      readonly startsAt: Date;
      readonly endsAt: Date;
    },
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allow(principal, countyCode, input.personId);
    return this.run(
      countyCode,
      input.personId,
      { type: 'ReceivePersonUnderCorrection', data: { ...input, countyCode, receivedBy: context.actor.userId } },
      context,
      options,
    );
  }

  async recordHours(
    principal: Principal,
    countyCode: string,
    personId: string,
    input: {
      readonly kind: HoursKind;
      readonly month: string;
      readonly hours: number;
      readonly activity: string;
      readonly occurredAt: Date;
    },
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allow(principal, countyCode, personId);
    return this.run(
      countyCode,
      personId,
      { type: 'RecordCorrectionHours', data: { ...input, personId, recordedBy: context.actor.userId } },
      context,
      options,
    );
  }

  async reportAbsconding(
    principal: Principal,
    countyCode: string,
    personId: string,
    input: { readonly lostContactAt: Date; readonly measures: string },
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allow(principal, countyCode, personId);
    return this.run(
      countyCode,
      personId,
      { type: 'ReportAbsconding', data: { ...input, personId, reportedBy: context.actor.userId } },
      context,
      options,
    );
  }

  async reportReturned(
    principal: Principal,
    countyCode: string,
    personId: string,
    input: { readonly returnedAt: Date; readonly note: string },
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allow(principal, countyCode, personId);
    return this.run(countyCode, personId, { type: 'ReportReturnedToSupervision', data: { ...input, personId } }, context, options);
  }

  async end(
    principal: Principal,
    countyCode: string,
    personId: string,
    input: { readonly reason: EndReason; readonly endedAt: Date; readonly note: string },
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allow(principal, countyCode, personId);
    return this.run(countyCode, personId, { type: 'EndCorrection', data: { ...input, personId } }, context, options);
  }

  /** A correction found by the supervisors (纠正违法); its id is the caller's, or follows from the idempotency key, or is new. */
  async recordFinding(
    principal: Principal,
    countyCode: string,
    input: {
      readonly findingId?: string;
      readonly category: FindingCategory;
      readonly personId?: string;
      readonly description: string;
      readonly foundAt: Date;
    },
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    const findingId =
      input.findingId ?? (options.idempotencyKey ? idFromIdempotencyKey(countyCode, `finding:${options.idempotencyKey}`) : newId());
    assertCountyCode(countyCode);
    assertAllowed(principal, 'supervision.governance.manage', { countyCodes: [countyCode] }, this.clock());
    const { findingId: _given, ...data } = input;
    void _given;
    const handled = await this.findings.handle(
      countyCode,
      findingId,
      { type: 'RecordCorrectionFinding', data: { ...data, findingId, countyCode, recordedBy: context.actor.userId } },
      context,
      handleOptions(options),
    );
    if (handled.records.length > 0 && !handled.replayed) this.afterAppend();
    return {
      aggregateId: findingId,
      version: handled.nextVersion,
      eventIds: handled.records.map((r) => r.eventId),
      ...(handled.replayed ? { replayed: true } : {}),
    };
  }

  private allow(principal: Principal, countyCode: string, personId: string): void {
    assertCountyCode(countyCode);
    assertIdentifier(personId, 'personId');
    assertAllowed(principal, 'supervision.governance.manage', { countyCodes: [countyCode] }, this.clock());
  }

  private async run(countyCode: string, personId: string, command: PersonCommand, context: CommandContext, options: CommandOptions) {
    const handled = await this.persons.handle(countyCode, personId, command, context, handleOptions(options));
    if (handled.records.length > 0 && !handled.replayed) this.afterAppend();
    return {
      aggregateId: personId,
      version: handled.nextVersion,
      eventIds: handled.records.map((r) => r.eventId),
      ...(handled.replayed ? { replayed: true } : {}),
    };
  }
}
