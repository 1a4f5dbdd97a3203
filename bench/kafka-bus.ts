/**
 * Kafka bus against raw kafkajs on the same broker in the same run:
 *   - publish: KafkaEventPublisher.publish of 200 events (the outbox relay's batch: envelope
 *     encoded, headers, acks = all, one request in flight) next to a kafkajs producer's
 *     sendBatch of the same encoded bytes and headers, 200 per call, acks = all; batches
 *     alternate between the two, each to its own topic of 6 partitions;
 *   - consume: EventConsumer (decode each envelope, hand batches of up to 500 to a handler that
 *     counts, resolve offsets) next to a kafkajs consumer's eachBatch that counts and resolves,
 *     each reading its topic from the beginning, timed from the first message to the last; three
 *     rounds, the side that reads first alternating, the median time of each side.
 * Target (issue 9): publish and consume at least 80 % of raw kafkajs.
 *
 *   node --import tsx bench/kafka-bus.ts      (or: pnpm bench kafka-bus)
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { CompressionTypes, Kafka, logLevel, type Message } from 'kafkajs';
import { newId, streamIdOf, type EventRecord } from '@lesp/core';
import { EventConsumer, KafkaEventPublisher, encodeEnvelope, ensureTopics, headersOf, topicNaming } from '@lesp/kafka-bus';
import type { BenchResult } from './run.js';
import { localInfrastructure } from './lib/services.js';

const EVENTS = Number(process.env['BENCH_BUS_EVENTS'] ?? 150_000);
const BATCH = 200;
const PARTITIONS = 6;
const CONSUME_ROUNDS = 3;
const COUNTY = '431103';

function record(i: number): EventRecord {
  const aggregateId = `act-${i % 2000}`;
  const at = new Date();
  return {
    eventId: newId(),
    eventType: 'EvidenceCollected',
    schemaVersion: 1,
    source: 'case-intake',
    countyCode: COUNTY,
    aggregateType: 'EnforcementAct',
    aggregateId,
    streamId: streamIdOf(COUNTY, 'EnforcementAct', aggregateId),
    version: Math.floor(i / 2000) + 1,
    occurredAt: at,
    recordedAt: at,
    actor: { userId: 'bench-clerk', role: 'agency_clerk', countyCode: COUNTY, agencyId: 'bench-agency' },
    correlationId: newId(),
    causationId: newId(),
    payload: randomBytes(400),
    previousHash: randomBytes(32).toString('hex'),
    hash: randomBytes(32).toString('hex'),
  };
}

const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

/** Reads `expected` messages with `start` and returns the seconds from the first to the last. */
async function timedConsume(start: (onMessages: (count: number) => void) => Promise<{ stop(): Promise<void> }>, expected: number) {
  let first: bigint | undefined;
  let seen = 0;
  let finish!: (s: number) => void;
  const done = new Promise<number>((resolve) => (finish = resolve));
  const handle = await start((count) => {
    first ??= process.hrtime.bigint();
    seen += count;
    if (seen >= expected) finish(seconds(first));
  });
  const timeout = setTimeout(() => finish(NaN), 10 * 60_000);
  const result = await done;
  clearTimeout(timeout);
  await handle.stop();
  if (Number.isNaN(result)) throw new Error(`consumed ${seen} of ${expected} messages in 10 minutes`);
  return result;
}

