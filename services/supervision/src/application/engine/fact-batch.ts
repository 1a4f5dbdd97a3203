import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import type { EventRecord } from '@lesp/core';
import { DUPLICATE_KEY, writeErrorsOf } from '@lesp/event-store';
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

  /** How many writes the batch holds (tests, metrics). */
  get pendingWrites(): number {
    return this.writes.length;
  }

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
   * Writes what the batch changed, in order. A duplicate key is another writer's upsert of the
   * same new document winning the race (a redelivery during a rebalance): as one by one, a
   * versioned or insert-once write then leaves the winner's document, and an addition is made
   * to it; the writes after it go on.
   */
  async flush(): Promise<void> {
    let rest = this.writes.splice(0);
    this.versionedSets.clear();
    while (rest.length > 0) {
      try {
        await this.facts.bulkWrite(rest, { ordered: true });
        return;
      } catch (error) {
        const writeErrors = writeErrorsOf(error);
        const first = writeErrors[0];
        if (!first || writeErrors.length > 1 || first.code !== DUPLICATE_KEY) throw error;
        const lost = rest[first.index];
        if (lost && 'updateOne' in lost && '$addToSet' in lost.updateOne.update) {
          await this.facts.updateOne(lost.updateOne.filter, lost.updateOne.update);
        }
        rest = rest.slice(first.index + 1);
      }
    }
  }

  private keep(doc: FactDocument): void {
    this.docs.set(doc._id, Promise.resolve(doc));
  }
}
