import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decidedAct, runBurst, type ActScript } from './support/command-burst.js';
import { settleAndCount, type ExactlyOnceReport } from './support/exactly-once.js';
import { recordScenario } from './support/fault-report.js';
import { AGENCY, COUNTY, FaultStack, OFFICER } from './support/fault-stack.js';
import { startPrivateInfra, type PrivateInfra } from './support/private-infra.js';

/**
 * Infrastructure faults: the Kafka broker, then the database server, restarted in the middle
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
}, 360_000);

afterAll(async () => {
  await stack?.stop();
  await infra?.stop();
}, 120_000);

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
    const burst = runBurst({ baseUrl: s.caseIntakeUrl, countyCode: COUNTY, token: s.clerk, acts: acts('b', 40), concurrency: 4 });
    await burst.reached(20);
    const restart = await infra!.restartKafka(2000);
    const outcome = await burst.done;
    const report = await settleAndCount(s, outcome.accepted);
    recordScenario({
      scenario: 'kafka-broker-restarted',
      faults: ['the broker stopped (SIGTERM) after 20 accepted commands, down 2 s, started again on its data'],
      report,
      extra: {
        'broker restart s': restart.seconds,
        'retried attempts': outcome.retries,
        'burst s': outcome.seconds,
        'settled after s': report.settledAfterSeconds,
      },
    });
    expectExactlyOnce(report);
  }, 300_000);

  it('the database server restarted in the middle of a burst: every accepted command once everywhere', async () => {
    const s = stack!;
    const burst = runBurst({ baseUrl: s.caseIntakeUrl, countyCode: COUNTY, token: s.clerk, acts: acts('d', 40), concurrency: 4 });
    await burst.reached(20);
    const restart = await infra!.restartDatabase(2000);
    const outcome = await burst.done;
    const report = await settleAndCount(s, outcome.accepted);
    recordScenario({
      scenario: 'database-restarted',
      faults: ['the database server stopped (SIGTERM) after 20 accepted commands, down 2 s, started again on its data'],
      report,
      extra: {
        'database restart s': restart.seconds,
        'retried attempts': outcome.retries,
        'burst s': outcome.seconds,
        'settled after s': report.settledAfterSeconds,
      },
    });
    expectExactlyOnce(report);
  }, 300_000);
});
