/**
 * Runs every benchmark in bench/ (each file's default export, one after the other) and writes
 * bench/results/results.json and bench/results/results.md. `pnpm bench [name…]` runs some.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchResult {
  readonly name: string;
  readonly description: string;
  readonly params: Record<string, string | number>;
  readonly metrics: readonly { name: string; value: number; unit: string }[];
  /** When and where it was measured (set by this runner). */
  readonly at?: string;
  readonly machine?: Record<string, string | number>;
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
    const result = await module.default();
    for (const m of result.metrics) console.log(`  ${m.name}: ${m.value} ${m.unit}`);
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
  const md = [
    '# Benchmark results',
    '',
    `${at} · Node ${machine.node} · ${machine.cpus} × ${machine.cpuModel} · ${machine.memoryGB} GB`,
    '',
    ...results.flatMap((r) => [
      `## ${r.name}`,
      '',
      r.description,
      '',
      ...(r.at ? [`measured ${r.at}`, ''] : []),
      Object.entries(r.params)
        .map(([k, v]) => `${k}: ${v}`)
        .join(' · '),
      '',
      '| metric | value |',
      '| --- | --- |',
      ...r.metrics.map((m) => `| ${m.name} | ${m.value} ${m.unit} |`),
      '',
    ]),
  ].join('\n');
  writeFileSync(join(here, 'results/results.md'), md);
  console.log(`bench: results in bench/results/results.{json,md}`);
  process.exit(0);
}
