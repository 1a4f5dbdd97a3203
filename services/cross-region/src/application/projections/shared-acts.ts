import { actEventCodec, alertEventCodec } from '@lesp/contracts';
import { assertNever } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';
import { penaltyRulesUsed, provincesCited } from '../../domain/jurisdiction/penalty-rules.js';

/**
 * Case intake's acts as this service keeps them, to show a handling county's acts linked to
 * an incident to the supervising counties (this service never reads another's database).
 * No target: the party's name and ID number stay in case intake.
 */
export interface SharedActDocument {
  /** `${county}/${actId}`. */
  _id: string;
  _v: number;
  countyCode: string;
  actId: string;
  agencyId: string;
  category: string;
  caseNumber: string;
  status: 'open' | 'decided' | 'closed';
  openedAt: Date;
  decidedAt?: Date;
  fineFen: number;
  steps: string[];
  /** Jurisdiction-specific penalty rules the decision applied, and provinces whose regulations it cites (ids only, no text). */
  rulesUsed?: string[];
  provincesCited?: string[];
}

export const sharedActId = (countyCode: string, actId: string) => `${countyCode}/${actId}`;

export const sharedActsProjection: Projection<SharedActDocument> = {
  name: 'cross-region.shared-acts',
  readModel: 'rm_shared_acts',
  handles: (eventType) => actEventCodec.handles(eventType),
  async apply(record, target) {
    if (record.source !== 'case-intake') return;
    const event = actEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    const id = sharedActId(record.countyCode, record.aggregateId);
    const step = { $push: { steps: event.type } };
    switch (event.type) {
      case 'ApplicationReceived':
      case 'CaseFiled': {
        const o = event.data.opening;
        await applyVersioned(target, id, record, {
          $set: {
            actId: record.aggregateId,
            agencyId: o?.agencyId ?? '',
            category: o?.category ?? '',
            caseNumber: o?.caseNumber ?? '',
            status: 'open',
            openedAt: o?.occurredAt ?? record.occurredAt,
            fineFen: 0,
            steps: [event.type],
          },
        });
        return;
      }
      case 'DecisionMade':
        await applyVersioned(target, id, record, {
          $set: {
            status: 'decided',
            decidedAt: event.data.occurredAt ?? record.occurredAt,
            fineFen: event.data.fineFen,
            rulesUsed: penaltyRulesUsed(`${event.data.legalBasis} ${event.data.outcome} ${event.data.content}`),
            provincesCited: provincesCited(event.data.legalBasis),
          },
          ...step,
        });
        return;
      case 'ActClosed':
        await applyVersioned(target, id, record, { $set: { status: 'closed' }, ...step });
        return;
      case 'ApplicationDecidedOnAcceptance':
      case 'EvidenceCollected':
      case 'HearingNoticed':
      case 'HearingHeld':
      case 'LegalReviewCompleted':
      case 'DecisionServed':
      case 'ExecutionRecorded':
      case 'CourtEnforcementApplied':
      case 'ActArchived':
      case 'MajorPenaltyFiled':
      case 'CriminalReferralMade':
      case 'ReconsiderationDecided':
      case 'LitigationJudged':
        await applyVersioned(target, id, record, step);
        return;
      default:
        assertNever(event, 'act event');
    }
  },
};

/** Supervision's alerts on acts, to show with the linked acts. One per alert stream. */
export interface SharedAlertDocument {
  _id: string;
  _v: number;
  countyCode: string;
  alertId: string;
  actId: string;
  ruleId: string;
  level: string;
  status: 'open' | 'acknowledged' | 'resolved' | 'dismissed';
  title: string;
  message: string;
}

export const sharedAlertsProjection: Projection<SharedAlertDocument> = {
  name: 'cross-region.shared-alerts',
  readModel: 'rm_shared_alerts',
  indexes: [{ key: { countyCode: 1, actId: 1 }, name: 'county_act' }],
  handles: (eventType) => alertEventCodec.handles(eventType),
  async apply(record, target) {
    if (record.source !== 'supervision') return;
    const event = alertEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    switch (event.type) {
      case 'AlertRaised': {
        const d = event.data;
        await applyVersioned(target, record.streamId, record, {
          $set: {
            alertId: d.alertId,
            actId: d.subjectType === 'act' ? d.subjectId : '',
            ruleId: d.ruleId,
            level: d.level,
            status: 'open',
            title: d.title,
            message: d.message,
          },
        });
        return;
      }
      case 'AlertEscalated':
        await applyVersioned(target, record.streamId, record, { $set: { level: event.data.level } });
        return;
      case 'AlertAcknowledged':
        await applyVersioned(target, record.streamId, record, { $set: { status: 'acknowledged' } });
        return;
      case 'AlertResolved':
        await applyVersioned(target, record.streamId, record, { $set: { status: 'resolved' } });
        return;
      case 'AlertDismissed':
        await applyVersioned(target, record.streamId, record, { $set: { status: 'dismissed' } });
        return;
      default:
        assertNever(event, 'alert event');
    }
  },
};
