/**
 * Operations: replay a consumer group's dead-letter topic after the cause is fixed.
 *
 *   pnpm ops:replay-dlt --brokers 127.0.0.1:19092 --service supervision --dry-run   # list what waits
 *   pnpm ops:replay-dlt --brokers 127.0.0.1:19092 --service supervision             # replay it
 *
 * An event a consumer could not handle after its retries goes to `<prefix>.dlt.<group>` with its
 * original key, value and headers and the error (packages/kafka-bus/src/consumer.ts). Replaying
 * puts each one back on the topic it came from, with the same key (its aggregate id, so the same
 * partition), for every consumer group of that topic: consumers are idempotent (the inbox keeps
 * an event once, read models skip versions they have), so the groups that handled it before see
 * nothing new. The replayer's own consumer group (`<prefix>.dlt-replay.<group>`) remembers how
 * far it got, so a second run replays only what was dead-lettered since; --dry-run reads without
 * moving it. Messages that are not events (malformed bytes) are reported and left behind: a
 * replay cannot fix them.
 *
 * An event is replayed after the events of its aggregate that followed it, so a read model that
 * already holds a later version skips it (applyVersioned): after a replay, rebuild the read
 * models of the service that handle the replayed event types (pnpm ops:rebuild; the inbox has the
 * replayed events by then). Brokers: --brokers or KAFKA_BROKERS; prefix: --prefix or TOPIC_PREFIX.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Kafka, logLevel, type IHeaders, type KafkaMessage } from 'kafkajs';
import { decodeEnvelope, readDeadLetter, topicNaming } from '@lesp/kafka-bus';

export interface ReplayedEvent {
  readonly eventId: string;
  readonly eventType: string;
  readonly aggregateId: string;
  readonly countyCode: string;
  readonly topic: string;
  readonly error: string;
}

export interface ReplayReport {
  readonly deadLetterTopic: string;
  readonly replayed: readonly ReplayedEvent[];
  /** Dead letters that are not events (or name no original topic): not replayed. */
  readonly malformed: readonly { partition: number; offset: string; error: string }[];
  readonly dryRun: boolean;
}

export interface ReplayOptions {
  readonly kafka: Kafka;
  readonly prefix: string;
  /** The consumer group whose dead letters to replay (default group of a service: `<prefix>.<service>`). */
  readonly group: string;
  readonly dryRun?: boolean;
  /** Fails when the topic stops yielding messages for this long before the end is reached. */
  readonly idleTimeoutMs?: number;
}

