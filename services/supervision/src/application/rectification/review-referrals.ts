import { ConflictError } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';
import { addCalendarDays, chinaDayOf, startOfChinaDay } from '../../domain/calendar/china-day.js';
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.js';
import { CASE_FILE_REVIEW_AGGREGATE, rectificationGroundsOf } from '../../domain/case-file-review/index.js';
import { MAX_GROUNDS } from '../../domain/rectification/index.js';
import { caseFileReviewCodec } from '../case-file-review/review-codec.js';
import type { RectificationCommands } from './rectification-commands.js';

/** Working days an agency has to answer a notice that comes from a case-file review. */
export const REFERRAL_DEADLINE_WORKING_DAYS = 15;
const MAX_FINDINGS = 4000;

interface ReferralDocument {
  _id: string;
  _v: number;
  countyCode: string;
  rectificationIds: string[];
}

/**
 * Process manager: a case-file review's problems referred for rectification
 * (CaseFileReviewProblemsReferred) become the rectification notice the referral names, addressed
 * to the agency, resting on each problem (`rectificationGroundsOf`), due in 15 working days
 * from the referral. Issued once: the notice's id comes with the referral, so a redelivered
 * referral finds it issued (RECTIFICATION_ALREADY_ISSUED) and records nothing.
 */
export function reviewReferralsProjection(
  deps: () => { commands: RectificationCommands; calendar: () => WorkingDayCalendar } | undefined,
): Projection<ReferralDocument> {
  return {
    name: 'supervision.rectification-referrals',
    readModel: 'rm_rectification_referrals',
    handles: (eventType) => eventType === 'CaseFileReviewProblemsReferred',
    async apply(record, target) {
      if (record.source !== 'supervision' || record.aggregateType !== CASE_FILE_REVIEW_AGGREGATE) return;
      const wired = deps();
      if (!wired) throw new Error('rectification referrals: not wired yet');
      const event = caseFileReviewCodec.decode(record.eventType, record.schemaVersion, record.payload);
      if (event.type !== 'CaseFileReviewProblemsReferred') return;
      const current = await target.findOne({ _id: record.streamId }, { projection: { _v: 1 } });
      if (current && current._v >= record.version) return;
      const referral = event.data;
      const lastDay = wired.calendar().addWorkingDays(chinaDayOf(referral.referredAt), REFERRAL_DEADLINE_WORKING_DAYS);
      const findings = referral.problems.map((p, i) => `${i + 1}. ${p.description.trim()}`).join('\n');
      try {
        await wired.commands.issueResolved(
          record.countyCode,
          {
            rectificationId: referral.rectificationId,
            countyCode: record.countyCode,
            documentKind: 'notice',
            documentNumber: `案卷评查整改〔${chinaDayOf(referral.referredAt).slice(0, 4)}〕${referral.reviewId}`,
            supervisionForm: 'routine',
            agencyId: referral.agencyId,
            grounds: rectificationGroundsOf(referral).slice(0, MAX_GROUNDS),
            findings: [...`案卷评查发现问题 ${referral.problems.length} 项：\n${findings}`].slice(0, MAX_FINDINGS).join(''),
            requirements: '对评查发现的问题逐项整改，完善案卷，并在期限内书面答复整改情况',
            deadline: new Date(startOfChinaDay(addCalendarDays(lastDay, 1)).getTime() - 1),
            copiedTo: [],
            issuedBy: record.actor.userId,
            issuedAt: referral.referredAt,
          },
          { actor: record.actor, correlationId: record.correlationId, causationId: record.eventId, occurredAt: referral.referredAt },
          { idempotencyKey: `review-referral:${record.eventId}` },
        );
      } catch (error) {
        if (!(error instanceof ConflictError && error.code === 'RECTIFICATION_ALREADY_ISSUED')) throw error;
      }
      await applyVersioned(target, record.streamId, record, { $addToSet: { rectificationIds: referral.rectificationId } });
    },
  };
}
