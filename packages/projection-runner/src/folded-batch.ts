import type { AnyBulkWriteOperation, Collection, Document, Filter } from 'mongodb';
import { forEachConcurrently, type EventRecord } from '@lesp/core';
import { DUPLICATE_KEY, writeErrorsOf } from '@lesp/event-store';

/** Documents read (and folded) at once by `applyFoldedBatch`: enough to hide the round trips, few enough not to flood the pool. */
const PARALLEL_READS = 32;

/**
 * Most writes in one bulk write command of a projection. FerretDB v1 (SQLite) keeps each
 * statement's query open until the whole command is done (a `defer` in its update loop), one
 * pooled connection each, and a database's pool has 100: an update command of about 100
 * statements on existing documents waits for a connection none of its own statements gives
 * back, forever, and the database's other operations then wait too. With four partitions
 * applied at once, 16 per command stays far below that. MongoDB does not care.
 */
export const WRITES_PER_COMMAND = 16;

/** A read model whose documents each fold the events of one stream (an act's summary, an act's file). */
export interface StreamFold<Doc extends Document & { _id: string; _v?: number }> {
  /** The document an event folds into; undefined: the event changes nothing here. */
  idOf(record: EventRecord): string | undefined;
  /**
   * The document after the event, as `apply` would write it (without `_v` and `countyCode`,
   * which are set here); the same document (or null) when the event changes nothing.
   */
  evolve(doc: Doc | null, record: EventRecord, id: string): Doc | null;
}

/**
 * Applies a batch of events as `applyVersioned` would one by one: each document is read once
 * (in parallel), its events folded in order in memory (an event at or below the document's
 * stream version is skipped, so redeliveries change nothing), and the documents that changed
 * are written in unordered bulk writes of `WRITES_PER_COMMAND`. One by one, each event cost a
 * read and a read-then-write; an act's four events in one batch cost one read and one write.
 * A stream whose events here are its first ones, without a gap, has no document yet: it is
 * folded without a read and inserted (`writeFolded`), so a new or imported act costs one write
 * and no read.
 * Documents are replaced whole: the fold owns every field of its documents.
 */
export async function applyFoldedBatch<Doc extends Document & { _id: string; _v?: number; countyCode?: string }>(
  records: readonly EventRecord[],
  target: Collection<Doc>,
  fold: StreamFold<Doc>,
  options: {
    /** After the fold, before its documents are written: what one by one writes before each document (e.g. lists the events add to). */
    readonly beforeWrite?: () => Promise<void>;
  } = {},
): Promise<void> {
  await stepThroughStreams(
    records,
    target,
    (record) => fold.idOf(record),
    async (doc, record, id) => fold.evolve(doc, record, id),
    PARALLEL_READS,
    options.beforeWrite,
  );
}

/**
 * What both helpers do: the batch's events grouped by document; per document (`concurrency` at
 * once) the stored one read, unless its stream's first events are all here (`startsStream`),
 * then each event at or below the document's version skipped and the others stepped through in
 * order; then `beforeWrite`, then the changed documents written (`writeFolded`).
 */
async function stepThroughStreams<Doc extends Document & { _id: string; _v?: number; countyCode?: string }>(
  records: readonly EventRecord[],
  target: Collection<Doc>,
  idOf: (record: EventRecord) => string | undefined,
  step: (doc: Doc | null, record: EventRecord, id: string) => Promise<Doc | null>,
  concurrency: number,
  beforeWrite?: () => Promise<void>,
): Promise<void> {
  const byId = new Map<string, EventRecord[]>();
  for (const record of records) {
    const id = idOf(record);
    if (id === undefined) continue;
    const events = byId.get(id);
    if (events) events.push(record);
    else byId.set(id, [record]);
  }
  const fresh: Doc[] = [];
  const changed: Doc[] = [];
  await forEachConcurrently([...byId], concurrency, async ([id, events]) => {
    // A stream beginning here has no document to read; after a redelivery, stepping from none does
    // again what its first pass did (a fold is pure; a process manager's commands are idempotent).
    const begins = startsStream(events);
    const stored = begins ? null : ((await target.findOne({ _id: id } as Filter<Doc>)) as Doc | null);
    let doc = stored;
    for (const record of events) {
      if (doc && typeof doc._v === 'number' && doc._v >= record.version) continue;
      const next = await step(doc, record, id);
      if (!next || next === doc) continue;
      doc = { ...next, _id: id, _v: record.version, countyCode: record.countyCode };
    }
    if (doc && doc !== stored) (begins ? fresh : changed).push(doc);
  });
  await beforeWrite?.();
  await writeFolded(target, fresh, changed);
}

/**
 * The stream's events here are its first ones, without a gap (versions 1, 2, … k): a document of
 * it can only exist if a redelivery of those same events made it, so what is folded from them
 * alone is all there is. A first event with later ones missing between (a dead letter replayed
 * beside the stream's live events: 1, then 6) must be folded onto what is stored instead.
 */
function startsStream(events: readonly EventRecord[]): boolean {
  return events.every((event, i) => event.version === i + 1);
}

/**
 * Writes folded documents: those of streams whose first events are all in this batch inserted in one unordered
 * insert (no read was made for them), the others replaced in bulk writes. An insert refused
 * because the document is there (a redelivery of the stream's first events) replaces it unless
 * it has seen as far: it was folded from the same events, so it holds what is stored and maybe
 * more.
 */
