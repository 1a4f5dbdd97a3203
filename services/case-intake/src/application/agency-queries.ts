import { assertAllowed, readableCounty, type Principal } from '@lesp/auth';
import { NotFoundError, assertCountyCode, streamIdOf } from '@lesp/core';
import { findInCounty, readModelPage, type Page, type PageQuery, type ProjectionRunner } from '@lesp/projection-runner';
import {
  agencyRegistryProjection,
  type AgencyRegistryDocument,
  type RegistryDelegation,
  type RegistryPowerItem,
} from './projections/agency-registry.js';

export type DelegationStatus = 'pending' | 'in_force' | 'expired' | 'ended';
export type DelegationView = RegistryDelegation & { status: DelegationStatus };

/** An agency as listed: without its power list and delegations. */
export type AgencySummaryView = Omit<AgencyRegistryDocument, '_id' | '_v' | 'updatedAt' | 'powerItems' | 'delegations'> & {
  version: number;
};
/** One agency in full. */
export type AgencyView = AgencySummaryView & { powerItems: RegistryPowerItem[]; delegations: DelegationView[] };

export class AgencyQueries {
  constructor(
    private readonly projections: ProjectionRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async get(principal: Principal, countyCode: string, agencyId: string): Promise<AgencyView> {
    assertCountyCode(countyCode);
    const now = this.clock();
    assertAllowed(principal, 'agency.read', { countyCodes: [countyCode], agencyId }, now);
    const collection = await this.projections.collection<AgencyRegistryDocument>(agencyRegistryProjection.name);
    const doc = await findInCounty(collection, streamIdOf(countyCode, 'Agency', agencyId), countyCode);
    if (!doc) throw new NotFoundError('AGENCY_NOT_FOUND', `执法主体 ${agencyId} 不存在`);
    return {
      ...toSummary(doc),
      powerItems: doc.powerItems ?? [],
      delegations: (doc.delegations ?? []).map((d) => ({ ...d, status: delegationStatus(d, now) })),
    };
  }

  async list(principal: Principal, countyCode: string, page: PageQuery): Promise<Page<AgencySummaryView>> {
    assertCountyCode(countyCode);
    const county = readableCounty(principal, 'agency.list', countyCode, this.clock());
    const collection = await this.projections.collection<AgencyRegistryDocument>(agencyRegistryProjection.name);
    const result = await readModelPage(collection, { countyCode: county }, page);
    return { items: result.items.map(toSummary), nextCursor: result.nextCursor };
  }
}

/** A delegation's standing at `now`; "expired" and "pending" depend on the clock, so they are never stored. */
export function delegationStatus(delegation: RegistryDelegation, now: Date): DelegationStatus {
  if (delegation.endedAt && delegation.endedAt.getTime() <= now.getTime()) return 'ended';
  if (now.getTime() >= delegation.end.getTime()) return 'expired';
  if (now.getTime() < delegation.start.getTime()) return 'pending';
  return 'in_force';
}

function toSummary(doc: AgencyRegistryDocument): AgencySummaryView {
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
