import type { Admin, Kafka } from 'kafkajs';

export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
}

const LEADER_WAIT_MS = 30_000;

/**
 * Creates the topics that do not exist yet and waits until every partition of every topic
 * has a leader. The broker runs with auto-creation off, and kafkajs cannot subscribe to a
 * topic KRaft has not created, so every service provisions what it publishes to and consumes
 * from at start-up.
 *
 * Several services (and replicas) start at once and race to create the same topics. When
 * another process wins, kafkajs reports "already exists" (or returns false) *without*
 * waiting for the leaders of the topic the winner is still creating; subscribing then fails.
 * So the wait for leaders is ours, done whoever created the topic.
 */
export async function ensureTopics(kafka: Kafka, topics: readonly TopicSpec[], replicationFactor = 1): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = [...new Map(topics.map((t) => [t.topic, t])).values()];
    const missing = wanted.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((t) => ({ topic: t.topic, numPartitions: t.partitions, replicationFactor })),
        });
      } catch (error) {
        // Another replica created some of them between our list and create: that is what we wanted.
        if (!isOnlyAlreadyExists(error)) throw error;
      }
    }
    await waitForLeaders(
      admin,
      wanted.map((t) => t.topic),
    );
  } finally {
    await admin.disconnect();
  }
}

function isOnlyAlreadyExists(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const nested = (error as Error & { errors?: unknown[] }).errors;
  if (Array.isArray(nested) && nested.length > 0) return nested.every(isOnlyAlreadyExists);
  return (error as Error & { type?: string }).type === 'TOPIC_ALREADY_EXISTS' || /already exists/i.test(error.message);
}

async function waitForLeaders(admin: Admin, topics: readonly string[]): Promise<void> {
  const deadline = Date.now() + LEADER_WAIT_MS;
  let problem = 'no metadata yet';
  for (;;) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
      const leaderless = metadata.topics.filter(
        (topic) => topic.partitions.length === 0 || topic.partitions.some((p) => p.leader < 0 || p.partitionErrorCode !== 0),
      );
      if (leaderless.length === 0) return;
      problem = `no leader yet for ${leaderless.map((t) => t.name).join(', ')}`;
    } catch (error) {
      // UNKNOWN_TOPIC_OR_PARTITION / LEADER_NOT_AVAILABLE while the creator is still at work.
      problem = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`Kafka topics not ready within ${LEADER_WAIT_MS} ms: ${problem}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
