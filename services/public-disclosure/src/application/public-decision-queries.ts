import type { Collection } from 'mongodb';
import { ENFORCEMENT_CATEGORY_CODES, NotFoundError, ValidationError, assertCountyCode, isEnforcementCategory } from '@lesp/core';
import { findInCounty, type Page, type ProjectionRunner } from '@lesp/projection-runner';
import { MAX_KEYWORD_CHARS, normalizeForSearch } from '../domain/search-tokens.js';
import {
  isWithdrawn,
  latestEntries,
  MARKS_SHARD,
  marksInEffect,
  matchesFilter,
  type IndexEntry,
  type IndexFilter,
  type MarksInEffect,
} from '../domain/decision-index.js';
import { publicDecisionsProjection, type PublicDecisionDocument } from './projections/public-decisions.js';
import {
  DECISION_SEARCH_INDEX,
  entryShards,
  indexEntryOf,
  markShards,
  monthShards,
  MONTHS_SHARD,
} from './projections/decision-search-index.js';
import type { ShardDocument } from './projections/index-shards.js';
import { publicAgenciesProjection, type PublicAgencyDocument } from './projections/public-agencies.js';

export interface PublicDecisionView {
  readonly actId: string;
  readonly countyCode: string;
  readonly agencyId: string;
  readonly agencyName: string;
  readonly category: string;
  readonly caseNumber: string;
  readonly title: string;
  readonly target: { readonly kind: string; readonly name: string; readonly creditCode: string; readonly enterprise: boolean };
  readonly decisionNumber: string;
  readonly outcome: string;
  readonly legalBasis: string;
  readonly content: string;
  readonly fineFen: number;
  readonly confiscationFen: number;
  readonly decidedAt: Date;
  readonly publishedAt: Date;
  readonly status: 'published' | 'corrected';
  readonly correctionNote: string;
  readonly correctedAt?: Date;
  /** 典型案例 note; empty when the decision is no typical case. */
  readonly typicalNote: string;
}

export interface DecisionSearch {
  /** Only typical cases (典型案例). */
  readonly typical?: boolean;
  readonly agencyId?: string;
  readonly category?: string;
  /** Decision instant bounds: from inclusive, to exclusive. */
  readonly decidedFrom?: Date;
  readonly decidedTo?: Date;
  readonly keyword?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
/**
 * A search reads the index month by month, newest first; once it has read this many entries
 * without filling its page, it returns what it has with a cursor below the last month read (a
 * rare keyword over many years of decisions is then several requests, each bounded).
 */
export const SCAN_BUDGET_ENTRIES = 20_000;
const AGENCY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const CURSOR = /^[A-Za-z0-9_-]{1,400}$/;

/**
 * What anyone may read of decisions: visible, published entries of the county whose retention
 * has not run out, as an allow-listed view (never the stored document). Search is a keyset scan
 * in (decision time, act id) order, newest first, so cursors stay stable while entries are added.
 */
export class PublicDecisionQueries {
  constructor(
    private readonly projections: ProjectionRunner,
    private readonly clock: () => Date = () => new Date(),
    private readonly scanBudget: number = SCAN_BUDGET_ENTRIES,
  ) {}

  async search(countyCode: string, query: DecisionSearch): Promise<Page<PublicDecisionView>> {
    assertCountyCode(countyCode);
    const limit = query.limit === undefined || query.limit === 0 ? DEFAULT_LIMIT : query.limit;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw ValidationError.of('limit', 'PAGE_LIMIT_RANGE', `每页条数应为 1 到 ${MAX_LIMIT}`);
    }
    if (query.agencyId && !AGENCY_ID.test(query.agencyId)) {
      throw ValidationError.of('agencyId', 'AGENCY_ID_INVALID', '执法主体编号格式不正确');
    }
    if (query.category && !isEnforcementCategory(query.category)) {
      throw ValidationError.of('category', 'CATEGORY_INVALID', `执法类别应为 ${ENFORCEMENT_CATEGORY_CODES.join('、')} 之一`);
    }
    if (query.decidedFrom && query.decidedTo && query.decidedFrom >= query.decidedTo) {
      throw ValidationError.of('decidedFrom', 'DATE_RANGE_INVALID', '起始日期不能晚于截止日期');
    }
    const raw = query.keyword ?? '';
    const keyword = raw.trim();
    if ([...keyword].length > MAX_KEYWORD_CHARS) {
      throw ValidationError.of('keyword', 'KEYWORD_TOO_LONG', `关键词不能超过 ${MAX_KEYWORD_CHARS} 个字`);
    }
    if (raw !== '' && normalizeForSearch(keyword) === '') {
      throw ValidationError.of('keyword', 'KEYWORD_EMPTY', '关键词应含有文字或数字');
    }
    const filter: IndexFilter = {
      ...(query.agencyId ? { agencyId: query.agencyId } : {}),
      ...(query.category ? { category: query.category } : {}),
      ...(query.cursor ? { before: decodeCursor(query.cursor) } : {}),
      ...(query.decidedFrom ? { fromKey: query.decidedFrom.toISOString() } : {}),
      ...(query.decidedTo ? { toKey: query.decidedTo.toISOString() } : {}),
      needle: normalizeForSearch(keyword),
      now: this.clock().getTime(),
    };
    const index = await this.index();
    const marks = marksInEffect(await markShards(index).read(countyCode, MARKS_SHARD));
    if (query.typical) return this.typicalPage(countyCode, filter, marks, limit);

