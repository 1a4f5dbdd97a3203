import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { newId, type EventRecord } from '@lesp/core';
import { KafkaEventPublisher, ensureTopics, topicNaming } from '@lesp/kafka-bus';
import { decidedAct, runBurst, type ActScript } from './support/command-burst.js';
import { settleAndCount, type ExactlyOnceReport } from './support/exactly-once.js';
import { recordScenario } from './support/fault-report.js';
import { AGENCY, COUNTY, FaultStack, OFFICER } from './support/fault-stack.js';
import { startPrivateInfra, type PrivateInfra } from './support/private-infra.js';

/**
 * Infrastructure faults: the Kafka broker (stopped), then the database server (killed), restarted in the middle
 * of a burst of commands while case intake records and supervision and public disclosure
 * consume. Both run privately for this file (support/private-infra.ts: own ports, own data
 * directory), so the restarts never touch the infrastructure other test files share. After
 * each restart every accepted command is counted once in the event store and once in every
 * read model downstream; the counts go to the console and test-results/faults.json.
 */
let infra: PrivateInfra | undefined;
let stack: FaultStack | undefined;

beforeAll(async () => {
  infra = await startPrivateInfra('faults');
  stack = await FaultStack.start({ label: 'infra', kafkaBrokers: infra.kafkaBrokers, mongoUrl: infra.mongoUrl, partitions: 4 });
  await ensureTopics(stack.kafka, [{ topic: topicNaming(stack.prefix).eventsTopic('probe'), partitions: 1 }]);
}, 360_000);

afterAll(async () => {
  await stack?.stop();
  await infra?.stop();
}, 120_000);

/** A publisher that first tries while the broker is down (that fails), then publishes once it is back. */
function lateStarter(s: FaultStack) {
  const kafka = new Kafka({
    clientId: `${s.prefix}-late`,
    brokers: [s.options.kafkaBrokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    retry: { retries: 1, initialRetryTime: 100 },
  });
  const publisher = new KafkaEventPublisher(kafka, topicNaming(s.prefix));
  const record = (): EventRecord => ({
    eventId: newId(),
    eventType: 'LateStarterProbe',
    schemaVersion: 1,
    source: 'probe',
    countyCode: COUNTY,
    aggregateType: 'Probe',
    aggregateId: 'late',
    streamId: `${COUNTY}/Probe/late`,
    version: 1,
    occurredAt: new Date(),
    recordedAt: new Date(),
    actor: { userId: 'probe', role: 'service', countyCode: COUNTY },
    correlationId: 'probe',
    causationId: 'probe',
    payload: new Uint8Array([1]),
    previousHash: '',
    hash: '',
  });
  return {
    whileDown: async () => {
      await expect(publisher.publish([record()])).rejects.toThrow();
    },
    afterwards: async () => {
      await publisher.publish([record()]);
      await publisher.close();
    },
  };
}

/**
 * Commands keep being retried for as long as a restart may take on a loaded machine (a restart
 * under a load average of 48 kept the database away for over two minutes once).
 */
const burstOf = (s: FaultStack) => ({
  baseUrl: s.caseIntakeUrl,
  countyCode: COUNTY,
  token: s.clerk,
  concurrency: 4,
  commandDeadlineMs: 300_000,
});

const acts = (label: string, count: number): ActScript[] =>
  Array.from({ length: count }, (_, i) => decidedAct(`${label}-${i}`, AGENCY, OFFICER));

function expectExactlyOnce(report: ExactlyOnceReport): void {
  expect(report.eventStore.lost, 'events lost from the event store').toBe(0);
  expect(report.lost, 'lost').toBe(0);
  expect(report.duplicates, 'duplicates').toBe(0);
  for (const model of report.readModels) expect(model.projected, `${model.service} ${model.readModel}`).toBe(model.expected);
}

describe('infrastructure faults (private Kafka and database)', () => {
  it('the Kafka broker restarted in the middle of a burst: every accepted command once everywhere', async () => {
    const s = stack!;
    const burst = runBurst({ ...burstOf(s), acts: acts('b', 40) });
    await burst.reached(20);
    // A publisher whose first publish falls while the broker is away (as a relay's can) publishes once it is back.
    const late = lateStarter(s);
    const [restart, outcome] = await Promise.all([infra!.restartKafka(2000, late.whileDown), burst.done]);
    await late.afterwards();
    const report = await settleAndCount(s, outcome.accepted);
    recordScenario({
      scenario: 'kafka-broker-restarted',
      faults: ['the broker stopped (SIGTERM) after 20 accepted commands, down 2 s, started again on its data'],
      report,
      extra: {
        'broker stopped s': restart.stoppedSeconds,
        'broker started s': restart.startedSeconds,
        'retried attempts': outcome.retries,
        'burst s': outcome.seconds,
        'settled after s': report.settledAfterSeconds,
      },
    });
    expectExactlyOnce(report);
  }, 480_000);

  it('the database server restarted in the middle of a burst: every accepted command once everywhere', async () => {
    const s = stack!;
    const burst = runBurst({ ...burstOf(s), acts: acts('d', 40) });
    await burst.reached(20);
    const [restart, outcome] = await Promise.all([infra!.restartDatabase(2000), burst.done]);
    const report = await settleAndCount(s, outcome.accepted);
    recordScenario({
      scenario: 'database-restarted',
      faults: ['the database server killed (SIGKILL) after 20 accepted commands, down 2 s, started again on its data'],
      report,
      extra: {
        'database killed s': restart.stoppedSeconds,
        'database started s': restart.startedSeconds,
        'retried attempts': outcome.retries,
        'burst s': outcome.seconds,
        'settled after s': report.settledAfterSeconds,
      },
    });
    expectExactlyOnce(report);
  }, 480_000);
});
