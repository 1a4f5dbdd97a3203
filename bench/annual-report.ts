/**
 * Time to compute a county's annual statistics report (统计年报, seed-002 layout) from the
 * events of a full demo year: the demo year (scripts/demo-year.ts, 冷水滩区 2023 proportions)
 * turned into act events by case intake's own import path, folded into per-act summaries as
 * the supervision projection does, then the county report computed and rendered to XLSX.
 * In memory: it measures the computation, not the database (see import-acts for that).
 *
 *   node --import tsx bench/run.ts annual-report     (BENCH_REPORT_SCALE=1 is the full year)
 */
import { pathToFileURL } from 'node:url';
import { demoYearRows } from '../scripts/demo-year.js';
import { parseActRow } from '../services/case-intake/src/application/import/act-row.js';
import { actRowHistory } from '../services/case-intake/src/application/import/act-row-history.js';
import { foldActEvents, type ActEventEnvelope } from '../services/supervision/src/domain/statistics/act-facts.js';
import { computeStatistics } from '../services/supervision/src/domain/statistics/compute-report.js';
import { renderStatisticsXlsx } from '../services/supervision/src/reports/statistics-xlsx.js';
import type { BenchResult } from './run.js';

const COUNTY = '431103';

export default async function annualReport(): Promise<BenchResult> {
  const scale = Number(process.env['BENCH_REPORT_SCALE'] ?? 1);
  let started = performance.now();
  const envelopes: ActEventEnvelope[] = [];
  let acts = 0;
  for (const row of demoYearRows({ countyCode: COUNTY, year: 2023, scale, seed: 'bench-annual-report' })) {
    const parsed = parseActRow(COUNTY, row);
    if (!parsed.ok) continue;
    const history = actRowHistory(parsed.act);
    if (!history.ok) continue;
    acts++;
    const first = history.events[0]!.event;
    const actId = first.type === 'ApplicationReceived' || first.type === 'CaseFiled' ? first.data.opening!.actId : '';
    history.events.forEach(({ event, occurredAt }, i) =>
      envelopes.push({ countyCode: COUNTY, actId, version: i + 1, occurredAt, recordedAt: occurredAt, event }),
    );
  }
  const generateS = (performance.now() - started) / 1000;

  started = performance.now();
  const summaries = [...foldActEvents(envelopes).values()];
  const foldS = (performance.now() - started) / 1000;

  started = performance.now();
  const report = computeStatistics(summaries, {
    scope: { level: 'county', countyCode: COUNTY, name: '冷水滩区' },
    period: { kind: 'year', year: 2023 },
    asOf: new Date('2024-01-31T16:00:00Z'),
  });
  const computeS = (performance.now() - started) / 1000;

  started = performance.now();
  const xlsx = await renderStatisticsXlsx(report);
  const renderS = (performance.now() - started) / 1000;

  const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
  return {
    name: 'annual-report',
    description:
      "A county's annual report (seed-002 layout) from the act events of a demo year: events folded into per-act summaries as the supervision projection does, the report computed as of 2024-01-31, rendered to XLSX. In memory.",
    params: { scale, acts, events: envelopes.length, countyCode: COUNTY },
    metrics: [
      { name: 'events folded per second', value: Math.round(envelopes.length / foldS), unit: 'events/s' },
      { name: 'fold all events into act summaries', value: round(foldS), unit: 's' },
      { name: 'compute the annual report from the summaries', value: round(computeS, 3), unit: 's' },
      { name: 'render the report to XLSX', value: round(renderS, 3), unit: 's' },
      { name: 'events to report (fold + compute)', value: round(foldS + computeS), unit: 's' },
      { name: 'generate the demo year as events (not part of the report)', value: round(generateS), unit: 's' },
      { name: 'XLSX size', value: Math.round(xlsx.byteLength / 1024), unit: 'KB' },
    ],
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await annualReport();
  for (const m of result.metrics) console.log(`${m.name}: ${m.value} ${m.unit}`);
}
