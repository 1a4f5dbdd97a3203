import type { Collection, Document, Filter, UpdateFilter } from 'mongodb';
import type { EventRecord } from '@lesp/core';
import { isDuplicateKeyError } from '@lesp/event-store';

/**
 * Applies one event to the read-model document of its aggregate only if the document has
 * not seen this or a later version of the stream. A duplicate or older event matches no
 * document; the upsert then tries to insert the same _id and collides, which we take as
 * "already applied". Returns whether the document changed.
 */
export async function applyVersioned<Doc extends Document & { _id: string }>(
  target: Collection<Doc>,
  id: string,
  event: EventRecord,
  update: {
    $set?: Partial<Doc>;
    $setOnInsert?: Partial<Doc>;
    $unset?: Record<string, ''>;
    /** Safe here, unlike on a shared counter: the version filter lets each event in once. */
    $inc?: Record<string, number>;
    $push?: Record<string, unknown>;
    $addToSet?: Record<string, unknown>;
  },
): Promise<boolean> {
  const filter = { _id: id, _v: { $lt: event.version } } as unknown as Filter<Doc>;
  // Every read-model document carries its county: queries always filter on it.
  const set = { ...(update.$set ?? {}), _v: event.version, countyCode: event.countyCode };
  const fullUpdate = { ...update, $set: set } as unknown as UpdateFilter<Doc>;
  try {
    const result = await target.updateOne(filter, fullUpdate, { upsert: true });
    return result.modifiedCount + result.upsertedCount > 0;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}
