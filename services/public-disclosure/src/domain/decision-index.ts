/**
 * The public decision search index, as values: what one published decision contributes and
 * how a search judges the entries it read. Pure. The storage (documents addressed by `_id`
 * only, so FerretDB v1 serves every read from its index) is in
 * application/projections/decision-search-index.ts.
 *
 * A county's entries are kept per month of decision (a shard): a search newest first reads
 * the newest month first and stops when its page is full. Withdrawals and typical-case marks
 * name no decision date, so they go to the county's `marks` shard, which every search reads.
 */
import { MAX_INDEXED_CHARS, normalizeForSearch } from './search-tokens.js';

/** One published decision as the index knows it; the short field names keep shards small. */
export interface IndexEntry {
  /** Act id. */
  readonly a: string;
  /** The disclosure stream's version: of two entries for one act, the higher one holds. */
  readonly v: number;
  /** Sort key: decided-at ISO + '|' + act id (newest first, the cursor's keyset). */
  readonly k: string;
  /** Agency id. */
  readonly g: string;
  /** Enforcement category code. */
  readonly c: string;
  /** Retained until (epoch ms). */
  readonly r: number;
  /** The searchable texts, normalised, each cut at MAX_INDEXED_CHARS, joined by TEXT_SEPARATOR. */
  readonly x: string;
}

/** A withdrawal or a typical-case mark, by act and stream version. */
export interface IndexMark {
  readonly a: string;
  readonly v: number;
  readonly m: 'withdrawn' | 'typical';
}

/** Never part of a normalised text (only letters and digits are), so a keyword cannot span two texts. */
export const TEXT_SEPARATOR = '\u0001';
/** The shard of withdrawals and typical-case marks. */
export const MARKS_SHARD = 'marks';

export function indexedText(texts: readonly string[]): string {
  return texts.map((text) => [...normalizeForSearch(text)].slice(0, MAX_INDEXED_CHARS).join('')).join(TEXT_SEPARATOR);
}

/** `YYYY-MM` of a sort key (its decided-at ISO prefix). */
export function monthOfSortKey(sortKey: string): string {
  return sortKey.slice(0, 7);
}

export interface IndexFilter {
  readonly agencyId?: string;
  readonly category?: string;
  /** Sort keys strictly below this (the cursor). */
  readonly before?: string;
  /** Decision time bounds as sort keys: from inclusive, to exclusive. */
  readonly fromKey?: string;
  readonly toKey?: string;
  /** Normalised keyword; empty for none. */
  readonly needle: string;
  /** Epoch ms: entries retained until then or earlier are not shown. */
  readonly now: number;
}

export function matchesFilter(entry: IndexEntry, filter: IndexFilter): boolean {
  if (entry.r <= filter.now) return false;
  if (filter.before !== undefined && entry.k >= filter.before) return false;
  if (filter.fromKey !== undefined && entry.k < filter.fromKey) return false;
  if (filter.toKey !== undefined && entry.k >= filter.toKey) return false;
  if (filter.agencyId !== undefined && entry.g !== filter.agencyId) return false;
  if (filter.category !== undefined && entry.c !== filter.category) return false;
  return filter.needle === '' || entry.x.includes(filter.needle);
}

/** Per act, the entry of the highest version (a redelivery or a republication leaves older ones behind). */
export function latestEntries(entries: Iterable<IndexEntry>): Map<string, IndexEntry> {
  const latest = new Map<string, IndexEntry>();
  for (const entry of entries) {
    const seen = latest.get(entry.a);
    if (!seen || seen.v < entry.v) latest.set(entry.a, entry);
  }
  return latest;
}

/** The marks in effect: the last withdrawal per act, and typical marks not followed by a withdrawal. */
export interface MarksInEffect {
  readonly withdrawnAt: ReadonlyMap<string, number>;
  readonly typicalAt: ReadonlyMap<string, number>;
}

export function marksInEffect(marks: Iterable<IndexMark>): MarksInEffect {
  const withdrawnAt = new Map<string, number>();
  const typicalAt = new Map<string, number>();
  for (const mark of marks) {
    const into = mark.m === 'withdrawn' ? withdrawnAt : typicalAt;
    into.set(mark.a, Math.max(into.get(mark.a) ?? 0, mark.v));
  }
  for (const [actId, v] of typicalAt) if ((withdrawnAt.get(actId) ?? 0) > v) typicalAt.delete(actId);
  return { withdrawnAt, typicalAt };
}

/** Shown unless withdrawn after (at a higher version than) the entry's publication. */
export function isWithdrawn(entry: IndexEntry, marks: MarksInEffect): boolean {
  return (marks.withdrawnAt.get(entry.a) ?? 0) > entry.v;
}
