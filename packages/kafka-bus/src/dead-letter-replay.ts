import type { IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { readDeadLetter, type DeadLetter } from './consumer.js';
import type { TopicNaming } from './topics.js';

export interface DeadLetterReplayOptions {
  /**
   * Which dead letters go back (e.g. one event type, or not the malformed ones). Those not
   * selected are passed over: the replay's offset moves past them all the same.
   */
  readonly select?: (letter: DeadLetter & { readonly eventType: string }) => boolean;
  /**
   * The group that remembers how far replays got, so a second replay does not send the same
   * dead letters again. Default `<groupId>.dlt-replay`.
   */
  readonly replayGroupId?: string;
  /** Longest the replay waits to read up to where the dead-letter topic ended when it started. */
  readonly timeoutMs?: number;
}

export interface DeadLetterReplayReport {
  readonly deadLetterTopic: string;
  readonly replayed: number;
  readonly passedOver: number;
  /** Replayed messages per original topic. */
  readonly byTopic: Readonly<Record<string, number>>;
}

/**
 * Sends a consumer group's dead letters back to the topics they came from, once the cause is
 * fixed. Reads the group's dead-letter topic from where the last replay stopped up to its end
 * as of now (letters that arrive meanwhile wait for the next replay), re-publishes each with
 * its original key, value and headers (the `dlt-*` ones dropped, `dlt-replayed-from` added),
 * and commits its own offset after each, so an interrupted replay resumes without resending.
 *
 * Every group consuming the original topic sees a replayed event again: consumers are
 * idempotent (inbox by event id, read models by stream version), so that changes nothing
 * there. A read model guarded by stream version skips a replayed event older than what it
 * has applied since: an event dead-lettered before later events of its stream were applied
 * needs a rebuild of that projection (its inbox holds the event) rather than a replay.
 */
export async function replayDeadLetters(
  kafka: Kafka,
  naming: TopicNaming,
  groupId: string,
  options: DeadLetterReplayOptions = {},
): Promise<DeadLetterReplayReport> {
  const deadLetterTopic = naming.deadLetterTopic(groupId);
  const replayGroupId = options.replayGroupId ?? `${groupId}.dlt-replay`;
  const ends = await pendingEnds(kafka, deadLetterTopic, replayGroupId);
  const byTopic: Record<string, number> = {};
  let replayed = 0;
  let passedOver = 0;
  if (ends.size === 0) return { deadLetterTopic, replayed, passedOver, byTopic };

  const producer = kafka.producer({ maxInFlightRequests: 1, allowAutoTopicCreation: false });
  const consumer = kafka.consumer({ groupId: replayGroupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 500 });
  await producer.connect();
  await consumer.connect();
  try {
    let finish: () => void = () => {};
    let fail: (error: unknown) => void = () => {};
    const finished = new Promise<void>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    const markDone = (partition: number, nextOffset: bigint) => {
      if ((ends.get(partition) ?? 0n) <= nextOffset) ends.delete(partition);
      if (ends.size === 0) finish();
    };
    consumer.on(consumer.events.CRASH, (event) => fail(event.payload.error));
    await consumer.subscribe({ topics: [deadLetterTopic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, heartbeat }) => {
        const end = ends.get(batch.partition);
        for (const message of batch.messages) {
          const offset = BigInt(message.offset);
          if (end === undefined || offset >= end) break;
          const letter = readDeadLetter(message);
          const eventType = header(message.headers, 'event-type');
          if (options.select && !options.select({ ...letter, eventType })) passedOver++;
          else {
            await producer.send({
              topic: letter.topic,
              acks: -1,
              messages: [{ key: message.key, value: message.value, headers: replayHeaders(message, deadLetterTopic, batch.partition) }],
            });
            replayed++;
            byTopic[letter.topic] = (byTopic[letter.topic] ?? 0) + 1;
          }
          await consumer.commitOffsets([{ topic: deadLetterTopic, partition: batch.partition, offset: String(offset + 1n) }]);
          markDone(batch.partition, offset + 1n);
          await heartbeat();
        }
      },
    });
    const timeoutMs = options.timeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      finished,
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`dead-letter replay of ${deadLetterTopic} did not reach the end within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
  return { deadLetterTopic, replayed, passedOver, byTopic };
}

/** Per partition with letters not replayed yet: the offset the topic ends at now. */
async function pendingEnds(kafka: Kafka, topic: string, replayGroupId: string): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const highs = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId: replayGroupId, topics: [topic] });
    const ends = new Map<number, bigint>();
    for (const partition of highs) {
      const done = committed?.partitions.find((p) => p.partition === partition.partition)?.offset ?? '-1';
      const from = BigInt(done) >= 0n ? BigInt(done) : BigInt(partition.low);
      if (from < BigInt(partition.high)) ends.set(partition.partition, BigInt(partition.high));
    }
    return ends;
  } finally {
    await admin.disconnect();
  }
}

function replayHeaders(message: KafkaMessage, deadLetterTopic: string, partition: number): IHeaders {
  const headers: IHeaders = {};
  for (const [key, value] of Object.entries(message.headers ?? {})) {
    if (!key.startsWith('dlt-') && value !== undefined) headers[key] = value;
  }
  headers['dlt-replayed-from'] = `${deadLetterTopic}:${partition}:${message.offset}`;
  return headers;
}

function header(headers: IHeaders | undefined, key: string): string {
  const value = headers?.[key];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? '' : first.toString();
}
