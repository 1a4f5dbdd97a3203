import { assertAllowed, type Principal } from '@lesp/auth';
import { ValidationError, assertCountyCode } from '@lesp/core';
import { readModelPage, type Page, type PageQuery, type ProjectionRunner } from '@lesp/projection-runner';
import { DISCLOSURE_STATUSES, disclosuresProjection, type DisclosureDocument } from './projections/disclosures.js';

export interface DisclosureView {
  readonly actId: string;
  readonly agencyId: string;
  readonly status: DisclosureDocument['status'];
  readonly category: string;
  readonly caseNumber: string;
  readonly title: string;
  readonly target: DisclosureDocument['target'];
  readonly decisionNumber: string;
  readonly outcome: string;
  readonly legalBasis: string;
  readonly content: string;
  readonly fineFen: number;
  readonly confiscationFen: number;
  readonly decidedAt: Date;
  readonly deadlineWorkingDays: number;
  readonly publishedAt?: Date;
  readonly refusalReason: string;
  readonly withdrawalCause: string;
  readonly withdrawalReason: string;
  readonly correctionNote: string;
  readonly version: number;
}

/**
 * The reviewer's list (待保密审查 and the rest): a clerk reads only their own agency's entries,
 * supervisors and regional viewers the county's. Checked again here, after the edge.
 */
export class DisclosureQueries {
  constructor(
    private readonly projections: ProjectionRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(
    principal: Principal,
    countyCode: string,
    query: { agencyId?: string; status?: string },
    page: PageQuery,
  ): Promise<Page<DisclosureView>> {
    assertCountyCode(countyCode);
    const agencyId = principal.role === 'agency_clerk' ? query.agencyId || principal.agencyId : query.agencyId;
    assertAllowed(principal, 'disclosure.read', { countyCodes: [countyCode], ...(agencyId ? { agencyId } : {}) }, this.clock());
    if (principal.role === 'agency_clerk' && !agencyId)
      throw ValidationError.of('agencyId', 'AGENCY_ID_REQUIRED', '请指定本单位的执法主体编号');
    if (query.status && !(DISCLOSURE_STATUSES as readonly string[]).includes(query.status)) {
      throw ValidationError.of('status', 'DISCLOSURE_STATUS_INVALID', `状态应为 ${DISCLOSURE_STATUSES.join('、')} 之一`);
    }
    const collection = await this.projections.collection<DisclosureDocument>(disclosuresProjection.name);
    const result = await readModelPage(
      collection,
      { countyCode, ...(agencyId ? { agencyId } : {}), ...(query.status ? { status: query.status as DisclosureDocument['status'] } : {}) },
      page,
    );
    return { items: result.items.map(toView), nextCursor: result.nextCursor };
  }
}

function toView(doc: DisclosureDocument): DisclosureView {
  return {
    actId: doc.actId,
    agencyId: doc.agencyId,
    status: doc.status,
    category: doc.category,
    caseNumber: doc.caseNumber,
    title: doc.title,
    target: doc.target,
    decisionNumber: doc.decisionNumber,
    outcome: doc.outcome,
    legalBasis: doc.legalBasis,
    content: doc.content,
    fineFen: doc.fineFen,
    confiscationFen: doc.confiscationFen,
    decidedAt: doc.decidedAt,
    deadlineWorkingDays: doc.deadlineWorkingDays,
    ...(doc.publishedAt ? { publishedAt: doc.publishedAt } : {}),
    refusalReason: doc.refusalReason ?? '',
    withdrawalCause: doc.withdrawalCause ?? '',
    withdrawalReason: doc.withdrawalReason ?? '',
    correctionNote: doc.correctionNote ?? '',
    version: doc._v,
  };
}
