import type { Admin } from 'kafkajs';
import { partitionLag, type ConsumerLagSample } from '@lesp/observability';

/**
 * A consumer group's lag on its topics: each topic's watermarks and the group's committed
 * offsets, two admin requests per topic (what Kafka's own consumer-groups tool asks).
 */
export async function consumerLagOf(admin: Admin, groupId: string, topics: readonly string[]): Promise<ConsumerLagSample[]> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  const samples: ConsumerLagSample[] = [];
  for (const topic of topics) {
    const offsets = await admin.fetchTopicOffsets(topic);
    const ofTopic = committed.find((c) => c.topic === topic)?.partitions ?? [];
    samples.push(...partitionLag(groupId, topic, offsets, ofTopic));
  }
  return samples;
}
