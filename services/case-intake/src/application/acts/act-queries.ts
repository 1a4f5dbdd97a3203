import { assertAllowed, readableCounty, type Principal } from '@lesp/auth';
import { NotFoundError, ValidationError, assertCountyCode, isEnforcementCategory, streamIdOf, type EventRecord } from '@lesp/core';
import type { EventStore } from '@lesp/event-store';
import { findInCounty, type ProjectionRunner } from '@lesp/projection-runner';
import type { Filter } from 'mongodb';
import { actSearchProjection, type ActSearchDocument } from '../projections/act-search.js';
import { ACT_AGGREGATE } from './act-aggregate.js';
import { describeStep } from './act-timeline.js';

export type ActView = Omit<ActSearchDocument, '_id' | '_v' | 'lastRecordedAt'> & { version: number };

export interface ActSearch {
  readonly agencyId?: string;
  readonly category?: string;
  readonly status?: string;
  readonly openedFrom?: Date;
  readonly openedTo?: Date;
  /** Exact credit code, or the start of the target's name. */
  readonly target?: string;
  readonly officerId?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

export interface TimelineEntry {
  readonly eventId: string;
  readonly eventType: string;
  readonly version: number;
  readonly occurredAt: Date;
  readonly recordedAt: Date;
  readonly actorUserId: string;
  readonly actorRole: string;
  readonly officerIds: readonly string[];
  readonly summary: string;
}

const STATUSES = ['open', 'rejected', 'decided', 'closed', 'archived'];

export class ActQueries {
  constructor(
    private readonly projections: ProjectionRunner,
    private readonly store: EventStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async get(principal: Principal, countyCode: string, actId: string): Promise<ActView> {
    assertCountyCode(countyCode);
    const collection = await this.projections.collection<ActSearchDocument>(actSearchProjection.name);
    const doc = await findInCounty(collection, streamIdOf(countyCode, ACT_AGGREGATE, actId), countyCode);
    if (!doc) throw new NotFoundError('ACT_NOT_FOUND', `执法行为 ${actId} 不存在`);
    assertAllowed(principal, 'act.read', { countyCodes: [countyCode], agencyId: doc.agencyId }, this.clock());
    return toView(doc);
  }

  /** Newest first; keyset paging on (openedAt, id), stable while acts are added. */
  async search(principal: Principal, countyCode: string, search: ActSearch): Promise<{ items: ActView[]; nextCursor: string }> {
    assertCountyCode(countyCode);
    const county = readableCounty(principal, 'act.search', countyCode, this.clock());
    // A clerk sees the acts of their own agency only, whatever the request asks for.
    const agencyId = principal.role === 'agency_clerk' ? principal.agencyId : search.agencyId;
    const limit = search.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 200)
      throw ValidationError.of('limit', 'PAGE_LIMIT_RANGE', '每页条数应为 1 到 200');
    if (search.category && !isEnforcementCategory(search.category))
      throw ValidationError.of('category', 'CATEGORY_UNKNOWN', '未知的执法行为类别');
    if (search.status && !STATUSES.includes(search.status))
      throw ValidationError.of('status', 'STATUS_UNKNOWN', `状态应为：${STATUSES.join('、')}`);
    const and: Filter<ActSearchDocument>[] = [{ countyCode: county }];
    if (agencyId) and.push({ agencyId });
    if (search.category) and.push({ category: search.category });
    if (search.status) and.push({ status: search.status as ActSearchDocument['status'] });
    if (search.openedFrom) and.push({ openedAt: { $gte: search.openedFrom } });
    if (search.openedTo) and.push({ openedAt: { $lt: search.openedTo } });
    if (search.officerId) and.push({ officerIds: search.officerId });
    if (search.target) {
      and.push({ $or: [{ targetCreditCode: search.target }, { targetName: { $regex: `^${escapeRegex(search.target)}` } }] });
    }
    if (search.cursor) {
      const after = decodeCursor(search.cursor);
      and.push({ $or: [{ openedAt: { $lt: after.openedAt } }, { openedAt: after.openedAt, _id: { $lt: after.id } }] });
    }
    const collection = await this.projections.collection<ActSearchDocument>(actSearchProjection.name);
    const docs = await collection
      .find({ $and: and })
      .sort({ openedAt: -1, _id: -1 })
      .limit(limit + 1)
      .toArray();
    const page = docs.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map(toView), nextCursor: docs.length > limit && last ? encodeCursor(last.openedAt, last._id) : '' };
  }

  /** Every event of the act, from this service's own event store: who did what, when it happened, when it was recorded. */
  async timeline(principal: Principal, countyCode: string, actId: string): Promise<TimelineEntry[]> {
    assertCountyCode(countyCode);
    const records = await this.store.readStream(countyCode, ACT_AGGREGATE, actId);
    if (records.length === 0) throw new NotFoundError('ACT_NOT_FOUND', `执法行为 ${actId} 不存在`);
    const agencyId = agencyOf(records[0]!);
    assertAllowed(principal, 'act.read', { countyCodes: [countyCode], ...(agencyId ? { agencyId } : {}) }, this.clock());
    return records.map((record) => {
      const { summary, officerIds } = describeStep(record);
      return {
        eventId: record.eventId,
        eventType: record.eventType,
        version: record.version,
        occurredAt: record.occurredAt,
        recordedAt: record.recordedAt,
        actorUserId: record.actor.userId,
        actorRole: record.actor.role,
        officerIds,
        summary,
      };
    });
  }
}

function agencyOf(opening: EventRecord): string | undefined {
  const described = describeStep(opening);
  return described.agencyId;
}

function toView(doc: ActSearchDocument): ActView {
  const { _id, _v, lastRecordedAt: _last, ...rest } = doc;
  return { ...rest, version: _v };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function encodeCursor(openedAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([openedAt.getTime(), id])).toString('base64url');
}

function decodeCursor(cursor: string): { openedAt: Date; id: string } {
  try {
    const [ms, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof ms === 'number' && typeof id === 'string') return { openedAt: new Date(ms), id };
  } catch {
    // fall through
  }
  throw ValidationError.of('cursor', 'PAGE_CURSOR_INVALID', '分页游标无效');
}
