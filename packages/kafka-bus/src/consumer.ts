import type { Consumer, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { EventRecord } from '@lesp/core';
import {
  SpanKind,
  endSpan,
  extractTraceContext,
  linkOfTraceparent,
  runInSpan,
  startSpan,
  tracingEnabled,
  type SpanHandle,
} from '@lesp/observability';
import { decodeEnvelope } from './envelope.js';
import type { TopicNaming } from './topics.js';

export interface ConsumerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ConsumerMetrics {
  handled(topic: string, eventType: string, outcome: 'ok' | 'dead_lettered'): void;
  retried(topic: string, eventType: string): void;
}

export interface EventConsumerOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Must be idempotent: an event may arrive more than once (at-least-once delivery). */
  readonly handle: (record: EventRecord) => Promise<void>;
  /**
   * Optional: handles several events of one partition at once, in order (a consumer that can
   * write each read-model document once for many events). Must be idempotent like `handle`.
   * When it fails, the same events go through `handle` one at a time, with its retries and
   * dead-lettering, so one poison event never holds up or sinks its neighbours.
   */
  readonly handleBatch?: (records: readonly EventRecord[]) => Promise<void>;
  /** Most events given to one `handleBatch` call (a fetched batch is cut into chunks). */
  readonly maxBatchEvents?: number;
  /** Attempts before an event goes to the dead-letter topic. */
  readonly maxAttempts?: number;
  /** First retry delay; doubles each attempt. */
  readonly initialBackoffMs?: number;
  readonly partitionsConsumedConcurrently?: number;
  readonly fromBeginning?: boolean;
  /** Longest a fetch waits on an idle partition. */
  readonly maxWaitTimeMs?: number;
  readonly logger?: ConsumerLogger;
  readonly metrics?: ConsumerMetrics;
}

export interface DeadLetter {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly error: string;
  readonly attempts: number;
}

const silentLogger: ConsumerLogger = { info() {}, warn() {}, error() {} };

/**
 * A consumer group member. Offsets are committed only for messages whose handling
 * finished (ok or dead-lettered); an event that keeps failing is retried with exponential
 * backoff, then written to the group's dead-letter topic with the error, and the
 * partition moves on.
 */
export class EventConsumer {
  private readonly consumer: Consumer;
  private readonly dltProducer: Producer;
  private readonly logger: ConsumerLogger;
  private running = false;
  private stopping = false;

