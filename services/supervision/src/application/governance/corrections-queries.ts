import { readableCounty, type Principal } from '@lesp/auth';
import { assertCountyCode, assertIdentifier, NotFoundError, streamIdOf } from '@lesp/core';
import { findInCounty, readModelPage, type Page, type PageQuery, type ProjectionRunner } from '@lesp/projection-runner';
import { PERSON_UNDER_CORRECTION_AGGREGATE } from './corrections-commands.js';
import { personsUnderCorrectionProjection, type PersonDocument } from './corrections-projection.js';

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

  private county(principal: Principal, countyCode: string): string {
    assertCountyCode(countyCode);
    return readableCounty(principal, 'supervision.governance.read', countyCode, this.clock());
  }
}
