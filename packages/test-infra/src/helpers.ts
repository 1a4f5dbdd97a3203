import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient, type Db } from 'mongodb';
import { DevIssuer, type DevTokenRequest } from '@lesp/auth';
import { RunLeftovers } from './leftovers.js';

export function integrationEnv(): { kafkaBrokers: string; mongoUrl: string } {
  const kafkaBrokers = inject('kafkaBrokers');
  const mongoUrl = inject('mongoUrl');
  if (!kafkaBrokers || !mongoUrl) {
    throw new Error(
      'integration test without infrastructure: run it in the "integration" vitest project (its global setup provides Kafka and MongoDB)',
    );
  }
  return { kafkaBrokers, mongoUrl };
}

/**
 * A short random suffix, so tests never share a database, topic or consumer group. In an
 * integration run it goes into the run's ledger, and what carries it is deleted when the run
 * ends (leftovers.ts).
 */
export function uniqueSuffix(): string {
  const suffix = randomBytes(4).toString('hex');
  const ledger = runLedger();
  if (ledger) RunLeftovers.record(ledger, suffix);
  return suffix;
}

function runLedger(): string | undefined {
  try {
    return inject('leftoversLedger') || undefined;
  } catch {
    // Outside a vitest worker (a script importing the helpers): nothing to record.
    return undefined;
  }
}

export interface TestDatabase {
  readonly client: MongoClient;
  readonly db: Db;
  readonly name: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const client = new MongoClient(integrationEnv().mongoUrl, { serverSelectionTimeoutMS: 10_000 });
  await client.connect();
  const name = `t_${label.replace(/[^A-Za-z0-9]/g, '_').slice(0, 30)}_${uniqueSuffix()}`;
  const db = client.db(name);
  return {
    client,
    db,
    name,
    drop: async () => {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}

export function createTestKafka(clientId = `test-${uniqueSuffix()}`): Kafka {
  return new Kafka({
    clientId,
    brokers: integrationEnv().kafkaBrokers.split(','),
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 200, retries: 8 },
  });
}

/** Polls until `check` returns a value that satisfies it, or fails naming what was awaited. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  { timeoutMs = 20_000, intervalMs = 100 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`, { cause: lastError });
}

/** Tokens from the development issuer the services under test trust. */
export async function devTokens(): Promise<{ issue(request: DevTokenRequest): Promise<string>; issuer: DevIssuer }> {
  const issuer = await DevIssuer.inFolder(inject('devIssuerDir'));
  return { issuer, issue: (request) => issuer.token(request) };
}
