import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId, streamIdOf, type EventRecord } from '@lesp/core';
import { createTestDatabase, type TestDatabase } from '@lesp/test-infra';
import type { Collection } from 'mongodb';
import { applyFoldedBatch, applyStepsPerStream, applyVersioned, type StreamFold, type StreamSteps } from '../src/index.js';

/**
 * applyFoldedBatch against a real MongoDB-protocol server: a batch leaves what `applyVersioned`
 * one event at a time leaves, skips what the documents have seen, and ignores what the fold
 * does not change.
 */
interface TallyDoc {
  _id: string;
  _v?: number;
  countyCode: string;
  words: string[];
}

const text = (record: EventRecord) => new TextDecoder().decode(record.payload);

/** One document per stream, the words its events carry; "skip" changes nothing, and streams named "other-*" are not this read model's. */
const tally: StreamFold<TallyDoc> = {
  idOf: (record) => (record.aggregateId.startsWith('other-') ? undefined : `tally:${record.streamId}`),
  evolve: (doc, record, id) =>
    text(record) === 'skip' ? doc : { _id: id, countyCode: record.countyCode, words: [...(doc?.words ?? []), text(record)] },
};

async function oneByOne(record: EventRecord, target: Collection<TallyDoc>): Promise<void> {
  const id = tally.idOf(record);
  if (id === undefined) return;
  const doc = await target.findOne({ _id: id });
  if (doc && (doc._v ?? 0) >= record.version) return;
  const next = tally.evolve(doc, record, id);
  if (!next || next === doc) return;
  await applyVersioned(target, id, record, { $set: { words: next.words } });
}

function event(countyCode: string, aggregateId: string, version: number, word: string): EventRecord {
  return {
    eventId: newId(),
    eventType: 'Said',
    schemaVersion: 1,
    payload: new TextEncoder().encode(word),
    source: 'test',
    countyCode,
    aggregateType: 'Speaker',
    aggregateId,
    streamId: streamIdOf(countyCode, 'Speaker', aggregateId),
    version,
    occurredAt: new Date(0),
    recordedAt: new Date(0),
    actor: { userId: 'u', role: 'agency_clerk', countyCode },
    correlationId: 'c',
    causationId: 'c',
    previousHash: '',
    hash: '',
  };
}

/** Streams interleaved as partitions deliver them: several per batch, some cut across batches, two counties, one stream not folded here. */
function stream(): EventRecord[] {
  const out: EventRecord[] = [];
  for (let v = 1; v <= 6; v++) {
    for (const [county, speaker] of [
      ['431103', 'a'],
      ['431103', 'b'],
      ['433124', 'a'],
      ['431103', 'other-1'],
    ] as const) {
      out.push(event(county, speaker, v, v === 3 && speaker === 'b' ? 'skip' : `${speaker}${v}`));
    }
  }
  return out;
}

const contents = (target: Collection<TallyDoc>) => target.find({}).sort({ _id: 1 }).toArray();

