/**
 * Several services of one benchmark, each an OS process of its own (node --import tsx
 * src/main.ts, as the start command runs them) on free ports, against the local
 * infrastructure (KAFKA_BROKERS + MONGO_URL from the environment, else deploy/local/infra.sh up),
 * with one development issuer and one topic prefix; each service its own fresh database.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevIssuer } from '@lesp/auth';
import { freePort, waitUntilReady } from '@lesp/test-infra/readiness';
import { deploymentEnv } from './deployment-env.js';
import { ROOT } from './stack.js';

export type BenchService = 'case-intake' | 'supervision' | 'cross-region' | 'public-disclosure';

export interface BenchProcess {
  readonly name: BenchService;
  readonly url: string;
  readonly pid: number;
  readonly database: string;
  stop(): Promise<void>;
}

export function localInfrastructure(): { kafkaBrokers: string; mongoUrl: string } {
  const { KAFKA_BROKERS, MONGO_URL } = process.env;
  if (KAFKA_BROKERS && MONGO_URL) return { kafkaBrokers: KAFKA_BROKERS, mongoUrl: MONGO_URL };
  const printed = execFileSync('bash', [join(ROOT, 'deploy/local/infra.sh'), 'up'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const value = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(printed)?.[1]?.trim();
  const kafkaBrokers = value('KAFKA_BROKERS');
  const mongoUrl = value('MONGO_URL');
  if (!kafkaBrokers || !mongoUrl) throw new Error('deploy/local/infra.sh up printed no KAFKA_BROKERS / MONGO_URL');
  return { kafkaBrokers, mongoUrl };
}

export class BenchStack {
  readonly issuerDir = mkdtempSync(join(tmpdir(), 'lesp-bench-issuer-'));
  readonly infra = localInfrastructure();
  readonly processes: BenchProcess[] = [];

  constructor(
    readonly label: string,
    private readonly common: Record<string, string> = {},
  ) {}

  get prefix(): string {
    return `bench-${this.label}`;
  }

  database(name: BenchService): string {
    return `${this.prefix.replace(/-/g, '_')}_${name.replace(/-/g, '_')}`;
  }

  async issuer(): Promise<DevIssuer> {
    return DevIssuer.inFolder(this.issuerDir);
  }

  /** Starts one process of a service (a second call for the same service is another replica on its database). */
  async start(name: BenchService, env: Record<string, string> = {}): Promise<BenchProcess> {
    await DevIssuer.inFolder(this.issuerDir);
    const [httpPort, grpcPort] = [await freePort(), await freePort()];
    const logDir = join(ROOT, 'test-results/logs');
    mkdirSync(logDir, { recursive: true });
    const logFile = join(logDir, `bench-${name}-${httpPort}.log`);
    const log = openSync(logFile, 'a');
    const database = this.database(name);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: join(ROOT, 'services', name),
      env: {
        ...process.env,
        KAFKA_BROKERS: this.infra.kafkaBrokers,
        MONGO_URL: this.infra.mongoUrl,
        HOST: '127.0.0.1',
        HTTP_PORT: String(httpPort),
        GRPC_PORT: String(grpcPort),
        MONGO_DB: database,
        ...deploymentEnv(),
        TOPIC_PREFIX: this.prefix,
        LOG_LEVEL: 'warn',
        AUTH_DEV_ISSUER_DIR: this.issuerDir,
        ...this.common,
        ...env,
      },
      stdio: ['ignore', log, log],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const url = `http://127.0.0.1:${httpPort}`;
    await waitUntilReady(name, child, url, logFile, 120_000);
    const started: BenchProcess = {
      name,
      url,
      pid: child.pid!,
      database,
      stop: async () => {
        if (child.exitCode === null) child.kill('SIGTERM');
        await exited;
      },
    };
    this.processes.push(started);
    return started;
  }

  /** Stops every process; the databases are left for the benchmark to drop. */
  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop()));
    this.processes.length = 0;
  }
}

/** Resident memory of a process now, in MB (VmRSS of /proc/<pid>/status); undefined once it is gone. */
export function residentMB(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Math.round(Number(kb) / 1024);
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a process has used so far, in seconds; undefined once it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** The highest resident memory of each process, sampled every `intervalMs` until stopped. */
export function peakResidentMemory(processes: readonly BenchProcess[], intervalMs = 250): { stop(): Map<BenchProcess, number> } {
  const peaks = new Map<BenchProcess, number>();
  const sample = () => {
    for (const p of processes) {
      const mb = residentMB(p.pid);
      if (mb !== undefined) peaks.set(p, Math.max(peaks.get(p) ?? 0, mb));
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peaks;
    },
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
