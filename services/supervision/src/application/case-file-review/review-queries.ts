import { readableCounty, type Principal } from '@lesp/auth';
import { assertCountyCode, assertIdentifier, NotFoundError, streamIdOf, ValidationError } from '@lesp/core';
import { findInCounty, readModelPage, type Page, type PageQuery, type ProjectionRunner } from '@lesp/projection-runner';
import { CASE_FILE_REVIEW_AGGREGATE } from '../../domain/case-file-review/case-file-review-decider.js';
import {
  caseFileReviewsProjection,
  reviewDefinitionsProjection,
  type CaseFileReviewDocument,
  type ReviewDefinitionDocument,
  type ScoredRecord,
} from './review-projections.js';

export const REVIEW_STATUS_VALUES = ['opened', 'sampled', 'published'] as const;

export type CaseFileReviewView = Omit<CaseFileReviewDocument, '_id' | '_v' | 'scored' | 'updatedAt'> & {
  readonly scored: ScoredRecord[];
  readonly version: number;
};
export type ReviewDefinitionView = Omit<ReviewDefinitionDocument, '_id' | '_v' | 'updatedAt'> & { readonly version: number };

function reviewView(doc: CaseFileReviewDocument): CaseFileReviewView {
  const { _id, _v, scored, updatedAt, ...rest } = doc;
  void _id;
  void updatedAt;
  return { ...rest, scored: Object.values(scored ?? {}).sort((a, b) => (a.fileId < b.fileId ? -1 : 1)), version: _v };
}

function definitionView(doc: ReviewDefinitionDocument): ReviewDefinitionView {
  const { _id, _v, updatedAt, ...rest } = doc;
  void _id;
  void updatedAt;
  return { ...rest, version: _v };
}

/** Reviews and definitions of a county, as supervisors and regional viewers read them. */
export class CaseFileReviewQueries {
  constructor(
    private readonly projections: ProjectionRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(principal: Principal, countyCode: string, status: string | undefined, page: PageQuery): Promise<Page<CaseFileReviewView>> {
    assertCountyCode(countyCode);
    if (status && !(REVIEW_STATUS_VALUES as readonly string[]).includes(status)) {
      throw ValidationError.of('status', 'REVIEW_STATUS_UNKNOWN', '评查状态应为 opened、sampled 或 published');
    }
    const county = readableCounty(principal, 'supervision.case_file_review.read', countyCode, this.clock());
    const collection = await this.projections.collection<CaseFileReviewDocument>(caseFileReviewsProjection.name);
    const filter = status ? { countyCode: county, status: status as CaseFileReviewDocument['status'] } : { countyCode: county };
    const result = await readModelPage(collection, filter, page);
    return { items: result.items.map(reviewView), nextCursor: result.nextCursor };
  }

  async get(principal: Principal, countyCode: string, reviewId: string): Promise<CaseFileReviewView> {
    assertCountyCode(countyCode);
    assertIdentifier(reviewId, 'reviewId');
    const county = readableCounty(principal, 'supervision.case_file_review.read', countyCode, this.clock());
    const collection = await this.projections.collection<CaseFileReviewDocument>(caseFileReviewsProjection.name);
    const doc = await findInCounty(collection, streamIdOf(county, CASE_FILE_REVIEW_AGGREGATE, reviewId), county);
    if (!doc) throw new NotFoundError('CASE_FILE_REVIEW_NOT_FOUND', `案卷评查 ${reviewId} 不存在`);
    return reviewView(doc);
  }

  async definitions(principal: Principal, countyCode: string, page: PageQuery): Promise<Page<ReviewDefinitionView>> {
    assertCountyCode(countyCode);
    const county = readableCounty(principal, 'supervision.case_file_review.read', countyCode, this.clock());
    const collection = await this.projections.collection<ReviewDefinitionDocument>(reviewDefinitionsProjection.name);
    const result = await readModelPage(collection, { countyCode: county }, page);
    return { items: result.items.map(definitionView), nextCursor: result.nextCursor };
  }
}
