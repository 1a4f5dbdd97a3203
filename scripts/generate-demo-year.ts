/**
 * Writes one county-year of enforcement acts as a CSV in the act import template, with the
 * proportions of the 冷水滩区 2023 report (scale 1.0 ≈ 373,500 acts), deterministic for a seed.
 *
 *   node --import tsx scripts/generate-demo-year.ts [--county 431103] [--year 2023] [--scale 0.005] [--seed demo] [--out file.csv]
 *
 * The agencies and officers are the demo roster scripts/seed-demo.ts registers.
 */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { writeDemoYearCsv } from './demo-year.js';

const { values } = parseArgs({
  options: {
    county: { type: 'string', default: '431103' },
    year: { type: 'string', default: '2023' },
    scale: { type: 'string', default: '1' },
    seed: { type: 'string', default: 'demo' },
    out: { type: 'string' },
  },
});
const scale = Number(values.scale);
const year = Number(values.year);
if (!(scale > 0) || !Number.isInteger(year)) {
  console.error('usage: generate-demo-year.ts [--county 431103] [--year 2023] [--scale 1.0] [--seed demo] [--out file.csv]');
  process.exit(2);
}
const out = values.out ?? `demo-acts-${values.county}-${year}-${values.scale}.csv`;
const started = Date.now();
const { rows, byCategory } = await writeDemoYearCsv(out, { countyCode: values.county, year, scale, seed: values.seed });
const mb = (statSync(out).size / 1024 / 1024).toFixed(1);
console.log(
  `${out}: ${rows} acts (${Object.entries(byCategory)
    .map(([c, n]) => `${c} ${n}`)
    .join('，')}), ${mb} MB in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
