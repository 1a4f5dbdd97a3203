import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import type { EventRecord } from '@lesp/core';
import { metrics, perLabel } from '@lesp/observability';
import { encodeEnvelope } from './envelope.js';
import type { TopicNaming } from './topics.js';

export interface PublishOptions {
  /**
   * The W3C trace context a record's message carries (header `traceparent`), when its
   * publication is traced: the consuming service continues the trace from it.
   */
  readonly traceparentOf?: (record: EventRecord) => string | undefined;
}

export interface EventPublisher {
  /** Resolves once the broker acknowledged every record (acks = all). */
  publish(records: readonly EventRecord[], options?: PublishOptions): Promise<void>;
  close(): Promise<void>;
}

export function headersOf(record: EventRecord, traceparent?: string): Record<string, string> {
  const headers: Record<string, string> = {
    'event-id': record.eventId,
    'event-type': record.eventType,
    'county-code': record.countyCode,
    'correlation-id': record.correlationId,
    'causation-id': record.causationId,
  };
  if (traceparent) headers['traceparent'] = traceparent;
  return headers;
}

const publishedOn = perLabel(metrics.eventsPublished);

/**
 * Publishes events keyed by aggregate id. One request in flight at a time, so a retried
 * request cannot overtake the next one and reorder an aggregate's events.
 */
export class KafkaEventPublisher implements EventPublisher {
  private readonly producer: Producer;
  private connected?: Promise<void>;

  constructor(
    kafka: Kafka,
    private readonly naming: TopicNaming,
  ) {
    this.producer = kafka.producer({ maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  async publish(records: readonly EventRecord[], options: PublishOptions = {}): Promise<void> {
    if (records.length === 0) return;
    // A connect that failed (the broker was away) is tried again on the next publish: kept as a
    // rejected promise, it failed every publish after it for the life of the process.
    this.connected ??= this.producer.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    await this.connected;
    const byTopic = new Map<string, EventRecord[]>();
    for (const record of records) {
      const topic = this.naming.eventsTopic(record.source);
      // Appended in place: a copy per record was quadratic in the relay's batch (500).
      const list = byTopic.get(topic);
      if (list) list.push(record);
      else byTopic.set(topic, [record]);
    }
    await this.producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, topicRecords]) => ({
        topic,
        messages: topicRecords.map((record) => ({
          key: record.aggregateId,
          value: encodeEnvelope(record),
          headers: headersOf(record, options.traceparentOf?.(record)),
        })),
      })),
    });
    for (const [topic, topicRecords] of byTopic) publishedOn(topic).inc(topicRecords.length);
  }

  async close(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
  }
}
