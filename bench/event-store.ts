/**
 * Event store against the raw MongoDB driver, on the same database in the same run, rounds
 * interleaved so both sides meet the same load:
 *   - appends: `append` one at a time (a command) and `appendMany` of 100 (an import chunk)
 *     next to `insertOne` / `insertMany` of the same commit documents at the same batch size;
 *   - stream reads: `readStream` of five-event streams (an act's history: five commits read
 *     slot by slot) next to the same five commit documents read by _id all at once.
 * Target (issue 9): appends at least 70 % of the raw insert rate at the same batch size.
 *
 *   node --import tsx bench/event-store.ts      (or: pnpm bench event-store)
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { MongoClient, type Document } from 'mongodb';
import { newId } from '@lesp/core';
// The package by path, as scripts/verify-chain.ts does: the root lists only the packages its tools import by name.
import { MongoEventStore, type AppendRequest } from '../packages/event-store/src/index.js';
import type { BenchResult } from './run.js';
import { localInfrastructure } from './lib/services.js';

const COUNTY = '431103';
/** Appends per batch size: single appends are slower, so fewer of them. */
const APPENDS: Record<number, number> = {
  1: Number(process.env['BENCH_EVENT_STORE_SINGLE_APPENDS'] ?? 600),
  100: Number(process.env['BENCH_EVENT_STORE_BATCHED_APPENDS'] ?? 6000),
};
const STREAMS = Number(process.env['BENCH_EVENT_STORE_STREAMS'] ?? 150);
const STREAM_EVENTS = 5;
const PAYLOAD_BYTES = 400;

function request(aggregateId: string, expectedVersion: number, previousHash?: string): AppendRequest {
  return {
    source: 'case-intake',
    countyCode: COUNTY,
    aggregateType: 'EnforcementAct',
    aggregateId,
    expectedVersion,
    ...(previousHash === undefined ? {} : { previousHash }),
    events: [
      {
        eventId: newId(),
        eventType: 'EvidenceCollected',
        schemaVersion: 1,
        payload: randomBytes(PAYLOAD_BYTES),
        occurredAt: new Date(),
        actor: { userId: 'bench-clerk', role: 'agency_clerk', countyCode: COUNTY, agencyId: 'bench-agency' },
        correlationId: newId(),
        causationId: newId(),
      },
    ],
  };
}

type RawDocument = { _id: string } & Record<string, unknown>;

const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

export default async function eventStoreBench(): Promise<BenchResult> {
  const { mongoUrl } = localInfrastructure();
  const client = new MongoClient(mongoUrl);
  await client.connect();
  const db = client.db(`bench_event_store_${Date.now().toString(36)}`);
  try {
    const store = new MongoEventStore(db);
    await store.ensureIndexes();
    const raw = db.collection<RawDocument>('raw_commits');
    await raw.insertOne({ _id: 'warm-up' });
    // A commit as the store writes it: the raw side inserts copies of it, same size, new ids.
    const { streamId } = await store.append(request(`template-${newId()}`, 0));
    const template = (await db.collection<Document>('event_commits').findOne({ _id: `${streamId}@1` } as Document))!;
    const copy = (): RawDocument => ({ ...template, _id: `raw-${newId()}@1`, events: [{ ...template['events'][0], eventId: newId() }] });

    const rates: Record<string, number> = {};
    for (const batch of [1, 100]) {
      let storeTime = 0;
      let rawTime = 0;
      for (let done = 0; done < APPENDS[batch]!; done += batch) {
        const requests = Array.from({ length: batch }, () => request(`s-${newId()}`, 0));
        const documents = Array.from({ length: batch }, copy);
        let started = process.hrtime.bigint();
        if (batch === 1) await store.append(requests[0]!);
        else {
          const outcomes = await store.appendMany(requests);
          if (outcomes.some((o) => !o.ok)) throw new Error('appendMany refused a request');
        }
        storeTime += seconds(started);
        started = process.hrtime.bigint();
        if (batch === 1) await raw.insertOne(documents[0]!);
        else await raw.insertMany(documents, { ordered: false });
        rawTime += seconds(started);
      }
      rates[`append-${batch}`] = APPENDS[batch]! / storeTime;
      rates[`insert-${batch}`] = APPENDS[batch]! / rawTime;
    }

    // Streams of five commits (an act's history), each read whole.
    const streams: { id: string; commitIds: string[] }[] = [];
    for (let s = 0; s < STREAMS; s++) {
      const id = `read-${newId()}`;
      let hash: string | undefined;
      for (let v = 0; v < STREAM_EVENTS; v++) hash = (await store.append(request(id, v, hash))).records.at(-1)!.hash;
      streams.push({ id, commitIds: Array.from({ length: STREAM_EVENTS }, (_, v) => `${COUNTY}/EnforcementAct/${id}@${v + 1}`) });
    }
    const commits = db.collection<Document>('event_commits');
    let storeRead = 0;
    let rawRead = 0;
    for (const stream of streams) {
      let started = process.hrtime.bigint();
      const events = await store.readStream(COUNTY, 'EnforcementAct', stream.id);
      storeRead += seconds(started);
      started = process.hrtime.bigint();
      // By _id one by one, at once: FerretDB v1 serves only an _id equality from the index (an $in on _id scans).
      const docs = (await Promise.all(stream.commitIds.map((_id) => commits.findOne({ _id } as Document)))).filter((d) => d !== null);
      rawRead += seconds(started);
      if (events.length !== STREAM_EVENTS || docs.length !== STREAM_EVENTS)
        throw new Error(`stream ${stream.id}: ${events.length} events, ${docs.length} documents`);
    }
    const readEvents = STREAMS * STREAM_EVENTS;
    const ratio = (a: number, b: number) => Number((a / b).toFixed(2));
    const metric = (name: string, value: number, unit: string, baseline: number, target?: number) => ({
      name,
      value: Math.round(value),
      unit,
      baseline: { value: Math.round(baseline), unit },
      ratio: ratio(value, baseline),
      ...(target === undefined ? {} : { target: `≥ ${target * 100} % of raw`, met: value / baseline >= target }),
    });
    return {
      name: 'event-store',
      description:
        'MongoEventStore next to the raw driver on the same database, rounds interleaved: append (commit + outbox marker) vs insertOne and appendMany(100) vs insertMany(100) of the same commit documents; readStream of 5-event streams (slot by slot by _id) vs the same 5 commits by _id all at once (findOne each, in parallel: FerretDB v1 scans for an $in).',
      params: {
        database: mongoUrl,
        singleAppends: APPENDS[1]!,
        batchedAppends: APPENDS[100]!,
        payloadBytes: PAYLOAD_BYTES,
        streams: STREAMS,
        eventsPerStream: STREAM_EVENTS,
      },
      metrics: [
        metric('append, batch 1 (raw: insertOne)', rates['append-1']!, 'appends/s', rates['insert-1']!, 0.7),
        metric('appendMany, batch 100 (raw: insertMany 100)', rates['append-100']!, 'appends/s', rates['insert-100']!, 0.7),
        metric('stream read, 5 events (raw: 5 findOne by _id in parallel)', readEvents / storeRead, 'events/s', readEvents / rawRead),
      ],
    };
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await eventStoreBench();
  for (const m of result.metrics) console.log(JSON.stringify(m));
  process.exit(0);
}
