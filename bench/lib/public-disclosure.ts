/**
 * A public-disclosure service for a benchmark: the running one at BENCH_PUBLIC_DISCLOSURE_URL
 * (its data as it is), or a process of its own on the local infrastructure (KAFKA_BROKERS +
 * MONGO_URL, or deploy/local/infra.sh) with a fresh database and topics, which `prepare` fills
 * before the process starts.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevIssuer } from '@lesp/auth';
import { freePort, waitUntilReady } from '@lesp/test-infra/readiness';
import { deploymentEnv } from './deployment-env.js';
import { ROOT } from './stack.js';

export interface PublicDisclosureUnderTest {
  readonly url: string;
  readonly mongoUrl: string;
  readonly mongoDb: string;
  stop(): Promise<void>;
}

function infrastructure(): { KAFKA_BROKERS: string; MONGO_URL: string } {
  if (process.env['KAFKA_BROKERS'] && process.env['MONGO_URL'])
    return { KAFKA_BROKERS: process.env['KAFKA_BROKERS'], MONGO_URL: process.env['MONGO_URL'] };
  const printed = execFileSync('bash', [join(ROOT, 'deploy/local/infra.sh'), 'up'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const value = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(printed)?.[1]?.trim();
  const [KAFKA_BROKERS, MONGO_URL] = [value('KAFKA_BROKERS'), value('MONGO_URL')];
  if (!KAFKA_BROKERS || !MONGO_URL) throw new Error('deploy/local/infra.sh up printed no KAFKA_BROKERS / MONGO_URL');
  return { KAFKA_BROKERS, MONGO_URL };
}

export async function publicDisclosureUnderTest(
  label: string,
  env: Record<string, string>,
  prepare: (mongoUrl: string, mongoDb: string) => Promise<void>,
): Promise<PublicDisclosureUnderTest> {
  const given = process.env['BENCH_PUBLIC_DISCLOSURE_URL'];
  if (given) return { url: given, mongoUrl: '', mongoDb: '', stop: async () => {} };
  const infra = infrastructure();
  const suffix = `${label}_${Date.now().toString(36)}`;
  const mongoDb = `bench_pd_${suffix}`;
  await prepare(infra.MONGO_URL, mongoDb);
  const issuerDir = mkdtempSync(join(tmpdir(), 'lesp-bench-issuer-'));
  await DevIssuer.inFolder(issuerDir);
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  mkdirSync(join(ROOT, 'test-results/logs'), { recursive: true });
  const logFile = join(ROOT, 'test-results/logs', `bench-public-disclosure-${httpPort}.log`);
  const log = openSync(logFile, 'a');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: join(ROOT, 'services/public-disclosure'),
    env: {
      ...process.env,
      ...infra,
      HOST: '127.0.0.1',
      HTTP_PORT: String(httpPort),
      GRPC_PORT: String(grpcPort),
      MONGO_DB: mongoDb,
      ...deploymentEnv(),
      TOPIC_PREFIX: `bench-${suffix.replace(/_/g, '-')}`,
      KAFKA_PARTITIONS: '4',
      LOG_LEVEL: 'warn',
      AUTH_DEV_ISSUER_DIR: issuerDir,
      ...env,
    },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${httpPort}`;
  await waitUntilReady('public-disclosure', child, url, logFile, 120_000);
  return {
    url,
    mongoUrl: infra.MONGO_URL,
    mongoDb,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      // The loaded decisions take room; the figures are in bench/results.
      const { MongoClient } = await import('mongodb');
      const mongo = new MongoClient(infra.MONGO_URL);
      await mongo.connect();
      await mongo
        .db(mongoDb)
        .dropDatabase()
        .catch(() => undefined);
      await mongo.close();
    },
  };
}
