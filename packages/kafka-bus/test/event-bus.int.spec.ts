import { afterEach, describe, expect, it } from 'vitest';
import type { Kafka } from 'kafkajs';
import { newId, type EventRecord } from '@lesp/core';
import { createTestKafka, eventually, uniqueSuffix } from '@lesp/test-infra';
import { EventConsumer, KafkaEventPublisher, decodeEnvelope, ensureTopics, readDeadLetter, topicNaming } from '../src/index.js';

function record(aggregateId: string, version: number, overrides: Partial<EventRecord> = {}): EventRecord {
  return {
    eventId: newId(),
    eventType: 'AgencyRegistered',
    schemaVersion: 1,
    source: 'case-intake',
    countyCode: '431103',
    aggregateType: 'Agency',
    aggregateId,
    streamId: `431103/Agency/${aggregateId}`,
    version,
    occurredAt: new Date('2023-05-01T09:00:00Z'),
    recordedAt: new Date('2023-05-02T09:00:00Z'),
    actor: { userId: 'u1', role: 'agency_clerk', countyCode: '431103', agencyId: 'ag-1' },
    correlationId: 'c-1',
    causationId: 'c-0',
    payload: new TextEncoder().encode(`${aggregateId}@${version}`),
    // Any 64-hex values: the bus carries the chain, the event store computes and checks it.
    previousHash: (version - 1).toString(16).padStart(64, '0'),
    hash: version.toString(16).padStart(64, '0'),
    ...overrides,
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(partitions = 3): Promise<{ kafka: Kafka; naming: ReturnType<typeof topicNaming>; topic: string; groupId: string }> {
  const prefix = `t-${uniqueSuffix()}`;
  const naming = topicNaming(prefix);
  const kafka = createTestKafka();
  const topic = naming.eventsTopic('case-intake');
  const groupId = `${prefix}.test-group`;
  await ensureTopics(kafka, [
    { topic, partitions },
    { topic: naming.deadLetterTopic(groupId), partitions: 1 },
  ]);
  return { kafka, naming, topic, groupId };
}

describe('Kafka event bus (real broker)', () => {
  it('publishes envelopes keyed by aggregate id and delivers each aggregate in order, with all metadata', async () => {
    const { kafka, naming, topic, groupId } = await setup();
    const publisher = new KafkaEventPublisher(kafka, naming);
    cleanups.push(() => publisher.close());
    const sent = ['a', 'b', 'c', 'd'].flatMap((id) => [1, 2, 3].map((v) => record(id, v)));
    await publisher.publish(sent);

    const received: EventRecord[] = [];
    const consumer = new EventConsumer(kafka, naming, { groupId, topics: [topic], handle: async (r) => void received.push(r) });
    cleanups.push(() => consumer.stop());
    await consumer.start();
    await eventually(
      'all 12 events',
      async () => received.length,
      (n) => n === 12,
    );

    for (const id of ['a', 'b', 'c', 'd']) {
      expect(received.filter((r) => r.aggregateId === id).map((r) => r.version)).toEqual([1, 2, 3]);
    }
    const first = received.find((r) => r.eventId === sent[0]!.eventId)!;
    expect(first).toEqual(sent[0]);
  });

  it('retries a failing event, then sends it to the dead-letter topic with the error while later events are still handled', async () => {
    const { kafka, naming, topic, groupId } = await setup(1);
    const publisher = new KafkaEventPublisher(kafka, naming);
    cleanups.push(() => publisher.close());
    const poison = record('p', 1, { eventType: 'AgencySuspended' });
    const events = [record('x', 1), poison, record('y', 1), record('z', 1)];
    await publisher.publish(events);

    const handled: string[] = [];
    let poisonAttempts = 0;
    const consumer = new EventConsumer(kafka, naming, {
      groupId,
      topics: [topic],
      maxAttempts: 3,
      initialBackoffMs: 10,
      handle: async (r) => {
        if (r.eventId === poison.eventId) {
          poisonAttempts++;
          throw new Error('projection bug: cannot apply AgencySuspended');
        }
        handled.push(r.aggregateId);
      },
    });
    cleanups.push(() => consumer.stop());
    await consumer.start();
    await eventually(
      'the events after the poison one',
      async () => handled,
      (h) => h.length === 3,
    );
    expect(handled).toEqual(['x', 'y', 'z']);
    expect(poisonAttempts).toBe(3);

    const dltConsumer = kafka.consumer({ groupId: `${groupId}.dlt-reader`, maxWaitTimeInMs: 500 });
    cleanups.push(() => dltConsumer.disconnect());
    const deadLetters: { record: EventRecord; meta: ReturnType<typeof readDeadLetter> }[] = [];
    await dltConsumer.subscribe({ topic: consumer.deadLetterTopic, fromBeginning: true });
    await dltConsumer.run({
      eachMessage: async ({ message }) => void deadLetters.push({ record: decodeEnvelope(message.value), meta: readDeadLetter(message) }),
    });
    await eventually(
      'the dead letter',
      async () => deadLetters.length,
      (n) => n === 1,
    );
    expect(deadLetters[0]!.record.eventId).toBe(poison.eventId);
    expect(deadLetters[0]!.meta).toMatchObject({
      topic,
      partition: 0,
      attempts: 3,
      error: 'Error: projection bug: cannot apply AgencySuspended',
    });
  });

  it('sends a message that is not an envelope straight to the dead-letter topic', async () => {
    const { kafka, naming, topic, groupId } = await setup(1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'k', value: Buffer.from('not protobuf at all \u0000\u00ff') }] });
    await producer.disconnect();
    const publisher = new KafkaEventPublisher(kafka, naming);
    cleanups.push(() => publisher.close());
    await publisher.publish([record('after', 1)]);

    const handled: string[] = [];
    const consumer = new EventConsumer(kafka, naming, { groupId, topics: [topic], handle: async (r) => void handled.push(r.aggregateId) });
    cleanups.push(() => consumer.stop());
    await consumer.start();
    await eventually(
      'the good event after the malformed one',
      async () => handled,
      (h) => h.length === 1,
    );
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(consumer.deadLetterTopic);
    await admin.disconnect();
    expect(offsets[0]!.high).toBe('1');
  });

  it('commits what was handled on graceful shutdown, so a restarted member does not see it again', async () => {
    const { kafka, naming, topic, groupId } = await setup(2);
    const publisher = new KafkaEventPublisher(kafka, naming);
    cleanups.push(() => publisher.close());
    await publisher.publish([record('a', 1), record('b', 1), record('c', 1)]);

    const firstRun: string[] = [];
    const first = new EventConsumer(kafka, naming, { groupId, topics: [topic], handle: async (r) => void firstRun.push(r.aggregateId) });
    await first.start();
    await eventually(
      'first run',
      async () => firstRun.length,
      (n) => n === 3,
    );
    await first.stop();

    await publisher.publish([record('d', 1)]);
    const secondRun: string[] = [];
    const second = new EventConsumer(kafka, naming, { groupId, topics: [topic], handle: async (r) => void secondRun.push(r.aggregateId) });
    cleanups.push(() => second.stop());
    await second.start();
    await eventually(
      'second run',
      async () => secondRun,
      (r) => r.includes('d'),
    );
    expect(secondRun).toEqual(['d']);
  });
  it("hands a partition's fetched events to handleBatch together, in order, in chunks of at most maxBatchEvents", async () => {
    const { kafka, naming, topic, groupId } = await setup(1);
    const publisher = new KafkaEventPublisher(kafka, naming);
    cleanups.push(() => publisher.close());
    const sent = ['a', 'b', 'c'].flatMap((id) => [1, 2, 3, 4].map((v) => record(id, v)));
    await publisher.publish(sent);

    const batches: EventRecord[][] = [];
    const oneByOne: EventRecord[] = [];
    const consumer = new EventConsumer(kafka, naming, {
      groupId,
      topics: [topic],
      maxBatchEvents: 5,
      handle: async (r) => void oneByOne.push(r),
      handleBatch: async (records) => void batches.push([...records]),
    });
    cleanups.push(() => consumer.stop());
    await consumer.start();
    await eventually(
      'all 12 events',
      async () => batches.flat().length + oneByOne.length,
      (n) => n === 12,
    );
    // Published together, fetched together: chunks of 5, 5 and 2, none one by one.
    expect(oneByOne).toEqual([]);
    expect(batches.every((b) => b.length <= 5)).toBe(true);
    expect(batches.some((b) => b.length > 1)).toBe(true);
    expect(batches.flat().map((r) => r.eventId)).toEqual(
      [...sent].sort((x, y) => x.aggregateId.localeCompare(y.aggregateId) || x.version - y.version).map((r) => r.eventId),
    );
  });

  it('takes a failed batch one event at a time: the good events are handled, the poison one is dead-lettered', async () => {
    const { kafka, naming, topic, groupId } = await setup(1);
    const publisher = new KafkaEventPublisher(kafka, naming);
    cleanups.push(() => publisher.close());
    const poison = record('p', 1, { eventType: 'AgencySuspended' });
    await publisher.publish([record('x', 1), poison, record('y', 1)]);

    const handled: string[] = [];
    let batchCalls = 0;
    const consumer = new EventConsumer(kafka, naming, {
      groupId,
      topics: [topic],
      maxAttempts: 2,
      initialBackoffMs: 10,
      handle: async (r) => {
        if (r.eventId === poison.eventId) throw new Error('projection bug');
        handled.push(r.aggregateId);
      },
      handleBatch: async (records) => {
        batchCalls++;
        if (records.some((r) => r.eventId === poison.eventId)) throw new Error('projection bug');
        handled.push(...records.map((r) => r.aggregateId));
      },
    });
    cleanups.push(() => consumer.stop());
    await consumer.start();
    await eventually(
      'the good events',
      async () => handled,
      (h) => h.includes('x') && h.includes('y'),
    );
    expect(handled).toEqual(['x', 'y']);
    expect(batchCalls).toBeGreaterThanOrEqual(1);
    const admin = kafka.admin();
    await admin.connect();
    await eventually(
      'the dead letter',
      async () => (await admin.fetchTopicOffsets(consumer.deadLetterTopic))[0]!.high,
      (high) => high === '1',
    );
    await admin.disconnect();
  });
});
