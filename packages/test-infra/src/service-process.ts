import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { inject } from 'vitest';
import { REPO_ROOT } from './infrastructure.js';

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

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
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

class PortTakenError extends Error {}

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

/**
 * Polls the process's `/readyz` until it answers 200. Fails when the process exits first
 * (EADDRINUSE in its log: a PortTakenError, worth a start on other ports) or is not ready in
 * time (then killed); either way the end of its own log goes into the failure, which is all CI shows.
 */
export async function waitUntilReady(
  name: string,
  child: ChildProcess,
  httpUrl: string,
  logFile: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'not started';
  for (;;) {
    if (child.exitCode !== null) {
      const tail = await logTail(logFile);
      const message = `${name} exited with ${child.exitCode} before it was ready; see ${logFile}\n${tail}`;
      throw /EADDRINUSE/.test(tail) ? new PortTakenError(message) : new Error(message);
    }
    try {
      const response = await fetch(`${httpUrl}/readyz`);
      if (response.status === 200) return;
      lastProblem = await response.text();
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} not ready within ${timeoutMs} ms (${lastProblem}); see ${logFile}\n${await logTail(logFile)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The last lines of a service log, for failure messages (the stream may still be flushing; a short wait helps). */
async function logTail(logFile: string, lines = 40): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, 100));
  const text = await readFile(logFile, 'utf8').catch(() => '');
  return text.split('\n').slice(-lines).join('\n');
}
