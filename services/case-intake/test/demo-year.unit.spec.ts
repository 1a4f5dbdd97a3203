import { describe, expect, it } from 'vitest';
import { isValidResidentIdNumber } from '@lesp/core';
import { REPORT_2023, demoYearCounts, demoYearRows } from '../../../scripts/demo-year.js';
import { demoAgencies, demoOfficers } from '../../../scripts/demo-roster.js';
import { parseActRow } from '../src/application/import/act-row.js';
import { actRowHistory } from '../src/application/import/act-row-history.js';

/** The demo year generator (scripts/demo-year.ts): rows the importer takes, in the report's proportions, the same for a seed. */
describe('demo year generator', () => {
  const options = { countyCode: '431103', year: 2023, scale: 0.02, seed: 'unit' };

  it('writes only rows the importer accepts, naming the demo roster', () => {
    const agencies = new Set(demoAgencies('431103').map((a) => a.agencyId));
    const officers = new Set(demoOfficers('431103').map((o) => o.officerId));
    const problems: string[] = [];
    let rows = 0;
    let fineFen = 0;
    for (const row of demoYearRows(options)) {
      rows++;
      const parsed = parseActRow('431103', row);
      if (!parsed.ok) {
        problems.push(`${row.caseNumber}: ${JSON.stringify(parsed.violations)}`);
        continue;
      }
      const history = actRowHistory(parsed.act);
      if (!history.ok) problems.push(`${row.caseNumber}: ${JSON.stringify(history.violations)}`);
      else
        for (const { event } of history.events)
          if (event.type === 'DecisionMade') fineFen += event.data.fineFen + event.data.confiscationFen;
      if (!agencies.has(row.agencyId) || !row.officerIds.split(';').every((id) => officers.has(id)))
        problems.push(`${row.caseNumber}: unknown agency or officer`);
      if (row.targetKind === '自然人' && (!isValidResidentIdNumber(row.idNumber) || !/^1\d{10}$/.test(row.phone)))
        problems.push(`${row.caseNumber}: person data`);
      // A person's name stays out of the title (shown unmasked).
      if (row.targetKind === '自然人' && row.title.includes(row.targetName)) problems.push(`${row.caseNumber}: name in title`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
    const counts = demoYearCounts(options.scale);
    expect(rows).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
    // Fines and confiscations add up to the report's 639.96万元, scaled by the penalties generated.
    expect(fineFen).toBe(Math.round(REPORT_2023.penalty.fineYuan * (counts.penalty / REPORT_2023.penalty.filed)) * 100);
  });

  it('keeps the report proportions and is the same for the same seed', () => {
    expect(demoYearCounts(1)).toEqual({
      licensing: 49481,
      penalty: 1281,
      coercion: 125,
      inspection: 31787,
      benefit: 286547,
      confirmation: 4289,
      award: 9,
    });
    const first = [...demoYearRows({ ...options, scale: 0.002 })];
    const again = [...demoYearRows({ ...options, scale: 0.002 })];
    const other = [...demoYearRows({ ...options, scale: 0.002, seed: 'other' })];
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    expect([...demoYearRows({ ...options, scale: 0.002, tag: 'r2' })][0]!.caseNumber).toMatch(/-r2号$/);
  });
});
