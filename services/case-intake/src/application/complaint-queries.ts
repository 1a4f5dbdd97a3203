import { assertAllowed, readableCounty, type Principal } from '@lesp/auth';
import { NotFoundError, assertCountyCode, streamIdOf } from '@lesp/core';
import { findInCounty, readModelPage, type Page, type PageQuery, type ProjectionRunner } from '@lesp/projection-runner';
import type { Filter } from 'mongodb';
import type { ComplaintStatus } from '../domain/complaint/complaint-rules.js';
import { normalizeTrackingNumber } from './complaint-tracking.js';
import { complaintsProjection, type ComplaintDocument, type ComplaintHandlingEntry } from './projections/complaints.js';

export interface ComplaintView {
  readonly complaintId: string;
  readonly countyCode: string;
  readonly source: string;
  readonly status: ComplaintStatus;
  readonly subject: string;
  readonly summary: string;
  readonly trackingNumber: string;
  readonly anonymous: boolean;
  readonly complainantNameMasked: string;
  readonly complainantPhoneMasked: string;
  readonly concernedAgencyId: string;
  readonly agencyId: string;
  readonly receivedAt: Date;
  readonly dueAt: Date;
  readonly answeredAt?: Date;
  readonly answer?: string;
  readonly rejectionReason?: string;
  readonly handlings: readonly ComplaintHandlingEntry[];
  /** Past its due date and neither answered, closed nor rejected, as of the query. */
  readonly overdue: boolean;
  readonly version: number;
}

/** What the public portal shows for a tracking number: nothing about the complainant or the handling. */
export interface PublicComplaintStatus {
  readonly status: ComplaintStatus;
  readonly receivedAt: Date;
  readonly answeredAt?: Date;
  readonly answer?: string;
}

export interface ComplaintFilters {
  readonly status?: string;
  readonly agencyId?: string;
  readonly source?: string;
  readonly overdue?: boolean;
}

/** Statuses in which a complaint is still waiting for its answer. */
const OPEN: readonly ComplaintStatus[] = ['received', 'assigned', 'in_handling'];

export class ComplaintQueries {
  constructor(
    private readonly projections: ProjectionRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async get(principal: Principal, countyCode: string, complaintId: string): Promise<ComplaintView> {
    assertCountyCode(countyCode);
    const now = this.clock();
    const county = readableCounty(principal, 'complaint.read', countyCode, now);
    const doc = await findInCounty(await this.collection(), streamIdOf(county, 'Complaint', complaintId), county);
    if (!doc) throw notFound(complaintId);
    // A clerk reads only complaints assigned to their agency ('' = not yet assigned: nobody's).
    assertAllowed(principal, 'complaint.read', { countyCodes: [county], agencyId: doc.agencyId }, now);
    return toView(doc, now);
  }

  /** Clerks must filter on their own agency; supervisors and viewers see the whole county. */
  async list(principal: Principal, countyCode: string, filters: ComplaintFilters, page: PageQuery): Promise<Page<ComplaintView>> {
    assertCountyCode(countyCode);
    const now = this.clock();
    assertAllowed(principal, 'complaint.list', { countyCodes: [countyCode], agencyId: filters.agencyId ?? '' }, now);
    const conditions: Filter<ComplaintDocument>[] = [{ countyCode }];
    if (filters.status) conditions.push({ status: filters.status as ComplaintStatus });
    if (filters.agencyId) conditions.push({ agencyId: filters.agencyId });
    if (filters.source) conditions.push({ source: filters.source });
    if (filters.overdue) conditions.push({ status: { $in: [...OPEN] }, dueAt: { $lt: now } });
    const filter = conditions.length === 1 ? { countyCode } : { $and: conditions, countyCode };
    const result = await readModelPage(await this.collection(), filter, page);
    return { items: result.items.map((doc) => toView(doc, now)), nextCursor: result.nextCursor };
  }

  /** Public: by tracking number (查询码) alone, across counties; unknown and malformed numbers are both 404. */
  async publicStatus(trackingNumber: string): Promise<PublicComplaintStatus> {
    const normalized = normalizeTrackingNumber(trackingNumber);
    const doc = normalized === undefined ? null : await (await this.collection()).findOne({ trackingNumber: normalized });
    if (!doc) throw new NotFoundError('COMPLAINT_NOT_FOUND', '未找到该查询码对应的投诉举报，请核对后重试');
    return {
      status: doc.status,
      receivedAt: doc.receivedAt,
      ...(doc.answeredAt ? { answeredAt: doc.answeredAt } : {}),
      ...(doc.answer !== undefined ? { answer: doc.answer } : {}),
    };
  }

  private collection() {
    return this.projections.collection<ComplaintDocument>(complaintsProjection.name);
  }
}

function notFound(complaintId: string): NotFoundError {
  return new NotFoundError('COMPLAINT_NOT_FOUND', `投诉举报 ${complaintId} 不存在`);
}

export function isOverdue(doc: Pick<ComplaintDocument, 'status' | 'dueAt'>, now: Date): boolean {
  return OPEN.includes(doc.status) && doc.dueAt.getTime() < now.getTime();
}

function toView(doc: ComplaintDocument, now: Date): ComplaintView {
  return {
    complaintId: doc.complaintId,
    countyCode: doc.countyCode,
    source: doc.source,
    status: doc.status,
    subject: doc.subject,
    summary: doc.summary,
    trackingNumber: doc.trackingNumber,
    anonymous: doc.anonymous,
    complainantNameMasked: doc.complainantNameMasked,
    complainantPhoneMasked: doc.complainantPhoneMasked,
    concernedAgencyId: doc.concernedAgencyId,
    agencyId: doc.agencyId,
    receivedAt: doc.receivedAt,
    dueAt: doc.dueAt,
    ...(doc.answeredAt ? { answeredAt: doc.answeredAt } : {}),
    ...(doc.answer !== undefined ? { answer: doc.answer } : {}),
    ...(doc.rejectionReason !== undefined ? { rejectionReason: doc.rejectionReason } : {}),
    handlings: doc.handlings,
    overdue: isOverdue(doc, now),
    version: doc._v,
  };
}
