import type { Collection } from 'mongodb';
import { actEventCodec } from '@lesp/contracts';
import { isEnforcementCategory, type EnforcementCategory, type EventRecord } from '@lesp/core';
import { addToListDocument, applyFoldedBatch, applyVersioned, type Projection, type StreamFold } from '@lesp/projection-runner';
import { chinaDayOf } from '../../domain/calendar/china-day.js';
import type { CandidateFile, SampleCriteria } from '../../domain/case-file-review/sample.js';
import { within } from '../../domain/shared/text-rules.js';

/**
 * Closed case files a review may draw from (rm_reviewable_acts), fed by case intake's act
 * events. Every read is by `_id` (FerretDB v1 serves only `_id` from an index):
 *   act:{act stream}                        an act's agency, category and whether its target is an enterprise
 *   closed:{county}/{agency}/{YYYY-MM}      the files the agency closed that month (China time)
 * A draw reads one `closed` document per agency and month of its period.
 */
export interface ReviewableActDocument {
  _id: string;
  _v?: number;
  countyCode: string;
  kind: 'act' | 'closed';
  actId?: string;
  agencyId?: string;
  category?: string;
  enterprise?: boolean;
  closedAt?: Date;
  files?: ClosedFile[];
}

interface ClosedFile {
  fileId: string;
  agencyId: string;
  category: string;
  enterprise: boolean;
  closedAt: Date;
}

export const reviewableActIds = {
  act: (streamId: string) => `act:${streamId}`,
  closed: (countyCode: string, agencyId: string, month: string) => `closed:${countyCode}/${agencyId}/${month}`,
};

/** A file closed, for the agency's month: what an act's closing adds besides its own document. */
interface ClosedFileOf {
  readonly monthId: string;
  readonly countyCode: string;
  readonly file: ClosedFile;
}

/**
 * An act's document after one of its events, and the file its closing adds to the month's
 * list; the document unchanged (no file) when the event adds nothing (an opening without its
 * act, a closing of an act never opened here).
 */
function stepOf(
  doc: ReviewableActDocument | null,
  record: EventRecord,
  id: string,
): { readonly next: ReviewableActDocument | null; readonly closed?: ClosedFileOf } {
  if (record.source !== 'case-intake' || !actEventCodec.handles(record.eventType)) return { next: doc };
  const event = actEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
  if (event.type === 'ApplicationReceived' || event.type === 'CaseFiled') {
    const o = event.data.opening;
    if (!o) return { next: doc };
    return {
      next: {
        ...(doc ?? { _id: id, countyCode: record.countyCode }),
        kind: 'act',
        actId: o.actId,
        agencyId: o.agencyId,
        category: o.category,
        enterprise: o.target?.enterprise ?? false,
      },
    };
  }
  if (event.type !== 'ActClosed' || !doc?.agencyId || !doc.actId) return { next: doc };
  const closedAt = event.data.occurredAt ?? record.occurredAt;
  const file: ClosedFile = {
    fileId: doc.actId,
    agencyId: doc.agencyId,
    category: doc.category ?? '',
    enterprise: doc.enterprise ?? false,
    closedAt,
  };
  return {
    next: { ...doc, closedAt },
    closed: {
      monthId: reviewableActIds.closed(record.countyCode, doc.agencyId, chinaDayOf(closedAt).slice(0, 7)),
      countyCode: record.countyCode,
      file,
    },
  };
}

const actIdOf = (record: EventRecord) =>
  record.source === 'case-intake' && actEventCodec.handles(record.eventType) ? reviewableActIds.act(record.streamId) : undefined;

export const reviewableActsProjection: Projection<ReviewableActDocument> = {
  name: 'supervision.reviewable-acts',
  readModel: 'rm_reviewable_acts',
  indexes: [],
  handles: (eventType) => eventType === 'ApplicationReceived' || eventType === 'CaseFiled' || eventType === 'ActClosed',
  async apply(record, target) {
    const id = actIdOf(record);
    if (id === undefined) return;
    const doc = await target.findOne({ _id: id });
    if (doc && (doc._v ?? 0) >= record.version) return;
    const { next, closed } = stepOf(doc, record, id);
    // The month's list first (adding the same file twice keeps it once), then the act's version:
    // a crash in between redelivers the event, which adds nothing new.
    if (closed) await addClosed(target, [closed]);
    if (!next || next === doc) return;
    const { _id, _v, countyCode: _county, ...fields } = next;
    await applyVersioned(target, id, record, { $set: fields });
  },
  async applyBatch(records, target) {
    const closed: ClosedFileOf[] = [];
    const fold: StreamFold<ReviewableActDocument> = {
      idOf: actIdOf,
      evolve(doc, record, id) {
        const step = stepOf(doc, record, id);
        if (step.closed) closed.push(step.closed);
        return step.next;
      },
    };
    // As one by one: the months' lists before the acts' versions.
    await applyFoldedBatch(records, target, fold, { beforeWrite: () => addClosed(target, closed) });
  },
};

/** Adds closed files to their months' lists, one write per month (the same file twice is kept once). */
async function addClosed(target: Collection<ReviewableActDocument>, closed: readonly ClosedFileOf[]): Promise<void> {
  const byMonth = new Map<string, { countyCode: string; files: ClosedFile[] }>();
  for (const { monthId, countyCode, file } of closed) {
    const month = byMonth.get(monthId);
    if (month) month.files.push(file);
    else byMonth.set(monthId, { countyCode, files: [file] });
  }
  for (const [monthId, { countyCode, files }] of byMonth) {
    await addToListDocument(target, monthId, {
      $setOnInsert: { countyCode, kind: 'closed' },
      $addToSet: { files: { $each: files } },
    } as never);
  }
}

/** The months (YYYY-MM, China time) a period touches; at most `max`. */
export function monthsOf(from: Date, to: Date, max = 120): string[] {
  const first = chinaDayOf(from).slice(0, 7);
  const last = chinaDayOf(to).slice(0, 7);
  const months: string[] = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  for (let key = first; key <= last && months.length < max;) {
    months.push(key);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
    key = `${year}-${String(month).padStart(2, '0')}`;
  }
  return months;
}

/** The longest period a review may draw from: ten years of months. */
export const MAX_REVIEW_MONTHS = 120;

/**
 * Every closed file of the county matching the criteria (agency, category, closed within the
 * period), read agency by agency and month by month by `_id`.
 */
export async function candidateFiles(
  collection: Collection<ReviewableActDocument>,
  countyCode: string,
  criteria: SampleCriteria,
): Promise<CandidateFile[]> {
  const months = monthsOf(criteria.period.from, criteria.period.to, MAX_REVIEW_MONTHS);
  const ids = criteria.agencyIds.flatMap((agencyId) => months.map((month) => reviewableActIds.closed(countyCode, agencyId, month)));
  const categories = new Set<string>(criteria.categories);
  const found: CandidateFile[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < ids.length; i += 50) {
    const docs = await Promise.all(ids.slice(i, i + 50).map((_id) => collection.findOne({ _id })));
    for (const doc of docs) {
      if (!doc || doc.countyCode !== countyCode) continue;
      for (const file of doc.files ?? []) {
        if (seen.has(file.fileId) || !categories.has(file.category) || !isEnforcementCategory(file.category)) continue;
        if (!within(criteria.period, file.closedAt)) continue;
        seen.add(file.fileId);
        found.push({
          fileId: file.fileId,
          agencyId: file.agencyId,
          category: file.category as EnforcementCategory,
          closedAt: file.closedAt,
          enterprise: file.enterprise,
        });
      }
    }
  }
  return found;
}
