import type { Collection, Filter } from 'mongodb';
import { ENFORCEMENT_CATEGORY_CODES, NotFoundError, ValidationError, assertCountyCode, isEnforcementCategory } from '@lesp/core';
import { findInCounty, type Page, type ProjectionRunner } from '@lesp/projection-runner';
import { keywordTokens, matchesKeyword, MAX_KEYWORD_CHARS, normalizeForSearch } from '../domain/search-tokens.js';
import { publicDecisionsProjection, searchableTexts, type PublicDecisionDocument } from './projections/public-decisions.js';
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
 * A keyword search reads at most this many candidates per request (after the token match);
 * when it stops short, the page is cut there and its cursor continues the scan.
 */
export const MAX_SCANNED_PER_PAGE = 1000;
const BATCH = 200;
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
  ) {}

  async search(countyCode: string, query: DecisionSearch): Promise<Page<PublicDecisionView>> {
    assertCountyCode(countyCode);
    const limit = query.limit === undefined || query.limit === 0 ? DEFAULT_LIMIT : query.limit;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw ValidationError.of('limit', 'PAGE_LIMIT_RANGE', `每页条数应为 1 到 ${MAX_LIMIT}`);
    }
    const filter: Filter<PublicDecisionDocument> = { countyCode, visible: true, retainUntil: { $gt: this.clock() } };
    if (query.typical) filter.typical = true;
    if (query.agencyId) {
      if (!AGENCY_ID.test(query.agencyId)) throw ValidationError.of('agencyId', 'AGENCY_ID_INVALID', '执法主体编号格式不正确');
      filter.agencyId = query.agencyId;
    }
    if (query.category) {
      if (!isEnforcementCategory(query.category)) {
        throw ValidationError.of('category', 'CATEGORY_INVALID', `执法类别应为 ${ENFORCEMENT_CATEGORY_CODES.join('、')} 之一`);
      }
      filter.category = query.category;
    }
    if (query.decidedFrom || query.decidedTo) {
      if (query.decidedFrom && query.decidedTo && query.decidedFrom >= query.decidedTo) {
        throw ValidationError.of('decidedFrom', 'DATE_RANGE_INVALID', '起始日期不能晚于截止日期');
      }
      filter.decidedAt = {
        ...(query.decidedFrom ? { $gte: query.decidedFrom } : {}),
        ...(query.decidedTo ? { $lt: query.decidedTo } : {}),
      };
      // The same bounds on sortKey (decided-at ISO first): on MongoDB the (county, visible,
      // sortKey) index then starts and stops at the range instead of walking down to it.
      filter.sortKey = {
        ...(query.decidedFrom ? { $gte: query.decidedFrom.toISOString() } : {}),
        ...(query.decidedTo ? { $lt: query.decidedTo.toISOString() } : {}),
      };
    }
    const raw = query.keyword ?? '';
    const keyword = raw.trim();
    if ([...keyword].length > MAX_KEYWORD_CHARS) {
      throw ValidationError.of('keyword', 'KEYWORD_TOO_LONG', `关键词不能超过 ${MAX_KEYWORD_CHARS} 个字`);
    }
    if (raw !== '' && normalizeForSearch(keyword) === '') {
      throw ValidationError.of('keyword', 'KEYWORD_EMPTY', '关键词应含有文字或数字');
    }
    const tokens = keywordTokens(keyword);
    if (tokens.length > 0) filter.tokens = { $all: tokens };
    let after = query.cursor ? decodeCursor(query.cursor) : undefined;

    const collection = await this.collection();
    const found: PublicDecisionDocument[] = [];
    let scanned = 0;
    let exhausted = false;
    while (found.length <= limit && scanned < MAX_SCANNED_PER_PAGE) {
      const page = after === undefined ? filter : { $and: [filter, { sortKey: { $lt: after } }] };
      // Without the token array (the largest part of each document): it is matched, never shown.
      const docs = await collection
        .find(page as Filter<PublicDecisionDocument>, { projection: { tokens: 0 } })
        .sort({ sortKey: -1 })
        .limit(tokens.length > 0 ? BATCH : limit + 1)
        .toArray();
      for (const doc of docs) {
        scanned++;
        after = doc.sortKey;
        if (tokens.length === 0 || matchesKeyword(searchableTexts(doc), keyword)) found.push(doc);
        if (found.length > limit) break;
      }
      if (docs.length < (tokens.length > 0 ? BATCH : limit + 1)) {
        exhausted = found.length <= limit;
        break;
      }
    }
    const items = found.slice(0, limit);
    let nextCursor = '';
    if (found.length > limit) nextCursor = encodeCursor(items.at(-1)?.sortKey ?? '');
    // The scan stopped at its bound before the page filled: go on from where it stopped.
    else if (!exhausted && after !== undefined) nextCursor = encodeCursor(after);
    return { items: await this.views(countyCode, items), nextCursor };
  }

  async get(countyCode: string, actId: string): Promise<PublicDecisionView> {
    assertCountyCode(countyCode);
    if (!AGENCY_ID.test(actId)) throw notFound();
    const doc = await findInCounty(await this.collection(), `${countyCode}/DecisionDisclosure/${actId}`, countyCode);
    if (!doc || !isShown(doc, this.clock())) throw notFound();
    const [view] = await this.views(countyCode, [doc]);
    return view!;
  }

  /** Published decisions of an agency (its seven items' "results"); counted by a scan of the county. */
  async countForAgency(countyCode: string, agencyId: string): Promise<number> {
    const collection = await this.collection();
    return collection.countDocuments({ countyCode, agencyId, visible: true, retainUntil: { $gt: this.clock() } });
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
