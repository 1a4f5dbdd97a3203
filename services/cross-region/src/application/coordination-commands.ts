import { assertAllowed, type Permission, type Principal } from '@lesp/auth';
import { NotFoundError, assertCountyCode, assertIdentifier, idFromIdempotencyKey, newId, type CommandContext } from '@lesp/core';
import { CommandHandler, type EventStore, type HandleOptions } from '@lesp/event-store';
import type { ProjectionRunner } from '@lesp/projection-runner';
import type { AdviceCommand, AdviceEvent, AdviceState } from '../domain/advice/advice-decider.js';
import type { AgreementCommand, AgreementEvent, AgreementScope, AgreementState } from '../domain/agreement/agreement-decider.js';
import type { IncidentCommand, IncidentEvent, IncidentState, JurisdictionBasis } from '../domain/incident/incident-decider.js';
import type { MeetingCommand, MeetingEvent, MeetingState } from '../domain/meeting/meeting-decider.js';
import type { DataKind } from '../domain/shared/rules.js';
import { adviceAggregate, agreementAggregate, incidentAggregate, meetingAggregate, type CommandOutcome } from './aggregates.js';
import { adviceProjection, type AdviceDocument } from './projections/coordination-projections.js';
import { sharedActId, sharedActsProjection, type SharedActDocument } from './projections/shared-acts.js';
import type { RecordKind, RecordReader } from './record-reader.js';

const MANAGE_AGREEMENT: Permission = 'cross_region.agreement.manage';
const MANAGE_INCIDENT: Permission = 'cross_region.incident.manage';

/**
 * Commands of cross-region coordination. The acting county is the caller's (checked again
 * here); what it may do within an agreement is the deciders' judgement, over the agreement's
 * state folded from its own stream. Which county a record's stream belongs to is looked up
 * by id in the read models (ids are made here, so an id names one record).
 */
export class CoordinationCommands {
  private readonly agreements: CommandHandler<AgreementCommand, AgreementEvent, AgreementState>;
  private readonly incidents: CommandHandler<IncidentCommand, IncidentEvent, IncidentState>;
  private readonly advice: CommandHandler<AdviceCommand, AdviceEvent, AdviceState>;
  private readonly meetings: CommandHandler<MeetingCommand, MeetingEvent, MeetingState>;

  constructor(
    store: EventStore,
    private readonly projections: ProjectionRunner,
    private readonly reader: RecordReader,
    private readonly afterAppend: () => void = () => {},
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.agreements = new CommandHandler(store, agreementAggregate);
    this.incidents = new CommandHandler(store, incidentAggregate);
    this.advice = new CommandHandler(store, adviceAggregate);
    this.meetings = new CommandHandler(store, meetingAggregate);
  }

  // ---- agreements ----