    const found: PublicDecisionDocument[] = [];
    let scanned = 0;
    let nextCursor = '';
    const months = [...new Set(await monthShards(index).read(countyCode, MONTHS_SHARD))]
      .filter((month) => monthInRange(month, filter))
      .sort()
      .reverse();
    const shards = entryShards(index);
    for (const [position, month] of months.entries()) {
      // Only those below the cursor count against the budget (the cursor's month is read again).
      const entries = [...latestEntries(await shards.read(countyCode, month)).values()].filter(
        (entry) => filter.before === undefined || entry.k < filter.before,
      );
      scanned += entries.length;
      const matching = entries
        .filter((entry) => matchesFilter(entry, filter) && !isWithdrawn(entry, marks))
        .sort((a, b) => newestFirst(a.k, b.k));
      for (const doc of await this.shownInOrder(countyCode, matching, limit + 1 - found.length)) found.push(doc);
      if (found.length > limit) {
        nextCursor = encodeCursor(found[limit - 1]!.sortKey ?? '');
        break;
      }
      // The budget spent before the page filled: go on, next request, below this month's entries.
      if (scanned >= this.scanBudget && position < months.length - 1 && entries.length > 0) {
        nextCursor = encodeCursor(entries.reduce((low, entry) => (entry.k < low ? entry.k : low), entries[0]!.k));
        break;
      }
    }
    return { items: await this.views(countyCode, found.slice(0, limit)), nextCursor };
  }

  /** Typical cases are few: their decisions are read by `_id` and ordered here. */
  private async typicalPage(
    countyCode: string,
    filter: IndexFilter,
    marks: MarksInEffect,
    limit: number,
  ): Promise<Page<PublicDecisionView>> {
    const decisions = await this.collection();
    const now = new Date(filter.now);
    const docs = (
      await Promise.all(
        [...marks.typicalAt.keys()].map((actId) => findInCounty(decisions, `${countyCode}/DecisionDisclosure/${actId}`, countyCode)),
      )
    ).filter(
      (doc): doc is PublicDecisionDocument =>
        doc !== null && isShown(doc, now) && doc.typical === true && !!doc.sortKey && matchesFilter(indexEntryOf(doc, doc._v), filter),
    );
    docs.sort((a, b) => newestFirst(a.sortKey ?? '', b.sortKey ?? ''));
    const items = docs.slice(0, limit);
    return { items: await this.views(countyCode, items), nextCursor: docs.length > limit ? encodeCursor(items.at(-1)!.sortKey!) : '' };
  }

  /**
   * The decisions of the entries, newest first, as far as `wanted`: each read by `_id`, a few at a
   * time, and kept only if still shown under the same sort key (the index may hold an entry the
   * decision has since left: withdrawn, re-dated, or a projection behind the other).
   */
  private async shownInOrder(countyCode: string, entries: readonly IndexEntry[], wanted: number): Promise<PublicDecisionDocument[]> {
    const decisions = await this.collection();
    const now = this.clock();
    const shown: PublicDecisionDocument[] = [];
    for (let i = 0; i < entries.length && shown.length < wanted;) {
      const chunk = entries.slice(i, i + wanted - shown.length);
      i += chunk.length;
      const docs = await Promise.all(
        chunk.map((entry) => findInCounty(decisions, `${countyCode}/DecisionDisclosure/${entry.a}`, countyCode)),
      );
      docs.forEach((doc, j) => {
        if (doc && isShown(doc, now) && doc.sortKey === chunk[j]!.k) shown.push(doc);
      });
    }
    return shown;
  }

  async get(countyCode: string, actId: string): Promise<PublicDecisionView> {
    assertCountyCode(countyCode);
    if (!AGENCY_ID.test(actId)) throw notFound();
    const doc = await findInCounty(await this.collection(), `${countyCode}/DecisionDisclosure/${actId}`, countyCode);
    if (!doc || !isShown(doc, this.clock())) throw notFound();
    const [view] = await this.views(countyCode, [doc]);
    return view!;
  }