describe('applyFoldedBatch', () => {
  let database: TestDatabase;
  const records = stream();
  let expected: TallyDoc[];

  beforeAll(async () => {
    database = await createTestDatabase('folded_batch');
    const reference = database.db.collection<TallyDoc>('reference');
    for (const record of records) await oneByOne(record, reference);
    expected = await contents(reference);
  });
  afterAll(async () => database.drop());

  it('the reference: one document per folded stream, skipped words absent, the other stream not there', () => {
    expect(expected.map((d) => [d._id, d._v, d.words.join(' ')])).toEqual([
      [`tally:${streamIdOf('431103', 'Speaker', 'a')}`, 6, 'a1 a2 a3 a4 a5 a6'],
      [`tally:${streamIdOf('431103', 'Speaker', 'b')}`, 6, 'b1 b2 b4 b5 b6'],
      [`tally:${streamIdOf('433124', 'Speaker', 'a')}`, 6, 'a1 a2 a3 a4 a5 a6'],
    ]);
  });

  it.each([1, 3, 5, 24])('in batches of %i: the same documents; the whole stream again changes nothing', async (size) => {
    const target = database.db.collection<TallyDoc>(`batched_${size}`);
    for (let start = 0; start < records.length; start += size) await applyFoldedBatch(records.slice(start, start + size), target, tally);
    expect(await contents(target)).toEqual(expected);
    await applyFoldedBatch(records, target, tally);
    expect(await contents(target)).toEqual(expected);
  });

  it('a batch starting past what a document has seen folds only the newer events', async () => {
    const target = database.db.collection<TallyDoc>('partly_seen');
    const firstHalf = records.filter((r) => r.version <= 3);
    for (const record of firstHalf) await oneByOne(record, target);
    await applyFoldedBatch(records, target, tally);
    expect(await contents(target)).toEqual(expected);
  });

  it('inserts the documents of streams beginning in the batch without reading them; a redelivery from the beginning with more events brings them up to date', async () => {
    const target = database.db.collection<TallyDoc>('fresh_inserted');
    const reads = vi.spyOn(target, 'findOne');
    await applyFoldedBatch(
      records.filter((r) => r.version <= 3),
      target,
      tally,
    );
    expect(reads).not.toHaveBeenCalled();
    // The whole stream again, from its beginning (a redelivery that goes further): the inserts are refused, the newer events land.
    await applyFoldedBatch(records, target, tally);
    expect(await contents(target)).toEqual(expected);
  });

  it('a replayed first event beside later live ones is folded onto what is stored, not into a new document that would drop the events between', async () => {
    const target = database.db.collection<TallyDoc>('replayed_first');
    const speakerA = records.filter((r) => r.aggregateId === 'a' && r.countyCode === '431103');
    await applyFoldedBatch(
      speakerA.filter((r) => r.version <= 5),
      target,
      tally,
    );
    // A dead letter of version 1 replayed, in one batch with the stream's next live event.
    await applyFoldedBatch([speakerA[0]!, speakerA[5]!], target, tally);
    expect((await contents(target)).map((d) => [d._v, d.words.join(' ')])).toEqual([[6, 'a1 a2 a3 a4 a5 a6']]);
  });

  it('writes a batch over more than a hundred stored documents (FerretDB v1 hangs on an update command of about 100)', async () => {
    const speakers = Array.from({ length: 120 }, (_, i) => `many-${i}`);
    const [first, second] = [1, 2].map((v) => speakers.map((speaker) => event('431103', speaker, v, `${speaker}-${v}`)));
    const reference = database.db.collection<TallyDoc>('many_reference');
    for (const record of [...first!, ...second!]) await oneByOne(record, reference);
    const target = database.db.collection<TallyDoc>('many_batched');
    await applyFoldedBatch(first!, target, tally);
    await applyFoldedBatch(second!, target, tally);
    expect(await contents(target)).toEqual(await contents(reference));
    expect((await contents(target)).every((d) => d._v === 2)).toBe(true);
  });
});

