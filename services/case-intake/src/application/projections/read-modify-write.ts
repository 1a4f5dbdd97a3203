import type { Collection, Document } from 'mongodb';
import type { EventRecord } from '@lesp/core';
import { applyVersioned } from '@lesp/projection-runner';

/**
 * Changes part of an array in a read-model document: read the document, write the new value
 * under the version check (FerretDB v1 has no array filters). Events of one stream are applied
 * in order, and a document that has already seen this version is left alone, so redelivery
 * and replays change nothing twice.
 */
export async function rewriteVersioned<Doc extends Document & { _id: string; _v: number }>(
  target: Collection<Doc>,
  record: EventRecord,
  change: (doc: Doc) => Partial<Doc>,
): Promise<void> {
  const doc = (await target.findOne({ _id: record.streamId } as Parameters<Collection<Doc>['findOne']>[0])) as Doc | null;
  if (!doc || doc._v >= record.version) return;
  await applyVersioned(target, record.streamId, record, { $set: { ...change(doc), updatedAt: record.recordedAt } as Partial<Doc> });
}
