/**
 * Scaling check: the supervision consumer (rule engine and supervision's other projections of
 * case intake's events) with 1, 2 and 4 replicas in one consumer group, on a case-intake topic
 * of 8 partitions, over the same recorded stream of events (the rule-engine sample: 40 officers,
 * then acts with opening, evidence, decision and closing). For each replica count: a fresh
 * database and topics, the replicas started and holding partitions, then the stream published
 * at once and timed until the group's committed offsets reach the end of the topic.
 *
 *   node --import tsx bench/scaling.ts      (or: pnpm bench scaling)
 */
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { actEventCodec, officerEventCodec } from '@lesp/contracts';
import type { EventRecord } from '@lesp/core';
import { KafkaEventPublisher, ensureTopics, topicNaming } from '@lesp/kafka-bus';
import { recordOf, sample } from '../services/supervision/test/bench/rule-engine-bench.js';
import type { BenchResult } from './run.js';
import { BenchStack, localInfrastructure } from './lib/services.js';

const ACTS = Number(process.env['BENCH_SCALING_ACTS'] ?? 600);
const PARTITIONS = 8;
const REPLICAS = [1, 2, 4];

/** The recorded stream: what case intake would have published for the sample. */
function recordedStream(): EventRecord[] {
  const data = sample(ACTS);
  const registered = new Date('2024-01-01T00:00:00Z');
  const officers = data.officers.map((event) => recordOf('Officer', event.data.officerId, 1, officerEventCodec.encode(event), registered));
  const acts = data.acts.flatMap((act) =>
    act.events.map((event, index) => recordOf('EnforcementAct', act.actId, index + 1, actEventCodec.encode(event), new Date())),
  );
  return [...officers, ...acts];
}

async function until<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s (last ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function runWith(replicas: number, stream: readonly EventRecord[]): Promise<{ seconds: number; publishSeconds: number }> {
  const stack = new BenchStack(`scale${replicas}-${Date.now().toString(36)}`, {
    KAFKA_PARTITIONS: String(PARTITIONS),
    TIMER_POLL_MS: '5000',
  });
  const kafka = new Kafka({ clientId: `${stack.prefix}-bench`, brokers: stack.infra.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
  const naming = topicNaming(stack.prefix);
  const topic = naming.eventsTopic('case-intake');
  const groupId = `${stack.prefix}.supervision`;
  const admin = kafka.admin();
  await admin.connect();
  const mongo = new MongoClient(stack.infra.mongoUrl);
  await mongo.connect();
  try {
    await ensureTopics(kafka, [{ topic, partitions: PARTITIONS }]);
    for (let i = 0; i < replicas; i++) await stack.start('supervision');
    await until(
      `${replicas} supervision replicas holding partitions`,
      async () => (await admin.describeGroups([groupId])).groups[0]?.members.filter((m) => m.memberAssignment.length > 0).length ?? 0,
      (members) => members === replicas,
      120_000,
    );
    const publisher = new KafkaEventPublisher(kafka, naming);
    const started = Date.now();
    for (let i = 0; i < stream.length; i += 500) await publisher.publish(stream.slice(i, i + 500));
    const publishSeconds = (Date.now() - started) / 1000;
    await publisher.close();
    const end = (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
    await until(
      'the group at the end of the topic',
      async () => {
        const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
        return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
      },
      (committed) => committed >= end,
      30 * 60_000,
    );
    return { seconds: (Date.now() - started) / 1000, publishSeconds };
  } finally {
    await stack.stop();
    await mongo
      .db(stack.database('supervision'))
      .dropDatabase()
      .catch(() => undefined);
    await mongo.close();
    await admin.disconnect();
  }
}

export default async function scalingBench(): Promise<BenchResult> {
  const stream = recordedStream();
  const infra = localInfrastructure();
  const runs: { replicas: number; seconds: number; publishSeconds: number }[] = [];
  for (const replicas of REPLICAS) runs.push({ replicas, ...(await runWith(replicas, stream)) });
  const rate = (seconds: number) => Math.round(stream.length / seconds);
  const single = rate(runs[0]!.seconds);
  return {
    name: 'scaling',
    description:
      "Supervision's consumer (the rule engine with supervision's other projections of case intake's events) with 1, 2 and 4 replicas in one group on a topic of 8 partitions: a recorded stream of case-intake events published at once, timed until the group's committed offsets reach the end.",
    params: {
      broker: infra.kafkaBrokers,
      database: infra.mongoUrl,
      acts: ACTS,
      events: stream.length,
      partitions: PARTITIONS,
      cores: cpus().length,
    },
    metrics: runs.map((r) => ({ name: `${r.replicas} replica${r.replicas > 1 ? 's' : ''}`, value: rate(r.seconds), unit: 'events/s' })),
    table: {
      columns: ['replicas', 'events', 'seconds to the end of the topic', 'events/s', 'vs 1 replica', 'publishing took s'],
      rows: runs.map((r) => [
        r.replicas,
        stream.length,
        r.seconds.toFixed(1),
        rate(r.seconds),
        `${(rate(r.seconds) / single).toFixed(2)}×`,
        r.publishSeconds.toFixed(1),
      ]),
    },
    notes: [
      `This machine has ${cpus().length} cores, shared by the replicas, Kafka, FerretDB and whatever else runs (see the load average): replicas past the core count add no CPU, and FerretDB's SQLite backend writes one transaction at a time per database, so the rule engine's writes (facts, alerts, deadlines by _id) do not spread over replicas here as they would over a MongoDB replica set on several machines.`,
    ],
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await scalingBench();
  for (const row of result.table!.rows) console.log(row.join(' | '));
  process.exit(0);
}
