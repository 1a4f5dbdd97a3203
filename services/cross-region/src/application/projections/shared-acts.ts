import { actEventCodec, alertEventCodec } from '@lesp/contracts';
import { assertNever, type EventRecord } from '@lesp/core';
import { addToListDocument, applyFoldedBatch, applyVersioned, setFold, type Projection, type StreamFold } from '@lesp/projection-runner';
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
    const id = sharedActFold.idOf(record);
    if (id === undefined) return;
    const step = sharedActStep(record);
    await applyVersioned(target, id, record, {
      ...(step.set ? { $set: step.set } : {}),
      ...(step.push ? { $push: { steps: step.push } } : {}),
    });
  },
  applyBatch: (records, target) => applyFoldedBatch(records, target, sharedActFold),
};

/** What an act event does to its shared act: fields it sets, the step it records (an opening sets the steps to itself). */
function sharedActStep(record: EventRecord): { readonly set?: Partial<SharedActDocument>; readonly push?: string } {
  const event = actEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
  switch (event.type) {
    case 'ApplicationReceived':
    case 'CaseFiled': {
      const o = event.data.opening;
      return {
        set: {
          actId: record.aggregateId,
          agencyId: o?.agencyId ?? '',
          category: o?.category ?? '',
          caseNumber: o?.caseNumber ?? '',
          status: 'open',
          openedAt: o?.occurredAt ?? record.occurredAt,
          fineFen: 0,
          steps: [event.type],
        },
      };
    }
    case 'DecisionMade':
      return {
        set: {
          status: 'decided',
          decidedAt: event.data.occurredAt ?? record.occurredAt,
          fineFen: event.data.fineFen,
          rulesUsed: penaltyRulesUsed(`${event.data.legalBasis} ${event.data.outcome} ${event.data.content}`),
          provincesCited: provincesCited(event.data.legalBasis),
        },
        push: event.type,
      };
    case 'ActClosed':
      return { set: { status: 'closed' }, push: event.type };
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
      return { push: event.type };
    default:
      return assertNever(event, 'act event');
  }
}

/** The same steps folded in memory, for a batch: `$set` then `$push`, as one by one. */
const sharedActFold: StreamFold<SharedActDocument> = {
  idOf: (record) => (record.source === 'case-intake' ? sharedActId(record.countyCode, record.aggregateId) : undefined),
  evolve(doc, record, id) {
    const { set, push } = sharedActStep(record);
    const next = { ...(doc ?? { _id: id }), ...set } as SharedActDocument;
    if (push !== undefined) next.steps = [...(next.steps ?? []), push];
    return next;
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
    const listed = actListedUnder(record);
    if (listed) await listUnderAct(target as unknown as Collection<ActAlertsDocument>, record.countyCode, listed, [record.streamId]);
    const set = sharedAlertSetOf(record);
    if (set) await applyVersioned(target, record.streamId, record, { $set: set });
  },
  async applyBatch(records, target) {
    // As one by one: the acts' lists before the alerts' own documents.
    const lists = new Map<string, { countyCode: string; actId: string; alertStreamIds: string[] }>();
    for (const record of records) {
      const actId = record.source === 'supervision' ? actListedUnder(record) : undefined;
      if (!actId) continue;
      const key = actAlertsId(record.countyCode, actId);
      const list = lists.get(key) ?? { countyCode: record.countyCode, actId, alertStreamIds: [] };
      list.alertStreamIds.push(record.streamId);
      lists.set(key, list);
    }
    await applyFoldedBatch(records, target, sharedAlertFold, {
      beforeWrite: async () => {
        for (const list of lists.values())
          await listUnderAct(target as unknown as Collection<ActAlertsDocument>, list.countyCode, list.actId, list.alertStreamIds);
      },
    });
  },
};

/** The act an alert is listed under: that of an alert raised on an act. */
function actListedUnder(record: EventRecord): string | undefined {
  if (record.eventType !== 'AlertRaised') return undefined;
  const event = alertEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
  return event.type === 'AlertRaised' && event.data.subjectType === 'act' ? event.data.subjectId : undefined;
}

/** What an alert event sets on the shared alert. */
function sharedAlertSetOf(record: EventRecord): Partial<SharedAlertDocument> | undefined {
  if (record.source !== 'supervision') return undefined;
  const event = alertEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
  switch (event.type) {
    case 'AlertRaised': {
      const d = event.data;
      return {
        alertId: d.alertId,
        actId: d.subjectType === 'act' ? d.subjectId : '',
        ruleId: d.ruleId,
        level: d.level,
        status: 'open',
        title: d.title,
        message: d.message,
      };
    }
    case 'AlertEscalated':
      return { level: event.data.level };
    case 'AlertAcknowledged':
      return { status: 'acknowledged' };
    case 'AlertResolved':
      return { status: 'resolved' };
    case 'AlertDismissed':
      return { status: 'dismissed' };
    default:
      return assertNever(event, 'alert event');
  }
}

const sharedAlertFold = setFold<SharedAlertDocument>(
  (record) => (record.source === 'supervision' ? record.streamId : undefined),
  sharedAlertSetOf,
);

/** Adds alert streams to their act's list (idempotent: a set). Before the alerts' own documents, so a reader never misses one. */
async function listUnderAct(target: Collection<ActAlertsDocument>, countyCode: string, actId: string, alertStreamIds: readonly string[]) {
  await addToListDocument(target, actAlertsId(countyCode, actId), {
    $set: { countyCode },
    $addToSet: { alertStreamIds: { $each: [...alertStreamIds] } },
  });
}
