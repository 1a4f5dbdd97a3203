import type { Collection, Db } from 'mongodb';
import { agreementEventCodec } from '@lesp/contracts';
import type { EventRecord } from '@lesp/core';
import { isDuplicateKeyError, type EventStore } from '@lesp/event-store';
import type { ProjectionRunner } from '@lesp/projection-runner';
import { agreementDecider, type AgreementState } from '../domain/agreement/agreement-decider.js';
import { ADVICE, AGREEMENT, INCIDENT, MEETING } from './aggregates.js';
import {
  CONSULTATION,
  consultationsProjection,
  evolveConsultationView,
  type ConsultationDocument,
  type ConsultationView,
} from './consultations.js';
import {
  adviceFields,
  adviceProjection,
  agreementsProjection,
  evolveAdviceView,
  evolveIncidentView,
  evolveMeetingView,
  incidentFields,
  incidentsProjection,
  meetingsProjection,
  type AdviceDocument,
  type AdviceView,
  type AgreementDocument,
  type IncidentDocument,
  type IncidentView,
  type MeetingDocument,
  type MeetingView,
} from './projections/coordination-projections.js';

interface Kinds {
  consultation: ConsultationDocument;
  agreement: AgreementDocument;
  incident: IncidentDocument;
  advice: AdviceDocument;
  meeting: MeetingDocument;
}
export type RecordKind = keyof Kinds;

/** `${kind}:${id}` → the county whose stream holds the record, written when it is created. */
interface LocatorDocument {
  _id: string;
  countyCode: string;
}

function fold<View>(records: readonly EventRecord[], evolve: (view: View | undefined, record: EventRecord) => View | undefined) {
  return records.reduce<View | undefined>(evolve, undefined);
}

const KINDS: { [K in RecordKind]: { projection: string; aggregateType: string; build(records: readonly EventRecord[]): Kinds[K] | null } } =
  {
    agreement: {
      projection: agreementsProjection.name,
      aggregateType: AGREEMENT,
      build(records) {
        const state = records.reduce<AgreementState>(
          (s, r) => agreementDecider.evolve(s, agreementEventCodec.decode(r.eventType, r.schemaVersion, r.payload)),
          agreementDecider.initialState(),
        );
        if (state.status === 'none') return null;
        return { ...meta(records), name: state.name, counties: state.members.map((m) => m.countyCode), state };
      },
    },
    incident: {
      projection: incidentsProjection.name,
      aggregateType: INCIDENT,
      build(records) {
        const view = fold<IncidentView>(records, evolveIncidentView);
        return view ? { ...meta(records), ...incidentFields(view), view } : null;
      },
    },
    advice: {
      projection: adviceProjection.name,
      aggregateType: ADVICE,
      build(records) {
        const view = fold<AdviceView>(records, evolveAdviceView);
        return view ? { ...meta(records), ...adviceFields(view), view } : null;
      },
    },
    consultation: {
      projection: consultationsProjection.name,
      aggregateType: CONSULTATION,
      build(records) {
        const view = fold<ConsultationView>(records, evolveConsultationView);
        return view ? { ...meta(records), parties: [...view.parties], view } : null;
      },
    },
    meeting: {
      projection: meetingsProjection.name,
      aggregateType: MEETING,
      build(records) {
        const view = fold<MeetingView>(records, evolveMeetingView);
        return view ? { ...meta(records), agreementId: view.agreementId, view } : null;
      },
    },
  };

function meta(records: readonly EventRecord[]) {
  return { _id: records[0]!.aggregateId, _v: records.at(-1)!.version, countyCode: records[0]!.countyCode };
}

/**
 * Reads an agreement, incident, advice, meeting or consultation by id, for commands and queries alike: from
 * its read model, or, when the projection has not caught up with a record just created (the
 * create answered, the read model has not seen the event yet), folded from its own stream in
 * the event store with the projection's own functions: read-your-writes. The stream's county is
 * found in a locator the create wrote before its append (keyed by `_id`).
 */
export class RecordReader {
  private readonly locator: Collection<LocatorDocument>;

  constructor(
    private readonly store: EventStore,
    private readonly projections: ProjectionRunner,
    db: Db,
  ) {
    this.locator = db.collection<LocatorDocument>('record_locator');
  }

  /** Before a record's first append: where its stream will be. A failed append leaves a locator of no stream (read as absent). */
  async remember(kind: RecordKind, id: string, countyCode: string): Promise<void> {
    try {
      await this.locator.insertOne({ _id: `${kind}:${id}`, countyCode });
    } catch (error) {
      // A retried create (same idempotency key, same id): the first one's locator stands.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async find<K extends RecordKind>(kind: K, id: string): Promise<Kinds[K] | null> {
    const spec = KINDS[kind];
    const collection = await this.projections.collection<Kinds[K]>(spec.projection);
    const doc = (await collection.findOne({ _id: id } as never)) as Kinds[K] | null;
    if (doc) return doc;
    const where = await this.locator.findOne({ _id: `${kind}:${id}` });
    if (!where) return null;
    const records = await this.store.readStream(where.countyCode, spec.aggregateType, id);
    return records.length === 0 ? null : (spec.build(records) as Kinds[K] | null);
  }
}
