import { assertAllowed, type Principal } from '@lesp/auth';
import { consultationEventCodec } from '@lesp/contracts';
import {
  NotFoundError,
  assertCountyCode,
  assertIdentifier,
  idFromIdempotencyKey,
  newId,
  type CommandContext,
  type EventRecord,
} from '@lesp/core';
import { CommandHandler, type AggregateType, type EventStore, type HandleOptions } from '@lesp/event-store';
import { applyVersioned, type Projection, type ProjectionRunner } from '@lesp/projection-runner';
import {
  consultationDecider,
  type ConsultationCommand,
  type ConsultationEvent,
  type ConsultationKind,
  type ConsultationState,
} from '../domain/consultation/consultation-decider.js';
import type { CommandOutcome } from './aggregates.js';
import type { CoordinationCommands } from './coordination-commands.js';
import type { RecordReader } from './record-reader.js';
import { fromStored, toStored } from './projections/stored.js';

export const CONSULTATION = 'Consultation';

export const consultationAggregate: AggregateType<ConsultationCommand, ConsultationEvent, ConsultationState> = {
  source: 'cross-region',
  aggregateType: CONSULTATION,
  decider: consultationDecider,
  codec: consultationEventCodec,
};

export interface ConsultationView {
  readonly consultationId: string;
  readonly agreementId: string;
  readonly countyCode: string;
  readonly kind: string;
  readonly subject: string;
  readonly incidentId: string;
  readonly parties: readonly string[];
  readonly affectedParties: readonly string[];
  readonly scheduledFor: Date;
  readonly status: 'requested' | 'concluded';
  readonly heldAt?: Date;
  readonly participants: readonly string[];
  readonly outcome: string;
  readonly summary: string;
}

export interface ConsultationDocument {
  _id: string;
  _v: number;
  countyCode: string;
  parties: string[];
  view: ConsultationView;
}

export function evolveConsultationView(view: ConsultationView | undefined, record: EventRecord): ConsultationView | undefined {
  const event = consultationEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
  if (event.type === 'ConsultationRequested') {
    const d = event.data;
    return {
      consultationId: d.consultationId,
      agreementId: d.agreementId,
      countyCode: d.countyCode,
      kind: d.kind,
      subject: d.subject,
      incidentId: d.incidentId,
      parties: d.parties,
      affectedParties: d.affectedParties,
      scheduledFor: d.scheduledFor ?? new Date(0),
      status: 'requested',
      participants: [],
      outcome: '',
      summary: '',
    };
  }
  if (!view) return view;
  const d = event.data;
  return {
    ...view,
    status: 'concluded',
    heldAt: d.heldAt ?? new Date(0),
    participants: d.participants,
    outcome: d.outcome,
    summary: d.summary,
  };
}

/** One per consultation or hearing (`_id` = its id), with the parties for a county's list. */
export const consultationsProjection: Projection<ConsultationDocument> = {
  name: 'cross-region.consultations',
  readModel: 'rm_consultations',
  handles: (eventType) => consultationEventCodec.handles(eventType),
  async apply(record, target) {
    if (record.source !== 'cross-region' || record.aggregateType !== CONSULTATION) return;
    const current = await target.findOne({ _id: record.aggregateId });
    if (current && current._v >= record.version) return;
    const view = evolveConsultationView(current ? fromStored(current.view) : undefined, record);
    if (!view) return;
    await applyVersioned(target, record.aggregateId, record, { $set: { parties: [...view.parties], view: toStored(view) } });
  },
};

/** Consultations (协商) between members and hearings (听证会): requested by a member, concluded by a party with the outcome. */
export class Consultations {
  private readonly handler: CommandHandler<ConsultationCommand, ConsultationEvent, ConsultationState>;

  constructor(
    store: EventStore,
    private readonly projections: ProjectionRunner,
    private readonly reader: RecordReader,
    private readonly coordination: CoordinationCommands,
    private readonly afterAppend: () => void = () => {},
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.handler = new CommandHandler(store, consultationAggregate);
  }

  async request(
    principal: Principal,
    countyCode: string,
    agreementId: string,
    input: {
      readonly kind: ConsultationKind;
      readonly subject: string;
      readonly incidentId: string;
      readonly parties: readonly string[];
      readonly affectedParties: readonly string[];
      readonly scheduledFor: Date;
    },
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<CommandOutcome> {
    this.allow(principal, countyCode, 'cross_region.incident.manage');
    assertIdentifier(agreementId, 'agreementId');
    if (input.incidentId !== '') assertIdentifier(input.incidentId, 'incidentId');
    const agreement = await this.coordination.agreementState(agreementId);
    const consultationId = options.idempotencyKey ? idFromIdempotencyKey(countyCode, `consultation:${options.idempotencyKey}`) : newId();
    await this.reader.remember('consultation', consultationId, countyCode);
    const handled = await this.handler.handle(
      countyCode,
      consultationId,
      {
        type: 'RequestConsultation',
        data: { ...input, consultationId, agreement, countyCode, requestedBy: context.actor.userId, requestedAt: context.occurredAt },
      },
      context,
      options,
    );
    return this.outcome(consultationId, handled);
  }

  async recordOutcome(
    principal: Principal,
    countyCode: string,
    consultationId: string,
    input: { readonly heldAt: Date; readonly participants: readonly string[]; readonly outcome: string; readonly summary: string },
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<CommandOutcome> {
    this.allow(principal, countyCode, 'cross_region.incident.manage');
    const doc = await this.doc(consultationId);
    const handled = await this.handler.handle(
      doc.countyCode,
      consultationId,
      { type: 'RecordOutcome', data: { ...input, countyCode, recordedAt: context.occurredAt } },
      context,
      options,
    );
    return this.outcome(consultationId, handled);
  }

  /** A consultation its parties read. */
  async get(principal: Principal, countyCode: string, consultationId: string): Promise<ConsultationView & { version: number }> {
    this.allow(principal, countyCode, 'cross_region.read');
    const doc = await this.doc(consultationId);
    if (!doc.parties.includes(countyCode)) throw new NotFoundError('CONSULTATION_NOT_FOUND', `协商或听证 ${consultationId} 不存在`);
    return { ...fromStored(doc.view), version: doc._v };
  }

  async list(principal: Principal, countyCode: string): Promise<(ConsultationView & { version: number })[]> {
    this.allow(principal, countyCode, 'cross_region.read');
    const collection = await this.projections.collection<ConsultationDocument>(consultationsProjection.name);
    const docs = await collection.find({ parties: countyCode }).limit(500).toArray();
    return docs.map((d) => ({ ...fromStored(d.view), version: d._v })).sort((a, b) => b.scheduledFor.getTime() - a.scheduledFor.getTime());
  }

  /** By id: the read model, or the stream of one requested a moment ago (read-your-writes, see RecordReader). */
  private async doc(consultationId: string): Promise<ConsultationDocument> {
    assertIdentifier(consultationId, 'consultationId');
    const doc = await this.reader.find('consultation', consultationId);
    if (!doc) throw new NotFoundError('CONSULTATION_NOT_FOUND', `协商或听证 ${consultationId} 不存在`);
    return doc;
  }

  private allow(principal: Principal, countyCode: string, permission: 'cross_region.read' | 'cross_region.incident.manage'): void {
    assertCountyCode(countyCode);
    assertAllowed(principal, permission, { countyCodes: [countyCode] }, this.clock());
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
