import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { REPO_ROOT } from './infrastructure.js';
import { MongoClient } from 'mongodb';
import { integrationEnv, uniqueSuffix } from './helpers.js';
import { freePort, waitUntilReady } from './service-process.js';

/**
 * The web console (services/web-console) for tests: its React app built by Vite into a folder of
 * the test's own (parallel test files never share one), and the BFF started as its own process,
 * pointed at the gRPC addresses of services the test started.
 */
export interface WebConsoleProcess {
  readonly httpUrl: string;
  readonly logFile: string;
  readonly child: ChildProcess;
  /** The console's own database (sessions, report jobs, audit log). */
  readonly mongoDb: string;
  /** SIGTERM and wait; the console's database is dropped unless `keepDatabase` (a restart keeps it). */
  stop(options?: { keepDatabase?: boolean }): Promise<number | null>;
}

const CONSOLE_DIR = `${REPO_ROOT}services/web-console`;

/** A digest of what the app's build reads: its sources, the Vite config and the package manifest. */
function sourceDigest(): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else hash.update(path.slice(CONSOLE_DIR.length)).update(readFileSync(path));
    }
  };
  walk(`${CONSOLE_DIR}/web`);
  for (const file of ['vite.config.ts', 'package.json']) hash.update(file).update(readFileSync(`${CONSOLE_DIR}/${file}`));
  return hash.digest('hex').slice(0, 16);
}

/**
 * The app built by Vite into `outDir` (absolute). One build per version of the sources serves
 * every test file of a run (test-results/web-console-build-<digest>, made under a temporary name
 * and renamed, so parallel files never see half a build); each file gets its own copy.
 */
export async function buildWebConsoleApp(outDir: string): Promise<void> {
  const built = `${REPO_ROOT}test-results/web-console-build-${sourceDigest()}`;
  if (!existsSync(`${built}/index.html`)) {
    const temporary = `${built}.${process.pid}.${Date.now()}`;
    // Asynchronous: a build takes tens of seconds on a loaded machine, and this test process
    // must keep serving its timers and the services it started meanwhile.
    const result = await run(
      process.execPath,
      [`${CONSOLE_DIR}/node_modules/vite/bin/vite.js`, 'build', '--outDir', temporary, '--emptyOutDir', '--logLevel', 'warn'],
      CONSOLE_DIR,
      300_000,
    );
    if (result.status !== 0 || !existsSync(`${temporary}/index.html`)) {
      throw new Error(`the web console's build failed (status ${result.status}):\n${result.output}`);
    }
    try {
      renameSync(temporary, built);
    } catch {
      // Another test file finished the same build first: use theirs.
      rmSync(temporary, { recursive: true, force: true });
    }
  }
  cpSync(built, outDir, { recursive: true });
}

/** A command's exit status and output, without blocking this process while it runs. */
function run(command: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', (error) => resolve({ status: null, output: `${output}\n${error.message}` }));
    child.once('close', (status) => resolve({ status, output }));
  });
}

export async function startWebConsole(
  grpc: { caseIntake: string; supervision: string; crossRegion?: string; publicDisclosure?: string },
  options: { staticDir: string; env?: Record<string, string>; readyTimeoutMs?: number; mongoDb?: string },
): Promise<WebConsoleProcess> {
  const mongoDb = options.mongoDb ?? `e2e_console_${uniqueSuffix()}`;
  const port = await freePort();
  const logDir = `${REPO_ROOT}test-results/logs`;
  mkdirSync(logDir, { recursive: true });
  const logFile = `${logDir}/web-console-${port}.log`;
  // Straight into the file, not through pipes this test process must keep reading (see service-process).
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: CONSOLE_DIR,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      LOG_LEVEL: 'info',
      AUTH_DEV_ISSUER_DIR: inject('devIssuerDir'),
      CASE_INTAKE_GRPC: grpc.caseIntake,
      SUPERVISION_GRPC: grpc.supervision,
      CROSS_REGION_GRPC: grpc.crossRegion ?? '127.0.0.1:9',
      PUBLIC_DISCLOSURE_GRPC: grpc.publicDisclosure ?? '127.0.0.1:9',
      MONGO_URL: integrationEnv().mongoUrl,
      MONGO_DB: mongoDb,
      CONSOLE_STATIC_DIR: options.staticDir,
      ...options.env,
    },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const httpUrl = `http://127.0.0.1:${port}`;
  await waitUntilReady('web-console', child, httpUrl, logFile, options.readyTimeoutMs ?? 60_000);
  return {
    httpUrl,
    logFile,
    child,
    mongoDb,
    stop: async ({ keepDatabase = false } = {}) => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      if (!keepDatabase) await dropDatabase(mongoDb);
      return code;
    },
  };
}

/** Signs a user in with the development form and answers the session cookie (`lesp_console=…`). */
export async function consoleSession(
  httpUrl: string,
  user: { role: string; name: string; countyCode?: string; agencyId?: string; regionCode?: string; agreementCounties?: string[] },
): Promise<string> {
  const response = await fetch(`${httpUrl}/api/session/dev`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(user),
  });
  if (response.status !== 200) throw new Error(`console sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers.get('set-cookie') ?? '';
  return cookie.split(';')[0]!;
}

async function dropDatabase(name: string): Promise<void> {
  const client = new MongoClient(integrationEnv().mongoUrl);
  try {
    await client.connect();
    await client.db(name).dropDatabase();
  } finally {
    await client.close();
  }
}