export async function replayDeadLetters(options: ReplayOptions): Promise<ReplayReport> {
  const dlt = topicNaming(options.prefix).deadLetterTopic(options.group);
  const replayGroup = `${options.prefix}.dlt-replay.${options.group}`;
  const dryRun = options.dryRun ?? false;
  const admin = options.kafka.admin();
  await admin.connect();
  let pending: Map<number, bigint>;
  try {
    if (!(await admin.listTopics()).includes(dlt)) throw new Error(`no dead-letter topic ${dlt} (is the group ${options.group} right?)`);
    // Where this run ends: the end of each partition now. Where it starts: the replayer's
    // committed position, else the partition's beginning.
    const ends = await admin.fetchTopicOffsets(dlt);
    const [committed] = await admin.fetchOffsets({ groupId: replayGroup, topics: [dlt] });
    pending = new Map();
    for (const { partition, high, low } of ends) {
      const mine = committed?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
      const start = BigInt(mine) >= 0n ? BigInt(mine) : BigInt(low);
      if (start < BigInt(high)) pending.set(partition, BigInt(high));
    }
  } finally {
    await admin.disconnect();
  }
  const replayed: ReplayedEvent[] = [];
  const malformed: { partition: number; offset: string; error: string }[] = [];
  if (pending.size === 0) return { deadLetterTopic: dlt, replayed, malformed, dryRun };

  const producer = options.kafka.producer({ allowAutoTopicCreation: false, maxInFlightRequests: 1 });
  const consumer = options.kafka.consumer({ groupId: replayGroup, allowAutoTopicCreation: false, maxWaitTimeInMs: 500 });
  await producer.connect();
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [dlt], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      let idle: NodeJS.Timeout;
      const idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
      const watchdog = () => {
        clearTimeout(idle);
        idle = setTimeout(
          () =>
            reject(
              new Error(
                `${dlt}: no message for ${idleTimeoutMs} ms with partitions ${[...pending.keys()].join(', ')} not read to their end`,
              ),
            ),
          idleTimeoutMs,
        );
      };
      watchdog();
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            watchdog();
            const outcome = await replayOne(message, dryRun, producer);
            if ('malformed' in outcome) malformed.push({ partition, offset: message.offset, error: outcome.malformed });
            else replayed.push(outcome);
            const next = BigInt(message.offset) + 1n;
            if (!dryRun) await consumer.commitOffsets([{ topic: dlt, partition, offset: next.toString() }]);
            const end = pending.get(partition);
            if (end !== undefined && next >= end) pending.delete(partition);
            if (pending.size === 0) {
              clearTimeout(idle);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
  return { deadLetterTopic: dlt, replayed, malformed, dryRun };
}

async function replayOne(
  message: KafkaMessage,
  dryRun: boolean,
  producer: ReturnType<Kafka['producer']>,
): Promise<ReplayedEvent | { malformed: string }> {
  const letter = readDeadLetter(message);
  let event;
  try {
    event = decodeEnvelope(message.value);
  } catch (error) {
    return { malformed: `not an event: ${error instanceof Error ? error.message : String(error)} (${letter.error})` };
  }
  if (!letter.topic) return { malformed: `names no original topic (${letter.error})` };
  if (!dryRun) {
    await producer.send({
      topic: letter.topic,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: { ...originalHeaders(message.headers), 'dlt-replayed-at': new Date().toISOString() },
        },
      ],
    });
  }
  return {
    eventId: event.eventId,
    eventType: event.eventType,
    aggregateId: event.aggregateId,
    countyCode: event.countyCode,
    topic: letter.topic,
    error: letter.error,
  };
}

/** The headers the event was published with (event id, type, county, correlation), without the dead-letter ones. */
function originalHeaders(headers: IHeaders | undefined): IHeaders {
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => !name.startsWith('dlt-')));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      brokers: { type: 'string' },
      prefix: { type: 'string' },
      service: { type: 'string' },
      group: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const brokers = (values.brokers ?? process.env['KAFKA_BROKERS'] ?? '').split(',').filter(Boolean);
  const prefix = values.prefix ?? process.env['TOPIC_PREFIX'] ?? 'lesp';
  const group = values.group ?? (values.service ? `${prefix}.${values.service}` : undefined);
  if (brokers.length === 0 || !group) {
    console.error('usage: pnpm ops:replay-dlt --brokers HOST:PORT (--service NAME | --group GROUP) [--prefix lesp] [--dry-run]');
    process.exit(2);
  }
  const kafka = new Kafka({ clientId: `lesp-ops-replay-${process.pid}`, brokers, logLevel: logLevel.WARN });
  const report = await replayDeadLetters({ kafka, prefix, group, dryRun: values['dry-run'] });
  const verb = report.dryRun ? 'would replay' : 'replayed';
  for (const event of report.replayed)
    console.log(
      `${verb} ${event.eventType} ${event.eventId} (county ${event.countyCode}, aggregate ${event.aggregateId}) to ${event.topic}; it had failed with: ${event.error}`,
    );
  for (const letter of report.malformed)
    console.log(`left behind ${report.deadLetterTopic}[${letter.partition}]@${letter.offset}: ${letter.error}`);
  console.log(`${report.deadLetterTopic}: ${report.replayed.length} ${verb}, ${report.malformed.length} left behind`);
  if (!report.dryRun && report.replayed.length > 0) {
    const types = [...new Set(report.replayed.map((e) => e.eventType))].join(', ');
    console.log(
      `next: rebuild the read models of ${group} that handle ${types} (pnpm ops:rebuild), since a replayed event is older than what followed it`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
