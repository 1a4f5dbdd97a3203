/**
 * What each fault scenario counted: one line on the console and test-results/faults.json
 * (one file per scenario under test-results/faults/, merged, so the two fault files running
 * in parallel never overwrite each other's results).
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@lesp/test-infra';
import type { ExactlyOnceReport } from './exactly-once.js';

export interface ScenarioRecord {
  readonly scenario: string;
  readonly faults: readonly string[];
  readonly report: ExactlyOnceReport;
  /** Anything else the scenario counted (messages on a topic, dead letters, seconds). */
  readonly extra?: Record<string, number | string>;
}

const DIR = join(REPO_ROOT, 'test-results/faults');

export function summaryLine(record: ScenarioRecord): string {
  const { report } = record;
  const models = report.readModels.map((r) => `${r.service} ${r.readModel.split(' ')[0]} ${r.projected}/${r.expected}`).join(', ');
  const extra = Object.entries(record.extra ?? {})
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return (
    `[faults] ${record.scenario}: accepted ${report.accepted.commands} commands (${report.accepted.events} events, ` +
    `${report.accepted.answeredFromAnEarlierAttempt} answered from an earlier attempt), stored ${report.eventStore.stored}, ` +
    `projected ${models}; duplicates ${report.duplicates}, lost ${report.lost}${extra ? `; ${extra}` : ''}`
  );
}

export function recordScenario(record: ScenarioRecord): void {
  console.log(summaryLine(record));
  mkdirSync(DIR, { recursive: true });
  writeFileSync(join(DIR, `${record.scenario}.json`), `${JSON.stringify({ at: new Date().toISOString(), ...record }, null, 2)}\n`);
  const all = readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as ScenarioRecord & { at: string });
  writeFileSync(join(REPO_ROOT, 'test-results/faults.json'), `${JSON.stringify({ scenarios: all }, null, 2)}\n`);
}
