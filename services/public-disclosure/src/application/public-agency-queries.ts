import { NotFoundError, ValidationError, assertCountyCode } from '@lesp/core';
import { findInCounty, readModelPage, type Page, type PageQuery, type ProjectionRunner } from '@lesp/projection-runner';
import { publicAgenciesProjection, type PublicAgencyDocument } from './projections/public-agencies.js';
import { publicOfficersProjection, type PublicOfficerDocument } from './projections/public-officers.js';
import { proceduresFor, REMEDIES, RIGHTS_OF_PARTIES, type ProcedureItem } from '../domain/agency-disclosure.js';

export interface PublicAgencyView {
  readonly agencyId: string;
  readonly countyCode: string;
  readonly name: string;
  readonly creditCode: string;
  readonly status: string;
}

export interface PublicOfficerView {
  readonly officerId: string;
  readonly agencyId: string;
  readonly name: string;
  readonly certificateNumber: string;
  /** valid, suspended, revoked, lost, or expired (valid but past its date). */
  readonly certificateStatus: string;
  readonly certificateValidUntil?: Date;
}

export interface AgencyDisclosureView {
  readonly agency: PublicAgencyView;
  readonly legalBasis: string;
  readonly powers: readonly { itemCode: string; name: string; category: string; legalBasis: string }[];
  readonly procedures: readonly ProcedureItem[];
  readonly officers: readonly PublicOfficerView[];
  readonly rightsOfParties: readonly string[];
  readonly publishedDecisions: number;
  readonly remedies: readonly string[];
}

const AGENCY_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Officers shown inline in the seven items; the officer list pages beyond. */
const OFFICERS_INLINE = 200;

export class PublicAgencyQueries {
  constructor(
    private readonly projections: ProjectionRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(countyCode: string, page: PageQuery): Promise<Page<PublicAgencyView>> {
    assertCountyCode(countyCode);
    const collection = await this.projections.collection<PublicAgencyDocument>(publicAgenciesProjection.name);
    const result = await readModelPage(collection, { countyCode }, page);
    return { items: result.items.map(agencyView), nextCursor: result.nextCursor };
  }

  /** The seven items of an agency; `publishedDecisions` comes from the decision read model. */
  async sevenItems(
    countyCode: string,
    agencyId: string,
    publishedDecisions: (agencyId: string) => Promise<number>,
  ): Promise<AgencyDisclosureView> {
    const agency = await this.agency(countyCode, agencyId);
    const officers = await this.officers(countyCode, agencyId, { limit: OFFICERS_INLINE });
    const powers = (agency.powers ?? []).map((p) => ({
      itemCode: p.itemCode,
      name: p.name,
      category: p.category,
      legalBasis: p.legalBasis,
    }));
    return {
      agency: agencyView(agency),
      legalBasis: agency.legalBasis ?? '',
      powers,
      procedures: proceduresFor([...new Set(powers.map((p) => p.category))]),
      officers: officers.items,
      rightsOfParties: RIGHTS_OF_PARTIES,
      publishedDecisions: await publishedDecisions(agencyId),
      remedies: REMEDIES,
    };
  }

  async officers(countyCode: string, agencyId: string, page: PageQuery): Promise<Page<PublicOfficerView>> {
    assertCountyCode(countyCode);
    if (agencyId !== '' && !AGENCY_ID.test(agencyId)) throw ValidationError.of('agencyId', 'AGENCY_ID_INVALID', '执法主体编号格式不正确');
    const collection = await this.projections.collection<PublicOfficerDocument>(publicOfficersProjection.name);
    const result = await readModelPage(collection, { countyCode, ...(agencyId ? { agencyId } : {}) }, page);
    const now = this.clock();
    return {
      items: result.items
        .filter((doc) => doc.officerId)
        .map((doc) => ({
          officerId: doc.officerId,
          agencyId: doc.agencyId,
          name: doc.name,
          certificateNumber: doc.certificateNumber,
          certificateStatus:
            doc.certificateStatus === 'valid' && doc.certificateValidUntil && doc.certificateValidUntil < now
              ? 'expired'
              : doc.certificateStatus,
          ...(doc.certificateValidUntil ? { certificateValidUntil: doc.certificateValidUntil } : {}),
        })),
      nextCursor: result.nextCursor,
    };
  }

  private async agency(countyCode: string, agencyId: string): Promise<PublicAgencyDocument> {
    assertCountyCode(countyCode);
    const missing = new NotFoundError('AGENCY_NOT_FOUND', '没有该执法主体');
    if (!AGENCY_ID.test(agencyId)) throw missing;
    const collection = await this.projections.collection<PublicAgencyDocument>(publicAgenciesProjection.name);
    const doc = await findInCounty(collection, `${countyCode}/Agency/${agencyId}`, countyCode);
    if (!doc?.name) throw missing;
    return doc;
  }
}

function agencyView(doc: PublicAgencyDocument): PublicAgencyView {
  return { agencyId: doc.agencyId, countyCode: doc.countyCode, name: doc.name ?? '', creditCode: doc.creditCode ?? '', status: doc.status };
}
