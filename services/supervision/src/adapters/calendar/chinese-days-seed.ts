import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The seed of the working-day calendar: the npm package chinese-days (maintained from the
 * State Council's yearly notices), one JSON file per year with `holidays` (days off) and
 * `workdays` (调休上班). Read once at start-up; afterwards the calendar is data in MongoDB and
 * amended through ReplaceWorkingCalendar without a release.
 */
export interface SeedYear {
  readonly year: number;
  readonly holidays: readonly string[];
  readonly workdays: readonly string[];
}

const require = createRequire(import.meta.url);

export function chineseDaysVersion(): string {
  const pkg = JSON.parse(readFileSync(require.resolve('chinese-days/package.json'), 'utf8')) as { version: string };
  return `chinese-days@${pkg.version}`;
}

export function chineseDaysYears(): readonly SeedYear[] {
  const dir = join(dirname(require.resolve('chinese-days/package.json')), 'dist', 'years');
  return readdirSync(dir)
    .filter((file) => /^\d{4}\.json$/.test(file))
    .map((file) => {
      const data = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
        holidays?: Record<string, string>;
        workdays?: Record<string, string>;
      };
      return {
        year: Number(file.slice(0, 4)),
        holidays: Object.keys(data.holidays ?? {}).sort(),
        workdays: Object.keys(data.workdays ?? {}).sort(),
      };
    })
    .sort((a, b) => a.year - b.year);
}
