/**
 * A Kafka broker and a database of this test file's own, on free ports with their own data
 * directory, started by deploy/local/infra.sh (the cached Kafka jars and FerretDB binary are
 * reused): restarting them disturbs no other test file running against the shared ones.
 * Only the processes named in this directory's pid files are ever signalled.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, freePort } from '@lesp/test-infra';

const run = promisify(execFile);
const INFRA_SCRIPT = join(REPO_ROOT, 'deploy/local/infra.sh');

export interface PrivateInfra {
  readonly kafkaBrokers: string;
  readonly mongoUrl: string;
  readonly dataDir: string;
  /** Stops the broker (SIGTERM, as a restart does; SIGKILL after 20 s), waits `downMs`, starts it again on the same port and data. */
  restartKafka(downMs?: number, whileDown?: () => Promise<void>): Promise<Restart>;
  /** Kills the database server (SIGKILL: a crash, SQLite recovers its log), waits `downMs`, starts it again on the same port and data. */
  restartDatabase(downMs?: number): Promise<Restart>;
  stop(): Promise<void>;
}

/** How long each part of a restart took: a slow one under load shows where. */
export interface Restart {
  readonly stoppedSeconds: number;
  readonly startedSeconds: number;
  readonly seconds: number;
}

export async function startPrivateInfra(label: string): Promise<PrivateInfra> {
  const dataDir = mkdtempSync(join(tmpdir(), `lesp-${label}-`));
  const [kafkaPort, controllerPort, mongoPort] = [await freePort(), await freePort(), await freePort()];
  const env = {
    ...process.env,
    LESP_DATA_DIR: dataDir,
    KAFKA_PORT: String(kafkaPort),
    KAFKA_CONTROLLER_PORT: String(controllerPort),
    MONGO_PORT: String(mongoPort),
    // A second broker on a 2-core machine next to the shared one: a smaller heap is plenty.
    KAFKA_JVM_OPTS: '-Xms128m',
  };
  const up = async () => {
    try {
      await run('bash', [INFRA_SCRIPT, 'up'], { env, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      const { stderr } = error as { stderr?: string };
      throw new Error(`deploy/local/infra.sh up (private, ${dataDir}) failed:\n${stderr ?? ''}`, { cause: error });
    }
  };
  await up();

  const restart = async (pidFile: string, downMs: number, signal: NodeJS.Signals, whileDown?: () => Promise<void>): Promise<Restart> => {
    const started = Date.now();
    await stopPid(join(dataDir, 'run', pidFile), signal);
    const stopped = Date.now();
    await Promise.all([new Promise((resolve) => setTimeout(resolve, downMs)), whileDown?.()]);
    const starting = Date.now();
    await up();
    const seconds = (at: number, from: number) => Math.round((at - from) / 100) / 10;
    return {
      stoppedSeconds: seconds(stopped, started),
      startedSeconds: seconds(Date.now(), starting),
      seconds: seconds(Date.now(), started),
    };
  };
  return {
    kafkaBrokers: `127.0.0.1:${kafkaPort}`,
    mongoUrl: `mongodb://127.0.0.1:${mongoPort}/`,
    dataDir,
    restartKafka: (downMs = 2000, whileDown?: () => Promise<void>) => restart('kafka.pid', downMs, 'SIGTERM', whileDown),
    restartDatabase: (downMs = 2000) => restart('mongo.pid', downMs, 'SIGKILL'),
    stop: async () => {
      await stopPid(join(dataDir, 'run', 'kafka.pid'));
      await stopPid(join(dataDir, 'run', 'mongo.pid'));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signals the process named in a pid file (SIGKILL after 20 s); resolves once it is gone. */
async function stopPid(pidFile: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, 'utf8').trim());
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 1 || !alive(pid)) return;
  process.kill(pid, signal);
  const deadline = Date.now() + 20_000;
  while (alive(pid)) {
    if (Date.now() > deadline) process.kill(pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