async function writeFolded<Doc extends Document & { _id: string; _v?: number }>(
  target: Collection<Doc>,
  fresh: readonly Doc[],
  changed: readonly Doc[],
): Promise<void> {
  const replacement = (doc: Doc): AnyBulkWriteOperation<Doc> => ({
    replaceOne: { filter: { _id: doc._id } as Filter<Doc>, replacement: doc as never, upsert: true },
  });
  if (fresh.length > 0) {
    try {
      await target.insertMany(fresh as never[], { ordered: false });
    } catch (error) {
      const writeErrors = writeErrorsOf(error);
      if (writeErrors.length === 0 || writeErrors.some((e) => e.code !== DUPLICATE_KEY)) throw error;
      for (const { index } of writeErrors) await replaceUnlessBehind(target, replacement(fresh[index]!));
    }
  }
  await writeReplacements(target, changed.map(replacement));
}

/** Unordered bulk writes of `WRITES_PER_COMMAND` replacements; one that lost an insert race goes in unless it is behind. */
async function writeReplacements<Doc extends Document & { _id: string; _v?: number }>(
  target: Collection<Doc>,
  writes: readonly AnyBulkWriteOperation<Doc>[],
): Promise<void> {
  for (let start = 0; start < writes.length; start += WRITES_PER_COMMAND) {
    const chunk = writes.slice(start, start + WRITES_PER_COMMAND);
    try {
      await target.bulkWrite(chunk, { ordered: false });
    } catch (error) {
      const writeErrors = writeErrorsOf(error);
      if (writeErrors.length === 0 || writeErrors.some((e) => e.code !== DUPLICATE_KEY)) throw error;
      for (const { index } of writeErrors) await replaceUnlessBehind(target, chunk[index]!);
    }
  }
}

/**
 * Another writer inserted the document first (a redelivery during a rebalance): ours, folded
 * from before that insert, holds the same events and maybe later ones (folds are pure), so it
 * replaces the winner's unless the winner has seen as far.
 */
async function replaceUnlessBehind<Doc extends Document & { _id: string; _v?: number }>(
  target: Collection<Doc>,
  write: AnyBulkWriteOperation<Doc>,
): Promise<void> {
  if (!('replaceOne' in write)) return;
  const { filter, replacement } = write.replaceOne;
  const stored = (await target.findOne(filter)) as Doc | null;
  const ours = (replacement as { _v?: number })._v ?? 0;
  if (stored && (stored._v ?? 0) >= ours) return;
  await target.replaceOne(filter, replacement);
}

/**
 * The fold of a projection whose events each `$set` fields of their stream's document (what
 * `applyVersioned` with a `$set` does one by one): so one `setOf` serves `apply` and `applyBatch`.
 */
export function setFold<Doc extends Document & { _id: string; _v?: number }>(
  idOf: (record: EventRecord) => string | undefined,
  setOf: (record: EventRecord) => Partial<Doc> | undefined,
): StreamFold<Doc> {
  return {
    idOf,
    evolve(doc, record, id) {
      const set = setOf(record);
      return set ? ({ ...(doc ?? { _id: id }), ...set } as Doc) : doc;
    },
  };
}

/** Streams stepped through at once by `applyStepsPerStream`. */
const STREAMS_AT_ONCE = 16;

/**
 * A read model whose documents each follow one stream, where an event may also ask for work
 * beyond the document, done in order and given the document as it stood before the event: a
 * process manager that keeps per stream what it needs and sends commands.
 */
export interface StreamSteps<Doc extends Document & { _id: string; _v?: number }> {
  /** The document an event belongs to; undefined: the event is not this read model's. */
  idOf(record: EventRecord): string | undefined;
  /**
   * Does what the event asks (commands, each idempotent: a redelivered or re-applied event does
   * it again) and returns the document after it (without `_v` and `countyCode`, set here): a
   * new object to record the event, the same document (or null) to leave no trace of it.
   */
  step(doc: Doc | null, record: EventRecord, id: string): Promise<Doc | null>;
}

/**
 * Applies a batch for a process manager that keeps a document per stream and whose steps touch
 * only what belongs to their stream (its document, commands on aggregates of its own), so that
 * streams do not see each other's events: each stream's document is read once, its events
 * stepped through in order (one at or below the document's version is skipped, so redeliveries
 * do nothing twice), several streams at once (their round trips overlap, and the event store
 * groups their appends), and the changed documents written at the end in bulk, as
 * `applyFoldedBatch` writes (a stream whose first events are all here is not read, but
 * inserted). One by one, each event cost two reads and a write
 * besides its commands; an act's five events in one batch cost one read and one write, or one
 * insert when they are its first. A crash before the write re-applies the batch's events: their
 * commands are idempotent, and the document is replaced whole from the same steps.
 */
export async function applyStepsPerStream<Doc extends Document & { _id: string; _v?: number; countyCode?: string }>(
  records: readonly EventRecord[],
  target: Collection<Doc>,
  steps: StreamSteps<Doc>,
  concurrency = STREAMS_AT_ONCE,
): Promise<void> {
  await stepThroughStreams(
    records,
    target,
    (record) => steps.idOf(record),
    (doc, record, id) => steps.step(doc, record, id),
    concurrency,
  );
}