  /** Published decisions of an agency (its seven items' "results"), counted from the whole index of the county. */
  async countForAgency(countyCode: string, agencyId: string): Promise<number> {
    const index = await this.index();
    const marks = marksInEffect(await markShards(index).read(countyCode, MARKS_SHARD));
    const shards = entryShards(index);
    const filter: IndexFilter = { agencyId, needle: '', now: this.clock().getTime() };
    // Across months too: a decision re-dated on republication has an older entry in another month.
    const entries: IndexEntry[] = [];
    for (const month of new Set(await monthShards(index).read(countyCode, MONTHS_SHARD))) {
      entries.push(...(await shards.read(countyCode, month)));
    }
    return [...latestEntries(entries).values()].filter((entry) => matchesFilter(entry, filter) && !isWithdrawn(entry, marks)).length;
  }

  private index(): Promise<Collection<ShardDocument>> {
    return this.projections.collection<ShardDocument>(DECISION_SEARCH_INDEX);
  }

  private collection(): Promise<Collection<PublicDecisionDocument>> {
    return this.projections.collection<PublicDecisionDocument>(publicDecisionsProjection.name);
  }

  private async views(countyCode: string, docs: readonly PublicDecisionDocument[]): Promise<PublicDecisionView[]> {
    const agencies = await this.projections.collection<PublicAgencyDocument>(publicAgenciesProjection.name);
    const names = new Map<string, string>();
    for (const agencyId of new Set(docs.map((d) => d.agencyId ?? ''))) {
      const agency = await findInCounty(agencies, `${countyCode}/Agency/${agencyId}`, countyCode);
      names.set(agencyId, agency?.name ?? '');
    }
    return docs.map((doc) => toView(doc, names.get(doc.agencyId ?? '') ?? ''));
  }
}

/** Descending sort keys: newest decision first. */
function newestFirst(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}

/** Whether a month (`YYYY-MM`) can hold entries within the cursor and date bounds. */
function monthInRange(month: string, filter: IndexFilter): boolean {
  if (filter.before !== undefined && month > filter.before.slice(0, 7)) return false;
  if (filter.fromKey !== undefined && month < filter.fromKey.slice(0, 7)) return false;
  if (filter.toKey !== undefined && month > filter.toKey.slice(0, 7)) return false;
  return true;
}

function isShown(doc: PublicDecisionDocument, now: Date): boolean {
  return doc.visible === true && doc.retainUntil !== undefined && doc.retainUntil > now;
}

/** The allow-list of what a published decision shows. */
function toView(doc: PublicDecisionDocument, agencyName: string): PublicDecisionView {
  return {
    actId: doc.actId,
    countyCode: doc.countyCode,
    agencyId: doc.agencyId ?? '',
    agencyName,
    category: doc.category ?? '',
    caseNumber: doc.caseNumber ?? '',
    title: doc.title ?? '',
    target: {
      kind: doc.target?.kind ?? '',
      name: doc.target?.name ?? '',
      creditCode: doc.target?.creditCode ?? '',
      enterprise: doc.target?.enterprise ?? false,
    },
    decisionNumber: doc.decisionNumber ?? '',
    outcome: doc.outcome ?? '',
    legalBasis: doc.legalBasis ?? '',
    content: doc.content ?? '',
    fineFen: doc.fineFen ?? 0,
    confiscationFen: doc.confiscationFen ?? 0,
    decidedAt: doc.decidedAt ?? new Date(0),
    publishedAt: doc.publishedAt ?? new Date(0),
    status: doc.correctionNote ? 'corrected' : 'published',
    correctionNote: doc.correctionNote ?? '',
    ...(doc.correctedAt ? { correctedAt: doc.correctedAt } : {}),
    typicalNote: doc.typicalNote ?? '',
  };
}

function notFound(): NotFoundError {
  return new NotFoundError('DECISION_NOT_FOUND', '没有该公示的执法决定（未公示、已撤回或已过公示期限）');
}

function encodeCursor(sortKey: string): string {
  return Buffer.from(sortKey, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  if (!CURSOR.test(cursor)) throw ValidationError.of('cursor', 'PAGE_CURSOR_INVALID', '分页游标无效');
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^\d{4}-\d{2}-\d{2}T[\d:.]+Z\|[A-Za-z0-9_-]{1,64}$/.test(key))
    throw ValidationError.of('cursor', 'PAGE_CURSOR_INVALID', '分页游标无效');
  return key;
}
