/**
 * Fails when a service log holds personal data: resident identity numbers, mainland mobile
 * numbers, and the fake values tests plant in requests (tests/e2e/planted-personal-data.json).
 * Prints where (file:line: kind) with the value masked, never the value itself.
 *
 *   node --import tsx scripts/scan-logs-for-personal-data.ts test-results/logs [--planted file.json]
 *
 * Exit code: 0 nothing found, 1 personal data found, 2 usage error.
 */
import { createReadStream, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findPersonalData, maskPersonalData, type PlantedValue } from '../packages/test-infra/src/personal-data-patterns.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { planted: { type: 'string', default: join(ROOT, 'tests/e2e/planted-personal-data.json') } },
});
const [dir] = positionals;
if (!dir || positionals.length > 1) {
  console.error('usage: scan-logs-for-personal-data.ts <log directory> [--planted planted-personal-data.json]');
  process.exit(2);
}

function plantedValues(file: string): PlantedValue[] {
  if (!existsSync(file)) {
    console.error(`planted values file not found: ${file}`);
    process.exit(2);
  }
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { values?: PlantedValue[] };
  if (!Array.isArray(parsed.values) || !parsed.values.every((v) => typeof v.value === 'string' && typeof v.label === 'string')) {
    console.error(`${file}: expected {"values": [{"label": "...", "value": "..."}]}`);
    process.exit(2);
  }
  return parsed.values;
}

function logFilesUnder(directory: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...logFilesUnder(path));
    else if (entry.isFile() && entry.name.endsWith('.log')) files.push(path);
  }
  return files.sort();
}

const planted = plantedValues(resolve(values.planted));
const logDir = resolve(dir);
if (!existsSync(logDir) || !statSync(logDir).isDirectory()) {
  // Nothing ran that writes service logs (e.g. unit tests only): nothing to leak.
  console.log(`personal-data scan: no log directory ${dir}; 0 files scanned`);
  process.exit(0);
}

const now = new Date();
let lines = 0;
let findings = 0;
const files = logFilesUnder(logDir);
for (const file of files) {
  const reader = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of reader) {
    lineNumber++;
    for (const finding of findPersonalData(line, { planted, now })) {
      findings++;
      const what = finding.kind === 'planted' ? `planted ${finding.label ?? ''}`.trim() : finding.kind;
      console.log(`${relative(process.cwd(), file)}:${lineNumber}: ${what} (${maskPersonalData(finding.value)})`);
    }
  }
  lines += lineNumber;
}
console.log(
  `personal-data scan: ${files.length} log files, ${lines} lines scanned under ${dir}: ${findings === 0 ? 'no personal data found' : `${findings} findings`}`,
);
process.exit(findings === 0 ? 0 : 1);
