import { assertAllowed, readableCounty, type Principal } from '@lesp/auth';
import { CERTIFICATE_STATUSES, NotFoundError, ValidationError, assertCountyCode, certificateValidAt, streamIdOf } from '@lesp/core';
import { findInCounty, readModelPage, type Page, type PageQuery, type ProjectionRunner } from '@lesp/projection-runner';
import type { Filter } from 'mongodb';
import { officerRegistryProjection, type OfficerRegistryDocument } from './projections/officer-registry.js';

export type OfficerView = Omit<OfficerRegistryDocument, '_id' | '_v' | 'updatedAt'> & {
  /** Status "valid" and not expired at the time of the query. */
  certificateValidNow: boolean;
  version: number;
};

export interface OfficerFilter {
  readonly agencyId?: string;
  readonly certificateStatus?: string;
}

export class OfficerQueries {
  constructor(
    private readonly projections: ProjectionRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Clerks read only their own agency's officers: checked again once the officer's agency is known. */
  async get(principal: Principal, countyCode: string, officerId: string): Promise<OfficerView> {
    assertCountyCode(countyCode);
    const now = this.clock();
    const county = readableCounty(principal, 'officer.read', countyCode, now);
    const collection = await this.projections.collection<OfficerRegistryDocument>(officerRegistryProjection.name);
    const doc = await findInCounty(collection, streamIdOf(county, 'Officer', officerId), county);
    if (!doc) throw new NotFoundError('OFFICER_NOT_FOUND', `执法人员 ${officerId} 不存在`);
    assertAllowed(principal, 'officer.read', { countyCodes: [county], agencyId: doc.agencyId }, now);
    return toView(doc, now);
  }

  async list(principal: Principal, countyCode: string, filter: OfficerFilter, page: PageQuery): Promise<Page<OfficerView>> {
    assertCountyCode(countyCode);
    const now = this.clock();
    const county = readableCounty(principal, 'officer.list', countyCode, now);
    const status = filter.certificateStatus;
    if (status && !(CERTIFICATE_STATUSES as readonly string[]).includes(status)) {
      throw ValidationError.of('certificateStatus', 'CERTIFICATE_STATUS_UNKNOWN', `执法证状态应为：${CERTIFICATE_STATUSES.join('、')}`);
    }
    const query: Filter<OfficerRegistryDocument> & { countyCode: string } = {
      countyCode: county,
      ...(filter.agencyId ? { agencyId: filter.agencyId } : {}),
      ...(status ? { certificateStatus: status as OfficerRegistryDocument['certificateStatus'] } : {}),
    };
    const collection = await this.projections.collection<OfficerRegistryDocument>(officerRegistryProjection.name);
    const result = await readModelPage(collection, query, page);
    return { items: result.items.map((doc) => toView(doc, now)), nextCursor: result.nextCursor };
  }
}

function toView(doc: OfficerRegistryDocument, now: Date): OfficerView {
  return {
    officerId: doc.officerId,
    countyCode: doc.countyCode,
    agencyId: doc.agencyId,
    name: doc.name,
    idNumberMasked: doc.idNumberMasked,
    certificateNumber: doc.certificateNumber,
    certificateStatus: doc.certificateStatus,
    certificateValidUntil: doc.certificateValidUntil,
    certificateValidNow: certificateValidAt(doc.certificateHistory, now),
    enforcementAreas: doc.enforcementAreas,
    certificateHistory: doc.certificateHistory,
    agencyHistory: doc.agencyHistory,
    trainingHours: doc.trainingHours,
    examResults: doc.examResults,
    registeredAt: doc.registeredAt,
    version: doc._v,
  };
}
