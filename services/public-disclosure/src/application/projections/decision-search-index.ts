import type { Collection } from 'mongodb';
import type { EventRecord } from '@lesp/core';
import { assertNever } from '@lesp/core';
import { decisionDisclosureEventCodec } from '@lesp/contracts';
import type { Projection } from '@lesp/projection-runner';
import { DECISION_DISCLOSURE } from '../decision-disclosure-aggregate.js';
import {
  indexedText,
  isWithdrawn,
  latestEntries,
  MARKS_SHARD,
  marksInEffect,
  monthOfSortKey,
  type IndexEntry,
  type IndexMark,
} from '../../domain/decision-index.js';
import { IndexShards, type ShardDocument } from './index-shards.js';
import { publishedDocument, searchableTexts, type PublicDecisionDocument } from './public-decisions.js';

/** What the index keeps of a published decision (its document, or what a DecisionPublished makes of it). */
export function indexEntryOf(doc: Partial<PublicDecisionDocument>, version: number): IndexEntry {
  return {
    a: doc.actId ?? '',
    v: version,
    k: doc.sortKey ?? '',
    g: doc.agencyId ?? '',
    c: doc.category ?? '',
    r: doc.retainUntil?.getTime() ?? 0,
    x: indexedText(searchableTexts(doc)),
  };
}

/** The shard listing a county's months that have entries. */
export const MONTHS_SHARD = 'months';

/**
 * The search index of published decisions (see domain/decision-index.ts): per county and month
 * of decision the entries of DecisionPublished, and per county the withdrawals and typical-case
 * marks. Searches read it by `_id` alone and then each page's decisions from
 * `rm_public_decisions` by `_id`, which stays the truth of what is shown: an entry the index
 * still holds for a decision withdrawn, re-dated or past retention is dropped there.
 */
export const DECISION_SEARCH_INDEX = 'public-disclosure.decision-search-index';

/** The projection, folding with the service's clock (what is past retention, as its queries judge it). */
export function decisionSearchIndex(clock: () => Date = () => new Date()): Projection<ShardDocument> {
  const now = () => clock().getTime();
  return {
    name: DECISION_SEARCH_INDEX,
    readModel: 'rm_public_decision_index',
    handles: (eventType) => decisionDisclosureEventCodec.handles(eventType),
    async apply(record, target) {
      await indexBatch([record], target, now);
    },
    async applyBatch(records, target) {
      await indexBatch(records, target, now);
    },
  };
}

export const decisionSearchIndexProjection = decisionSearchIndex();

/**
 * A fold keeps the latest entry per act and drops those past retention (the decision itself is
 * swept away) and those withdrawn since (the decision keeps only a tombstone): their masked text
 * then leaves the index too.
 */
export function entryShards(collection: Collection<ShardDocument>, now: () => number = () => Date.now()): IndexShards<IndexEntry> {
  return new IndexShards<IndexEntry>(collection, async (items, county) => {
    const marks = marksInEffect(await markShards(collection).read(county, MARKS_SHARD));
    return [...latestEntries(items).values()].filter((entry) => entry.r > now() && !isWithdrawn(entry, marks));
  });
}

export function markShards(collection: Collection<ShardDocument>): IndexShards<IndexMark> {
  return new IndexShards<IndexMark>(collection, foldMarks);
}

export function monthShards(collection: Collection<ShardDocument>): IndexShards<string> {
  return new IndexShards<string>(collection, (months) => [...new Set(months)].sort());
}

/** Months known to be listed, per collection (a rebuild writes a new one) and county: saves a read per batch. */
const listedMonths = new Map<string, Set<string>>();

async function indexBatch(records: readonly EventRecord[], target: Collection<ShardDocument>, now: () => number): Promise<void> {
  const entries = new Map<string, IndexEntry[]>();
  const marks = new Map<string, IndexMark[]>();
  const push = <T>(into: Map<string, T[]>, key: string, item: T) => into.set(key, [...(into.get(key) ?? []), item]);
  for (const record of records) {
    if (record.source !== 'public-disclosure' || record.aggregateType !== DECISION_DISCLOSURE) continue;
    const event = decisionDisclosureEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    switch (event.type) {
      case 'DecisionPublished': {
        const entry = indexEntryOf(publishedDocument(event.data), record.version);
        push(entries, `${record.countyCode}\n${monthOfSortKey(entry.k)}`, entry);
        break;
      }
      case 'DecisionWithdrawn':
        push(marks, record.countyCode, { a: event.data.actId, v: record.version, m: 'withdrawn' });
        break;
      case 'DecisionMarkedTypical':
        push(marks, record.countyCode, { a: event.data.actId, v: record.version, m: 'typical' });
        break;
      case 'DecisionCorrected':
      case 'DecisionRecordedForDisclosure':
      case 'DisclosureRefused':
        // Nothing searchable changes: a correction's note is shown from the decision itself.
        break;
      default:
        assertNever(event, 'disclosure event');
    }
  }
  const entryIndex = entryShards(target, now);
  for (const [key, items] of entries) {
    const [county, month] = key.split('\n') as [string, string];
    await listMonth(target, county, month);
    await entryIndex.append(county, month, items);
  }
  const markIndex = markShards(target);
  for (const [county, items] of marks) await markIndex.append(county, MARKS_SHARD, items);
}

/** The month goes on the county's list before its first entry is written, so a reader never misses a shard. */
async function listMonth(target: Collection<ShardDocument>, county: string, month: string): Promise<void> {
  const cacheKey = `${target.dbName}.${target.collectionName}\n${county}`;
  let known = listedMonths.get(cacheKey);
  if (known?.has(month)) return;
  const months = monthShards(target);
  known = new Set(await months.read(county, MONTHS_SHARD));
  listedMonths.set(cacheKey, known);
  if (known.has(month)) return;
  await months.append(county, MONTHS_SHARD, [month]);
  known.add(month);
}

function foldMarks(marks: readonly IndexMark[]): IndexMark[] {
  const latest = new Map<string, IndexMark>();
  for (const mark of marks) {
    const key = `${mark.m}\n${mark.a}`;
    const seen = latest.get(key);
    if (!seen || seen.v < mark.v) latest.set(key, mark);
  }
  return [...latest.values()];
}
