import { NotFoundError } from '@lesp/core';
import type { ProjectionRunner } from '@lesp/projection-runner';
import { checkedTrackingNumber, complaintStatusProjection, type ComplaintStatusDocument } from './projections/complaint-status.js';

/** A complaint's public status (投诉举报办理进度): what the status page shows, never the complainant, subject or notes. */
export interface PublicComplaintStatusView {
  readonly trackingNumber: string;
  readonly countyCode: string;
  readonly status: ComplaintStatusDocument['status'];
  readonly receivedAt?: Date;
  readonly answeredAt?: Date;
  readonly answer: string;
}

/** Looks a complaint up by the tracking number case intake gave (normalised as case intake does), by `_id`. */
export class ComplaintStatusQueries {
  constructor(private readonly projections: ProjectionRunner) {}

  async byTrackingNumber(input: string): Promise<PublicComplaintStatusView> {
    const number = checkedTrackingNumber(input);
    const collection = await this.projections.collection<ComplaintStatusDocument>(complaintStatusProjection.name);
    const doc = await collection.findOne({ _id: `tn:${number}` });
    if (!doc) throw new NotFoundError('COMPLAINT_NOT_FOUND', '没有该查询码对应的投诉举报（刚提交的请稍后再查）');
    return {
      trackingNumber: number,
      countyCode: doc.countyCode,
      status: doc.status,
      ...(doc.receivedAt ? { receivedAt: doc.receivedAt } : {}),
      ...(doc.answeredAt ? { answeredAt: doc.answeredAt } : {}),
      answer: doc.answer ?? '',
    };
  }
}
