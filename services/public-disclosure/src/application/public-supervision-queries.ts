import { NotFoundError, ValidationError, assertCountyCode } from '@lesp/core';
import { findInCounty, readModelPage, type Page, type PageQuery, type ProjectionRunner } from '@lesp/projection-runner';
import {
  publicInspectionsProjection,
  publicRectificationsProjection,
  type PublicInspectionDocument,
  type PublicRectificationDocument,
} from './projections/public-supervision.js';
import {
  publicEvaluationsProjection,
  type PublicEvaluationDocument,
  type PublicEvaluationIndicator,
} from './projections/public-evaluations.js';
import {
  publicCaseFileReviewsProjection,
  type PublicCaseFileReviewDocument,
  type PublicReviewSummary,
} from './projections/public-case-file-reviews.js';

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

export interface PublicEvaluationView {
  readonly evaluationId: string;
  readonly countyCode: string;
  readonly agencyId: string;
  readonly year: number;
  /** Out of 100 in hundredths (8650 = 86.50). */
  readonly centipoints: number;
  readonly grade: string;
  readonly gradeName: string;
  readonly indicators: readonly PublicEvaluationIndicator[];
  readonly gradeReasons: readonly string[];
  readonly publishedAt?: Date;
}

export interface PublicCaseFileReviewView {
  readonly reviewId: string;
  readonly countyCode: string;
  readonly title: string;
  readonly supervisionForm: string;
  readonly periodFrom?: Date;
  readonly periodTo?: Date;
  readonly summary: PublicReviewSummary;
  readonly conclusion: string;
  readonly publishedAt?: Date;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A county-year's published evaluations read at most for one ranked list (a county has tens of agencies). */
const MAX_RANKED = 1000;

/**
 * What supervision marked for publication: random-inspection plans and results, rectification
 * outcomes, evaluations of agencies and case-file review summaries.
 */
export class PublicSupervisionQueries {
  constructor(private readonly projections: ProjectionRunner) {}

  async inspections(countyCode: string, year: number | undefined, page: PageQuery): Promise<Page<PublicInspectionView>> {
    assertCountyCode(countyCode);
    assertYear(year);
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

  /** Published evaluations of agencies (执法监督评议结果), optionally of one year, in _id order. */
  async evaluations(countyCode: string, year: number | undefined, page: PageQuery): Promise<Page<PublicEvaluationView>> {
    assertCountyCode(countyCode);
    assertYear(year);
    const collection = await this.projections.collection<PublicEvaluationDocument>(publicEvaluationsProjection.name);
    const result = await readModelPage(collection, { countyCode, published: true, ...(year !== undefined ? { year } : {}) }, page);
    return { items: result.items.map(evaluationView), nextCursor: result.nextCursor };
  }

  /**
   * A county-year's published evaluations ranked as supervision ranks them: best score first,
   * ties by agency id. The rank is among the published ones (an agency not yet published has none).
   */
  async rankedEvaluations(countyCode: string, year: number): Promise<readonly (PublicEvaluationView & { readonly rank: number })[]> {
    assertCountyCode(countyCode);
    assertYear(year);
    const all: PublicEvaluationView[] = [];
    let cursor = '';
    do {
      const page = await this.evaluations(countyCode, year, { limit: 200, ...(cursor ? { cursor } : {}) });
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && all.length < MAX_RANKED);
    return all
      .sort((a, b) => b.centipoints - a.centipoints || a.agencyId.localeCompare(b.agencyId))
      .map((view, index) => ({ ...view, rank: index + 1 }));
  }

  /** Published case-file review summaries (案卷评查通报), in _id order. */
  async caseFileReviews(countyCode: string, page: PageQuery): Promise<Page<PublicCaseFileReviewView>> {
    assertCountyCode(countyCode);
    const collection = await this.projections.collection<PublicCaseFileReviewDocument>(publicCaseFileReviewsProjection.name);
    const result = await readModelPage(collection, { countyCode, published: true }, page);
    return { items: result.items.map(reviewView), nextCursor: result.nextCursor };
  }

  async caseFileReview(countyCode: string, reviewId: string): Promise<PublicCaseFileReviewView> {
    assertCountyCode(countyCode);
    const missing = new NotFoundError('CASE_FILE_REVIEW_NOT_FOUND', '没有该公布的案卷评查通报');
    if (!ID.test(reviewId)) throw missing;
    const collection = await this.projections.collection<PublicCaseFileReviewDocument>(publicCaseFileReviewsProjection.name);
    // By _id: the one read FerretDB serves from its primary key; the county is checked on the document.
    const doc = await findInCounty(collection, `${countyCode}/CaseFileReview/${reviewId}`, countyCode);
    if (!doc?.published) throw missing;
    return reviewView(doc);
  }
}

function assertYear(year: number | undefined): void {
  if (year !== undefined && (!Number.isInteger(year) || year < 2000 || year > 2100)) {
    throw ValidationError.of('year', 'YEAR_INVALID', '年度应为 2000 到 2100 之间的整数');
  }
}

function evaluationView(doc: PublicEvaluationDocument): PublicEvaluationView {
  return {
    evaluationId: doc.evaluationId,
    countyCode: doc.countyCode,
    agencyId: doc.agencyId ?? '',
    year: doc.year ?? 0,
    centipoints: doc.centipoints ?? 0,
    grade: doc.grade ?? '',
    gradeName: doc.gradeName ?? '',
    indicators: (doc.indicators ?? []).map((i) => ({ code: i.code, name: i.name, weight: i.weight, centipoints: i.centipoints ?? null })),
    gradeReasons: doc.gradeReasons ?? [],
    ...(doc.publishedAt ? { publishedAt: doc.publishedAt } : {}),
  };
}

const EMPTY_SUMMARY: PublicReviewSummary = {
  filesReviewed: 0,
  enterpriseFiles: 0,
  enterpriseSharePercent: 0,
  byCategory: [],
  averageScore: 0,
  excellent: 0,
  qualified: 0,
  unqualified: 0,
  byAgency: [],
  problemsByItem: [],
};

function reviewView(doc: PublicCaseFileReviewDocument): PublicCaseFileReviewView {
  const s = doc.summary ?? EMPTY_SUMMARY;
  return {
    reviewId: doc.reviewId,
    countyCode: doc.countyCode,
    title: doc.title ?? '',
    supervisionForm: doc.supervisionForm ?? '',
    ...(doc.periodFrom ? { periodFrom: doc.periodFrom } : {}),
    ...(doc.periodTo ? { periodTo: doc.periodTo } : {}),
    // Allow-listed field by field: nothing else a document may hold reaches a response.
    summary: {
      filesReviewed: s.filesReviewed,
      enterpriseFiles: s.enterpriseFiles,
      enterpriseSharePercent: s.enterpriseSharePercent,
      byCategory: s.byCategory.map((c) => ({ category: c.category, files: c.files })),
      averageScore: s.averageScore,
      excellent: s.excellent,
      qualified: s.qualified,
      unqualified: s.unqualified,
      byAgency: s.byAgency.map((a) => ({
        agencyId: a.agencyId,
        files: a.files,
        averageScore: a.averageScore,
        unqualified: a.unqualified,
        problems: a.problems,
      })),
      problemsByItem: s.problemsByItem.map((p) => ({ itemCode: p.itemCode, name: p.name, count: p.count })),
    },
    conclusion: doc.conclusion ?? '',
    ...(doc.publishedAt ? { publishedAt: doc.publishedAt } : {}),
  };
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
