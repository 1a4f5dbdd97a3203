import { assertAllowed, type Principal } from '@lesp/auth';
import { assertCountyCode, assertIdentifier, idFromIdempotencyKey, newId, type CommandContext } from '@lesp/core';
import { CommandHandler, type AggregateType, type EventStore } from '@lesp/event-store';
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.js';
import {
  createDisputeDecider,
  type DisputeCommand,
  type DisputeEvent,
  type DisputeKind,
  type DisputeState,
} from '../../domain/dispute/index.js';
import {
  normativeDocumentDecider,
  type CleanUpOutcome,
  type FilingBody,
  type NormativeDocumentCommand,
  type NormativeDocumentEvent,
  type NormativeDocumentState,
  type ReviewOutcome,
} from '../../domain/normative-document/index.js';
import { handleOptions, type CommandOptions, type CommandOutcome } from '../aggregates.js';
import { competenceDisputeCodec, normativeDocumentCodec } from './governance-codec.js';

/** Stream types: `${county}/NormativeDocument/${id}` and `${county}/CompetenceDispute/${id}`. */
export const NORMATIVE_DOCUMENT_AGGREGATE = 'NormativeDocument';
export const COMPETENCE_DISPUTE_AGGREGATE = 'CompetenceDispute';

export const normativeDocumentAggregate: AggregateType<NormativeDocumentCommand, NormativeDocumentEvent, NormativeDocumentState> = {
  source: 'supervision',
  aggregateType: NORMATIVE_DOCUMENT_AGGREGATE,
  decider: normativeDocumentDecider,
  codec: normativeDocumentCodec,
};

/** The dispute decider counts its 7 working days by the official calendar as it stands when the dispute is filed. */
export function competenceDisputeAggregate(calendar: () => WorkingDayCalendar): AggregateType<DisputeCommand, DisputeEvent, DisputeState> {
  return {
    source: 'supervision',
    aggregateType: COMPETENCE_DISPUTE_AGGREGATE,
    decider: createDisputeDecider((from, workingDays) => calendar().dueAt(from, { amount: workingDays, unit: 'working_days' })),
    codec: competenceDisputeCodec,
  };
}

type DataOf<C extends { type: string; data: unknown }, T extends C['type']> = Extract<C, { type: T }>['data'];

/**
 * Normative documents (规范性文件) and competence disputes (执法争议协调): supervisors record
 * them; the pure deciders judge (filing within 30 days, reviews, validity, clean-up; a
 * decision within 7 working days, referral, implementation).
 */
export class GovernanceCommands {
  private readonly documents: CommandHandler<NormativeDocumentCommand, NormativeDocumentEvent, NormativeDocumentState>;
  private readonly disputes: CommandHandler<DisputeCommand, DisputeEvent, DisputeState>;

  constructor(
    store: EventStore,
    calendar: () => WorkingDayCalendar,
    private readonly afterAppend: () => void = () => {},
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.documents = new CommandHandler(store, normativeDocumentAggregate);
    this.disputes = new CommandHandler(store, competenceDisputeAggregate(calendar));
  }

  async registerDocument(
    principal: Principal,
    countyCode: string,
    input: Omit<DataOf<NormativeDocumentCommand, 'RegisterNormativeDocument'>, 'countyCode' | 'registeredBy' | 'documentId'> & {
      readonly documentId?: string;
    },
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allow(principal, countyCode);
    const documentId = this.idOf(countyCode, input.documentId, 'normative-document', 'documentId', options);
    return this.runDocument(
      countyCode,
      documentId,
      { type: 'RegisterNormativeDocument', data: { ...input, documentId, countyCode, registeredBy: context.actor.userId } },
      context,
      options,
    );
  }

  async fileDocument(
    principal: Principal,
    countyCode: string,
    documentId: string,
    input: { readonly filedWith: FilingBody; readonly recipient: string; readonly filingNumber: string; readonly filedAt: Date },
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allowId(principal, countyCode, documentId, 'documentId');
    return this.runDocument(countyCode, documentId, { type: 'FileNormativeDocument', data: { ...input, documentId } }, context, options);
  }

  async reviewDocument(
    principal: Principal,
    countyCode: string,
    documentId: string,
    input: { readonly reviewedBy: FilingBody; readonly outcome: ReviewOutcome; readonly opinion: string },
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allowId(principal, countyCode, documentId, 'documentId');
    return this.runDocument(
      countyCode,
      documentId,
      { type: 'ReviewNormativeDocument', data: { ...input, documentId, reviewedAt: context.occurredAt } },
      context,
      options,
    );
  }

  async correctDocument(
    principal: Principal,
    countyCode: string,
    documentId: string,
    summary: string,
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allowId(principal, countyCode, documentId, 'documentId');
    return this.runDocument(
      countyCode,
      documentId,
      { type: 'CorrectNormativeDocument', data: { documentId, summary, correctedAt: context.occurredAt } },
      context,
      options,
    );
  }

