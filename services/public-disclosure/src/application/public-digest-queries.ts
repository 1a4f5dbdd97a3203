import type { Filter } from 'mongodb';
import { ValidationError, assertCountyCode } from '@lesp/core';
import type { Page, ProjectionRunner } from '@lesp/projection-runner';
import {
  SEALING_SERVICES,
  isSealingService,
  publicDigestsProjection,
  type PublicDigestDocument,
  type SealingService,
} from './projections/public-digests.js';

export interface PublicDigestView {
  readonly digestId: string;
  readonly service: SealingService;
  readonly countyCode: string;
  readonly day: string;
  readonly coversFrom?: Date;
  readonly coversTo?: Date;
  readonly eventCount: number;
  readonly merkleRoot: string;
  readonly algorithm: string;
  readonly sealedAt?: Date;
  readonly recordedAt: Date;
}

export interface DigestListQuery {
  /** YYYY-MM-DD, inclusive. */
  readonly fromDay?: string;
  readonly toDay?: string;
  readonly service?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

const DEFAULT_LIMIT = 60;
const MAX_LIMIT = 200;
const CURSOR = /^[A-Za-z0-9_-]{1,200}$/;
const DIGEST_ID = /^[1-8]\d{5}\/\d{4}-\d{2}-\d{2}\/[a-z-]{1,40}$/;

/** The published daily digests of a county's logs, newest day first (then service, in reverse name order). */
export class PublicDigestQueries {
  constructor(private readonly projections: ProjectionRunner) {}

  async list(countyCode: string, query: DigestListQuery): Promise<Page<PublicDigestView>> {
    assertCountyCode(countyCode);
    const limit = query.limit === undefined || query.limit === 0 ? DEFAULT_LIMIT : query.limit;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw ValidationError.of('limit', 'PAGE_LIMIT_RANGE', `每页条数应为 1 到 ${MAX_LIMIT}`);
    }
    const fromDay = query.fromDay ? checkedDay(query.fromDay, 'from') : undefined;
    const toDay = query.toDay ? checkedDay(query.toDay, 'to') : undefined;
    if (fromDay && toDay && fromDay > toDay) throw ValidationError.of('from', 'DATE_RANGE_INVALID', '起始日期不能晚于截止日期');
    if (query.service && !isSealingService(query.service)) {
      throw ValidationError.of('service', 'SERVICE_INVALID', `系统应为 ${SEALING_SERVICES.join('、')} 之一`);
    }
    const filter: Filter<PublicDigestDocument> = { countyCode };
    if (query.service) filter.service = query.service as SealingService;
    if (fromDay || toDay) filter.day = { ...(fromDay ? { $gte: fromDay } : {}), ...(toDay ? { $lte: toDay } : {}) };
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const collection = await this.projections.collection<PublicDigestDocument>(publicDigestsProjection.name);
    const docs = await collection
      .find((after === undefined ? filter : { $and: [filter, { _id: { $lt: after } }] }) as Filter<PublicDigestDocument>)
      .sort({ _id: -1 })
      .limit(limit + 1)
      .toArray();
    const items = docs.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map(view),
      nextCursor: docs.length > limit && last ? Buffer.from(last._id, 'utf8').toString('base64url') : '',
    };
  }
}

function checkedDay(day: string, field: string): string {
  const start = new Date(`${day}T00:00:00+08:00`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(day) ||
    Number.isNaN(start.getTime()) ||
    new Date(start.getTime() + 8 * 3600_000).toISOString().slice(0, 10) !== day
  ) {
    throw ValidationError.of(field, 'DATE_INVALID', '日期应为存在的日期（YYYY-MM-DD）');
  }
  return day;
}

function decodeCursor(cursor: string): string {
  const id = CURSOR.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!DIGEST_ID.test(id)) throw ValidationError.of('cursor', 'PAGE_CURSOR_INVALID', '分页游标无效');
  return id;
}

/** The allow-list of what a digest shows. */
function view(doc: PublicDigestDocument): PublicDigestView {
  return {
    digestId: doc.digestId,
    service: doc.service,
    countyCode: doc.countyCode,
    day: doc.day,
    ...(doc.coversFrom ? { coversFrom: doc.coversFrom } : {}),
    ...(doc.coversTo ? { coversTo: doc.coversTo } : {}),
    eventCount: doc.eventCount,
    merkleRoot: doc.merkleRoot,
    algorithm: doc.algorithm,
    ...(doc.sealedAt ? { sealedAt: doc.sealedAt } : {}),
    recordedAt: doc.recordedAt,
  };
}
