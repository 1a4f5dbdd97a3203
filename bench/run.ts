/**
 * Runs every benchmark in bench/ (each file's default export, one after the other) and writes
 * bench/results/results.json and bench/results/results.md. `pnpm bench [name…]` runs some.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchMetric {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The raw figure measured beside it in the same run (e.g. the driver without our layer). */
  readonly baseline?: { readonly value: number; readonly unit: string };
  /** value / baseline. */
  readonly ratio?: number;
  /** The issue's target, in words (e.g. "≥ 70 % of raw"), and whether this run met it. */
  readonly target?: string;
  readonly met?: boolean;
}

export interface BenchTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

export interface BenchResult {
  readonly name: string;
  readonly description: string;
  readonly params: Record<string, string | number>;
  readonly metrics: readonly BenchMetric[];
  /** A table of its own (e.g. throughput per replica count), shown under the metrics. */
  readonly table?: BenchTable;
  /** Further tables, each under its title. */
  readonly tables?: readonly (BenchTable & { readonly title: string })[];
  readonly notes?: readonly string[];
  /** When and where it was measured, and the machine's 1-minute load average before and after (set by this runner). */
  readonly at?: string;
  readonly machine?: Record<string, string | number>;
  readonly load?: { readonly before: number; readonly after: number };
}

const load1 = () => Number(loadavg()[0]!.toFixed(2));

function markdownTable(table: BenchTable): string[] {
  return [
    `| ${table.columns.join(' | ')} |`,
    `| ${table.columns.map(() => '---').join(' | ')} |`,
    ...table.rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

function metricTable(metrics: readonly BenchMetric[]): string[] {
  const compared = metrics.some((m) => m.baseline !== undefined || m.target !== undefined);
  if (!compared) return ['| metric | value |', '| --- | --- |', ...metrics.map((m) => `| ${m.name} | ${m.value} ${m.unit} |`)];
  return [
    '| metric | value | raw baseline | ratio | target | met |',
    '| --- | --- | --- | --- | --- | --- |',
    ...metrics.map(
      (m) =>
        `| ${m.name} | ${m.value} ${m.unit} | ${m.baseline ? `${m.baseline.value} ${m.baseline.unit}` : ''} | ${m.ratio ?? ''} | ${m.target ?? ''} | ${m.met === undefined ? '' : m.met ? 'yes' : '**no**'} |`,
    ),
  ];
}

const here = dirname(fileURLToPath(import.meta.url));

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const wanted = process.argv.slice(2);
  const files = readdirSync(here).filter(
    (f) => f.endsWith('.ts') && f !== 'run.ts' && (wanted.length === 0 || wanted.includes(f.replace(/\.ts$/, ''))),
  );
  const results: BenchResult[] = [];
  for (const file of files.sort()) {
    console.log(`bench: ${file} …`);
    const module = (await import(pathToFileURL(join(here, file)).href)) as { default: () => Promise<BenchResult> };
    const before = load1();
    const result = { ...(await module.default()), load: { before, after: load1() } };
    for (const m of result.metrics) console.log(`  ${m.name}: ${m.value} ${m.unit}${m.ratio === undefined ? '' : ` (${m.ratio} of raw)`}`);
    results.push(result);
  }
  const machine = {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? '',
    memoryGB: Math.round(totalmem() / 1024 ** 3),
  };
  const at = new Date().toISOString();
  mkdirSync(join(here, 'results'), { recursive: true });
  // Benchmarks not run this time keep their last figures (each result says when it was measured).
  const file = join(here, 'results/results.json');
  const earlier = existsSync(file) ? ((JSON.parse(readFileSync(file, 'utf8')) as { results?: BenchResult[] }).results ?? []) : [];
  for (const result of results) Object.assign(result, { at, machine });
  results.unshift(...earlier.filter((e) => !results.some((r) => r.name === e.name)));
  results.sort((a, b) => a.name.localeCompare(b.name));
  writeFileSync(file, `${JSON.stringify({ at, machine, results }, null, 2)}\n`);
  const targeted = results.flatMap((r) => r.metrics.filter((m) => m.target !== undefined).map((m) => ({ r, m })));
  const md = [
    '# Benchmark results',
    '',
    `${at} · Node ${machine.node} · ${machine.cpus} × ${machine.cpuModel} · ${machine.memoryGB} GB`,
    '',
    ...(targeted.length > 0
      ? [
          '## Targets (issue 9)',
          '',
          '| benchmark | metric | value | ratio to raw | target | met | load before → after |',
          '| --- | --- | --- | --- | --- | --- | --- |',
          ...targeted.map(
            ({ r, m }) =>
              `| ${r.name} | ${m.name} | ${m.value} ${m.unit} | ${m.ratio ?? ''} | ${m.target} | ${m.met ? 'yes' : '**no**'} | ${r.load ? `${r.load.before} → ${r.load.after}` : ''} |`,
          ),
          '',
        ]
      : []),
    ...results.flatMap((r) => [
      `## ${r.name}`,
      '',
      r.description,
      '',
      ...(r.at ? [`measured ${r.at}${r.load ? ` · load average (1 min) ${r.load.before} before, ${r.load.after} after` : ''}`, ''] : []),
      Object.entries(r.params)
        .map(([k, v]) => `${k}: ${v}`)
        .join(' · '),
      '',
      ...metricTable(r.metrics),
      '',
      ...(r.table ? [...markdownTable(r.table), ''] : []),
      ...(r.tables ?? []).flatMap((t) => [t.title, '', ...markdownTable(t), '']),
      ...(r.notes ?? []).flatMap((note) => [note, '']),
    ]),
  ].join('\n');
  writeFileSync(join(here, 'results/results.md'), md);
  console.log(`bench: results in bench/results/results.{json,md}`);
  process.exit(0);
}
