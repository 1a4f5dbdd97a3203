import { describe, expect, it } from 'vitest';
import { RunLeftovers } from '../src/leftovers.js';

describe('RunLeftovers.ofRun', () => {
  const suffixes = new Set(['19f83da3', '0badcafe']);

  it('picks the topics and databases named with one of the run suffixes', () => {
    const names = [
      't-19f83da3.case-intake.events',
      'e2e-hostile-0badcafe.dlt.e2e-hostile-0badcafe.cross-region',
      'acl_19f83da3_case_intake',
      't_decision_search_0badcafe',
    ];
    expect(RunLeftovers.ofRun(names, suffixes)).toEqual(names);
  });

  it('leaves the platform, other runs, benchmarks and names that merely contain the digits', () => {
    const names = [
      'lesp.case-intake.events',
      't-aaaaaaaa.case-intake.events',
      'bench-every-mwxidv8z.supervision.events',
      'x-119f83da3.events',
      'x-19f83da30.events',
      'lesp_case_intake',
    ];
    expect(RunLeftovers.ofRun(names, suffixes)).toEqual([]);
  });

  it('picks nothing from a run that handed out no suffix', () => {
    expect(RunLeftovers.ofRun(['t-19f83da3.case-intake.events'], new Set())).toEqual([]);
  });
});

describe('RunLeftovers.shapedAsTestData', () => {
  it('knows the names tests and benchmarks give what they create', () => {
    for (const name of [
      't-19f83da3.case-intake.events',
      'e2e-console-iso-0badcafe.dlt.e2e-console-iso-0badcafe.supervision',
      'acl_19f83da3_case_intake',
      't_decision_search_0badcafe',
      'dd_ci_19f83da3',
      'bench-every-mwxidv8z.supervision.events',
      'bench_record_mwwm3d8m',
    ])
      expect(RunLeftovers.shapedAsTestData(name), name).toBe(true);
  });

  it("never takes the platform's own topics and databases", () => {
    for (const name of [
      'lesp.case-intake.events',
      'lesp.dlt.lesp.supervision',
      'lesp_case_intake',
      'lesp_public_disclosure',
      '__consumer_offsets',
      'admin',
    ])
      expect(RunLeftovers.shapedAsTestData(name), name).toBe(false);
  });
});
