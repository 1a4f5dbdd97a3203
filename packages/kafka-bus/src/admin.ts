import type { Kafka } from 'kafkajs';

export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
}

/**
 * Creates the topics that do not exist yet and waits for their leaders. The broker runs
 * with auto-creation off, and kafkajs cannot subscribe to a topic KRaft has not created,
 * so every service provisions what it publishes to and consumes from at start-up.
 */
export async function ensureTopics(kafka: Kafka, topics: readonly TopicSpec[], replicationFactor = 1): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length === 0) return;
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({ topic: t.topic, numPartitions: t.partitions, replicationFactor })),
      });
    } catch (error) {
      // Another replica created it between our list and create: that is what we wanted.
      if (!(error instanceof Error && /already exists/i.test(error.message))) throw error;
    }
  } finally {
    await admin.disconnect();
  }
}