export default async function kafkaBusBench(): Promise<BenchResult> {
  const { kafkaBrokers } = localInfrastructure();
  const kafka = new Kafka({ clientId: 'bench-bus', brokers: kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
  const prefix = `bench-bus-${Date.now().toString(36)}`;
  const naming = topicNaming(prefix);
  const busTopic = naming.eventsTopic('case-intake');
  const rawTopic = `${prefix}.raw.events`;
  const groups = { bus: `${prefix}.bus-reader`, raw: `${prefix}.raw-reader` };
  await ensureTopics(kafka, [
    { topic: busTopic, partitions: PARTITIONS },
    { topic: rawTopic, partitions: PARTITIONS },
    ...Array.from({ length: CONSUME_ROUNDS }, (_, i) => ({ topic: naming.deadLetterTopic(`${groups.bus}-${i + 1}`), partitions: 1 })),
  ]);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const records = Array.from({ length: EVENTS }, (_, i) => record(i));
    const rawMessages: Message[] = records.map((r) => ({ key: r.aggregateId, value: encodeEnvelope(r), headers: headersOf(r) }));

    const publisher = new KafkaEventPublisher(kafka, naming);
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    await publisher.publish(records.slice(0, 1)); // connect outside the timing
    let busPublish = 0;
    let rawPublish = 0;
    for (let i = 1; i < EVENTS; i += BATCH) {
      let started = process.hrtime.bigint();
      await publisher.publish(records.slice(i, i + BATCH));
      busPublish += seconds(started);
      started = process.hrtime.bigint();
      await producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages: [{ topic: rawTopic, messages: rawMessages.slice(i, i + BATCH) }],
      });
      rawPublish += seconds(started);
    }
    await producer.send({ topic: rawTopic, acks: -1, messages: rawMessages.slice(0, 1) });
    await publisher.close();
    await producer.disconnect();
    const published = EVENTS - 1;

    const consumeRaw = (groupId: string) =>
      timedConsume(async (onMessages) => {
        const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 1000 });
        await consumer.connect();
        await consumer.subscribe({ topics: [rawTopic], fromBeginning: true });
        await consumer.run({
          partitionsConsumedConcurrently: 4,
          eachBatchAutoResolve: false,
          eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
            for (const message of batch.messages) resolveOffset(message.offset);
            onMessages(batch.messages.length);
            await heartbeat();
          },
        });
        return { stop: () => consumer.disconnect() };
      }, EVENTS);
    const consumeBus = (groupId: string) =>
      timedConsume(async (onMessages) => {
        const consumer = new EventConsumer(kafka, naming, {
          groupId,
          topics: [busTopic],
          handle: async () => onMessages(1),
          handleBatch: async (batch) => onMessages(batch.length),
          partitionsConsumedConcurrently: 4,
        });
        await consumer.start();
        return { stop: () => consumer.stop() };
      }, EVENTS);
    // Rounds of both, the side that reads first alternating; the median of each side's times
    // (one read takes a second or two, so another process's burst can swing a single one).
    const rawTimes: number[] = [];
    const busTimes: number[] = [];
    for (let round = 1; round <= CONSUME_ROUNDS; round++) {
      if (round % 2 === 1) rawTimes.push(await consumeRaw(`${groups.raw}-${round}`));
      busTimes.push(await consumeBus(`${groups.bus}-${round}`));
      if (round % 2 === 0) rawTimes.push(await consumeRaw(`${groups.raw}-${round}`));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const busConsume = median(busTimes);
    const rawConsumeTotal = median(rawTimes);

    const metric = (name: string, value: number, baseline: number) => ({
      name,
      value: Math.round(value),
      unit: 'events/s',
      baseline: { value: Math.round(baseline), unit: 'messages/s' },
      ratio: Number((value / baseline).toFixed(2)),
      target: '≥ 80 % of raw',
      met: value / baseline >= 0.8,
    });
    return {
      name: 'kafka-bus',
      description:
        'kafka-bus next to raw kafkajs on the same broker: KafkaEventPublisher.publish of 200 events (encode envelope, headers, acks all, one in flight) vs producer.sendBatch of the same bytes, batches alternating; EventConsumer (decode, batches of up to 500 to a counting handler) vs a kafkajs eachBatch that counts, from the first message to the last (median of 3 rounds each, alternating).',
      params: {
        broker: kafkaBrokers,
        events: EVENTS,
        batch: BATCH,
        partitions: PARTITIONS,
        payloadBytes: 400,
        partitionsConsumedConcurrently: 4,
      },
      metrics: [
        metric('publish (raw: kafkajs sendBatch)', published / busPublish, published / rawPublish),
        metric('consume (raw: kafkajs eachBatch)', EVENTS / busConsume, EVENTS / rawConsumeTotal),
      ],
    };
  } finally {
    const topics = [
      busTopic,
      rawTopic,
      ...Array.from({ length: CONSUME_ROUNDS }, (_, i) => naming.deadLetterTopic(`${groups.bus}-${i + 1}`)),
    ];
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await kafkaBusBench();
  for (const m of result.metrics) console.log(JSON.stringify(m));
  process.exit(0);
}
