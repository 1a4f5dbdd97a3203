import type { TestProject } from 'vitest/node';
import { DevIssuer } from '@lesp/auth';
import { REPO_ROOT, acquireInfrastructure, verifyInfrastructure } from './infrastructure.js';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
    mongoUrl: string;
    /** Keys of the development issuer that services under test trust. */
    devIssuerDir: string;
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
  return async () => {
    await infra.stop();
  };
}
