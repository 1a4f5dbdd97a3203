import { randomBytes } from 'node:crypto';
import { inspectionTraceEventCodec } from '@lesp/contracts';
import { assertNever, NotFoundError, type CommandContext } from '@lesp/core';
import { CommandHandler, type AggregateType, type EventStore, type HandleOptions } from '@lesp/event-store';
import { applyVersioned, findInCounty, type Projection, type ProjectionRunner } from '@lesp/projection-runner';
import {
  inspectionTraceDecider,
  TRACE_CODE,
  type InspectionTraceEvent,
  type TraceCommand,
  type TraceState,
} from '../domain/trace/inspection-trace.js';
import { publicAgenciesProjection, type PublicAgencyDocument } from './projections/public-agencies.js';
import { publicOfficersProjection, type PublicOfficerDocument } from './projections/public-officers.js';

export const INSPECTION_TRACE = 'InspectionTrace';

export const inspectionTraceAggregate: AggregateType<TraceCommand, InspectionTraceEvent, TraceState> = {
  source: 'public-disclosure',
  aggregateType: INSPECTION_TRACE,
  decider: inspectionTraceDecider,
  codec: inspectionTraceEventCodec,
};

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** 130 random bits as 26 base32 characters: not guessable, typed or scanned. */
export function newTraceCode(): string {
  const bytes = randomBytes(26);
  return [...bytes].map((b) => BASE32[b % 32]).join('');
}

/** A trace is keyed twice: by its code (the enterprise's scan) and by its act (the agency). */
export interface InspectionTraceDocument {
  _id: string;
  _v: number;
  countyCode: string;
  actId: string;
  agencyId: string;
  code: string;
  title: string;
  officerIds: string[];
  inspectedAt: Date;
  enterpriseName: string;
  enterpriseCreditCode: string;
  confirmed: boolean;
  confirmedAt?: Date;
}

export const inspectionTracesProjection: Projection<InspectionTraceDocument> = {
  name: 'public-disclosure.inspection-traces',
  readModel: 'rm_inspection_traces',
  handles: (eventType) => inspectionTraceEventCodec.handles(eventType),
  async apply(record, target) {
    if (record.source !== 'public-disclosure' || record.aggregateType !== INSPECTION_TRACE) return;
    const event = inspectionTraceEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    switch (event.type) {
      case 'InspectionTraceIssued': {
        const d = event.data;
        const fields = {
          actId: d.actId,
          agencyId: d.agencyId,
          code: d.code,
          title: d.title,
          officerIds: d.officerIds,
          inspectedAt: d.inspectedAt ?? record.occurredAt,
          enterpriseName: d.enterpriseName,
          enterpriseCreditCode: d.enterpriseCreditCode,
          confirmed: false,
        };
        await applyVersioned(target, `code:${d.code}`, record, { $set: fields });
        await applyVersioned(target, `act:${record.streamId}`, record, { $set: fields });
        return;
      }
      case 'InspectionVisitConfirmed': {
        const act = await target.findOne({ _id: `act:${record.streamId}` });
        if (!act) return;
        // The rating stays in the event (for supervision's figures): no read model here keeps it, so the agency cannot learn it.
        const update = { $set: { confirmed: true, confirmedAt: event.data.confirmedAt ?? record.occurredAt } };
        await applyVersioned(target, `code:${act.code}`, record, update);
        await applyVersioned(target, `act:${record.streamId}`, record, update);
        return;
      }
      default:
        assertNever(event, 'trace event');
    }
  },
};

export interface PublicTraceView {
  readonly countyCode: string;
  readonly agencyName: string;
  readonly title: string;
  readonly inspectedAt: Date;
  readonly enterpriseName: string;
  readonly officers: readonly { name: string; certificateNumber: string }[];
  readonly confirmed: boolean;
}

const notFound = () => new NotFoundError('TRACE_NOT_FOUND', '没有该留痕码对应的检查');

/** Commands and queries of inspection traces. */
export class InspectionTraces {
  private readonly handler: CommandHandler<TraceCommand, InspectionTraceEvent, TraceState>;

  constructor(
    store: EventStore,
    private readonly projections: ProjectionRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.handler = new CommandHandler(store, inspectionTraceAggregate);
  }

  async issue(
    countyCode: string,
    trace: Omit<Extract<TraceCommand, { type: 'IssueTrace' }>, 'type' | 'code'>,
    context: CommandContext,
    options: HandleOptions,
  ): Promise<void> {
    await this.handler.handle(countyCode, trace.actId, { type: 'IssueTrace', ...trace, code: newTraceCode() }, context, options);
  }

  /** Anonymous: the actor is "public", nothing of the caller is kept. */
  async confirm(code: string, rating: number): Promise<{ confirmed: true }> {
    const doc = await this.byCode(code);
    const now = this.clock();
    await this.handler.handle(
      doc.countyCode,
      doc.actId,
      { type: 'ConfirmVisit', code, rating, at: now },
      { actor: { userId: 'public', role: 'public', countyCode: doc.countyCode }, correlationId: code, causationId: code, occurredAt: now },
    );
    return { confirmed: true };
  }

  async publicView(code: string): Promise<PublicTraceView> {
    const doc = await this.byCode(code);
    const agencies = await this.projections.collection<PublicAgencyDocument>(publicAgenciesProjection.name);
    const agency = await findInCounty(agencies, `${doc.countyCode}/Agency/${doc.agencyId}`, doc.countyCode);
    const officers = await this.projections.collection<PublicOfficerDocument>(publicOfficersProjection.name);
    const shown: { name: string; certificateNumber: string }[] = [];
    for (const officerId of doc.officerIds) {
      const officer = await findInCounty(officers, `${doc.countyCode}/Officer/${officerId}`, doc.countyCode);
      if (officer) shown.push({ name: officer.name, certificateNumber: officer.certificateNumber });
    }
    return {
      countyCode: doc.countyCode,
      agencyName: agency?.name ?? '',
      title: doc.title,
      inspectedAt: doc.inspectedAt,
      enterpriseName: doc.enterpriseName,
      officers: shown,
      confirmed: doc.confirmed,
    };
  }

  /** The owning agency's view: the code to hand over and whether the visit was confirmed, never the rating. */
  async forAgency(countyCode: string, actId: string, agencyId: string) {
    const collection = await this.projections.collection<InspectionTraceDocument>(inspectionTracesProjection.name);
    const doc = await findInCounty(collection, `act:${countyCode}/${INSPECTION_TRACE}/${actId}`, countyCode);
    if (!doc || doc.agencyId !== agencyId) throw notFound();
    return {
      actId: doc.actId,
      agencyId: doc.agencyId,
      code: doc.code,
      portalPath: `/portal/trace/${doc.code}`,
      confirmed: doc.confirmed,
    };
  }

  private async byCode(code: string): Promise<InspectionTraceDocument> {
    if (!TRACE_CODE.test(code)) throw notFound();
    const collection = await this.projections.collection<InspectionTraceDocument>(inspectionTracesProjection.name);
    const doc = await collection.findOne({ _id: `code:${code}` });
    if (!doc) throw notFound();
    return doc;
  }
}
