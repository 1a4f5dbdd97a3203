import { describe, expect, it } from 'vitest';
import { createTestKafka, uniqueSuffix } from '@lesp/test-infra';
import { ensureTopics, topicNaming } from '../src/index.js';

describe('ensureTopics (real broker)', () => {
  it('lets several services race to create overlapping topics, and every one returns with every partition led', async () => {
    const prefix = `t-${uniqueSuffix()}`;
    const naming = topicNaming(prefix);
    const shared = `${prefix}.shared.events`;
    // Four "services" start at once, as the e2e tests and a fresh deployment do: each creates the shared
    // topic plus its own, so some of them lose the race for the shared one.
    const contexts = ['case-intake', 'supervision', 'cross-region', 'public-disclosure'] as const;
    const clients = contexts.map(() => createTestKafka());
    await Promise.all(
      contexts.map((context, i) =>
        ensureTopics(clients[i]!, [
          { topic: shared, partitions: 3 },
          { topic: naming.eventsTopic(context), partitions: 3 },
          { topic: naming.deadLetterTopic(`${context}-group`), partitions: 1 },
        ]),
      ),
    );

    const admin = clients[0]!.admin();
    await admin.connect();
    try {
      const topics = [shared, ...contexts.map((c) => naming.eventsTopic(c))];
      const metadata = await admin.fetchTopicMetadata({ topics });
      expect(metadata.topics.map((t) => t.name).sort()).toEqual([...new Set(topics)].sort());
      for (const topic of metadata.topics) {
        expect(topic.partitions).toHaveLength(3);
        for (const partition of topic.partitions) expect(partition.leader).toBeGreaterThanOrEqual(0);
      }
      // Idempotent: a restart finds everything in place.
      await ensureTopics(clients[1]!, [{ topic: shared, partitions: 3 }]);
    } finally {
      await admin.disconnect();
    }
  });
});
