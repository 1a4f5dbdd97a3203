import { actEventCodec } from '@lesp/contracts';
import { assertNever, maskPersonName } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';

/** One document per act: what act search filters on and lists. No unmasked personal data. */
export interface ActSearchDocument {
  _id: string;
  _v: number;
  countyCode: string;
  actId: string;
  agencyId: string;
  category: string;
  caseNumber: string;
  title: string;
  itemCode: string;
  status: 'open' | 'rejected' | 'decided' | 'closed' | 'archived';
  targetKind: string;
  /** Natural persons masked (张*三); organisations by name. */
  targetName: string;
  targetCreditCode: string;
  enterprise: boolean;
  major: boolean;
  delegationId: string;
  /** Why the delegation did not cover the act when it happened; empty when covered or not delegated. */
  delegationGap: string;
  /** Every officer named in any step. */
  officerIds: string[];
  openedAt: Date;
  decidedAt?: Date;
  closedAt?: Date;
  decisionOutcome?: string;
  fineFen?: number;
  lastRecordedAt: Date;
}

export const actSearchProjection: Projection<ActSearchDocument> = {
  name: 'case-intake.act-search',
  readModel: 'rm_acts',
  indexes: [
    { key: { countyCode: 1, openedAt: -1 }, name: 'county_opened' },
    { key: { countyCode: 1, agencyId: 1, openedAt: -1 }, name: 'county_agency_opened' },
    { key: { countyCode: 1, category: 1, openedAt: -1 }, name: 'county_category_opened' },
    { key: { countyCode: 1, status: 1 }, name: 'county_status' },
    { key: { countyCode: 1, officerIds: 1 }, name: 'county_officer' },
    { key: { countyCode: 1, targetCreditCode: 1 }, name: 'county_target' },
  ],
  handles: (eventType) => actEventCodec.handles(eventType),
  async apply(record, target) {
    const event = actEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    const at = { lastRecordedAt: record.recordedAt };
    switch (event.type) {
      case 'ApplicationReceived':
      case 'CaseFiled': {
        const opening = event.data.opening;
        if (!opening) return;
        const person = opening.target?.kind === 'natural_person';
        await applyVersioned(target, record.streamId, record, {
          $set: {
            ...at,
            actId: opening.actId,
            agencyId: opening.agencyId,
            category: opening.category,
            caseNumber: opening.caseNumber,
            title: opening.title,
            itemCode: opening.itemCode,
            status: 'open',
            targetKind: opening.target?.kind ?? '',
            targetName: person ? maskPersonName(opening.target?.name ?? '') : (opening.target?.name ?? ''),
            targetCreditCode: person ? '' : (opening.target?.creditCode ?? ''),
            enterprise: opening.target?.enterprise ?? false,
            major: opening.major,
            delegationId: opening.delegationId,
            delegationGap: opening.delegationGap,
            openedAt: opening.occurredAt ?? record.occurredAt,
          },
          $addToSet: { officerIds: { $each: opening.officerIds } },
        });
        return;
      }
      case 'ApplicationDecidedOnAcceptance':
        await applyVersioned(target, record.streamId, record, {
          $set: { ...at, ...(event.data.accepted ? {} : { status: 'rejected' as const }) },
        });
        return;
      case 'DecisionMade':
        await applyVersioned(target, record.streamId, record, {
          $set: {
            ...at,
            status: 'decided',
            decidedAt: record.occurredAt,
            decisionOutcome: event.data.outcome,
            fineFen: event.data.fineFen,
          },
          $addToSet: { officerIds: { $each: event.data.officerIds } },
        });
        return;
      case 'ActClosed':
        await applyVersioned(target, record.streamId, record, {
          $set: { ...at, status: 'closed', closedAt: record.occurredAt },
          $addToSet: { officerIds: { $each: event.data.officerIds } },
        });
        return;
      case 'ActArchived':
        await applyVersioned(target, record.streamId, record, { $set: { ...at, status: 'archived' } });
        return;
      case 'EvidenceCollected':
      case 'HearingNoticed':
      case 'HearingHeld':
      case 'DecisionServed':
      case 'ExecutionRecorded':
      case 'CourtEnforcementApplied':
        await applyVersioned(target, record.streamId, record, { $set: at, $addToSet: { officerIds: { $each: event.data.officerIds } } });
        return;
      case 'LegalReviewCompleted':
      case 'MajorPenaltyFiled':
      case 'CriminalReferralMade':
      case 'ReconsiderationDecided':
      case 'LitigationJudged':
        await applyVersioned(target, record.streamId, record, { $set: at });
        return;
      default:
        assertNever(event, 'act event');
    }
  },
};
