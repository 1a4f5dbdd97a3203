import { alertEventCodec } from '@lesp/contracts';
import { assertNever, type EventRecord } from '@lesp/core';
import { applyFoldedBatch, applyVersioned, setFold, type Projection } from '@lesp/projection-runner';

/** Alerts as supervisors and agencies list them (rm_alerts), one document per alert. */
export interface AlertDocument {
  _id: string;
  _v: number;
  countyCode: string;
  alertId: string;
  ruleId: string;
  ruleVersion: number;
  packId: string;
  kind: string;
  level: string;
  status: 'open' | 'acknowledged' | 'resolved' | 'dismissed';
  agencyId: string;
  subjectType: string;
  subjectId: string;
  evidenceEventIds: string[];
  title: string;
  message: string;
  dueAt?: Date;
  raisedAt: Date;
  updatedAt: Date;
  /** Why it was closed: the curing event's reason or the supervisor's dismissal reason. */
  resolution?: string;
}

export const alertsProjection: Projection<AlertDocument> = {
  name: 'supervision.alerts',
  readModel: 'rm_alerts',
  indexes: [
    { key: { countyCode: 1, _id: 1 }, name: 'county_id' },
    { key: { countyCode: 1, status: 1, _id: 1 }, name: 'county_status_id' },
    { key: { countyCode: 1, agencyId: 1, _id: 1 }, name: 'county_agency_id' },
    { key: { countyCode: 1, ruleId: 1, _id: 1 }, name: 'county_rule_id' },
    { key: { countyCode: 1, level: 1, _id: 1 }, name: 'county_level_id' },
  ],
  handles: (eventType) => alertEventCodec.handles(eventType),
  async apply(record, target) {
    const set = alertSetOf(record);
    if (set) await applyVersioned(target, record.streamId, record, { $set: set });
  },
  applyBatch: (records, target) => applyFoldedBatch(records, target, alertFold),
};

/** What an alert event sets on its alert's document. */
function alertSetOf(record: EventRecord): Partial<AlertDocument> | undefined {
  if (record.source !== 'supervision') return undefined;
  const event = alertEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
  switch (event.type) {
    case 'AlertRaised': {
      const d = event.data;
      return {
        alertId: d.alertId,
        ruleId: d.ruleId,
        ruleVersion: d.ruleVersion,
        packId: d.packId,
        kind: d.kind,
        level: d.level,
        status: 'open',
        agencyId: d.agencyId,
        subjectType: d.subjectType,
        subjectId: d.subjectId,
        evidenceEventIds: d.evidenceEventIds,
        title: d.title,
        message: d.message,
        ...(d.dueAt ? { dueAt: d.dueAt } : {}),
        raisedAt: record.occurredAt,
        updatedAt: record.occurredAt,
      };
    }
    case 'AlertEscalated':
      return { level: event.data.level, updatedAt: record.occurredAt };
    case 'AlertAcknowledged':
      return { status: 'acknowledged', updatedAt: record.occurredAt };
    case 'AlertResolved':
      return { status: 'resolved', resolution: event.data.reason, updatedAt: record.occurredAt };
    case 'AlertDismissed':
      return { status: 'dismissed', resolution: event.data.reason, updatedAt: record.occurredAt };
    default:
      return assertNever(event, 'alert event');
  }
}

const alertFold = setFold<AlertDocument>((record) => (record.source === 'supervision' ? record.streamId : undefined), alertSetOf);
