import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';

const run = promisify(execFile);
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const INFRA_SCRIPT = `${REPO_ROOT}deploy/local/infra.sh`;

export interface Infrastructure {
  readonly kafkaBrokers: string;
  readonly mongoUrl: string;
  /** Where they came from, printed so a test run shows what it ran against. */
  readonly origin: string;
  stop(): Promise<void>;
}

/**
 * Real Kafka and a real MongoDB-protocol server, in this order of preference:
 * KAFKA_BROKERS / MONGO_URL from the environment; testcontainers when a Docker engine
 * answers; otherwise the repo's own scripts (deploy/local/infra.sh), which provision
 * Kafka from Maven Central and mongod or FerretDB. Anything missing fails loudly.
 */
export async function acquireInfrastructure(): Promise<Infrastructure> {
  const { KAFKA_BROKERS, MONGO_URL } = process.env;
  if (KAFKA_BROKERS && MONGO_URL) {
    return { kafkaBrokers: KAFKA_BROKERS, mongoUrl: MONGO_URL, origin: 'environment (KAFKA_BROKERS, MONGO_URL)', stop: async () => {} };
  }
  if (dockerAnswers()) return startContainers();
  return startLocalScripts();
}

function dockerAnswers(): boolean {
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'pipe', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

async function startContainers(): Promise<Infrastructure> {
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const { MongoDBContainer } = await import('@testcontainers/mongodb');
  const [kafka, mongo] = await Promise.all([
    new KafkaContainer('confluentinc/cp-kafka:7.7.1').withKraft().start(),
    new MongoDBContainer('mongo:7.0').start(),
  ]);
  return {
    kafkaBrokers: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
    mongoUrl: `${mongo.getConnectionString()}/?directConnection=true`,
    origin: 'testcontainers (Docker)',
    stop: async () => {
      await Promise.all([kafka.stop(), mongo.stop()]);
    },
  };
}

async function startLocalScripts(): Promise<Infrastructure> {
  const wasUp = await run('bash', [INFRA_SCRIPT, 'status']).then(
    () => true,
    () => false,
  );
  try {
    await run('bash', [INFRA_SCRIPT, 'up'], { maxBuffer: 16 * 1024 * 1024, timeout: 15 * 60_000 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`could not start local Kafka / MongoDB with deploy/local/infra.sh up:\n${stdout ?? ''}\n${stderr ?? ''}`, {
      cause: error,
    });
  }
  const { stdout } = await run('bash', [INFRA_SCRIPT, 'env']);
  const env = Object.fromEntries(
    stdout
      .split('\n')
      .map((line) => line.trim().replace(/^export\s+/, ''))
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1).replace(/^["']|["']$/g, '')]),
  ) as Record<string, string>;
  const kafkaBrokers = env['KAFKA_BROKERS'];
  const mongoUrl = env['MONGO_URL'];
  if (!kafkaBrokers || !mongoUrl) throw new Error(`deploy/local/infra.sh env printed no KAFKA_BROKERS / MONGO_URL:\n${stdout}`);
  return {
    kafkaBrokers,
    mongoUrl,
    origin: `deploy/local/infra.sh (${wasUp ? 'already running' : 'started for this run'})`,
    // Leave running what we found running; stop what we started.
    stop: async () => {
      if (!wasUp) await run('bash', [INFRA_SCRIPT, 'down']);
    },
  };
}

/** Proves both answer a real protocol round trip; throws with a clear message if not. */
export async function verifyInfrastructure(
  infra: Pick<Infrastructure, 'kafkaBrokers' | 'mongoUrl'>,
): Promise<{ mongoServer: string; kafkaBrokers: number }> {
  const mongo = new MongoClient(infra.mongoUrl, { serverSelectionTimeoutMS: 10_000 });
  let mongoServer: string;
  try {
    await mongo.connect();
    const info = await mongo.db('admin').command({ buildInfo: 1 });
    mongoServer = `${String(info['version'])}${info['ferretdbVersion'] ? ` (FerretDB ${String(info['ferretdbVersion'])})` : ''}`;
  } catch (error) {
    throw new Error(`MongoDB-protocol server at ${infra.mongoUrl} does not answer`, { cause: error });
  } finally {
    await mongo.close();
  }
  const admin = new Kafka({
    clientId: 'lesp-test-verify',
    brokers: infra.kafkaBrokers.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 3 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return { mongoServer, kafkaBrokers: cluster.brokers.length };
  } catch (error) {
    throw new Error(`Kafka broker at ${infra.kafkaBrokers} does not answer`, { cause: error });
  } finally {
    await admin.disconnect();
  }
}
