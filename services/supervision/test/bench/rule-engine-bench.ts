/**
 * Rule engine throughput: how many case-intake events per second the rules evaluate,
 * (a) pure, in memory (facts folded, rules run, decisions counted), and (b) as the running
 * service does it, through the engine projection on MongoDB/FerretDB (facts read and written
 * by _id, alerts appended to the event store, deadlines inserted).
 *
 *   MONGO_URL=mongodb://127.0.0.1:27027/ node --import tsx services/supervision/test/bench/rule-engine-bench.ts [acts]
 *
 * The default export returns the figures in the shape bench/run.ts collects.
 */
import { pathToFileURL } from 'node:url';
import { MongoClient } from 'mongodb';
import { actEventCodec, officerEventCodec, type ActEvent, type OfficerEvent } from '@lesp/contracts';
import { newId, streamIdOf, type EventRecord } from '@lesp/core';
import { ensureIndexes, MongoEventStore } from '@lesp/event-store';
import { chineseDaysYears } from '../../src/adapters/calendar/chinese-days-seed.js';
import { AlertCommands } from '../../src/application/alerts/alert-commands.js';
import { FACT_INDEXES, type FactDocument } from '../../src/application/engine/facts-store.js';
import { RuleEngine } from '../../src/application/engine/rule-engine.js';
import { RuleSettingsService } from '../../src/application/rules/rule-settings-service.js';
import { DeadlineTimerStore } from '../../src/application/timers/deadline-timers.js';
import { WorkingDayCalendar } from '../../src/domain/calendar/working-days.js';
import { effectiveSettings } from '../../src/domain/rule-settings/rule-settings-decider.js';
import { evaluateActEvent } from '../../src/domain/rules/engine.js';
import { evolveActFacts, evolveOfficerFacts, type ActFacts, type OfficerFacts } from '../../src/domain/rules/facts.js';
import { RULE_CATALOG } from '../../src/domain/rules/rule-catalog.js';
import { decided, filed, officerRegistered } from '../rule-harness.js';

const COUNTY = '431103';
const CATEGORIES = ['penalty', 'licensing', 'inspection', 'coercion', 'benefit'];

/** A county-year sample: officers, then acts with opening, evidence, decision and closing, spread over 2025 (also the recorded stream of bench/scaling.ts and bench/rebuild.ts). */
export function sample(acts: number): { officers: OfficerEvent[]; acts: { actId: string; events: ActEvent[] }[] } {
  const officers = Array.from({ length: 40 }, (_, i) =>
    officerRegistered(`o-${i}`, new Date('2024-01-01T00:00:00+08:00'), new Date('2030-01-01T00:00:00+08:00')),
  );
  const list = Array.from({ length: acts }, (_, i) => {
    const day = new Date(Date.UTC(2025, 0, 2) + ((i * 7) % 360) * 86_400_000 + 3_600_000);
    const at = (d: number) => new Date(day.getTime() + d * 86_400_000);
    const actId = `bench-${i}`;
    const category = CATEGORIES[i % CATEGORIES.length]!;
    // One act in ten has one officer, one in twenty no discretion benchmark.
    const officerIds = i % 10 === 0 ? [`o-${i % 40}`] : [`o-${i % 40}`, `o-${(i + 1) % 40}`];
    const events: ActEvent[] = [
      filed({ actId, category, agencyId: `agency-${i % 12}`, caseNumber: `BENCH-${i}`, officerIds, occurredAt: day }),
      {
        type: 'EvidenceCollected',
        data: {
          evidenceId: `e-${i}`,
          kind: 'audio_video',
          description: '执法记录仪',
          recorder: i % 15 === 0 ? '' : 'o-1',
          recordedAt: at(1),
          proves: '现场情况',
          officerIds,
          occurredAt: at(1),
        },
      },
      decided(at(5), {
        officerIds,
        discretionBenchmark: i % 20 === 0 ? '' : '裁量基准第3条',
        outcome: category === 'penalty' ? 'penalized' : 'granted',
      }),
      { type: 'ActClosed', data: { result: '已履行', officerIds, occurredAt: at(12) } },
    ];
    return { actId, events };
  });
  return { officers, acts: list };
}

export function recordOf(
  aggregateType: string,
  aggregateId: string,
  version: number,
  encoded: { eventType: string; schemaVersion: number; payload: Uint8Array },
  at: Date,
): EventRecord {
  return {
    ...encoded,
    eventId: newId(),
    source: 'case-intake',
    countyCode: COUNTY,
    aggregateType,
    aggregateId,
    streamId: streamIdOf(COUNTY, aggregateType, aggregateId),
    version,
    occurredAt: at,
    recordedAt: at,
    actor: { userId: 'bench', role: 'agency_clerk', countyCode: COUNTY },
    correlationId: 'bench',
    causationId: 'bench',
    previousHash: '',
    hash: '',
  };
}

