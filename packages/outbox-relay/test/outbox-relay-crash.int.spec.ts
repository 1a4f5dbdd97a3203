import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '@lesp/core';
import { MongoEventStore } from '@lesp/event-store';
import { EventConsumer, ensureTopics, topicNaming } from '@lesp/kafka-bus';
import { ProjectionRunner, applyVersioned, type Projection } from '@lesp/projection-runner';
import {
  REPO_ROOT,
  createTestDatabase,
  createTestKafka,
  eventually,
  integrationEnv,
  uniqueSuffix,
  type TestDatabase,
} from '@lesp/test-infra';

interface Tally {
  _id: string;
  _v: number;
  applied: number;
  versions: number[];
}

/** Counts how many times each event changed the read model: exactly once is the goal. */
const tallyProjection: Projection<Tally> = {
  name: 'test.tally',
  readModel: 'rm_tally',
  handles: () => true,
  apply: async (event, target) => {
    await applyVersioned(target, event.streamId, event, { $inc: { applied: 1 }, $push: { versions: event.version } });
  },
};

const fixture = fileURLToPath(new URL('./fixtures/relay-process.ts', import.meta.url));
const databases: TestDatabase[] = [];
afterAll(async () => Promise.all(databases.map((d) => d.drop())));

function runRelay(
  env: Record<string, string>,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // `node --import tsx`, not the tsx CLI: one process, so the SIGKILL hits the relay itself.
    const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('outbox relay killed between publish and mark', () => {
  it('delivers every event exactly once into a read model after a SIGKILL and a restart', async () => {
    const database = await createTestDatabase('relay_crash');
    databases.push(database);
    const store = new MongoEventStore(database.db);
    await store.ensureIndexes();
    const prefix = `t-${uniqueSuffix()}`;
    const naming = topicNaming(prefix);
    const kafka = createTestKafka();
    const topic = naming.eventsTopic('case-intake');
    await ensureTopics(kafka, [
      { topic, partitions: 3 },
      { topic: naming.deadLetterTopic(`${prefix}.tally`), partitions: 1 },
    ]);

    // 6 aggregates × 10 versions, interleaved, some appends carrying two events.
    const aggregates = ['a', 'b', 'c', 'd', 'e', 'f'];
    const versions = new Map(aggregates.map((id) => [id, 0]));
    let appended = 0;
    while (appended < 60) {
      for (const id of aggregates) {
        const current = versions.get(id)!;
        const count = current % 4 === 2 ? 2 : 1;
        await store.append({
          source: 'case-intake',
          countyCode: '431103',
          aggregateType: 'Agency',
          aggregateId: id,
          expectedVersion: current,
          events: Array.from({ length: count }, () => ({
            eventId: newId(),
            eventType: 'AgencyRegistered',
            schemaVersion: 1,
            payload: new Uint8Array([1]),
            occurredAt: new Date(),
            actor: { userId: 'u', role: 'agency_clerk', countyCode: '431103' },
            correlationId: 'c',
            causationId: 'c',
          })),
        });
        versions.set(id, current + count);
        appended += count;
      }
    }
    const totalEvents = [...versions.values()].reduce((a, b) => a + b, 0);
    const totalCommits = await store.countUnpublished();

    const relayEnv = {
      MONGO_URL: integrationEnv().mongoUrl,
      MONGO_DB: database.name,
      KAFKA_BROKERS: integrationEnv().kafkaBrokers,
      TOPIC_PREFIX: prefix,
      RELAY_BATCH_SIZE: '10',
    };
    const crashed = await runRelay({ ...relayEnv, RELAY_MODE: 'crash' });
    expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
    // The broker has the first batch, but the store still thinks nothing went out.
    expect(await store.countUnpublished()).toBe(totalCommits);

    const restarted = await runRelay({ ...relayEnv, RELAY_MODE: 'normal' });
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(JSON.parse(restarted.stdout.trim().split('\n').at(-1)!)).toEqual({ published: totalEvents, unpublished: 0 });

    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    const messagesOnTopic = offsets.reduce((sum, p) => sum + Number(p.high), 0);
    console.log(
      `[relay-crash] events ${totalEvents}, messages on the topic ${messagesOnTopic} (duplicates from the crash ${messagesOnTopic - totalEvents})`,
    );
    expect(messagesOnTopic).toBeGreaterThan(totalEvents); // the crash really re-published

    const runner = new ProjectionRunner(database.db, [tallyProjection]);
    await runner.init();
    const consumer = new EventConsumer(kafka, naming, {
      groupId: `${prefix}.tally`,
      topics: [topic],
      handle: (event) => runner.apply(event),
    });
    await consumer.start();
    try {
      const tallies = await eventually(
        'every aggregate projected up to its last version',
        async () => (await runner.collection<Tally>('test.tally')).find({}).sort({ _id: 1 }).toArray(),
        (docs) => docs.length === 6 && docs.every((d) => d._v === versions.get(d._id.split('/').at(-1)!)),
      );
      for (const tally of tallies) {
        const last = versions.get(tally._id.split('/').at(-1)!)!;
        expect(tally.applied).toBe(last);
        expect(tally.versions).toEqual(Array.from({ length: last }, (_, i) => i + 1));
      }
      const lost = totalEvents - tallies.reduce((sum, t) => sum + t.applied, 0);
      console.log(`[relay-crash] projected ${totalEvents - lost} of ${totalEvents}, duplicates 0, lost ${lost}`);
    } finally {
      await consumer.stop();
    }
  });
});
