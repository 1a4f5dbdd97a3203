import { actEventCodec, alertEventCodec } from '@lesp/contracts';
import { assertNever } from '@lesp/core';
import { isDuplicateKeyError } from '@lesp/event-store';
import { applyVersioned, type Projection } from '@lesp/projection-runner';
import type { Collection } from 'mongodb';
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

/**
 * The alert streams raised on one act (`_id` = `act:${county}/${actId}`), in the same
 * collection: a linked act's alerts are then read by `_id` (its list, then each alert), where a
 * filter on the act would read every alert of every county on FerretDB v1.
 */
export interface ActAlertsDocument {
  _id: string;
  countyCode: string;
  alertStreamIds: string[];
}

export const actAlertsId = (countyCode: string, actId: string) => `act:${countyCode}/${actId}`;

export const sharedAlertsProjection: Projection<SharedAlertDocument> = {
  name: 'cross-region.shared-alerts',
  readModel: 'rm_shared_alerts',
  handles: (eventType) => alertEventCodec.handles(eventType),
  async apply(record, target) {
    if (record.source !== 'supervision') return;
    const event = alertEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    switch (event.type) {
      case 'AlertRaised': {
        const d = event.data;
        if (d.subjectType === 'act')
          await listUnderAct(target as unknown as Collection<ActAlertsDocument>, record.countyCode, d.subjectId, record.streamId);
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

/** Adds an alert stream to its act's list (idempotent: a set). Before the alert's own document, so a reader never misses it. */
async function listUnderAct(target: Collection<ActAlertsDocument>, countyCode: string, actId: string, alertStreamId: string) {
  const update = { $set: { countyCode }, $addToSet: { alertStreamIds: alertStreamId } };
  try {
    await target.updateOne({ _id: actAlertsId(countyCode, actId) }, update, { upsert: true });
  } catch (error) {
    // Two first alerts of one act raced to create the list: the second is an update now.
    if (!isDuplicateKeyError(error)) throw error;
    await target.updateOne({ _id: actAlertsId(countyCode, actId) }, update);
  }
}