  async cleanUpDocument(
    principal: Principal,
    countyCode: string,
    documentId: string,
    input: { readonly cleanUp: string; readonly outcome: CleanUpOutcome; readonly reason: string; readonly validUntil?: Date },
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allowId(principal, countyCode, documentId, 'documentId');
    return this.runDocument(
      countyCode,
      documentId,
      { type: 'CleanUpNormativeDocument', data: { ...input, documentId, decidedAt: context.occurredAt } },
      context,
      options,
    );
  }

  async fileDispute(
    principal: Principal,
    countyCode: string,
    input: {
      readonly disputeId?: string;
      readonly kind: DisputeKind;
      readonly agencyIds: readonly string[];
      readonly matter: string;
      readonly description: string;
      readonly actIds: readonly string[];
    },
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allow(principal, countyCode);
    const disputeId = this.idOf(countyCode, input.disputeId, 'competence-dispute', 'disputeId', options);
    const { disputeId: _given, ...rest } = input;
    void _given;
    return this.runDispute(
      countyCode,
      disputeId,
      { type: 'FileDispute', data: { ...rest, disputeId, countyCode, filedBy: context.actor.userId, filedAt: context.occurredAt } },
      context,
      options,
    );
  }

  async referDispute(
    principal: Principal,
    countyCode: string,
    disputeId: string,
    superior: string,
    reason: string,
    context: CommandContext,
    options: CommandOptions = {},
  ) {
    this.allowId(principal, countyCode, disputeId, 'disputeId');
    return this.runDispute(
      countyCode,
      disputeId,
      { type: 'ReferDisputeToSuperior', data: { disputeId, superior, reason, referredAt: context.occurredAt } },
      context,
      options,
    );
  }

  async decideDispute(
    principal: Principal,
    countyCode: string,
    disputeId: string,
    input: {
      readonly competentAgencyId: string;
      readonly assistingAgencyIds: readonly string[];
      readonly reasoning: string;
      readonly legalBasis: string;
    },
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allowId(principal, countyCode, disputeId, 'disputeId');
    return this.runDispute(
      countyCode,
      disputeId,
      { type: 'DecideDispute', data: { ...input, disputeId, decidedBy: context.actor.userId, decidedAt: context.occurredAt } },
      context,
      options,
    );
  }

  async recordFollowUp(
    principal: Principal,
    countyCode: string,
    disputeId: string,
    note: string,
    context: CommandContext,
    options: CommandOptions = {},
  ) {
    this.allowId(principal, countyCode, disputeId, 'disputeId');
    return this.runDispute(
      countyCode,
      disputeId,
      { type: 'RecordDisputeFollowUp', data: { disputeId, note, recordedBy: context.actor.userId, recordedAt: context.occurredAt } },
      context,
      options,
    );
  }

  async confirmImplemented(
    principal: Principal,
    countyCode: string,
    disputeId: string,
    input: { readonly agencyId: string; readonly summary: string; readonly actIds: readonly string[] },
    context: CommandContext,
    options: CommandOptions = {},
  ): Promise<CommandOutcome> {
    this.allowId(principal, countyCode, disputeId, 'disputeId');
    return this.runDispute(
      countyCode,
      disputeId,
      { type: 'ConfirmDisputeImplemented', data: { ...input, disputeId, confirmedAt: context.occurredAt } },
      context,
      options,
    );
  }

  async withdrawDispute(
    principal: Principal,
    countyCode: string,
    disputeId: string,
    reason: string,
    context: CommandContext,
    options: CommandOptions = {},
  ) {
    this.allowId(principal, countyCode, disputeId, 'disputeId');
    return this.runDispute(
      countyCode,
      disputeId,
      { type: 'WithdrawDispute', data: { disputeId, reason, withdrawnAt: context.occurredAt } },
      context,
      options,
    );
  }

  private allow(principal: Principal, countyCode: string): void {
    assertCountyCode(countyCode);
    assertAllowed(principal, 'supervision.governance.manage', { countyCodes: [countyCode] }, this.clock());
  }

  private allowId(principal: Principal, countyCode: string, id: string, field: string): void {
    this.allow(principal, countyCode);
    assertIdentifier(id, field);
  }

  private idOf(countyCode: string, given: string | undefined, kind: string, field: string, options: CommandOptions): string {
    if (given) {
      assertIdentifier(given, field);
      return given;
    }
    return options.idempotencyKey ? idFromIdempotencyKey(countyCode, `${kind}:${options.idempotencyKey}`) : newId();
  }

  private async runDocument(
    countyCode: string,
    id: string,
    command: NormativeDocumentCommand,
    context: CommandContext,
    options: CommandOptions,
  ) {
    return this.outcome(id, await this.documents.handle(countyCode, id, command, context, handleOptions(options)));
  }

  private async runDispute(countyCode: string, id: string, command: DisputeCommand, context: CommandContext, options: CommandOptions) {
    return this.outcome(id, await this.disputes.handle(countyCode, id, command, context, handleOptions(options)));
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
