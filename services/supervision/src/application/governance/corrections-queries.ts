import { readableCounty, type Principal } from '@lesp/auth';
import { assertCountyCode, assertIdentifier, NotFoundError, streamIdOf } from '@lesp/core';
import { findInCounty, readModelPage, type Page, type PageQuery, type ProjectionRunner } from '@lesp/projection-runner';
import { PERSON_UNDER_CORRECTION_AGGREGATE } from './corrections-commands.js';
import { HALF_YEAR_FINDING_CATEGORIES, MONTHLY_FINDING_CATEGORIES } from '../../domain/corrections/index.js';
import {
  correctionFindingsProjection,
  personsUnderCorrectionProjection,
  type FindingDocument,
  type PersonDocument,
} from './corrections-projection.js';

export type PersonView = Omit<PersonDocument, '_id' | '_v' | 'hours' | 'updatedAt'> & {
  readonly hours: { readonly month: string; readonly education: number; readonly communityService: number }[];
  readonly version: number;
};

function personView(doc: PersonDocument): PersonView {
  const { _id, _v, hours, updatedAt, ...rest } = doc;
  void _id;
  void updatedAt;
  return {
    ...rest,
    hours: Object.entries(hours ?? {})
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([month, h]) => ({ month, education: h.education ?? 0, communityService: h.community_service ?? 0 })),
    version: _v,
  };
}

export type FindingView = Omit<FindingDocument, '_id' | '_v'> & { readonly categoryName: string };

function findingView(doc: FindingDocument): FindingView {
  const { _id, _v, ...rest } = doc;
  void _id;
  void _v;
  const monthly = (MONTHLY_FINDING_CATEGORIES as Record<string, { name: string }>)[doc.category]?.name;
  const halfYear = (HALF_YEAR_FINDING_CATEGORIES as Record<string, string>)[doc.category];
  return { ...rest, categoryName: monthly ?? halfYear ?? doc.category };
}

/** Persons under community correction of a county, by id. */
export class CorrectionsQueries {
  constructor(
    private readonly projections: ProjectionRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(principal: Principal, countyCode: string, page: PageQuery): Promise<Page<PersonView>> {
    const county = this.county(principal, countyCode);
    const collection = await this.projections.collection<PersonDocument>(personsUnderCorrectionProjection.name);
    const result = await readModelPage(collection, { countyCode: county }, page);
    return { items: result.items.map(personView), nextCursor: result.nextCursor };
  }

  async get(principal: Principal, countyCode: string, personId: string): Promise<PersonView> {
    assertIdentifier(personId, 'personId');
    const county = this.county(principal, countyCode);
    const collection = await this.projections.collection<PersonDocument>(personsUnderCorrectionProjection.name);
    const doc = await findInCounty(collection, streamIdOf(county, PERSON_UNDER_CORRECTION_AGGREGATE, personId), county);
    if (!doc) throw new NotFoundError('PERSON_UNDER_CORRECTION_NOT_FOUND', `社区矫正对象 ${personId} 不存在`);
    return personView(doc);
  }

  /** Corrections found by supervisors (纠正违法), with their category's name in the seed's tables. */
  async findings(principal: Principal, countyCode: string, page: PageQuery): Promise<Page<FindingView>> {
    const county = this.county(principal, countyCode);
    const collection = await this.projections.collection<FindingDocument>(correctionFindingsProjection.name);
    const result = await readModelPage(collection, { countyCode: county }, page);
    return { items: result.items.map(findingView), nextCursor: result.nextCursor };
  }

  private county(principal: Principal, countyCode: string): string {
    assertCountyCode(countyCode);
    return readableCounty(principal, 'supervision.governance.read', countyCode, this.clock());
  }
}
