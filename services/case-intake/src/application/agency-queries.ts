import { assertAllowed, readableCounty, type Principal } from '@lesp/auth';
import { NotFoundError, assertCountyCode, streamIdOf } from '@lesp/core';
import { readModelPage, type Page, type PageQuery, type ProjectionRunner } from '@lesp/projection-runner';
import { agencyRegistryProjection, type AgencyRegistryDocument } from './projections/agency-registry.js';

export type AgencyView = Omit<AgencyRegistryDocument, '_id' | '_v' | 'updatedAt'> & { version: number };

export class AgencyQueries {
  constructor(
    private readonly projections: ProjectionRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async get(principal: Principal, countyCode: string, agencyId: string): Promise<AgencyView> {
    assertCountyCode(countyCode);
    assertAllowed(principal, 'agency.read', { countyCodes: [countyCode], agencyId }, this.clock());
    const collection = await this.projections.collection<AgencyRegistryDocument>(agencyRegistryProjection.name);
    const doc = await collection.findOne({ _id: streamIdOf(countyCode, 'Agency', agencyId), countyCode });
    if (!doc) throw new NotFoundError('AGENCY_NOT_FOUND', `执法主体 ${agencyId} 不存在`);
    return toView(doc);
  }

  async list(principal: Principal, countyCode: string, page: PageQuery): Promise<Page<AgencyView>> {
    assertCountyCode(countyCode);
    const county = readableCounty(principal, 'agency.list', countyCode, this.clock());
    const collection = await this.projections.collection<AgencyRegistryDocument>(agencyRegistryProjection.name);
    const result = await readModelPage(collection, { countyCode: county }, page);
    return { items: result.items.map(toView), nextCursor: result.nextCursor };
  }
}

function toView(doc: AgencyRegistryDocument): AgencyView {
  return {
    agencyId: doc.agencyId,
    countyCode: doc.countyCode,
    name: doc.name,
    creditCode: doc.creditCode,
    kind: doc.kind,
    legalBasis: doc.legalBasis,
    status: doc.status,
    version: doc._v,
  };
}
