import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { inject } from 'vitest';
import { REPO_ROOT } from './infrastructure.js';
import { freePort, PortTakenError, waitUntilReady } from './readiness.js';

// Also for the benchmarks, which run outside vitest: readiness.ts imports nothing of it.
export { freePort, waitUntilReady } from './readiness.js';

export type ServiceName = 'case-intake' | 'supervision' | 'cross-region' | 'public-disclosure';

export interface ServiceProcess {
  readonly name: ServiceName;
  readonly httpUrl: string;
  readonly grpcAddress: string;
  readonly logFile: string;
  readonly child: ChildProcess;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<number | null>;
  /** SIGKILL: no goodbye. */
  kill(): Promise<void>;
}

/**
 * Starts a service as its own OS process (node --import tsx src/main.ts), as the start command does, and
 * waits until its /readyz answers 200. Logs go to test-results/logs/<name>-<port>.log.
 */
export async function startServiceProcess(
  name: ServiceName,
  env: Record<string, string>,
  options: { readyTimeoutMs?: number } = {},
): Promise<ServiceProcess> {
  // A free port is free when we ask; another process (a parallel test file, another test run)
  // can take it before the service binds it. That, and only that, is worth a second start.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(name, env, options);
    } catch (error) {
      if (attempt >= 3 || !(error instanceof PortTakenError)) throw error;
    }
  }
}

async function startOnce(name: ServiceName, env: Record<string, string>, { readyTimeoutMs = 60_000 } = {}): Promise<ServiceProcess> {
  const httpPort = await freePort();
  const grpcPort = await freePort();
  const logDir = `${REPO_ROOT}test-results/logs`;
  mkdirSync(logDir, { recursive: true });
  const logFile = `${logDir}/${name}-${httpPort}.log`;
  // The service writes its log straight into the file: through pipes read by this test process,
  // a busy test (a synchronous step, a loaded machine) would stall the service on a full pipe.
  const log = openSync(logFile, 'a');
  // `node --import tsx` keeps the service in this one process, so signals reach it directly.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: `${REPO_ROOT}services/${name}`,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      HTTP_PORT: String(httpPort),
      GRPC_PORT: String(grpcPort),
      LOG_LEVEL: 'info',
      AUTH_DEV_ISSUER_DIR: inject('devIssuerDir'),
      ...env,
    },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const httpUrl = `http://127.0.0.1:${httpPort}`;

  await waitUntilReady(name, child, httpUrl, logFile, readyTimeoutMs);

  return {
    name,
    httpUrl,
    grpcAddress: `127.0.0.1:${grpcPort}`,
    logFile,
    child,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
