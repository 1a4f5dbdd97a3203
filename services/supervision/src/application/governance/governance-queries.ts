import { readableCounty, type Principal } from '@lesp/auth';
import { assertCountyCode, assertIdentifier, NotFoundError, streamIdOf } from '@lesp/core';
import { findInCounty, readModelPage, type Page, type PageQuery, type ProjectionRunner } from '@lesp/projection-runner';
import { COMPETENCE_DISPUTE_AGGREGATE, NORMATIVE_DOCUMENT_AGGREGATE } from './governance-commands.js';
import {
  competenceDisputesProjection,
  normativeDocumentsProjection,
  type DisputeDocument,
  type FilingRecord,
  type NormativeDocumentDocument,
} from './governance-projections.js';

export type NormativeDocumentView = Omit<NormativeDocumentDocument, '_id' | '_v' | 'filings' | 'updatedAt'> & {
  readonly filings: FilingRecord[];
  readonly version: number;
};
export type DisputeView = Omit<DisputeDocument, '_id' | '_v' | 'updatedAt'> & { readonly overdue: boolean; readonly version: number };

function documentView(doc: NormativeDocumentDocument): NormativeDocumentView {
  const { _id, _v, filings, updatedAt, ...rest } = doc;
  void _id;
  void updatedAt;
  return { ...rest, filings: Object.values(filings ?? {}), version: _v };
}

/** Normative documents and competence disputes of a county; a dispute is overdue when still undecided past its due time. */
export class GovernanceQueries {
  constructor(
    private readonly projections: ProjectionRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private disputeView(doc: DisputeDocument): DisputeView {
    const { _id, _v, updatedAt, ...rest } = doc;
    void _id;
    void updatedAt;
    return { ...rest, overdue: doc.status === 'filed' && this.clock().getTime() >= doc.dueAt.getTime(), version: _v };
  }

  async documents(principal: Principal, countyCode: string, page: PageQuery): Promise<Page<NormativeDocumentView>> {
    const county = this.county(principal, countyCode);
    const collection = await this.projections.collection<NormativeDocumentDocument>(normativeDocumentsProjection.name);
    const result = await readModelPage(collection, { countyCode: county }, page);
    return { items: result.items.map(documentView), nextCursor: result.nextCursor };
  }

  async document(principal: Principal, countyCode: string, documentId: string): Promise<NormativeDocumentView> {
    assertIdentifier(documentId, 'documentId');
    const county = this.county(principal, countyCode);
    const collection = await this.projections.collection<NormativeDocumentDocument>(normativeDocumentsProjection.name);
    const doc = await findInCounty(collection, streamIdOf(county, NORMATIVE_DOCUMENT_AGGREGATE, documentId), county);
    if (!doc) throw new NotFoundError('NORMATIVE_DOCUMENT_NOT_FOUND', `规范性文件 ${documentId} 不存在`);
    return documentView(doc);
  }

  async disputes(principal: Principal, countyCode: string, page: PageQuery): Promise<Page<DisputeView>> {
    const county = this.county(principal, countyCode);
    const collection = await this.projections.collection<DisputeDocument>(competenceDisputesProjection.name);
    const result = await readModelPage(collection, { countyCode: county }, page);
    return { items: result.items.map((d) => this.disputeView(d)), nextCursor: result.nextCursor };
  }

  async dispute(principal: Principal, countyCode: string, disputeId: string): Promise<DisputeView> {
    assertIdentifier(disputeId, 'disputeId');
    const county = this.county(principal, countyCode);
    const collection = await this.projections.collection<DisputeDocument>(competenceDisputesProjection.name);
    const doc = await findInCounty(collection, streamIdOf(county, COMPETENCE_DISPUTE_AGGREGATE, disputeId), county);
    if (!doc) throw new NotFoundError('DISPUTE_NOT_FOUND', `执法争议 ${disputeId} 不存在`);
    return this.disputeView(doc);
  }

  private county(principal: Principal, countyCode: string): string {
    assertCountyCode(countyCode);
    return readableCounty(principal, 'supervision.governance.read', countyCode, this.clock());
  }
}
