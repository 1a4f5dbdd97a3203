import { decisionDisclosureEventCodec } from '@lesp/contracts';
import { assertNever } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';
import { DECISION_DISCLOSURE } from '../decision-disclosure-aggregate.js';

/**
 * Every disclosure entry with its status, for the owning agency's reviewer (保密审查) and the
 * county's supervisors; never read by a public route. Masked at the source like every event
 * of this service.
 */
export interface DisclosureDocument {
  _id: string;
  _v: number;
  countyCode: string;
  actId: string;
  agencyId: string;
  status: 'pending' | 'published' | 'refused' | 'withdrawn';
  category: string;
  caseNumber: string;
  title: string;
  target: { kind: string; name: string; creditCode: string; enterprise: boolean };
  decisionNumber: string;
  outcome: string;
  legalBasis: string;
  content: string;
  fineFen: number;
  confiscationFen: number;
  decidedAt: Date;
  deadlineWorkingDays: number;
  autoPublishPoint: string;
  publishedAt?: Date;
  publishedMode?: string;
  reviewedBy?: string;
  retainUntil?: Date;
  refusalReason?: string;
  withdrawalCause?: string;
  withdrawalReason?: string;
  withdrawnAt?: Date;
  correctionNote?: string;
  correctedAt?: Date;
  typicalNote?: string;
}

export const DISCLOSURE_STATUSES = ['pending', 'published', 'refused', 'withdrawn'] as const;

export const disclosuresProjection: Projection<DisclosureDocument> = {
  name: 'public-disclosure.disclosures',
  readModel: 'rm_disclosures',
  indexes: [{ key: { countyCode: 1, agencyId: 1, status: 1, _id: 1 }, name: 'county_agency_status' }],
  handles: (eventType) => decisionDisclosureEventCodec.handles(eventType),
  async apply(record, target) {
    if (record.source !== 'public-disclosure' || record.aggregateType !== DECISION_DISCLOSURE) return;
    const event = decisionDisclosureEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    switch (event.type) {
      case 'DecisionRecordedForDisclosure': {
        const d = event.data;
        await applyVersioned(target, record.streamId, record, {
          $set: {
            actId: d.actId,
            agencyId: d.agencyId,
            status: 'pending',
            category: d.category,
            caseNumber: d.caseNumber,
            title: d.title,
            target: {
              kind: d.target?.kind ?? '',
              name: d.target?.name ?? '',
              creditCode: d.target?.creditCode ?? '',
              enterprise: d.target?.enterprise ?? false,
            },
            decisionNumber: d.decisionNumber,
            outcome: d.outcome,
            legalBasis: d.legalBasis,
            content: d.content,
            fineFen: d.fineFen,
            confiscationFen: d.confiscationFen,
            decidedAt: d.decidedAt ?? new Date(0),
            deadlineWorkingDays: d.deadlineWorkingDays,
            autoPublishPoint: d.autoPublishPoint,
          },
        });
        return;
      }
      case 'DecisionPublished':
        await applyVersioned(target, record.streamId, record, {
          $set: {
            status: 'published',
            publishedAt: event.data.publishedAt ?? record.occurredAt,
            publishedMode: event.data.mode,
            reviewedBy: event.data.reviewedBy,
            retainUntil: event.data.retainUntil ?? record.occurredAt,
          },
        });
        return;
      case 'DisclosureRefused':
        await applyVersioned(target, record.streamId, record, { $set: { status: 'refused', refusalReason: event.data.reason } });
        return;
      case 'DecisionWithdrawn':
        await applyVersioned(target, record.streamId, record, {
          $set: {
            status: 'withdrawn',
            withdrawalCause: event.data.cause,
            withdrawalReason: event.data.reason,
            withdrawnAt: event.data.withdrawnAt ?? record.occurredAt,
          },
        });
        return;
      case 'DecisionCorrected':
        await applyVersioned(target, record.streamId, record, {
          $set: { correctionNote: event.data.note, correctedAt: event.data.correctedAt ?? record.occurredAt },
        });
        return;
      case 'DecisionMarkedTypical':
        await applyVersioned(target, record.streamId, record, { $set: { typicalNote: event.data.note } });
        return;
      default:
        assertNever(event, 'disclosure event');
    }
  },
};
