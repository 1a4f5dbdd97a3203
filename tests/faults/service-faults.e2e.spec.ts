import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaMessage } from 'kafkajs';
import { readDeadLetter, topicNaming } from '@lesp/kafka-bus';
import { eventually, integrationEnv } from '@lesp/test-infra';
import { replayDeadLetters } from '../../scripts/ops/replay-dead-letters.js';
import { decidedAct, runBurst, type ActScript } from './support/command-burst.js';
import { settleAndCount, type ExactlyOnceReport } from './support/exactly-once.js';
import { recordScenario } from './support/fault-report.js';
import { AGENCY, COUNTY, FaultStack, OFFICER } from './support/fault-stack.js';

/**
 * Service faults on the shared test infrastructure (own databases and topics): case intake
 * and public disclosure SIGKILLed in the middle of a burst of commands, one of two
 * supervision replicas SIGKILLed, and a poison event dead-lettered, then replayed once its
 * cause is repaired. After each, every accepted command is counted once in case intake's
 * event store and once in every read model downstream (support/exactly-once.ts); the counts
 * go to the console and test-results/faults.json. The scenarios run in order on one stack.
 */
let stack: FaultStack;

beforeAll(async () => {
  const { kafkaBrokers, mongoUrl } = integrationEnv();
  stack = await FaultStack.start({ label: 'svc', kafkaBrokers, mongoUrl, partitions: 4 });
}, 240_000);

afterAll(async () => {
  await stack?.stop();
}, 120_000);

const acts = (label: string, count: number): ActScript[] =>
  Array.from({ length: count }, (_, i) => decidedAct(`${label}-${i}`, AGENCY, OFFICER));

function expectExactlyOnce(report: ExactlyOnceReport): void {
  expect(report.eventStore.lost, 'events lost from the event store').toBe(0);
  expect(report.lost, 'lost').toBe(0);
  expect(report.duplicates, 'duplicates').toBe(0);
  for (const model of report.readModels) expect(model.projected, `${model.service} ${model.readModel}`).toBe(model.expected);
}

async function groupMembers(groupId: string): Promise<number[]> {
  const admin = stack.kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    // Each member's assignment is a Kafka protocol blob; its length tells whether it holds partitions.
    return (groups[0]?.members ?? []).map((m) => m.memberAssignment.length);
  } finally {
    await admin.disconnect();
  }
}

