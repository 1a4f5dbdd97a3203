/**
 * The start command's demo year: generates a small sample of one county-year in the act
 * import template (scripts/demo-year.ts) and imports it through case intake's import API,
 * as a county would import its old system's export. Run after scripts/seed-demo.ts (the rows
 * name its agencies and officers). Safe to run again: the same rows are "already imported".
 *
 *   node --import tsx scripts/import-demo-year.ts http://127.0.0.1:4101 .local-data/dev-issuer [--county 431103] [--scale 0.005]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DevIssuer } from '@lesp/auth';
import { writeDemoYearCsv } from './demo-year.js';
import { startImport, waitForImport } from './import-client.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    county: { type: 'string', default: '431103' },
    scale: { type: 'string', default: '0.005' },
    year: { type: 'string', default: '2023' },
    seed: { type: 'string', default: 'demo' },
  },
});
const base = positionals[0] ?? 'http://127.0.0.1:4101';
const issuer = await DevIssuer.inFolder(positionals[1] ?? '.local-data/dev-issuer');
const countyCode = values.county;
const token = await issuer.token({ subject: `demo-supervisor-${countyCode}`, role: 'county_supervisor', countyCode });

const dir = mkdtempSync(join(tmpdir(), 'lesp-demo-'));
try {
  const file = join(dir, `demo-acts-${countyCode}.csv`);
  const { rows } = await writeDemoYearCsv(file, { countyCode, year: Number(values.year), scale: Number(values.scale), seed: values.seed });
  const started = await startImport(base, countyCode, token, file);
  const job = await waitForImport(base, countyCode, token, started.jobId);
  const rejected =
    job.rejected > 0
      ? `, ${job.rejected} rejected (first: 第 ${job.rejectedRows[0]?.row} 行 ${job.rejectedRows[0]?.column} ${job.rejectedRows[0]?.code})`
      : '';
  console.log(
    `demo year ${values.year} of ${countyCode} (scale ${values.scale}, ${rows} rows): ${job.imported} acts imported, ${job.alreadyImported} already imported${rejected} — job ${job.jobId} ${job.status}`,
  );
  if (job.status !== 'completed') process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