function pure(data: ReturnType<typeof sample>): { events: number; decisions: number; seconds: number } {
  const settingsAt = (day: string) => effectiveSettings({ settings: [] }, day);
  const officers = new Map<string, OfficerFacts>();
  for (const event of data.officers) {
    const facts = evolveOfficerFacts(undefined, event, { eventId: 'x', countyCode: COUNTY, occurredAt: new Date(0) });
    if (facts) officers.set(facts.officerId, facts);
  }
  const started = process.hrtime.bigint();
  let events = 0;
  let decisions = 0;
  for (const act of data.acts) {
    let facts: ActFacts | undefined;
    for (const event of act.events) {
      const meta = { eventId: `${act.actId}-${events}`, countyCode: COUNTY, occurredAt: new Date() };
      facts = evolveActFacts(facts, event, meta);
      if (!facts) continue;
      decisions += evaluateActEvent(RULE_CATALOG, settingsAt, { event, meta, act: facts, officers }).length;
      events++;
    }
  }
  return { events, decisions, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** As the consumer delivers them: a fetched batch of up to 500 events at once (`applyBatch`), or one by one (`apply`). */
const CONSUMER_BATCH = 500;

async function throughMongo(
  data: ReturnType<typeof sample>,
  mongoUrl: string,
  batchSize: number,
): Promise<{ events: number; seconds: number }> {
  const client = new MongoClient(mongoUrl);
  await client.connect();
  const db = client.db(`bench_rule_engine_${newId().slice(-8)}`);
  try {
    const facts = db.collection<FactDocument>('facts');
    await ensureIndexes(
      facts,
      FACT_INDEXES.map((index) => ({ ...index, key: { ...index.key } })),
    );
    const store = new MongoEventStore(db);
    await store.ensureIndexes();
    const timers = new DeadlineTimerStore(db);
    await timers.ensureIndexes();
    const engine = new RuleEngine();
    const calendar = new WorkingDayCalendar(chineseDaysYears().map((y) => ({ ...y, version: 1 })));
    engine.bind({
      alerts: new AlertCommands(store),
      timers,
      settings: new RuleSettingsService(store),
      calendar: () => calendar,
      clock: () => new Date(),
      facts: async () => facts,
    });
    for (const event of data.officers) {
      await engine.apply(
        recordOf('Officer', event.data.officerId, 1, officerEventCodec.encode(event), new Date('2024-01-01T00:00:00Z')),
        facts,
      );
    }
    const records = data.acts.flatMap((act) =>
      act.events.map((event, index) => recordOf('EnforcementAct', act.actId, index + 1, actEventCodec.encode(event), new Date())),
    );
    const started = process.hrtime.bigint();
    for (let start = 0; start < records.length; start += batchSize) {
      if (batchSize === 1) await engine.apply(records[start]!, facts);
      else await engine.applyBatch(records.slice(start, start + batchSize), facts);
    }
    return { events: records.length, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

export default async function ruleEngineBench(acts = Number(process.env['BENCH_RULE_ENGINE_ACTS'] ?? 500)) {
  // Batches need a few of them to show their rate; one by one, 500 acts are plenty.
  const batchedActs = Math.max(acts, 2_000);
  const data = sample(acts);
  const inMemory = pure(sample(Math.max(acts, 20_000)));
  const mongoUrl = process.env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27027/';
  const oneByOne = await throughMongo(data, mongoUrl, 1);
  const batched = await throughMongo(sample(batchedActs), mongoUrl, CONSUMER_BATCH);
  return {
    name: 'rule-engine',
    description:
      "Supervision rule engine: case-intake act events evaluated per second, pure (facts folded and all rules run in memory) and through the engine projection on the database (facts by _id, alerts appended, deadlines inserted): one event at a time (`apply`), and in the consumer's batches of 500 (`applyBatch`: the batch's facts read ahead at once and written in one bulk write, its decisions carried out in rounds, deadlines inserted together).",
    params: { actsPure: Math.max(acts, 20_000), actsOneByOne: acts, actsBatched: batchedActs, eventsPerAct: 4, batch: CONSUMER_BATCH },
    metrics: [
      { name: 'pure evaluation', value: Math.round(inMemory.events / inMemory.seconds), unit: 'events/s' },
      { name: 'decisions per event (pure)', value: Number((inMemory.decisions / inMemory.events).toFixed(2)), unit: 'decisions/event' },
      { name: 'through the projection, one by one', value: Math.round(oneByOne.events / oneByOne.seconds), unit: 'events/s' },
      { name: 'through the projection, batches of 500', value: Math.round(batched.events / batched.seconds), unit: 'events/s' },
      {
        name: 'batches vs one by one',
        value: Number((batched.events / batched.seconds / (oneByOne.events / oneByOne.seconds)).toFixed(2)),
        unit: '×',
      },
    ],
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await ruleEngineBench(process.argv[2] ? Number(process.argv[2]) : undefined);
  for (const metric of result.metrics) console.log(`${metric.name}: ${metric.value} ${metric.unit}`);
}
