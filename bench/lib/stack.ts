/**
 * What a benchmark runs against: a running stack (BENCH_CASE_INTAKE_URL, with its
 * AUTH_DEV_ISSUER_DIR and, for read-model checks, MONGO_URL + BENCH_MONGO_DB), or a
 * case-intake process of its own on the local infrastructure (deploy/local/infra.sh, or
 * KAFKA_BROKERS + MONGO_URL from the environment) with a fresh database and topics.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DevIssuer } from '@lesp/auth';
import { freePort, waitUntilReady } from '@lesp/test-infra/readiness';
import { deploymentEnv } from './deployment-env.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface CaseIntakeUnderTest {
  readonly url: string;
  readonly issuerDir: string;
  readonly mongoUrl: string;
  readonly mongoDb: string;
  /** Started by the benchmark (stopped at the end) or given. */
  readonly own: boolean;
  /** The service's process id when the benchmark started it (for CPU figures). */
  readonly pid?: number;
  stop(): Promise<void>;
}

function infrastructure(): { KAFKA_BROKERS: string; MONGO_URL: string } {
  if (process.env['KAFKA_BROKERS'] && process.env['MONGO_URL'])
    return { KAFKA_BROKERS: process.env['KAFKA_BROKERS'], MONGO_URL: process.env['MONGO_URL'] };
  const printed = execFileSync('bash', [join(ROOT, 'deploy/local/infra.sh'), 'up'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const vars = Object.fromEntries(
    printed
      .split('\n')
      .map((line) => /^([A-Z_]+)=(.*)$/.exec(line.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
  if (!vars['KAFKA_BROKERS'] || !vars['MONGO_URL']) throw new Error('deploy/local/infra.sh up printed no KAFKA_BROKERS / MONGO_URL');
  return { KAFKA_BROKERS: vars['KAFKA_BROKERS'], MONGO_URL: vars['MONGO_URL'] };
}

export async function caseIntakeUnderTest(label: string, env: Record<string, string> = {}): Promise<CaseIntakeUnderTest> {
  const given = process.env['BENCH_CASE_INTAKE_URL'];
  if (given) {
    return {
      url: given,
      issuerDir: process.env['AUTH_DEV_ISSUER_DIR'] ?? join(ROOT, '.local-data/dev-issuer'),
      mongoUrl: process.env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27027/',
      mongoDb: process.env['BENCH_MONGO_DB'] ?? 'lesp_case_intake',
      own: false,
      stop: async () => {},
    };
  }
  const infra = infrastructure();
  const suffix = `${label}_${Date.now().toString(36)}`;
  const issuerDir = mkdtempSync(join(tmpdir(), 'lesp-bench-issuer-'));
  await DevIssuer.inFolder(issuerDir);
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  const mongoDb = `bench_${suffix}`;
  const logDir = join(ROOT, 'test-results/logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `bench-case-intake-${httpPort}.log`);
  const log = openSync(logFile, 'a');
  // BENCH_NODE_ARGS: extra node flags for the service, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env['BENCH_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], {
    cwd: join(ROOT, 'services/case-intake'),
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
  await waitUntilReady('case-intake', child, url, logFile, 90_000);
  return {
    url,
    issuerDir,
    mongoUrl: infra.MONGO_URL,
    mongoDb,
    own: true,
    ...(child.pid ? { pid: child.pid } : {}),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
