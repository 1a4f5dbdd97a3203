/**
 * Event store against the raw MongoDB driver, on the same database in the same run, rounds
 * interleaved so both sides meet the same load:
 *   - appends: `append` one at a time (a command), `append` of 8 commands at once (a service
 *     under concurrent requests: the store writes them as a group) and `appendMany` of 100 (an
 *     import chunk) next to `insertOne` (one at a time, 8 at once) / `insertMany` of the same
 *     commit documents at the same batch size, into a collection with the same indexes as the
 *     store's commits (on FerretDB each index is an expression index every insert updates: an
 *     unindexed collection is measured too, for what the indexes cost);
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
/** Appends per workload: single appends are slower, so fewer of them; enough rounds that a WAL checkpoint or another process's burst does not decide a ratio. */
const APPENDS = {
  single: Number(process.env['BENCH_EVENT_STORE_SINGLE_APPENDS'] ?? 1500),
  concurrent: Number(process.env['BENCH_EVENT_STORE_CONCURRENT_APPENDS'] ?? 1600),
  batched: Number(process.env['BENCH_EVENT_STORE_BATCHED_APPENDS'] ?? 20000),
};
/** Appends per round of each workload, and whether a round's are made at once or as one appendMany. */
const WORKLOADS = [
  { name: 'single', size: 1, together: 'sequential' },
  { name: 'concurrent', size: 8, together: 'concurrent' },
  { name: 'batched', size: 100, together: 'batch' },
] as const;
const ORDER = { recordedAt: 1, streamId: 1, firstVersion: 1 } as const;
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
    // The indexes MongoEventStore.ensureIndexes gives its commits (checked below), so both sides insert into the same kind of collection.
    await raw.createIndex({ countyCode: 1, ...ORDER }, { name: 'county_order' });
    await raw.createIndex(ORDER, { name: 'global_order' });
    const plain = db.collection<RawDocument>('raw_commits_unindexed');
    await raw.insertOne({ _id: 'warm-up' });
    await plain.insertOne({ _id: 'warm-up' });
    const indexNames = async (name: string) => (await db.collection(name).listIndexes().toArray()).map((i) => String(i['name'])).sort();
    if ((await indexNames('raw_commits')).join() !== (await indexNames('event_commits')).join())
      throw new Error('raw_commits does not have the indexes of event_commits');
    // A commit as the store writes it: the raw side inserts copies of it, same size, new ids.
    const { streamId } = await store.append(request(`template-${newId()}`, 0));
    const template = (await db.collection<Document>('event_commits').findOne({ _id: `${streamId}@1` } as Document))!;
    const copy = (): RawDocument => ({ ...template, _id: `raw-${newId()}@1`, events: [{ ...template['events'][0], eventId: newId() }] });
    const insert = async (collection: typeof raw, documents: RawDocument[], together: string) => {
      if (together === 'sequential') await collection.insertOne(documents[0]!);
      else if (together === 'concurrent') await Promise.all(documents.map((d) => collection.insertOne(d)));
      else await collection.insertMany(documents, { ordered: false });
    };

    const rates: Record<string, number> = {};
    for (const { name, size, together } of WORKLOADS) {
      const time = { store: 0, raw: 0, plain: 0, pair: 0 };
      const total = APPENDS[name];
      for (let done = 0; done < total; done += size) {
        const requests = Array.from({ length: size }, () => request(`s-${newId()}`, 0));
        let started = process.hrtime.bigint();
        if (together === 'sequential') await store.append(requests[0]!);
        else if (together === 'concurrent') await Promise.all(requests.map((r) => store.append(r)));
        else {
          const outcomes = await store.appendMany(requests);
          if (outcomes.some((o) => !o.ok)) throw new Error('appendMany refused a request');
        }
        time.store += seconds(started);
        started = process.hrtime.bigint();
        await insert(raw, Array.from({ length: size }, copy), together);
        time.raw += seconds(started);
        started = process.hrtime.bigint();
        await insert(plain, Array.from({ length: size }, copy), together);
        time.plain += seconds(started);
        if (together === 'sequential') {
          // The write a single append makes, by the raw driver: its marker, then its commit, in one ordered insert (the floor of an append).
          const commit = copy();
          const marker = {
            _id: `~outbox:raw:${done}`,
            epoch: 'raw',
            seq: done,
            markedAt: new Date(),
            slots: [{ commitId: commit._id, eventId: newId(), recordedAt: commit['recordedAt'] }],
          };
          started = process.hrtime.bigint();
          await raw.insertMany([marker, commit], { ordered: true });
          time.pair += seconds(started);
        }
      }
      rates[`store-${name}`] = total / time.store;
      rates[`raw-${name}`] = total / time.raw;
      rates[`plain-${name}`] = total / time.plain;
      rates[`pair-${name}`] = total / time.pair;
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
        "MongoEventStore next to the raw driver on the same database, rounds interleaved: append one at a time (its outbox marker, then its commit, in one ordered insert) vs insertOne; 8 appends at once (a service under concurrent commands: written as a group, one marker and their commits in one insert) vs 8 insertOne at once; appendMany(100) vs insertMany(100); the raw side inserts copies of the same commit documents into a collection with the same two order indexes as the store's commits (also measured into one without them: each is an expression index FerretDB updates on every insert), and for batch 1 also a marker and the commit in one ordered insertMany (the write a single append makes, its floor); readStream of 5-event streams (slot by slot by _id) vs the same 5 commits by _id all at once (findOne each, in parallel: FerretDB v1 scans for an $in).",
      params: {
        database: mongoUrl,
        singleAppends: APPENDS.single,
        concurrentAppends: APPENDS.concurrent,
        concurrency: 8,
        batchedAppends: APPENDS.batched,
        payloadBytes: PAYLOAD_BYTES,
        streams: STREAMS,
        eventsPerStream: STREAM_EVENTS,
      },
      metrics: [
        metric('append, batch 1 (raw: insertOne)', rates['store-single']!, 'appends/s', rates['raw-single']!, 0.7),
        metric(
          'append, batch 1, 8 at once (raw: 8 insertOne at once)',
          rates['store-concurrent']!,
          'appends/s',
          rates['raw-concurrent']!,
          0.7,
        ),
        metric('appendMany, batch 100 (raw: insertMany 100)', rates['store-batched']!, 'appends/s', rates['raw-batched']!, 0.7),
        metric(
          'append, batch 1 (raw: one ordered insertMany of a marker and the commit: the write of a single append)',
          rates['store-single']!,
          'appends/s',
          rates['pair-single']!,
        ),
        metric('append, batch 1 (raw: insertOne, collection without indexes)', rates['store-single']!, 'appends/s', rates['plain-single']!),
        metric(
          'appendMany, batch 100 (raw: insertMany 100, collection without indexes)',
          rates['store-batched']!,
          'appends/s',
          rates['plain-batched']!,
        ),
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
