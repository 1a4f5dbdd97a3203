import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, streamIdOf, type EventRecord } from '@lesp/core';
import { createTestDatabase, type TestDatabase } from '@lesp/test-infra';
import type { Collection } from 'mongodb';
import { applyFoldedBatch, applyVersioned, type StreamFold } from '../src/index.js';

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
