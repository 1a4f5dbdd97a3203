import { readableCounty, type Principal } from '@lesp/auth';
import { assertCountyCode } from '@lesp/core';
import { readModelPage, type Page, type PageQuery, type ProjectionRunner } from '@lesp/projection-runner';
import { supervisedAgenciesProjection, type SupervisedAgencyDocument } from './projections/supervised-agencies.js';

export interface SupervisedAgencyView {
  readonly agencyId: string;
  readonly countyCode: string;
  readonly name: string;
  readonly status: string;
  readonly sourceVersion: number;
}

export class SupervisedAgencyQueries {
  constructor(
    private readonly projections: ProjectionRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(principal: Principal, countyCode: string, page: PageQuery): Promise<Page<SupervisedAgencyView>> {
    assertCountyCode(countyCode);
    const county = readableCounty(principal, 'supervision.agency.list', countyCode, this.clock());
    const collection = await this.projections.collection<SupervisedAgencyDocument>(supervisedAgenciesProjection.name);
    const result = await readModelPage(collection, { countyCode: county }, page);
    return {
      items: result.items.map((doc) => ({
        agencyId: doc.agencyId,
        countyCode: doc.countyCode,
        name: doc.name ?? '',
        status: doc.status,
        sourceVersion: doc._v,
      })),
      nextCursor: result.nextCursor,
    };
  }
}
