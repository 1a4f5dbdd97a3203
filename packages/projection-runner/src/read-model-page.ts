import type { Collection, Document, Filter, WithId } from 'mongodb';
import { ValidationError } from '@lesp/core';

export interface PageQuery {
  readonly limit?: number;
  /** Opaque: the `nextCursor` of the previous page. */
  readonly cursor?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Empty when this is the last page. */
  readonly nextCursor: string;
}

const MAX_LIMIT = 200;

/**
 * Keyset paging over a read model in _id order: stable while documents are added, no
 * skip/offset scans. The county filter is the caller's duty and is never optional.
 */
export async function readModelPage<Doc extends Document & { _id: string }>(
  collection: Collection<Doc>,
  filter: Filter<Doc> & { countyCode: unknown },
  query: PageQuery,
): Promise<Page<WithId<Doc>>> {
  const limit = query.limit === undefined || query.limit === 0 ? 50 : query.limit;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw ValidationError.of('page.limit', 'PAGE_LIMIT_RANGE', `每页条数应为 1 到 ${MAX_LIMIT}`);
  }
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const pageFilter = (after === undefined ? filter : { $and: [filter, { _id: { $gt: after } }] }) as Filter<Doc>;
  const docs = await collection
    .find(pageFilter)
    .sort({ _id: 1 })
    .limit(limit + 1)
    .toArray();
  const items = docs.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: docs.length > limit && last ? Buffer.from(last._id).toString('base64url') : '' };
}

function decodeCursor(cursor: string): string {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) {
    throw ValidationError.of('page.cursor', 'PAGE_CURSOR_INVALID', '分页游标无效');
  }
  return Buffer.from(cursor, 'base64url').toString('utf8');
}
