/**
 * The memory settings the deployment gives every service (deploy/k8s/base/common-config.yaml:
 * `NODE_OPTIONS`, V8's heap sizes inside the container's memory limit, and `MALLOC_ARENA_MAX`,
 * glibc's malloc arenas). Benchmarks start their services with the same settings, so the
 * resident memory they report is that of the service as it ships, not of a process whose heap
 * V8 lets grow as far as the machine allows. Read from the manifest, so the two cannot drift
 * apart; BENCH_NODE_OPTIONS and BENCH_MALLOC_ARENA_MAX override them (an empty value: V8's or
 * glibc's defaults).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const COMMON_CONFIG = 'deploy/k8s/base/common-config.yaml';

export function deploymentEnv(): { NODE_OPTIONS: string; MALLOC_ARENA_MAX?: string } {
  const options = setting('NODE_OPTIONS');
  const arenas = setting('MALLOC_ARENA_MAX');
  return { NODE_OPTIONS: options, ...(arenas ? { MALLOC_ARENA_MAX: arenas } : {}) };
}

function setting(name: 'NODE_OPTIONS' | 'MALLOC_ARENA_MAX'): string {
  const override = process.env[`BENCH_${name}`];
  if (override !== undefined) return override;
  const manifest = readFileSync(join(ROOT, COMMON_CONFIG), 'utf8');
  const value = new RegExp(`^\\s*${name}:\\s*(.+?)\\s*$`, 'm').exec(manifest)?.[1];
  if (!value) throw new Error(`${COMMON_CONFIG} sets no ${name}`);
  return value.replace(/^(['"])(.*)\1$/, '$2');
}

/**
 * Issue 9's memory target: each service under 300 MB resident, the container's limit
 * (`resources.limits.memory: 300Mi` of each Deployment under deploy/k8s/base).
 */
export const MEMORY_LIMIT_MB = 300;

/** A service's peak resident memory as a benchmark row, against MEMORY_LIMIT_MB. */
export function residentMemoryMetric(service: string, peakMB: number | undefined) {
  const mb = peakMB ?? NaN;
  return { name: `${service} resident memory (peak)`, value: mb, unit: 'MB', target: `< ${MEMORY_LIMIT_MB} MB`, met: mb < MEMORY_LIMIT_MB };
}
