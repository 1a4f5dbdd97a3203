/**
 * Read-model rebuild against the raw driver on the same database in the same run: case intake's
 * act search (rm_acts) rebuilt by ProjectionRunner.rebuild from the event store (readAllEvents:
 * every commit in global order, each event folded and written by the projection) next to one
 * raw `find` of the same commits followed by bulk writes of one replacement per stream of
 * every 500 commits (50 per command: README, FerretDB limits). Acts of the rule-engine sample, one commit per event (as commands store them).
 * Order raw, rebuild, raw: the raw rate is the mean of the two.
 * Target (issue 9): a rebuild at least 50 % of the raw find-plus-bulk-write rate.
 *
 *   node --import tsx bench/rebuild.ts      (or: pnpm bench rebuild)
 */
import { pathToFileURL } from 'node:url';
import { MongoClient, type AnyBulkWriteOperation, type Document } from 'mongodb';
import { actEventCodec } from '@lesp/contracts';
import { newId } from '@lesp/core';
// Packages and the service's projection by path, as scripts/verify-chain.ts does.
import { MongoEventStore, readAllEvents, type AppendRequest } from '../packages/event-store/src/index.js';
import { ProjectionRunner } from '../packages/projection-runner/src/index.js';
import {
  actSearchProjection,
  evolveActSearch,
  type ActSearchDocument,
} from '../services/case-intake/src/application/projections/act-search.js';
import { sample } from '../services/supervision/test/bench/rule-engine-bench.js';
import type { BenchResult } from './run.js';
import { localInfrastructure } from './lib/services.js';

const ACTS = Number(process.env['BENCH_REBUILD_ACTS'] ?? 2000);
const COUNTY = '431103';

const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

export default async function rebuildBench(): Promise<BenchResult> {
  const { mongoUrl } = localInfrastructure();
  const client = new MongoClient(mongoUrl);
  await client.connect();
  const db = client.db(`bench_rebuild_${Date.now().toString(36)}`);
  try {
    const store = new MongoEventStore(db);
    await store.ensureIndexes();
    // Version by version across all acts, each append a commit of one event, chained by hash.
    const acts = sample(ACTS).acts;
    const hashes = new Map<string, string>();
    let events = 0;
    for (let version = 1; version <= 4; version++) {
      for (let i = 0; i < acts.length; i += 500) {
        const requests: AppendRequest[] = acts.slice(i, i + 500).map((act) => {
          const event = act.events[version - 1]!;
          const encoded = actEventCodec.encode(event);
          const previousHash = hashes.get(act.actId);
          return {
            source: 'case-intake',
            countyCode: COUNTY,
            aggregateType: 'EnforcementAct',
            aggregateId: act.actId,
            expectedVersion: version - 1,
            ...(previousHash ? { previousHash } : {}),
            events: [
              {
                eventId: newId(),
                ...encoded,
                occurredAt: new Date(),
                actor: { userId: 'bench-clerk', role: 'agency_clerk', countyCode: COUNTY, agencyId: 'bench-agency' },
                correlationId: newId(),
                causationId: newId(),
              },
            ],
          };
        });
        for (const outcome of await store.appendMany(requests)) {
          if (!outcome.ok) throw outcome.error;
          const last = outcome.result.records.at(-1)!;
          hashes.set(last.aggregateId, last.hash);
          events++;
        }
      }
    }

    console.error(`  rebuild: ${events} events stored`);
    const commits = db.collection<Document>('event_commits');
    // The raw pass writes documents the size of act search's: an act's folded document as template.
    const { _id: _templateId, ...template } = (
      await store.readStream(COUNTY, 'EnforcementAct', acts[0]!.actId)
    ).reduce<ActSearchDocument | null>(evolveActSearch, null)!;
    const raw = async (target: string) => {
      await db.createCollection(target);
      const started = process.hrtime.bigint();
      const collection = db.collection<Document>(target);
      // Read whole, then write: on FerretDB's SQLite backend an open cursor holds the database's
      // connection, so writing while iterating it waits for the cursor that waits for the write.
      const all = await commits.find({}).toArray();
      let seen = 0;
      for (let i = 0; i < all.length; i += 500) {
        // One replacement per stream of the 500, written 50 per command (FerretDB v1 never ends an
        // update command of about 100 statements on existing documents: README, FerretDB limits).
        const latest = new Map<string, Document>();
        for (const commit of all.slice(i, i + 500)) {
          seen += (commit['events'] as unknown[]).length;
          const known = latest.get(commit['streamId']);
          if (!known || known['lastVersion'] < commit['lastVersion']) latest.set(commit['streamId'], commit);
        }
        const ops: AnyBulkWriteOperation<Document>[] = [...latest.values()].map((commit) => ({
          replaceOne: {
            filter: { _id: commit['streamId'] },
            replacement: { ...template, actId: commit['aggregateId'], _v: commit['lastVersion'], lastRecordedAt: commit['recordedAt'] },
            upsert: true,
          },
        }));
        for (let k = 0; k < ops.length; k += 50) await collection.bulkWrite(ops.slice(k, k + 50), { ordered: false });
      }
      if (seen !== events) throw new Error(`raw pass read ${seen} of ${events} events`);
      return events / seconds(started);
    };

    const firstRaw = await raw('raw_rebuild_1');
    console.error(`  rebuild: raw ${Math.round(firstRaw)} events/s`);
    // No replicas here: the runner need not wait long for routing caches before reading.
    const runner = new ProjectionRunner(db, [actSearchProjection], { routingTtlMs: 20 });
    await runner.init();
    const started = process.hrtime.bigint();
    const report = await runner.rebuild(actSearchProjection.name, () => readAllEvents(store));
    const rebuildRate = report.events / seconds(started);
    console.error(`  rebuild: ProjectionRunner ${Math.round(rebuildRate)} events/s`);
    const secondRaw = await raw('raw_rebuild_2');
    const rawRate = (firstRaw + secondRaw) / 2;
    const rebuilt = await db.collection(report.collection).countDocuments({});
    if (rebuilt !== ACTS) throw new Error(`rebuild holds ${rebuilt} of ${ACTS} acts`);
    return {
      name: 'rebuild',
      description:
        "Case intake's act search (rm_acts) rebuilt by ProjectionRunner.rebuild from the event store (readAllEvents in global order, the projection's own writes) next to a raw find over the same commits with bulk writes (50 per command) of one replacement per stream of every 500 commits (a document the size of act search's, not folded); one commit per event; raw measured before and after, averaged.",
      params: { database: mongoUrl, acts: ACTS, events, eventsPerAct: 4 },
      metrics: [
        {
          name: 'rebuild rate (raw: find + bulkWrite 500)',
          value: Math.round(rebuildRate),
          unit: 'events/s',
          baseline: { value: Math.round(rawRate), unit: 'events/s' },
          ratio: Number((rebuildRate / rawRate).toFixed(2)),
          target: '≥ 50 % of raw',
          met: rebuildRate / rawRate >= 0.5,
        },
      ],
    };
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await rebuildBench();
  for (const m of result.metrics) console.log(JSON.stringify(m));
  process.exit(0);
}
