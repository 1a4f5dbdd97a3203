import { NotFoundError, ValidationError, assertCountyCode } from '@lesp/core';
import { findInCounty, readModelPage, type Page, type PageQuery, type ProjectionRunner } from '@lesp/projection-runner';
import {
  publicInspectionsProjection,
  publicRectificationsProjection,
  type PublicInspectionDocument,
  type PublicRectificationDocument,
} from './projections/public-supervision.js';

export interface PublicInspectionView {
  readonly planId: string;
  readonly countyCode: string;
  readonly title: string;
  readonly year: number;
  readonly leadAgencyId: string;
  readonly agencyIds: readonly string[];
  readonly crossAgency: boolean;
  readonly matters: readonly string[];
  readonly periodFrom?: Date;
  readonly periodTo?: Date;
  readonly publishedAt?: Date;
  readonly results: readonly { targetId: string; name: string; kind: string; outcome: string; inspectedAt?: Date }[];
  readonly resultsPublishedAt?: Date;
}

export interface PublicRectificationView {
  readonly rectificationId: string;
  readonly agencyId: string;
  readonly documentKind: string;
  readonly documentNumber: string;
  readonly outcome: string;
  readonly publicSummary: string;
  readonly accountabilityRecorded: boolean;
  readonly closedAt?: Date;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** What supervision marked for publication: random-inspection plans and results, rectification outcomes. */
export class PublicSupervisionQueries {
  constructor(private readonly projections: ProjectionRunner) {}

  async inspections(countyCode: string, year: number | undefined, page: PageQuery): Promise<Page<PublicInspectionView>> {
    assertCountyCode(countyCode);
    if (year !== undefined && (!Number.isInteger(year) || year < 2000 || year > 2100)) {
      throw ValidationError.of('year', 'YEAR_INVALID', '年度应为 2000 到 2100 之间的整数');
    }
    const collection = await this.projections.collection<PublicInspectionDocument>(publicInspectionsProjection.name);
    const result = await readModelPage(collection, { countyCode, planPublished: true, ...(year !== undefined ? { year } : {}) }, page);
    return { items: result.items.map(inspectionView), nextCursor: result.nextCursor };
  }

  async inspection(countyCode: string, planId: string): Promise<PublicInspectionView> {
    assertCountyCode(countyCode);
    const missing = new NotFoundError('INSPECTION_NOT_FOUND', '没有该公示的抽查任务');
    if (!ID.test(planId)) throw missing;
    const collection = await this.projections.collection<PublicInspectionDocument>(publicInspectionsProjection.name);
    const doc = await findInCounty(collection, `${countyCode}/RandomInspection/${planId}`, countyCode);
    if (!doc?.planPublished) throw missing;
    return inspectionView(doc);
  }

  async rectifications(countyCode: string, agencyId: string, page: PageQuery): Promise<Page<PublicRectificationView>> {
    assertCountyCode(countyCode);
    if (agencyId !== '' && !ID.test(agencyId)) throw ValidationError.of('agencyId', 'AGENCY_ID_INVALID', '执法主体编号格式不正确');
    const collection = await this.projections.collection<PublicRectificationDocument>(publicRectificationsProjection.name);
    const result = await readModelPage(collection, { countyCode, ...(agencyId ? { agencyId } : {}) }, page);
    return {
      items: result.items.map((doc) => ({
        rectificationId: doc.rectificationId,
        agencyId: doc.agencyId,
        documentKind: doc.documentKind,
        documentNumber: doc.documentNumber,
        outcome: doc.outcome,
        publicSummary: doc.publicSummary,
        accountabilityRecorded: doc.accountabilityRecorded,
        ...(doc.closedAt ? { closedAt: doc.closedAt } : {}),
      })),
      nextCursor: result.nextCursor,
    };
  }
}

function inspectionView(doc: PublicInspectionDocument): PublicInspectionView {
  return {
    planId: doc.planId,
    countyCode: doc.countyCode,
    title: doc.title ?? '',
    year: doc.year ?? 0,
    leadAgencyId: doc.leadAgencyId ?? '',
    agencyIds: doc.agencyIds ?? [],
    crossAgency: doc.crossAgency ?? false,
    matters: doc.matters ?? [],
    ...(doc.periodFrom ? { periodFrom: doc.periodFrom } : {}),
    ...(doc.periodTo ? { periodTo: doc.periodTo } : {}),
    ...(doc.planPublishedAt ? { publishedAt: doc.planPublishedAt } : {}),
    results: (doc.results ?? []).map((r) => ({
      targetId: r.targetId,
      name: r.name,
      kind: r.kind,
      outcome: r.outcome,
      ...(r.inspectedAt ? { inspectedAt: r.inspectedAt } : {}),
    })),
    ...(doc.resultsPublishedAt ? { resultsPublishedAt: doc.resultsPublishedAt } : {}),
  };
}
