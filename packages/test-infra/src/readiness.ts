import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';

/*
 * Starting a service process and waiting for it, without vitest: the tests' service helpers and
 * the benchmarks (plain node scripts, `@lesp/test-infra/readiness`) share this one wait.
 */

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

/** A start that lost its port to another process between freePort() and listen(): worth a retry on other ports. */
export class PortTakenError extends Error {}

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
