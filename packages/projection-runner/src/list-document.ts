import type { Collection, Document, Filter, UpdateFilter } from 'mongodb';
import { listDocumentLock } from '@lesp/core';
import { isDuplicateKeyError } from '@lesp/event-store';

/** The key of a shared list document in `listDocumentLock`: its collection and `_id`. */
export function listLockKey(target: Collection<Document>, id: string): string {
  return `${target.namespace}/${id}`;
}

/**
 * Adds to a list document shared by many streams (`$addToSet`, created on the first addition),
 * with one writer per document in this process: FerretDB v1 can keep only one of two additions
 * made at once (a consumer runs partitions side by side). Two first additions racing to create
 * it (another process): the loser's becomes an update.
 */
export async function addToListDocument<Doc extends Document & { _id: string }>(
  target: Collection<Doc>,
  id: string,
  update: UpdateFilter<Doc>,
): Promise<void> {
  const filter = { _id: id } as Filter<Doc>;
  await listDocumentLock.run(listLockKey(target as unknown as Collection<Document>, id), async () => {
    try {
      await target.updateOne(filter, update, { upsert: true });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      await target.updateOne(filter, update);
    }
  });
}
