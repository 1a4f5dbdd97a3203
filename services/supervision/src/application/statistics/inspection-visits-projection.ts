import type { Collection } from 'mongodb';
import { inspectionTraceEventCodec } from '@lesp/contracts';
import { isDuplicateKeyError } from '@lesp/event-store';
import type { Projection } from '@lesp/projection-runner';
import type { EventRecord } from '@lesp/core';
import {
  foldTrace,
  initialTraceFold,
  type MonthContribution,
  type RatingEntry,
  type TraceFoldInput,
  type TraceFoldState,
  type TracedEntry,
} from '../../domain/inspection-visits/visit-fold.js';
import type { InspectionVisitMonthFact } from '../../domain/statistics/index.js';

/**
 * Inspection visits (扫码留痕, rm_inspection_visits) from public disclosure's InspectionTrace
 * events (aggregate id = the act id). Every read is by `_id` (FerretDB v1 serves only `_id`
 * from an index):
 *   trace:{trace stream}                 the trace's agency and month once issued, whether its rating was counted,
 *                                        and a rating that came before the issue (until the issue comes)
 *   visits:{county}/{agency}/{YYYY-MM}   the agency's visits traced that month (act ids) and the ratings given
 *                                        (no act: a rating is not tied to its visit here)
 * The month's sets first (adding an element again keeps it once), then the trace's state: a
 * crash in between redelivers the event, which folds to the same elements and adds nothing.
 */
export interface InspectionVisitDocument {
  _id: string;
  countyCode: string;
  kind: 'trace' | 'month';
  actId?: string;
  issued?: { agencyId: string; month: string };
  ratingCounted?: boolean;
  pending?: RatingEntry;
  agencyId?: string;
  month?: string;
  traced?: TracedEntry[];
  ratings?: RatingEntry[];
}

export const inspectionVisitIds = {
  trace: (streamId: string) => `trace:${streamId}`,
  month: (countyCode: string, agencyId: string, month: string) => `visits:${countyCode}/${agencyId}/${month}`,
};

const TRACE = 'InspectionTrace';

function inputOf(record: EventRecord): TraceFoldInput | undefined {
  const event = inspectionTraceEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
  switch (event.type) {
    case 'InspectionTraceIssued':
      if (!event.data.agencyId) return undefined;
      return {
        type: 'issued',
        actId: event.data.actId || record.aggregateId,
        agencyId: event.data.agencyId,
        inspectedAt: event.data.inspectedAt ?? record.occurredAt,
        recordedAt: record.recordedAt,
      };
    case 'InspectionVisitConfirmed':
      return { type: 'confirmed', token: record.eventId, rating: event.data.rating, recordedAt: record.recordedAt };
    default: {
      const unknown: never = event;
      throw new Error(`unknown trace event ${JSON.stringify(unknown)}`);
    }
  }
}

const stateOf = (doc: InspectionVisitDocument | null): TraceFoldState =>
  doc
    ? {
        ...(doc.issued ? { issued: doc.issued } : {}),
        ratingCounted: doc.ratingCounted ?? false,
        ...(doc.pending ? { pending: doc.pending } : {}),
      }
    : initialTraceFold();

/** Upsert by `_id`; two first inserts racing (a redelivery during a rebalance) end in one document. */
async function upsert(target: Collection<InspectionVisitDocument>, id: string, update: object): Promise<void> {
  try {
    await target.updateOne({ _id: id }, update as never, { upsert: true });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    await target.updateOne({ _id: id }, update as never);
  }
}

async function addToMonth(target: Collection<InspectionVisitDocument>, countyCode: string, add: MonthContribution): Promise<void> {
  await upsert(target, inspectionVisitIds.month(countyCode, add.agencyId, add.month), {
    $setOnInsert: { countyCode, kind: 'month', agencyId: add.agencyId, month: add.month },
    $addToSet: { ...(add.traced ? { traced: add.traced } : {}), ...(add.rating ? { ratings: add.rating } : {}) },
  });
}

export const inspectionVisitsProjection: Projection<InspectionVisitDocument> = {
  name: 'supervision.inspection-visits',
  readModel: 'rm_inspection_visits',
  indexes: [],
  handles: (eventType) => eventType === 'InspectionTraceIssued' || eventType === 'InspectionVisitConfirmed',
  async apply(record, target) {
    if (record.source !== 'public-disclosure' || record.aggregateType !== TRACE) return;
    const input = inputOf(record);
    if (!input) return;
    const id = inspectionVisitIds.trace(record.streamId);
    const before = stateOf(await target.findOne({ _id: id }));
    const { state, add } = foldTrace(before, input);
    if (state === before) return;
    if (add) await addToMonth(target, record.countyCode, add);
    await upsert(target, id, {
      $set: {
        countyCode: record.countyCode,
        kind: 'trace',
        actId: record.aggregateId,
        ratingCounted: state.ratingCounted,
        ...(state.issued ? { issued: state.issued } : {}),
        ...(state.pending ? { pending: state.pending } : {}),
      },
      // The rating waits here only until its visit is known.
      ...(state.pending ? {} : { $unset: { pending: '' } }),
    });
  },
};

/** The agencies' months of a county, read by `_id`, 50 at a time: what a report counts. */
export async function visitMonths(
  collection: Collection<InspectionVisitDocument>,
  countyCode: string,
  agencyIds: readonly string[],
  months: readonly string[],
): Promise<InspectionVisitMonthFact[]> {
  const ids = agencyIds.flatMap((agencyId) => months.map((month) => inspectionVisitIds.month(countyCode, agencyId, month)));
  const facts: InspectionVisitMonthFact[] = [];
  for (let i = 0; i < ids.length; i += 50) {
    const docs = await Promise.all(ids.slice(i, i + 50).map((_id) => collection.findOne({ _id })));
    for (const doc of docs) {
      if (!doc || doc.countyCode !== countyCode || doc.kind !== 'month' || !doc.agencyId || !doc.month) continue;
      facts.push({
        countyCode,
        agencyId: doc.agencyId,
        month: doc.month,
        traced: (doc.traced ?? []).map((t) => ({ recordedAt: t.recordedAt })),
        ratings: (doc.ratings ?? []).map((r) => ({ rating: r.rating, recordedAt: r.recordedAt })),
      });
    }
  }
  return facts;
}