describe('applyStepsPerStream', () => {
  let database: TestDatabase;
  const records = stream();
  let expected: TallyDoc[];

  /** The tally as steps that also "send a command" per word (kept in order here, as a process manager's commands). */
  function withCommands(): { steps: StreamSteps<TallyDoc>; commands: string[] } {
    const commands: string[] = [];
    return {
      commands,
      steps: {
        idOf: tally.idOf,
        async step(doc, record, id) {
          // Yield, so that streams really interleave: each stream's commands must still come in its order.
          await new Promise((resolve) => setImmediate(resolve));
          if (text(record) !== 'skip') commands.push(`${record.streamId}:${text(record)}`);
          return tally.evolve(doc, record, id);
        },
      },
    };
  }
  const ofStream = (commands: readonly string[], streamId: string) =>
    commands.filter((c) => c.startsWith(`${streamId}:`)).map((c) => c.slice(streamId.length + 1));

  beforeAll(async () => {
    database = await createTestDatabase('stream_steps');
    const reference = database.db.collection<TallyDoc>('reference');
    for (const record of records) await oneByOne(record, reference);
    expected = await contents(reference);
  });
  afterAll(async () => database.drop());

  it.each([1, 3, 5, 24])('in batches of %i: the same documents, each stream’s commands in its order', async (size) => {
    const target = database.db.collection<TallyDoc>(`steps_${size}`);
    const { steps, commands } = withCommands();
    for (let start = 0; start < records.length; start += size) await applyStepsPerStream(records.slice(start, start + size), target, steps);
    expect(await contents(target)).toEqual(expected);
    const speakerA = streamIdOf('431103', 'Speaker', 'a');
    const speakerB = streamIdOf('431103', 'Speaker', 'b');
    expect(ofStream(commands, speakerA)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6']);
    expect(ofStream(commands, speakerB)).toEqual(['b1', 'b2', 'b4', 'b5', 'b6']);
    expect(commands.some((c) => c.includes('other-'))).toBe(false);
  });

  it('a redelivery past a stream’s beginning does nothing again; one from its beginning steps through again (idempotent commands), the documents unchanged', async () => {
    const target = database.db.collection<TallyDoc>('steps_redelivered');
    const { steps, commands } = withCommands();
    await applyStepsPerStream(records, target, steps);
    const once = commands.length;
    // Past the beginning: each document is read, and has seen these versions.
    await applyStepsPerStream(
      records.filter((r) => r.version >= 2),
      target,
      steps,
    );
    expect(commands.length).toBe(once);
    expect(await contents(target)).toEqual(expected);
    // From the beginning (no read: a stream that begins here has no document but a redelivery's): its commands again.
    await applyStepsPerStream(records, target, steps);
    expect(commands.length).toBe(2 * once);
    expect(await contents(target)).toEqual(expected);
  });

  it('a stream beginning in the batch is inserted without being read; one going on is read', async () => {
    const target = database.db.collection<TallyDoc>('steps_reads');
    const { steps } = withCommands();
    const reads = vi.spyOn(target, 'findOne');
    await applyStepsPerStream(
      records.filter((r) => r.version <= 2),
      target,
      steps,
    );
    expect(reads).not.toHaveBeenCalled();
    await applyStepsPerStream(
      records.filter((r) => r.version > 2),
      target,
      steps,
    );
    expect(reads).toHaveBeenCalledTimes(3);
    expect(await contents(target)).toEqual(expected);
  });

  it('a replayed first event beside later live ones steps from what is stored', async () => {
    const target = database.db.collection<TallyDoc>('steps_replayed_first');
    const { steps, commands } = withCommands();
    const speakerA = records.filter((r) => r.aggregateId === 'a' && r.countyCode === '431103');
    await applyStepsPerStream(
      speakerA.filter((r) => r.version <= 5),
      target,
      steps,
    );
    await applyStepsPerStream([speakerA[0]!, speakerA[5]!], target, steps);
    expect((await contents(target)).map((d) => [d._v, d.words.join(' ')])).toEqual([[6, 'a1 a2 a3 a4 a5 a6']]);
    // Version 1 is seen on the stored document: only version 6's command is sent.
    expect(ofStream(commands, streamIdOf('431103', 'Speaker', 'a'))).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6']);
  });

  it('a step that fails fails the batch, and the documents stay as they were: the batch is applied again whole', async () => {
    const target = database.db.collection<TallyDoc>('steps_failing');
    const { steps, commands } = withCommands();
    const firstHalf = records.filter((r) => r.version <= 3);
    await applyStepsPerStream(firstHalf, target, steps);
    const stored = await contents(target);
    const failing: StreamSteps<TallyDoc> = {
      ...steps,
      step: async (doc, record, id) => {
        if (text(record) === 'b5') throw new Error('command refused');
        return steps.step(doc, record, id);
      },
    };
    await expect(applyStepsPerStream(records, target, failing)).rejects.toThrow('command refused');
    expect(await contents(target)).toEqual(stored);
    await applyStepsPerStream(records, target, steps);
    expect(await contents(target)).toEqual(expected);
    // The failed attempt's commands were sent again by the retry: idempotent commands make that harmless.
    expect(ofStream(commands, streamIdOf('431103', 'Speaker', 'b')).slice(-2)).toEqual(['b5', 'b6']);
  });
});
