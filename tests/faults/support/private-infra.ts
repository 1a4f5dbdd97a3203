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
  /** Stops the broker (SIGTERM, as a restart does), waits `downMs`, starts it again on the same port and data. */
  restartKafka(downMs?: number): Promise<{ readonly seconds: number }>;
  /** The same for the database server. */
  restartDatabase(downMs?: number): Promise<{ readonly seconds: number }>;
  stop(): Promise<void>;
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

  const restart = async (pidFile: string, downMs: number) => {
    const started = Date.now();
    await stopPid(join(dataDir, 'run', pidFile));
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await up();
    return { seconds: (Date.now() - started) / 1000 };
  };
  return {
    kafkaBrokers: `127.0.0.1:${kafkaPort}`,
    mongoUrl: `mongodb://127.0.0.1:${mongoPort}/`,
    dataDir,
    restartKafka: (downMs = 2000) => restart('kafka.pid', downMs),
    restartDatabase: (downMs = 2000) => restart('mongo.pid', downMs),
    stop: async () => {
      await stopPid(join(dataDir, 'run', 'kafka.pid'));
      await stopPid(join(dataDir, 'run', 'mongo.pid'));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** SIGTERM the process named in a pid file, SIGKILL after 30 s; resolves once it is gone. */
async function stopPid(pidFile: string): Promise<void> {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, 'utf8').trim());
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 1 || !alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
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
