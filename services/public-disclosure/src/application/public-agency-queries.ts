import { assertCountyCode } from '@lesp/core';
import { readModelPage, type Page, type PageQuery, type ProjectionRunner } from '@lesp/projection-runner';
import { publicAgenciesProjection, type PublicAgencyDocument } from './projections/public-agencies.js';

export interface PublicAgencyView {
  readonly agencyId: string;
  readonly countyCode: string;
  readonly name: string;
  readonly creditCode: string;
  readonly status: string;
}

export class PublicAgencyQueries {
  constructor(private readonly projections: ProjectionRunner) {}

  async list(countyCode: string, page: PageQuery): Promise<Page<PublicAgencyView>> {
    assertCountyCode(countyCode);
    const collection = await this.projections.collection<PublicAgencyDocument>(publicAgenciesProjection.name);
    const result = await readModelPage(collection, { countyCode }, page);
    return {
      items: result.items.map((doc) => ({
        agencyId: doc.agencyId,
        countyCode: doc.countyCode,
        name: doc.name ?? '',
        creditCode: doc.creditCode ?? '',
        status: doc.status,
      })),
      nextCursor: result.nextCursor,
    };
  }
}