  constructor(
    kafka: Kafka,
    private readonly naming: TopicNaming,
    private readonly options: EventConsumerOptions,
  ) {
    // A fetch returns as soon as there is data; the wait bounds how long a stop() waits for
    // the fetch in flight (kafkajs' default of 5 s makes every shutdown 5 s long).
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: options.maxWaitTimeMs ?? 1000,
    });
    this.dltProducer = kafka.producer({ allowAutoTopicCreation: false });
    this.logger = options.logger ?? silentLogger;
  }

  get deadLetterTopic(): string {
    return this.naming.deadLetterTopic(this.options.groupId);
  }

  get isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    await this.dltProducer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.options.topics], fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({
      autoCommit: true,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        const size = this.options.handleBatch ? Math.max(1, this.options.maxBatchEvents ?? 500) : 1;
        for (let start = 0; start < batch.messages.length; start += size) {
          if (!isRunning() || isStale()) return;
          const chunk = batch.messages.slice(start, start + size);
          if (chunk.length > 1 && (await this.processTogether(batch.topic, chunk))) {
            resolveOffset(chunk.at(-1)!.offset);
          } else {
            for (const message of chunk) {
              if (!isRunning() || isStale()) return;
              await this.process(batch.topic, batch.partition, message);
              resolveOffset(message.offset);
            }
          }
          await heartbeat();
        }
      },
    });
    this.running = true;
  }

  /** Lets the message in hand finish, commits what was handled, leaves the group. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    await this.consumer.disconnect();
    await this.dltProducer.disconnect();
    this.running = false;
  }

  /**
   * The chunk through `handleBatch`; false when it cannot be (a message that does not decode,
   * or the handler failed): the caller then takes the messages one at a time.
   */
  private async processTogether(topic: string, messages: readonly KafkaMessage[]): Promise<boolean> {
    const handleBatch = this.options.handleBatch;
    if (!handleBatch) return false;
    const records: EventRecord[] = [];
    for (const message of messages) {
      try {
        records.push(decodeEnvelope(message.value));
      } catch {
        return false;
      }
    }
    try {
      if (tracingEnabled()) await this.inBatchSpan(topic, messages, () => handleBatch(records));
      else await handleBatch(records);
    } catch (error) {
      if (this.stopping) throw error;
      this.logger.warn({ err: error, topic, events: records.length }, 'batch handling failed, handling its events one at a time');
      return false;
    }
    for (const record of records) this.options.metrics?.handled(topic, record.eventType, 'ok');
    return true;
  }

  /**
   * A chunk handled together is one span: its parent is the first message's producer (the
   * trace of the command that caused it), and it links to the others'.
   */
  private async inBatchSpan(topic: string, messages: readonly KafkaMessage[], handle: () => Promise<void>): Promise<void> {
    const traceparents = messages.map((message) => headerText(message.headers, 'traceparent'));
    const links = traceparents.slice(1).flatMap((traceparent) => linkOfTraceparent(traceparent) ?? []);
    const span = startSpan(`consume ${topic}`, {
      kind: SpanKind.CONSUMER,
      parent: extractTraceContext((key) => headerText(messages[0]?.headers, key)),
      attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'messaging.batch.message_count': messages.length },
      links,
    });
    try {
      await runInSpan(span, handle);
      endSpan(span);
    } catch (error) {
      endSpan(span, error);
      throw error;
    }
  }

  private async process(topic: string, partition: number, message: KafkaMessage): Promise<void> {
    let record: EventRecord;
    try {
      record = decodeEnvelope(message.value);
    } catch (error) {
      // Retrying cannot fix bytes that do not decode.
      await this.deadLetter(topic, partition, message, error, 1, 'malformed');
      return;
    }
    if (!tracingEnabled()) return this.handleWithRetries(topic, partition, message, record);
    // The span continues the producer's trace (header `traceparent`, set by the outbox relay).
    const span: SpanHandle = startSpan(`consume ${topic}`, {
      kind: SpanKind.CONSUMER,
      parent: extractTraceContext((key) => headerText(message.headers, key)),
      attributes: {
        'messaging.system': 'kafka',
        'messaging.destination.name': topic,
        'messaging.destination.partition.id': String(partition),
        'messaging.kafka.offset': Number(message.offset),
        'lesp.event_type': record.eventType,
        'lesp.event_id': record.eventId,
        'lesp.correlation_id': record.correlationId,
      },
    });
    try {
      await runInSpan(span, () => this.handleWithRetries(topic, partition, message, record));
      endSpan(span);
    } catch (error) {
      endSpan(span, error);
      throw error;
    }
  }

  private async handleWithRetries(topic: string, partition: number, message: KafkaMessage, record: EventRecord): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    let delay = this.options.initialBackoffMs ?? 200;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.handle(record);
        this.options.metrics?.handled(topic, record.eventType, 'ok');
        return;
      } catch (error) {
        // Shutting down: leave it uncommitted, so it is delivered again after the restart.
        if (this.stopping) throw error;
        if (attempt >= maxAttempts) {
          await this.deadLetter(topic, partition, message, error, attempt, record.eventType);
          this.options.metrics?.handled(topic, record.eventType, 'dead_lettered');
          return;
        }
        this.options.metrics?.retried(topic, record.eventType);
        this.logger.warn(
          {
            err: error,
            eventId: record.eventId,
            eventType: record.eventType,
            countyCode: record.countyCode,
            correlationId: record.correlationId,
            causationId: record.causationId,
            attempt,
          },
          'event handling failed, retrying',
        );
        await sleep(delay);
        delay *= 2;
      }
    }
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    error: unknown,
    attempts: number,
    eventType: string,
  ): Promise<void> {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.logger.error(
      {
        eventType,
        topic,
        partition,
        offset: message.offset,
        attempts,
        error: reason,
        correlationId: headerText(message.headers, 'correlation-id'),
        causationId: headerText(message.headers, 'causation-id'),
      },
      'event sent to the dead-letter topic',
    );
    await this.dltProducer.send({
      topic: this.deadLetterTopic,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            'dlt-original-topic': topic,
            'dlt-original-partition': String(partition),
            'dlt-original-offset': message.offset,
            'dlt-error': reason.slice(0, 2000),
            'dlt-attempts': String(attempts),
            'dlt-failed-at': new Date().toISOString(),
          },
        },
      ],
    });
  }
}

export function readDeadLetter(message: KafkaMessage): DeadLetter {
  const header = (name: string) => message.headers?.[name]?.toString() ?? '';
  return {
    topic: header('dlt-original-topic'),
    partition: Number(header('dlt-original-partition')),
    offset: header('dlt-original-offset'),
    error: header('dlt-error'),
    attempts: Number(header('dlt-attempts')),
  };
}

function headerText(headers: IHeaders | undefined, key: string): string | undefined {
  const value = headers?.[key];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
