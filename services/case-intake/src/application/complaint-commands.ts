import { ValidationError, assertCountyCode, assertIdentifier, newId, type CommandContext } from '@lesp/core';
import { CommandHandler, type EventStore } from '@lesp/event-store';
import type { AgencyCommand } from '../domain/agency/agency-commands.js';
import type { AgencyEvent, AgencyState } from '../domain/agency/agency-decider.js';
import type { AgencyReference, ComplaintCommand } from '../domain/complaint/complaint-commands.js';
import type { ComplaintEvent, ComplaintState } from '../domain/complaint/complaint-decider.js';
import { agencyAggregate } from './agency-aggregate.js';
import type { CommandOutcome } from './agency-commands.js';
import { complaintAggregate } from './complaint-aggregate.js';
import { handlingDaysFor } from './complaint-deadlines.js';
import type { ComplaintTrackingNumbers } from './complaint-tracking.js';

export interface ReceiveComplaintInput {
  readonly countyCode: string;
  readonly complaintId?: string;
  readonly source: string;
  readonly subject?: string;
  readonly summary: string;
  readonly complainant?: { readonly name?: string; readonly phone?: string };
  readonly concernedAgencyId?: string;
  /** Calendar days to handle it; unset or 0: the source's default. */
  readonly handlingDays?: number;
}

export interface ComplaintReceipt extends CommandOutcome {
  readonly trackingNumber: string;
  readonly dueAt: Date;
}

/** A receipt may be recorded after the fact, never ahead of the clock (a minute of skew allowed). */
const FUTURE_TOLERANCE_MS = 60_000;

/**
 * Application service for complaints: derives the tracking number and the due date, looks up
 * the agencies a command names, runs the decider and wakes the relay. Received and answered
 * times are the command's occurredAt.
 */
export class ComplaintCommands {
  private readonly handler: CommandHandler<ComplaintCommand, ComplaintEvent, ComplaintState>;
  private readonly agencies: CommandHandler<AgencyCommand, AgencyEvent, AgencyState>;

  constructor(
    store: EventStore,
    private readonly trackingNumbers: ComplaintTrackingNumbers,
    private readonly afterAppend: () => void = () => {},
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.handler = new CommandHandler(store, complaintAggregate);
    this.agencies = new CommandHandler(store, agencyAggregate);
  }

  async receive(input: ReceiveComplaintInput, context: CommandContext, expectedVersion?: number): Promise<ComplaintReceipt> {
    assertCountyCode(input.countyCode);
    // A gRPC Timestamp beyond what a JavaScript date holds is an Invalid Date: the event encoder would fail on it.
    if (Number.isNaN(context.occurredAt.getTime()))
      throw ValidationError.of('receivedAt', 'RECEIVED_AT_INVALID', '受理时间不是有效的日期时间');
    if (context.occurredAt.getTime() > this.clock().getTime() + FUTURE_TOLERANCE_MS) {
      throw ValidationError.of('receivedAt', 'RECEIVED_AT_IN_FUTURE', '受理时间不能晚于当前时间');
    }
    const complaintId = input.complaintId?.trim() || newId();
    // Ids become part of stream ids: the HTTP schema's pattern, for gRPC callers too.
    assertIdentifier(complaintId, 'complaintId');
    const trackingNumber = this.trackingNumbers.numberFor(input.countyCode, complaintId);
    const name = input.complainant?.name ?? '';
    const phone = input.complainant?.phone ?? '';
    const concernedAgencyId = input.concernedAgencyId?.trim() ?? '';
    const handled = await this.run(input.countyCode, complaintId, context, expectedVersion, {
      type: 'ReceiveComplaint',
      data: {
        complaintId,
        source: input.source,
        subject: input.subject ?? '',
        summary: input.summary,
        ...(name.trim() !== '' || phone.trim() !== '' ? { complainant: { name, phone } } : {}),
        ...(concernedAgencyId !== '' ? { concernedAgency: await this.agency(input.countyCode, concernedAgencyId) } : {}),
        trackingNumber,
        receivedAt: context.occurredAt,
        handlingDays: handlingDaysFor(input.source, input.handlingDays),
      },
    });
    const received = handled.events[0];
    const dueAt = received?.type === 'ComplaintReceived' && received.data.dueAt ? received.data.dueAt : context.occurredAt;
    return { ...handled.outcome, trackingNumber, dueAt };
  }

  async assign(
    countyCode: string,
    complaintId: string,
    input: { readonly agencyId: string; readonly note?: string },
    context: CommandContext,
    expectedVersion?: number,
  ): Promise<CommandOutcome> {
    assertCountyCode(countyCode);
    const agency = await this.agency(countyCode, input.agencyId.trim());
    return (
      await this.run(countyCode, complaintId, context, expectedVersion, {
        type: 'AssignComplaint',
        data: { complaintId, agency, note: input.note ?? '' },
      })
    ).outcome;
  }

  async recordHandling(
    countyCode: string,
    complaintId: string,
    input: { readonly agencyId: string; readonly notes: string; readonly officerIds: readonly string[] },
    context: CommandContext,
    expectedVersion?: number,
  ): Promise<CommandOutcome> {
    assertCountyCode(countyCode);
    return (
      await this.run(countyCode, complaintId, context, expectedVersion, {
        type: 'RecordComplaintHandling',
        data: { complaintId, agencyId: input.agencyId, notes: input.notes, officerIds: input.officerIds },
      })
    ).outcome;
  }

  async answer(
    countyCode: string,
    complaintId: string,
    input: { readonly agencyId: string; readonly answer: string },
    context: CommandContext,
    expectedVersion?: number,
  ): Promise<CommandOutcome> {
    assertCountyCode(countyCode);
    return (
      await this.run(countyCode, complaintId, context, expectedVersion, {
        type: 'AnswerComplaint',
        data: { complaintId, agencyId: input.agencyId, answer: input.answer, answeredAt: context.occurredAt },
      })
    ).outcome;
  }

  async close(countyCode: string, complaintId: string, context: CommandContext, expectedVersion?: number): Promise<CommandOutcome> {
    assertCountyCode(countyCode);
    return (await this.run(countyCode, complaintId, context, expectedVersion, { type: 'CloseComplaint', data: { complaintId } })).outcome;
  }

  async reject(
    countyCode: string,
    complaintId: string,
    reason: string,
    context: CommandContext,
    expectedVersion?: number,
  ): Promise<CommandOutcome> {
    assertCountyCode(countyCode);
    return (await this.run(countyCode, complaintId, context, expectedVersion, { type: 'RejectComplaint', data: { complaintId, reason } }))
      .outcome;
  }

  /** Whether the county's case intake has this agency registered: its stream has events. */
  private async agency(countyCode: string, agencyId: string): Promise<AgencyReference> {
    const { state } = await this.agencies.load(countyCode, agencyId);
    return { agencyId, registered: state.status !== 'unregistered' };
  }

  private async run(
    countyCode: string,
    complaintId: string,
    context: CommandContext,
    expectedVersion: number | undefined,
    command: ComplaintCommand,
  ) {
    const handled = await this.handler.handle(
      countyCode,
      complaintId,
      command,
      context,
      expectedVersion === undefined ? {} : { expectedVersion },
    );
    if (handled.records.length > 0) this.afterAppend();
    const outcome: CommandOutcome = {
      aggregateId: complaintId,
      version: handled.nextVersion,
      eventIds: handled.records.map((r) => r.eventId),
    };
    return { outcome, events: handled.events };
  }
}
