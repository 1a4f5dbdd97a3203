import { afterEach, describe, expect, it } from 'vitest';
import type { KafkaMessage } from 'kafkajs';
import { newId, type EventRecord } from '@lesp/core';
import { EventConsumer, KafkaEventPublisher, decodeEnvelope, ensureTopics, topicNaming } from '@lesp/kafka-bus';
import { createTestKafka, eventually, uniqueSuffix } from '@lesp/test-infra';
import { replayDeadLetters } from '../../scripts/ops/replay-dead-letters.js';

/**
 * `pnpm ops:replay-dlt` on the real broker: an event a consumer could not handle goes to its
 * group's dead-letter topic; after the fix, the replay puts it back on its topic with its key,
 * once, and the fixed consumer handles it. A dry run moves nothing; what is not an event stays.
 */

function record(aggregateId: string, version: number, eventType: string): EventRecord {
  return {
    eventId: newId(),
    eventType,
    schemaVersion: 1,
    source: 'case-intake',
    countyCode: '431103',
    aggregateType: 'Agency',
    aggregateId,
    streamId: `431103/Agency/${aggregateId}`,
    version,
    occurredAt: new Date('2026-03-01T09:00:00Z'),
    recordedAt: new Date('2026-03-01T09:00:01Z'),
    actor: { userId: 'u1', role: 'county_supervisor', countyCode: '431103' },
    correlationId: newId(),
    causationId: newId(),
    payload: new TextEncoder().encode(`${aggregateId}@${version}`),
    previousHash: (version - 1).toString(16).padStart(64, '0'),
    hash: version.toString(16).padStart(64, '0'),
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

describe('pnpm ops:replay-dlt (real Kafka)', () => {
  it(
    'replays a dead-lettered event to its topic and partition once, after a dry run that moved nothing',
    { timeout: 120_000 },
    async () => {
      const prefix = `t-${uniqueSuffix()}`;
      const naming = topicNaming(prefix);
      const kafka = createTestKafka();
      const topic = naming.eventsTopic('case-intake');
      const group = `${prefix}.supervision`;
      const dlt = naming.deadLetterTopic(group);
      await ensureTopics(kafka, [
        { topic, partitions: 3 },
        { topic: dlt, partitions: 2 },
      ]);
      const publisher = new KafkaEventPublisher(kafka, naming);
      cleanups.push(() => publisher.close());
      const poison = record('agency-p', 2, 'AgencySuspended');
      await publisher.publish([record('agency-p', 1, 'AgencyRegistered'), poison, record('agency-q', 1, 'AgencyRegistered')]);

      // A consumer with a bug: every AgencySuspended fails, and goes to the dead-letter topic.
      const broken: string[] = [];
      const first = new EventConsumer(kafka, naming, {
        groupId: group,
        topics: [topic],
        maxAttempts: 2,
        initialBackoffMs: 10,
        handle: async (event) => {
          if (event.eventType === 'AgencySuspended') throw new Error('projection bug: AgencySuspended');
          broken.push(event.eventId);
        },
      });
      await first.start();
      const admin = kafka.admin();
      await admin.connect();
      cleanups.push(() => admin.disconnect());
      const messagesIn = async (name: string) =>
        (await admin.fetchTopicOffsets(name)).reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
      await eventually(
        'the poison event in the dead-letter topic',
        () => messagesIn(dlt),
        (n) => n === 1,
      );
      await eventually(
        'the two other events handled',
        async () => broken.length,
        (n) => n === 2,
      );
      await first.stop();

      // The fix is deployed: the same group, a handler that works.
      const handled: EventRecord[] = [];
      const fixed = new EventConsumer(kafka, naming, {
        groupId: group,
        topics: [topic],
        handle: async (event) => void handled.push(event),
      });
      cleanups.push(() => fixed.stop());
      await fixed.start();

      const dryRun = await replayDeadLetters({ kafka, prefix, group, dryRun: true });
      expect(dryRun).toMatchObject({ deadLetterTopic: dlt, dryRun: true, malformed: [] });
      expect(dryRun.replayed.map((e) => [e.eventId, e.eventType, e.topic, e.error])).toEqual([
        [poison.eventId, 'AgencySuspended', topic, 'Error: projection bug: AgencySuspended'],
      ]);
      expect(await messagesIn(topic), 'a dry run publishes nothing').toBe(3);

      const report = await replayDeadLetters({ kafka, prefix, group });
      expect(report.replayed.map((e) => e.eventId)).toEqual([poison.eventId]);
      await eventually(
        'the fixed consumer to handle the replayed event',
        async () => handled.map((e) => e.eventId),
        (ids) => ids.includes(poison.eventId),
      );
      expect(handled.find((e) => e.eventId === poison.eventId)).toEqual(poison);
      expect(await messagesIn(topic)).toBe(4);

      // The copy has the original key (so the aggregate's partition) and its headers, not the dead-letter ones.
      const copies: { partition: number; message: KafkaMessage }[] = [];
      const reader = kafka.consumer({ groupId: `${prefix}.reader`, maxWaitTimeInMs: 500 });
      cleanups.push(() => reader.disconnect());
      await reader.subscribe({ topic, fromBeginning: true });
      await reader.run({ eachMessage: async ({ partition, message }) => void copies.push({ partition, message }) });
      await eventually(
        'all four messages of the topic',
        async () => copies.length,
        (n) => n === 4,
      );
      const [original, replayed] = copies.filter((c) => decodeEnvelope(c.message.value).eventId === poison.eventId);
      expect(replayed!.partition).toBe(original!.partition);
      expect(replayed!.message.key?.toString()).toBe('agency-p');
      expect(replayed!.message.headers?.['event-id']?.toString()).toBe(poison.eventId);
      expect(replayed!.message.headers?.['dlt-error']).toBeUndefined();
      expect(replayed!.message.headers?.['dlt-replayed-at']).toBeDefined();

      // Done once: a second run finds nothing new.
      expect((await replayDeadLetters({ kafka, prefix, group })).replayed).toEqual([]);
    },
  );

  it('leaves a dead letter that is not an event behind, and reports it', { timeout: 60_000 }, async () => {
    const prefix = `t-${uniqueSuffix()}`;
    const naming = topicNaming(prefix);
    const kafka = createTestKafka();
    const group = `${prefix}.public-disclosure`;
    const dlt = naming.deadLetterTopic(group);
    await ensureTopics(kafka, [{ topic: dlt, partitions: 1 }]);
    const producer = kafka.producer();
    await producer.connect();
    cleanups.push(() => producer.disconnect());
    await producer.send({
      topic: dlt,
      messages: [
        {
          key: 'k',
          value: Buffer.from('not protobuf \u0000\u00ff'),
          headers: { 'dlt-original-topic': naming.eventsTopic('case-intake'), 'dlt-error': 'malformed' },
        },
      ],
    });

    const report = await replayDeadLetters({ kafka, prefix, group });
    expect(report.replayed).toEqual([]);
    expect(report.malformed).toEqual([{ partition: 0, offset: '0', error: expect.stringMatching(/^not an event/) }]);
    expect(await replayDeadLetters({ kafka, prefix, group })).toMatchObject({ replayed: [], malformed: [] });
  });

  it('names a dead-letter topic that does not exist', async () => {
    await expect(replayDeadLetters({ kafka: createTestKafka(), prefix: `t-${uniqueSuffix()}`, group: 'nobody' })).rejects.toThrow(
      /no dead-letter topic/,
    );
  });
});
