import { alertEventCodec } from '@lesp/contracts';
import { assertNever } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';

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
    if (record.source !== 'supervision') return;
    const event = alertEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    const id = record.streamId;
    switch (event.type) {
      case 'AlertRaised': {
        const d = event.data;
        await applyVersioned(target, id, record, {
          $set: {
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
          },
        });
        return;
      }
      case 'AlertEscalated':
        await applyVersioned(target, id, record, { $set: { level: event.data.level, updatedAt: record.occurredAt } });
        return;
      case 'AlertAcknowledged':
        await applyVersioned(target, id, record, { $set: { status: 'acknowledged', updatedAt: record.occurredAt } });
        return;
      case 'AlertResolved':
        await applyVersioned(target, id, record, {
          $set: { status: 'resolved', resolution: event.data.reason, updatedAt: record.occurredAt },
        });
        return;
      case 'AlertDismissed':
        await applyVersioned(target, id, record, {
          $set: { status: 'dismissed', resolution: event.data.reason, updatedAt: record.occurredAt },
        });
        return;
      default:
        assertNever(event, 'alert event');
    }
  },
};
