import type { Collection } from 'mongodb';
import { actEventCodec } from '@lesp/contracts';
import { isEnforcementCategory, type EnforcementCategory } from '@lesp/core';
import { isDuplicateKeyError } from '@lesp/event-store';
import { applyVersioned, type Projection } from '@lesp/projection-runner';
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

export const reviewableActsProjection: Projection<ReviewableActDocument> = {
  name: 'supervision.reviewable-acts',
  readModel: 'rm_reviewable_acts',
  indexes: [],
  handles: (eventType) => eventType === 'ApplicationReceived' || eventType === 'CaseFiled' || eventType === 'ActClosed',
  async apply(record, target) {
    if (record.source !== 'case-intake' || !actEventCodec.handles(record.eventType)) return;
    const event = actEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    const id = reviewableActIds.act(record.streamId);
    if (event.type === 'ApplicationReceived' || event.type === 'CaseFiled') {
      const o = event.data.opening;
      if (!o) return;
      await applyVersioned(target, id, record, {
        $set: {
          kind: 'act',
          actId: o.actId,
          agencyId: o.agencyId,
          category: o.category,
          enterprise: o.target?.enterprise ?? false,
        },
      });
      return;
    }
    if (event.type !== 'ActClosed') return;
    const act = await target.findOne({ _id: id });
    if (!act?.agencyId || !act.actId || (act._v ?? 0) >= record.version) return;
    const closedAt = event.data.occurredAt ?? record.occurredAt;
    // The month's list first (adding the same file twice keeps it once), then the act's version:
    // a crash in between redelivers the event, which adds nothing new.
    const file: ClosedFile = {
      fileId: act.actId,
      agencyId: act.agencyId,
      category: act.category ?? '',
      enterprise: act.enterprise ?? false,
      closedAt,
    };
    await addClosed(
      target,
      reviewableActIds.closed(record.countyCode, act.agencyId, chinaDayOf(closedAt).slice(0, 7)),
      record.countyCode,
      file,
    );
    await applyVersioned(target, id, record, { $set: { closedAt } });
  },
};

async function addClosed(target: Collection<ReviewableActDocument>, id: string, countyCode: string, file: ClosedFile): Promise<void> {
  const update = { $setOnInsert: { countyCode, kind: 'closed' }, $addToSet: { files: file } } as never;
  try {
    await target.updateOne({ _id: id }, update, { upsert: true });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    await target.updateOne({ _id: id }, update);
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
