import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import { listDocumentLock, type EventRecord } from '@lesp/core';
import { DUPLICATE_KEY, writeErrorsOf } from '@lesp/event-store';
import { listLockKey, WRITES_PER_COMMAND } from '@lesp/projection-runner';
import { addToSetUpdate, type FactDocument, type FactKind, type FactLookup, type FactSink } from './facts-store.js';

type ListField = 'inspections' | 'filings';

/**
 * The facts one batch of events is judged on: each document is read once (the engine reads
 * ahead what the batch will need, all at once), changed in memory as the batch's events are
 * folded in order, and written at the end in one ordered bulk write. Reads by `_id` and
 * writes one by one cost the rule engine a round trip each (about seven per event, most of
 * its time on FerretDB); a batch reads an act's document once and writes it once however many
 * of its events came, and an officer's once for the whole batch.
 *
 * The writes are the same idempotent upserts as `applyVersioned` and `CollectionFactSink`,
 * so a batch that stops half-written is simply judged again when redelivered.
 */
export class FactBatch implements FactSink {
  private readonly docs = new Map<string, Promise<FactDocument | null>>();
  private readonly writes: AnyBulkWriteOperation<FactDocument>[] = [];
  /** A versioned document's queued `$set`: later events of its stream in the batch merge into it. */
  private readonly versionedSets = new Map<string, Record<string, unknown>>();

  constructor(private readonly facts: Collection<FactDocument>) {}

  /** The document as the batch has it so far: read once from the collection, then as changed. */
  readonly lookup: FactLookup = (id) => {
    let doc = this.docs.get(id);
    if (!doc) {
      doc = this.facts.findOne({ _id: id });
      this.docs.set(id, doc);
    }
    return doc;
  };

  /** As `applyVersioned` with a `$set`: only if the document has not seen this or a later version. */
  async setVersioned(id: string, record: EventRecord, set: Partial<FactDocument>): Promise<boolean> {
    const doc = await this.lookup(id);
    if (doc && (doc._v ?? 0) >= record.version) return false;
    const fields: Record<string, unknown> = { ...set, _v: record.version, countyCode: record.countyCode };
    this.keep({ ...(doc ?? { _id: id }), ...fields } as FactDocument);
    const queued = this.versionedSets.get(id);
    if (queued) Object.assign(queued, fields);
    else {
      const merged = { ...fields };
      this.versionedSets.set(id, merged);
      this.writes.push({ updateOne: { filter: { _id: id }, update: { $set: merged }, upsert: true } });
    }
    return true;
  }

  async insertOnce(doc: FactDocument): Promise<void> {
    if (await this.lookup(doc._id)) return;
    this.keep(doc);
    this.writes.push({ updateOne: { filter: { _id: doc._id }, update: { $setOnInsert: doc }, upsert: true } });
  }

  async addToSet(id: string, countyCode: string, kind: FactKind, element: Partial<Record<ListField, unknown>>): Promise<void> {
    const doc = await this.lookup(id);
    const next: FactDocument = { ...(doc ?? { _id: id, countyCode, kind }) };
    for (const [field, value] of Object.entries(element) as [ListField, unknown][]) {
      const list = (next[field] ?? []) as unknown[];
      // $addToSet compares whole elements; the engine builds an element's fields in one order, so JSON equality is the same test.
      const key = JSON.stringify(value);
      if (!list.some((existing) => JSON.stringify(existing) === key)) (next as Record<ListField, unknown[]>)[field] = [...list, value];
    }
    this.keep(next);
    this.writes.push({ updateOne: { filter: { _id: id }, update: addToSetUpdate(countyCode, kind, element), upsert: true } });
  }

  /**
   * Writes what the batch changed, in order, `WRITES_PER_COMMAND` at a time (FerretDB v1 hangs on
   * an update command of about 100 statements on existing documents).
   */
  async flush(): Promise<void> {
    const writes = this.writes.splice(0);
    this.versionedSets.clear();
    for (let start = 0; start < writes.length; start += WRITES_PER_COMMAND) {
      const chunk = writes.slice(start, start + WRITES_PER_COMMAND);
      // The lists it adds to, one writer each in this process: FerretDB v1 can keep only one of two additions made at once.
      const lists = chunk.flatMap((write) =>
        'updateOne' in write && '$addToSet' in write.updateOne.update
          ? [listLockKey(this.facts as never, String(write.updateOne.filter._id))]
          : [],
      );
      await listDocumentLock.runAll(lists, () => this.writeInOrder(chunk));
    }
  }

  private async writeInOrder(writes: readonly AnyBulkWriteOperation<FactDocument>[]): Promise<void> {
    let rest = writes;
    while (rest.length > 0) {
      try {
        await this.facts.bulkWrite([...rest], { ordered: true });
        return;
      } catch (error) {
        const writeErrors = writeErrorsOf(error);
        const first = writeErrors[0];
        if (!first || writeErrors.length > 1 || first.code !== DUPLICATE_KEY) throw error;
        await this.afterLostInsert(rest[first.index]!);
        rest = rest.slice(first.index + 1);
      }
    }
  }

  /**
   * Another writer inserted the document first (a redelivery during a rebalance). As one by
   * one: an insert-once leaves the winner's document, an addition is made to it; a versioned
   * `$set` (which may carry later events of the stream than the winner's, folds being pure) is
   * written on it unless the winner has seen as far.
   */
  private async afterLostInsert(write: AnyBulkWriteOperation<FactDocument>): Promise<void> {
    if (!('updateOne' in write)) return;
    const { filter, update } = write.updateOne as { filter: { _id: string }; update: Record<string, unknown> };
    if ('$addToSet' in update) {
      await this.facts.updateOne(filter, update);
      return;
    }
    const set = update['$set'] as { _v?: number } | undefined;
    if (!set) return;
    const stored = await this.facts.findOne(filter);
    if (stored && (stored._v ?? 0) >= (set._v ?? 0)) return;
    await this.facts.updateOne(filter, update);
  }

  private keep(doc: FactDocument): void {
    this.docs.set(doc._id, Promise.resolve(doc));
  }
}
