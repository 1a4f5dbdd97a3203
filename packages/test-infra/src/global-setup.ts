import type { TestProject } from 'vitest/node';
import { DevIssuer } from '@lesp/auth';
import { REPO_ROOT, acquireInfrastructure, verifyInfrastructure } from './infrastructure.js';
import { RunLeftovers } from './leftovers.js';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
    mongoUrl: string;
    /** Keys of the development issuer that services under test trust. */
    devIssuerDir: string;
    /** The run's ledger of suffixes handed out (leftovers.ts); their topics and databases go when the run ends. */
    leftoversLedger: string;
  }
}

/**
 * Vitest global setup of the integration project: real Kafka and MongoDB or a loud
 * failure. Never a skip.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const infra = await acquireInfrastructure();
  const verified = await verifyInfrastructure(infra);
  console.log(
    `[test-infra] Kafka ${infra.kafkaBrokers} (${verified.kafkaBrokers} broker), MongoDB-protocol ${infra.mongoUrl} (server ${verified.mongoServer}) — from ${infra.origin}`,
  );
  const devIssuerDir = `${REPO_ROOT}test-results/dev-issuer`;
  await DevIssuer.inFolder(devIssuerDir);
  project.provide('devIssuerDir', devIssuerDir);
  project.provide('kafkaBrokers', infra.kafkaBrokers);
  project.provide('mongoUrl', infra.mongoUrl);
  process.env['KAFKA_BROKERS'] = infra.kafkaBrokers;
  process.env['MONGO_URL'] = infra.mongoUrl;
  // KEEP_TEST_DATA=1 keeps them, to look at what a failed run left.
  const leftovers = RunLeftovers.start(`${REPO_ROOT}test-results/run-${process.pid}-${Date.now().toString(36)}.suffixes`);
  project.provide('leftoversLedger', leftovers.ledgerFile);
  return async () => {
    if (process.env['KEEP_TEST_DATA'] !== '1') {
      const swept = await leftovers.sweep(infra);
      console.log(
        `[test-infra] removed this run's ${swept.topics.length} topics and ${swept.databases.length} databases${swept.errors.length > 0 ? `; not all: ${swept.errors.join('; ')}` : ''}`,
      );
    }
    await infra.stop();
  };
}
