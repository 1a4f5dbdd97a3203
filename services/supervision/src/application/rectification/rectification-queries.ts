import { assertAllowed, readableCounty, type Principal } from '@lesp/auth';
import { assertCountyCode, assertIdentifier, NotFoundError, ValidationError } from '@lesp/core';
import { findInCounty, readModelPage, type Page, type PageQuery, type ProjectionRunner } from '@lesp/projection-runner';
import type { Filter } from 'mongodb';
import type { RecordedGround } from '../../domain/rectification/index.js';
import type { RectificationDocument, rectificationsProjection } from './rectifications-projection.js';

export const RECTIFICATION_STATUS_VALUES = ['awaiting_reply', 'replied', 'accepted', 'closed'] as const;

export interface RectificationView {
  readonly rectificationId: string;
  readonly countyCode: string;
  readonly agencyId: string;
  readonly documentKind: string;
  readonly documentNumber: string;
  readonly supervisionForm: string;
  readonly status: string;
  /** A reply is owed and the deadline in force has passed. */
  readonly overdue: boolean;
  readonly grounds: readonly {
    readonly kind: string;
    readonly alertId: string;
    readonly reviewId: string;
    readonly problemId: string;
    readonly planId: string;
    readonly targetId: string;
    readonly description: string;
  }[];
  readonly findings: string;
  readonly requirements: string;
  readonly deadline: Date;
  readonly copiedTo: readonly { readonly name: string; readonly relation: string }[];
  readonly issuedBy: string;
  readonly issuedAt: Date;
  readonly measures: readonly string[];
  readonly explanation: string;
  readonly repliedAt?: Date;
  readonly repliedLate: boolean;
  readonly returns: number;
  readonly escalationLevel: number;
  readonly lastOpinion: string;
  readonly outcome: string;
  readonly publicSummary: string;
  readonly closedAt?: Date;
  readonly accountabilityRecorded: boolean;
  readonly version: number;
}

export interface RectificationFilter {
  readonly agencyId?: string;
  readonly status?: string;
  readonly overdueOnly?: boolean;
}

function groundView(ground: RecordedGround) {
  return {
    kind: ground.kind,
    alertId: ground.kind === 'alert' ? ground.alertId : '',
    reviewId: ground.kind === 'case_file_problem' ? ground.reviewId : '',
    problemId: ground.kind === 'case_file_problem' ? ground.problemId : '',
    planId: ground.kind === 'inspection_finding' ? ground.planId : '',
    targetId: ground.kind === 'inspection_finding' ? ground.targetId : '',
    description: ground.kind === 'alert' ? '' : ground.description,
  };
}

export function rectificationView(doc: RectificationDocument, now: Date): RectificationView {
  return {
    rectificationId: doc.rectificationId,
    countyCode: doc.countyCode,
    agencyId: doc.agencyId,
    documentKind: doc.documentKind,
    documentNumber: doc.documentNumber,
    supervisionForm: doc.supervisionForm,
    status: doc.status,
    overdue: doc.status === 'awaiting_reply' && doc.deadline.getTime() < now.getTime(),
    grounds: doc.grounds.map(groundView),
    findings: doc.findings,
    requirements: doc.requirements,
    deadline: doc.deadline,
    copiedTo: doc.copiedTo,
    issuedBy: doc.issuedBy,
    issuedAt: doc.issuedAt,
    measures: doc.measures,
    explanation: doc.explanation,
    ...(doc.repliedAt ? { repliedAt: doc.repliedAt } : {}),
    repliedLate: doc.repliedLate,
    returns: doc.returns,
    escalationLevel: doc.escalationLevel,
    lastOpinion: doc.lastOpinion,
    outcome: doc.outcome ?? '',
    publicSummary: doc.publicSummary ?? '',
    ...(doc.closedAt ? { closedAt: doc.closedAt } : {}),
    accountabilityRecorded: doc.accountabilityRecorded,
    version: doc._v,
  };
}

/** Reads of rm_rectifications: every query filters on the caller's county; clerks see only their own agency's. */
export class RectificationQueries {
  constructor(
    private readonly projections: ProjectionRunner,
    private readonly projection: ReturnType<typeof rectificationsProjection>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(principal: Principal, countyCode: string, filter: RectificationFilter, page: PageQuery): Promise<Page<RectificationView>> {
    assertCountyCode(countyCode);
    if (filter.status && !(RECTIFICATION_STATUS_VALUES as readonly string[]).includes(filter.status)) {
      throw ValidationError.of('status', 'RECTIFICATION_STATUS_UNKNOWN', `整改状态应为 ${RECTIFICATION_STATUS_VALUES.join('、')}`);
    }
    if (filter.agencyId) assertIdentifier(filter.agencyId, 'agencyId');
    const ownAgency = principal.kind !== 'public' && principal.role === 'agency_clerk' ? principal.agencyId : undefined;
    const agencyId = ownAgency ?? filter.agencyId;
    const county = readableCounty(principal, 'supervision.rectification.list', countyCode, this.clock());
    const now = this.clock();
    const query: Filter<RectificationDocument> & { countyCode: string } = { countyCode: county };
    if (agencyId) query.agencyId = agencyId;
    if (filter.overdueOnly) {
      if (filter.status && filter.status !== 'awaiting_reply') return { items: [], nextCursor: '' };
      query.status = 'awaiting_reply';
      query.deadline = { $lt: now };
    } else if (filter.status) {
      query.status = filter.status as RectificationDocument['status'];
    }
    const collection = await this.projections.collection<RectificationDocument>(this.projection.name);
    const result = await readModelPage(collection, query, page);
    return { items: result.items.map((doc) => rectificationView(doc, now)), nextCursor: result.nextCursor };
  }

  async get(principal: Principal, countyCode: string, rectificationId: string): Promise<RectificationView> {
    assertCountyCode(countyCode);
    assertIdentifier(rectificationId, 'rectificationId');
    const county = readableCounty(principal, 'supervision.rectification.read', countyCode, this.clock());
    const collection = await this.projections.collection<RectificationDocument>(this.projection.name);
    const doc = await findInCounty(collection, `${county}/Rectification/${rectificationId}`, county);
    if (!doc) throw new NotFoundError('RECTIFICATION_NOT_FOUND', `整改 ${rectificationId} 不存在`);
    assertAllowed(principal, 'supervision.rectification.read', { countyCodes: [county], agencyId: doc.agencyId }, this.clock());
    return rectificationView(doc, this.clock());
  }

  /** For the deadline timer: whom the notice was copied to (they are told when it is overdue). */
  async copiedTo(countyCode: string, rectificationId: string): Promise<{ name: string; relation: string }[]> {
    const collection = await this.projections.collection<RectificationDocument>(this.projection.name);
    const doc = await findInCounty(collection, `${countyCode}/Rectification/${rectificationId}`, countyCode);
    return doc?.copiedTo ?? [];
  }
}