describe('service faults', () => {
  it('SIGKILL of case intake, then of public disclosure, in the middle of a burst: every accepted command once everywhere', async () => {
    const burst = runBurst({ baseUrl: stack.caseIntakeUrl, countyCode: COUNTY, token: stack.clerk, acts: acts('k', 40), concurrency: 4 });
    await burst.reached(20);
    await stack.kill('case-intake');
    const restarted = Date.now();
    await stack.addReplica('case-intake');
    const caseIntakeDownSeconds = (Date.now() - restarted) / 1000;
    await burst.reached(56);
    await stack.kill('public-disclosure');
    await stack.addReplica('public-disclosure');
    const outcome = await burst.done;
    const report = await settleAndCount(stack, outcome.accepted);
    recordScenario({
      scenario: 'sigkill-case-intake-and-public-disclosure',
      faults: ['case intake SIGKILLed after 20 accepted commands, restarted', 'public disclosure SIGKILLed after 56, restarted'],
      report,
      extra: {
        'retried attempts': outcome.retries,
        'case intake down s': caseIntakeDownSeconds,
        'burst s': outcome.seconds,
        'settled after s': report.settledAfterSeconds,
      },
    });
    // The kill met commands in flight: some attempts failed and were retried with their keys.
    expect(outcome.retries).toBeGreaterThan(0);
    expectExactlyOnce(report);
  }, 420_000);

  it('two supervision replicas share the partitions; one is SIGKILLed mid-burst and the other takes its partitions over', async () => {
    await stack.addReplica('supervision');
    const group = stack.consumerGroup('supervision');
    await eventually(
      'both supervision replicas holding partitions',
      () => groupMembers(group),
      (sizes) => sizes.filter((n) => n > 0).length === 2,
      {
        timeoutMs: 90_000,
        intervalMs: 500,
      },
    );
    const burst = runBurst({ baseUrl: stack.caseIntakeUrl, countyCode: COUNTY, token: stack.clerk, acts: acts('r', 40), concurrency: 4 });
    await burst.reached(30);
    await stack.kill('supervision', 0);
    const outcome = await burst.done;
    const report = await settleAndCount(stack, outcome.accepted);
    const membersAfter = await groupMembers(group);
    recordScenario({
      scenario: 'two-supervision-replicas-one-killed',
      faults: ['a second supervision replica joined the group (4 partitions)', 'the first SIGKILLed after 30 accepted commands'],
      report,
      extra: { 'group members after': membersAfter.length, 'burst s': outcome.seconds, 'settled after s': report.settledAfterSeconds },
    });
    expect(membersAfter.filter((n) => n > 0)).toHaveLength(1);
    expectExactlyOnce(report);
  }, 420_000);

  it('a poison event goes to the dead-letter topic; once the damaged read model is repaired, the replay applies it once', async () => {
    const supervision = stack.db('supervision');
    const checkpoint = await supervision
      .collection<{ _id: string; active: string }>('projection_checkpoints')
      .findOne({ _id: 'supervision.reviewable-acts' });
    const reviewable = supervision.collection<Record<string, unknown> & { _id: string }>(checkpoint!.active);
    // An operator's bad edit: the agency's list of files closed in March 2026 is no longer a list,
    // so every closing of that month fails in supervision, however often it is retried.
    const month = `closed:${COUNTY}/${AGENCY}/2026-03`;
    await reviewable.insertOne({ _id: month, countyCode: COUNTY, kind: 'closed', files: '已损坏' });

    const poison = decidedAct('p-0', AGENCY, OFFICER, '2026-03-02');
    const script: ActScript = {
      actId: poison.actId,
      commands: [
        ...poison.commands,
        {
          path: `/acts/${poison.actId}/steps`,
          key: `close-${poison.actId}`,
          body: { type: 'ActClosed', result: '已履行', officerIds: [OFFICER], occurredAt: '2026-03-20T10:00:00+08:00' },
        },
      ],
    };
    const outcome = await runBurst({ baseUrl: stack.caseIntakeUrl, countyCode: COUNTY, token: stack.clerk, acts: [script], concurrency: 1 })
      .done;
    const closing = outcome.accepted.at(-1)!.eventIds[0]!;

    const naming = topicNaming(stack.prefix);
    const group = stack.consumerGroup('supervision');
    const deadLetters = await eventually(
      'the closing in supervision’s dead-letter topic',
      () => readTopic(naming.deadLetterTopic(group)),
      (messages) => messages.length >= 1,
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(deadLetters).toHaveLength(1);
    const letter = readDeadLetter(deadLetters[0]!);
    expect(deadLetters[0]!.headers?.['event-id']?.toString()).toBe(closing);
    expect(letter).toMatchObject({ topic: stack.topic('case-intake'), attempts: 5 });
    expect(letter.error).toContain('must be an array');
    expect((await reviewable.findOne({ _id: month }))?.['files']).toBe('已损坏');

    // The repair, then the operators' replay (pnpm ops:replay-dlt): the closing reaches supervision again and is applied once.
    await reviewable.updateOne({ _id: month }, { $set: { files: [] } });
    const replay = await replayDeadLetters({ kafka: stack.kafka, prefix: stack.prefix, group });
    expect(replay.malformed).toEqual([]);
    expect(replay.replayed.map((e) => [e.eventId, e.topic])).toEqual([[closing, stack.topic('case-intake')]]);
    const repaired = await eventually(
      'the closed file in the repaired month',
      () => reviewable.findOne({ _id: month }),
      (doc) => Array.isArray(doc?.['files']) && (doc['files'] as unknown[]).length > 0,
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect((repaired!['files'] as { fileId: string }[]).map((f) => f.fileId)).toEqual([poison.actId]);
    // A second replay finds nothing new to send.
    expect((await replayDeadLetters({ kafka: stack.kafka, prefix: stack.prefix, group })).replayed).toEqual([]);

    const report = await settleAndCount(stack, outcome.accepted);
    recordScenario({
      scenario: 'poison-event-dead-lettered-and-replayed',
      faults: ["supervision's rm_reviewable_acts month document damaged (files not a list)", 'repaired, dead letters replayed'],
      report,
      extra: { 'dead letters': deadLetters.length, replayed: replay.replayed.length, 'replayed again': 0 },
    });
    expectExactlyOnce(report);
  }, 240_000);
});

/** Every message on a topic now (a fresh group, from the beginning). */
async function readTopic(topic: string) {
  const admin = stack.kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const total = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  if (total === 0) return [];
  const consumer = stack.kafka.consumer({ groupId: `${stack.prefix}-reader-${Date.now()}`, maxWaitTimeInMs: 200 });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${messages.length} of the ${total} messages on ${topic} in 30 s`)), 30_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          messages.push(message);
          if (messages.length >= total) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}
