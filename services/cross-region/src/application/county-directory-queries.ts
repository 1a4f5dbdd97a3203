import { assertAllowed, type Principal } from '@lesp/auth';
import { assertCountyCode, ValidationError } from '@lesp/core';
import type { ProjectionRunner } from '@lesp/projection-runner';
import { countyDirectoryProjection, type DirectoryAgencyDocument } from './projections/county-directory.js';

export interface CountyEntry {
  readonly countyCode: string;
  readonly activeAgencies: number;
}

const MAX_COUNTIES = 50;

export class CountyDirectoryQueries {
  constructor(
    private readonly projections: ProjectionRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Active agencies per county, for the counties asked (every county asked is listed, 0 if none). */
  async list(principal: Principal, countyCodes: readonly string[]): Promise<CountyEntry[]> {
    if (countyCodes.length === 0 || countyCodes.length > MAX_COUNTIES) {
      throw ValidationError.of('countyCodes', 'COUNTY_CODES_COUNT', `请指定 1 到 ${MAX_COUNTIES} 个区县代码`);
    }
    countyCodes.forEach((code, i) => assertCountyCode(code, `countyCodes[${i}]`));
    assertAllowed(principal, 'directory.read', { countyCodes }, this.clock());
    const collection = await this.projections.collection<DirectoryAgencyDocument>(countyDirectoryProjection.name);
    const sums = await collection
      .aggregate<{ _id: string; activeAgencies: number }>([
        { $match: { countyCode: { $in: [...countyCodes] }, active: true } },
        { $group: { _id: '$countyCode', activeAgencies: { $sum: 1 } } },
      ])
      .toArray();
    const byCounty = new Map(sums.map((s) => [s._id, s.activeAgencies]));
    return [...new Set(countyCodes)].map((countyCode) => ({ countyCode, activeAgencies: byCounty.get(countyCode) ?? 0 }));
  }
}
