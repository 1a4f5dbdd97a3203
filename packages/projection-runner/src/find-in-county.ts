import type { Collection, Document, Filter, WithId } from 'mongodb';

/**
 * One read-model document by _id, only if it belongs to the caller's county. The county is
 * checked here rather than in the filter: a filter on _id alone is the one FerretDB v1
 * (SQLite) answers from its primary key; `{ _id, countyCode }` would read the whole collection.
 * On MongoDB both are primary-key reads; the county rule holds either way.
 */
export async function findInCounty<Doc extends Document & { _id: string; countyCode: string }>(
  collection: Collection<Doc>,
  id: string,
  countyCode: string,
): Promise<WithId<Doc> | null> {
  const doc = await collection.findOne({ _id: id } as Filter<Doc>);
  return doc && doc.countyCode === countyCode ? doc : null;
}
