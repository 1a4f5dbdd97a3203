import type { Collection, Document, Filter, UpdateFilter } from 'mongodb';
import type { EventRecord } from '@lesp/core';
import { isDuplicateKeyError } from '@lesp/event-store';

/**
 * Applies one event to the read-model document of its aggregate only if the document has
 * not seen this or a later version of the stream. Returns whether the document changed.
 *
 * The version check reads the document by _id and compares in code; the write then filters
 * by _id alone. A filter with any other field makes FerretDB v1 (SQLite) read the whole
 * collection, which at a county-year of acts costs seconds per event. Read-then-write is
 * safe because one aggregate's events reach one consumer at a time (Kafka partitions by
 * aggregate id, handled in order) and a rebuild writes into its own collection.
 */
export async function applyVersioned<Doc extends Document & { _id: string }>(
  target: Collection<Doc>,
  id: string,
  event: EventRecord,
  update: {
    $set?: Partial<Doc>;
    $setOnInsert?: Partial<Doc>;
    $unset?: Record<string, ''>;
    /** Safe here, unlike on a shared counter: the version check lets each event in once. */
    $inc?: Record<string, number>;
    $push?: Record<string, unknown>;
    $addToSet?: Record<string, unknown>;
  },
): Promise<boolean> {
  const filter = { _id: id } as unknown as Filter<Doc>;
  const current = await target.findOne(filter, { projection: { _v: 1 } });
  const seen = (current as { _v?: number } | null)?._v;
  if (current && typeof seen === 'number' && seen >= event.version) return false;
  // Every read-model document carries its county: queries always filter on it.
  const set = { ...(update.$set ?? {}), _v: event.version, countyCode: event.countyCode };
  const fullUpdate = { ...update, $set: set } as unknown as UpdateFilter<Doc>;
  try {
    const result = await target.updateOne(filter, fullUpdate, { upsert: true });
    return result.modifiedCount + result.upsertedCount > 0;
  } catch (error) {
    // Two inserts of a new document raced (a redelivery during a rebalance): the first one counts.
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}