  async proposeAgreement(
    principal: Principal,
    countyCode: string,
    input: AgreementScope & { readonly members: readonly string[]; readonly hostOrder: readonly string[]; readonly effectiveFrom: Date },
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<CommandOutcome> {
    this.allow(principal, MANAGE_AGREEMENT, countyCode);
    const agreementId = this.newIdOf(countyCode, 'agreement', options);
    const command: AgreementCommand = {
      type: 'ProposeAgreement',
      data: { ...input, agreementId, countyCode, proposedBy: context.actor.userId, proposedAt: context.occurredAt },
    };
    await this.reader.remember('agreement', agreementId, countyCode);
    return this.outcome(agreementId, await this.agreements.handle(countyCode, agreementId, command, context, options));
  }

  async signAgreement(principal: Principal, countyCode: string, agreementId: string, context: CommandContext, options: HandleOptions = {}) {
    return this.onAgreement(
      principal,
      countyCode,
      agreementId,
      { type: 'SignAgreement', data: { countyCode, signedBy: context.actor.userId, signedAt: context.occurredAt } },
      context,
      options,
    );
  }

  async admitMember(
    principal: Principal,
    countyCode: string,
    agreementId: string,
    input: { readonly newMember: string; readonly dataKinds: readonly DataKind[] },
    context: CommandContext,
    options: HandleOptions = {},
  ) {
    return this.onAgreement(
      principal,
      countyCode,
      agreementId,
      {
        type: 'AdmitMember',
        data: { admittedBy: countyCode, countyCode: input.newMember, dataKinds: input.dataKinds, joinedAt: context.occurredAt },
      },
      context,
      options,
    );
  }

  async leaveAgreement(
    principal: Principal,
    countyCode: string,
    agreementId: string,
    reason: string,
    context: CommandContext,
    options: HandleOptions = {},
  ) {
    return this.onAgreement(
      principal,
      countyCode,
      agreementId,
      { type: 'LeaveAgreement', data: { countyCode, reason, leftAt: context.occurredAt } },
      context,
      options,
    );
  }

  async amendAgreement(
    principal: Principal,
    countyCode: string,
    agreementId: string,
    input: AgreementScope & { readonly summary: string; readonly leadOrder: readonly string[]; readonly hostOrder: readonly string[] },
    context: CommandContext,
    options: HandleOptions = {},
  ) {
    return this.onAgreement(
      principal,
      countyCode,
      agreementId,
      { type: 'AmendAgreement', data: { ...input, amendedBy: countyCode, amendedAt: context.occurredAt } },
      context,
      options,
    );
  }

  async endAgreement(
    principal: Principal,
    countyCode: string,
    agreementId: string,
    reason: string,
    context: CommandContext,
    options: HandleOptions = {},
  ) {
    return this.onAgreement(
      principal,
      countyCode,
      agreementId,
      { type: 'EndAgreement', data: { endedBy: countyCode, reason, endedAt: context.occurredAt } },
      context,
      options,
    );
  }

  // ---- joint meetings ----

  async scheduleMeeting(
    principal: Principal,
    countyCode: string,
    agreementId: string,
    input: { readonly scheduledFor: Date; readonly agenda: readonly string[] },
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<CommandOutcome> {
    this.allow(principal, MANAGE_AGREEMENT, countyCode);
    assertIdentifier(agreementId, 'agreementId');
    const agreement = await this.agreementState(agreementId);
    const meetingId = this.newIdOf(countyCode, 'meeting', options);
    const command: MeetingCommand = {
      type: 'ScheduleMeeting',
      data: { ...input, meetingId, agreement, countyCode, scheduledBy: context.actor.userId },
    };
    await this.reader.remember('meeting', meetingId, countyCode);
    return this.outcome(meetingId, await this.meetings.handle(countyCode, meetingId, command, context, options));
  }

  async holdMeeting(
    principal: Principal,
    countyCode: string,
    meetingId: string,
    input: {
      readonly heldAt: Date;
      readonly attendees: readonly { countyCode: string; names: readonly string[] }[];
      readonly minutes: string;
    },
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<CommandOutcome> {
    this.allow(principal, MANAGE_AGREEMENT, countyCode);
    const meeting = await this.meetingDoc(meetingId);
    const agreement = await this.agreementState(meeting.agreementId);
    // The agreement's advice still unanswered after its due date goes before this meeting.
    const open = await (
      await this.projections.collection<AdviceDocument>(adviceProjection.name)
    )
      .find({ agreementId: meeting.agreementId, open: true })
      .toArray();
    // That is the advice the timer put on this meeting's agenda, and any overdue advice not yet before a meeting.
    const escalatedAdvice = open
      .filter(
        (a) =>
          a.view.escalatedToMeeting === meetingId || (a.view.escalatedToMeeting === '' && a.view.dueAt.getTime() <= input.heldAt.getTime()),
      )
      .map((a) => ({ adviceId: a._id, countyCode: a.countyCode }))
      .sort((a, b) => a.adviceId.localeCompare(b.adviceId));
    return this.outcome(
      meetingId,
      await this.meetings.handle(
        meeting.countyCode,
        meetingId,
        { type: 'HoldMeeting', data: { ...input, agreement, countyCode, escalatedAdvice, recordedAt: context.occurredAt } },
        context,
        options,
      ),
    );
  }

  async recordDecision(
    principal: Principal,
    countyCode: string,
    meetingId: string,
    input: { readonly decision: string; readonly assigneeCounty: string; readonly dueAt?: Date },
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<CommandOutcome & { decisionId: string }> {
    this.allow(principal, MANAGE_AGREEMENT, countyCode);
    const meeting = await this.meetingDoc(meetingId);
    const agreement = await this.agreementState(meeting.agreementId);
    const decisionId = this.newIdOf(countyCode, `decision:${meetingId}`, options);
    const handled = await this.meetings.handle(
      meeting.countyCode,
      meetingId,
      { type: 'RecordDecision', data: { ...input, agreement, countyCode, decisionId, recordedAt: context.occurredAt } },
      context,
      options,
    );
    return { ...this.outcome(meetingId, handled), decisionId };
  }

  async completeTask(
    principal: Principal,
    countyCode: string,
    meetingId: string,
    decisionId: string,
    report: string,
    context: CommandContext,
    options: HandleOptions = {},
  ) {
    this.allow(principal, MANAGE_AGREEMENT, countyCode);
    assertIdentifier(decisionId, 'decisionId');
    const meeting = await this.meetingDoc(meetingId);
    return this.outcome(
      meetingId,
      await this.meetings.handle(
        meeting.countyCode,
        meetingId,
        { type: 'CompleteTask', data: { countyCode, decisionId, report, completedAt: context.occurredAt } },
        context,
        options,
      ),
    );
  }

  // ---- cross-border incidents ----

  async reportIncident(
    principal: Principal,
    countyCode: string,
    agreementId: string,
    input: { readonly locationCounty: string; readonly title: string; readonly description: string; readonly occurredAt: Date },
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<CommandOutcome> {
    this.allow(principal, MANAGE_INCIDENT, countyCode);
    assertIdentifier(agreementId, 'agreementId');
    const agreement = await this.agreementState(agreementId);
    const incidentId = this.newIdOf(countyCode, 'incident', options);
    const command: IncidentCommand = {
      type: 'ReportIncident',
      data: { ...input, incidentId, agreement, countyCode, reportedBy: context.actor.userId, reportedAt: context.occurredAt },
    };
    await this.reader.remember('incident', incidentId, countyCode);
    return this.outcome(incidentId, await this.incidents.handle(countyCode, incidentId, command, context, options));
  }

  async decideJurisdiction(
    principal: Principal,
    countyCode: string,
    incidentId: string,
    input: {
      readonly handlingCounty: string;
      readonly supervisingCounties: readonly string[];
      readonly basis: JurisdictionBasis;
      readonly meetingId: string;
      readonly consentingCounties: readonly string[];
    },
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<CommandOutcome> {
    this.allow(principal, MANAGE_INCIDENT, countyCode);
    const incident = await this.incidentDoc(incidentId);
    const agreement = await this.agreementState(incident.agreementId);
    let meeting: { meetingId: string; agreementId: string; held: boolean } | undefined;
    if (input.basis === 'meeting' && input.meetingId !== '') {
      const doc = await this.meetingDoc(input.meetingId);
      meeting = { meetingId: doc._id, agreementId: doc.agreementId, held: doc.view.status === 'held' };
    }
    const { meetingId: _meetingId, ...decision } = input;
    void _meetingId;
    return this.outcome(
      incidentId,
      await this.incidents.handle(
        incident.countyCode,
        incidentId,
        {
          type: 'DecideJurisdiction',
          data: { ...decision, agreement, countyCode, ...(meeting ? { meeting } : {}), decidedAt: context.occurredAt },
        },
        context,
        options,
      ),
    );
  }

  async linkAct(
    principal: Principal,
    countyCode: string,
    incidentId: string,
    actId: string,
    context: CommandContext,
    options: HandleOptions = {},
  ) {
    this.allow(principal, MANAGE_INCIDENT, countyCode);
    assertIdentifier(actId, 'actId');
    const incident = await this.incidentDoc(incidentId);
    const acts = await this.projections.collection<SharedActDocument>(sharedActsProjection.name);
    const act = await acts.findOne({ _id: sharedActId(countyCode, actId) });
    if (!act) throw new NotFoundError('ACT_NOT_FOUND', `执法行为 ${actId} 不存在（或尚未从执法信息归集同步）`);
    return this.outcome(
      incidentId,
      await this.incidents.handle(
        incident.countyCode,
        incidentId,
        {
          type: 'LinkAct',
          data: { countyCode, actId, actCounty: act.countyCode, linkedBy: context.actor.userId, linkedAt: context.occurredAt },
        },
        context,
        options,
      ),
    );
  }

  async addOpinion(
    principal: Principal,
    countyCode: string,
    incidentId: string,
    input: { readonly actId: string; readonly opinion: string },
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<CommandOutcome & { opinionId: string }> {
    this.allow(principal, MANAGE_INCIDENT, countyCode);
    if (input.actId !== '') assertIdentifier(input.actId, 'actId');
    const incident = await this.incidentDoc(incidentId);
    const agreement = await this.agreementState(incident.agreementId);
    const opinionId = this.newIdOf(countyCode, `opinion:${incidentId}`, options);
    const handled = await this.incidents.handle(
      incident.countyCode,
      incidentId,
      {
        type: 'AddSupervisionOpinion',
        data: { ...input, agreement, countyCode, opinionId, addedBy: context.actor.userId, addedAt: context.occurredAt },
      },
      context,
      options,
    );
    return { ...this.outcome(incidentId, handled), opinionId };
  }

  async consentToClose(
    principal: Principal,
    countyCode: string,
    incidentId: string,
    note: string,
    context: CommandContext,
    options: HandleOptions = {},
  ) {
    this.allow(principal, MANAGE_INCIDENT, countyCode);
    const incident = await this.incidentDoc(incidentId);
    const agreement = await this.agreementState(incident.agreementId);
    return this.outcome(
      incidentId,
      await this.incidents.handle(
        incident.countyCode,
        incidentId,
        {
          type: 'ConsentToClose',
          data: { agreement, countyCode, note, consentedBy: context.actor.userId, consentedAt: context.occurredAt },
        },
        context,
        options,
      ),
    );
  }

  // ---- administrative advice ----

  async sendAdvice(
    principal: Principal,
    countyCode: string,
    agreementId: string,
    input: {
      readonly toCounty: string;
      readonly incidentId: string;
      readonly subject: string;
      readonly content: string;
      readonly dueAt: Date;
      /** When it was sent, if before it is recorded. */
      readonly sentAt?: Date;
    },
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<CommandOutcome> {
    this.allow(principal, MANAGE_INCIDENT, countyCode);
    assertIdentifier(agreementId, 'agreementId');
    if (input.incidentId !== '') {
      const incident = await this.incidentDoc(input.incidentId);
      if (incident.agreementId !== agreementId) throw new NotFoundError('INCIDENT_NOT_FOUND', '该协议下没有此跨界事件');
    }
    const agreement = await this.agreementState(agreementId);
    const adviceId = this.newIdOf(countyCode, 'advice', options);
    const command: AdviceCommand = {
      type: 'SendAdvice',
      data: {
        ...input,
        adviceId,
        agreement,
        countyCode,
        sentBy: context.actor.userId,
        sentAt: input.sentAt ?? context.occurredAt,
        recordedAt: context.occurredAt,
      },
    };
    await this.reader.remember('advice', adviceId, countyCode);
    return this.outcome(adviceId, await this.advice.handle(countyCode, adviceId, command, context, options));
  }

  async answerAdvice(
    principal: Principal,
    countyCode: string,
    adviceId: string,
    answer: string,
    context: CommandContext,
    options: HandleOptions = {},
  ) {
    this.allow(principal, MANAGE_INCIDENT, countyCode);
    const advice = await this.adviceDoc(adviceId);
    return this.outcome(
      adviceId,
      await this.advice.handle(
        advice.countyCode,
        adviceId,
        { type: 'AnswerAdvice', data: { countyCode, answer, answeredBy: context.actor.userId, answeredAt: context.occurredAt } },
        context,
        options,
      ),
    );
  }

  /** For the process manager: the advice's stream county comes with the meeting's event. */
  async escalateAdvice(
    adviceCounty: string,
    adviceId: string,
    meeting: { meetingId: string; meetingCounty: string; heldAt: Date },
    context: CommandContext,
  ) {
    return this.outcome(
      adviceId,
      await this.advice.handle(
        adviceCounty,
        adviceId,
        {
          type: 'EscalateAdvice',
          data: { meetingId: meeting.meetingId, meetingCounty: meeting.meetingCounty, escalatedAt: meeting.heldAt },
        },
        context,
        { idempotencyKey: `escalate:${meeting.meetingId}` },
      ),
    );
  }

  /**
   * For the escalation timer: the advice's stream county comes from the read model's scan, the
   * time the timer fired and the agreement's next scheduled meeting with the command. The
   * idempotency key names the advice and the meeting (or none), so replicas whose timers fire
   * together record it once.
   */
  async escalateOverdueAdvice(
    adviceCounty: string,
    adviceId: string,
    nextMeeting: { meetingId: string; meetingCounty: string } | undefined,
    context: CommandContext,
  ) {
    return this.outcome(
      adviceId,
      await this.advice.handle(
        adviceCounty,
        adviceId,
        { type: 'EscalateOverdueAdvice', data: { now: context.occurredAt, ...(nextMeeting ? { nextMeeting } : {}) } },
        context,
        { idempotencyKey: `overdue-advice:${adviceId}:${nextMeeting?.meetingId ?? 'awaiting-meeting'}` },
      ),
    );
  }

  // ---- lookups ----

  /** The agreement as its own stream has it (never the read model's copy: decisions need the latest). */
  async agreementState(agreementId: string): Promise<AgreementState> {
    const doc = await this.docOf('agreement', agreementId, 'AGREEMENT_NOT_FOUND', '合作协议');
    return (await this.agreements.load(doc.countyCode, agreementId)).state;
  }

  private async onAgreement(
    principal: Principal,
    countyCode: string,
    agreementId: string,
    command: AgreementCommand,
    context: CommandContext,
    options: HandleOptions,
  ): Promise<CommandOutcome> {
    this.allow(principal, MANAGE_AGREEMENT, countyCode);
    const doc = await this.docOf('agreement', agreementId, 'AGREEMENT_NOT_FOUND', '合作协议');
    return this.outcome(agreementId, await this.agreements.handle(doc.countyCode, agreementId, command, context, options));
  }

  private incidentDoc(incidentId: string) {
    return this.docOf('incident', incidentId, 'INCIDENT_NOT_FOUND', '跨界事件');
  }

  private meetingDoc(meetingId: string) {
    return this.docOf('meeting', meetingId, 'MEETING_NOT_FOUND', '联席会议');
  }

  private adviceDoc(adviceId: string) {
    return this.docOf('advice', adviceId, 'ADVICE_NOT_FOUND', '行政建议');
  }

  /** A record by id: its read model, or its stream when it was created a moment ago (read-your-writes). */
  private async docOf<K extends RecordKind>(kind: K, id: string, code: string, what: string) {
    assertIdentifier(id, 'id');
    const doc = await this.reader.find(kind, id);
    if (!doc) throw new NotFoundError(code, `${what} ${id} 不存在`);
    return doc;
  }

  private allow(principal: Principal, permission: Permission, countyCode: string): void {
    assertCountyCode(countyCode);
    assertAllowed(principal, permission, { countyCodes: [countyCode] }, this.clock());
  }

  private newIdOf(countyCode: string, kind: string, options: HandleOptions): string {
    return options.idempotencyKey ? idFromIdempotencyKey(countyCode, `${kind}:${options.idempotencyKey}`) : newId();
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
