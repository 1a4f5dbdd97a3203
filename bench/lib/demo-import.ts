/**
 * What the import benchmarks share: a case-intake service seeded with the demo roster, a county
 * supervisor's token for its import API, and a generated demo year (scripts/demo-year.ts) of a
 * given number of acts.
 */
import { execFileSync } from 'node:child_process';
import { DevIssuer } from '@lesp/auth';
import { demoYearCounts, writeDemoYearCsv } from '../../scripts/demo-year.js';
import { ROOT } from './stack.js';

/** Acts in a full demo year (scale 1.0, about 373,500). */
export const FULL_YEAR_ACTS = Object.values(demoYearCounts(1)).reduce((sum, n) => sum + n, 0);

/** 冷水滩区's 2023 acts are about 370,000: a run this large is the county-year issue 9's targets speak of. */
export const COUNTY_YEAR_ACTS = 370_000;

/** Registers the demo roster (agencies and officers the generated rows name) through case intake's HTTP API. */
export function seedDemoRoster(caseIntakeUrl: string, issuerDir: string): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/seed-demo.ts', caseIntakeUrl, issuerDir], {
    cwd: ROOT,
    stdio: 'ignore',
  });
}

/** A county supervisor's token (imports are theirs), long enough for a county-year. */
export async function importToken(issuerDir: string, countyCode: string): Promise<string> {
  const issuer = await DevIssuer.inFolder(issuerDir);
  return issuer.token({ subject: 'bench', role: 'county_supervisor', countyCode, ttlSeconds: 6 * 3600 });
}

/** Writes a demo year of about `acts` acts (its proportions kept) as an import CSV; returns the rows written. */
export function writeDemoYear(
  file: string,
  { acts, countyCode, tag }: { acts: number; countyCode: string; tag?: string },
): Promise<{ rows: number; byCategory: Record<string, number> }> {
  return writeDemoYearCsv(file, { countyCode, year: 2023, scale: acts / FULL_YEAR_ACTS, seed: 'bench', ...(tag ? { tag } : {}) });
}
