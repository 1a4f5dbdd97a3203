/**
 * Topic names. One events topic per bounded context (the Kafka key is the aggregate id, so
 * an aggregate's events stay in order on one partition) and one dead-letter topic per
 * consumer group.
 */
export const BOUNDED_CONTEXTS = ['case-intake', 'supervision', 'cross-region', 'public-disclosure'] as const;
export type BoundedContext = (typeof BOUNDED_CONTEXTS)[number];

export interface TopicNaming {
  eventsTopic(source: string): string;
  deadLetterTopic(groupId: string): string;
}

/** `prefix` lets tests and several deployments share one broker without touching each other. */
export function topicNaming(prefix = 'lesp'): TopicNaming {
  return {
    eventsTopic: (source) => `${prefix}.${source}.events`,
    deadLetterTopic: (groupId) => `${prefix}.dlt.${groupId}`,
  };
}
