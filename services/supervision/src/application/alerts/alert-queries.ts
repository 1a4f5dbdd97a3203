import { assertAllowed, readableCounty, type Principal } from '@lesp/auth';
import { assertCountyCode, assertIdentifier, NotFoundError, ValidationError } from '@lesp/core';
import { readModelPage, type Page, type PageQuery, type ProjectionRunner } from '@lesp/projection-runner';
import type { Filter } from 'mongodb';
import { alertsProjection, type AlertDocument } from '../projections/alerts.js';

export interface AlertView {
  readonly alertId: string;
  readonly countyCode: string;
  readonly ruleId: string;
  readonly ruleVersion: number;
  readonly packId: string;
  readonly kind: string;
  readonly level: string;
  readonly status: string;
  readonly agencyId: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly evidenceEventIds: readonly string[];
  readonly title: string;
  readonly message: string;
  readonly dueAt?: Date;
  readonly raisedAt: Date;
  readonly resolution: string;
  readonly version: number;
}

export interface AlertFilter {
  readonly agencyId?: string;
  readonly ruleId?: string;
  readonly level?: string;
  readonly status?: string;
}

export const ALERT_LEVEL_VALUES = ['blue', 'yellow', 'red'] as const;
export const ALERT_STATUS_VALUES = ['open', 'acknowledged', 'resolved', 'dismissed'] as const;

function viewOf(doc: AlertDocument): AlertView {
  return {
    alertId: doc.alertId,
    countyCode: doc.countyCode,
    ruleId: doc.ruleId,
    ruleVersion: doc.ruleVersion,
    packId: doc.packId,
    kind: doc.kind,
    level: doc.level,
    status: doc.status,
    agencyId: doc.agencyId,
    subjectType: doc.subjectType,
    subjectId: doc.subjectId,
    evidenceEventIds: doc.evidenceEventIds,
    title: doc.title,
    message: doc.message,
    ...(doc.dueAt ? { dueAt: doc.dueAt } : {}),
    raisedAt: doc.raisedAt,
    resolution: doc.resolution ?? '',
    version: doc._v,
  };
}

export class AlertQueries {
  constructor(
    private readonly projections: ProjectionRunner,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** A clerk sees only their own agency's alerts, whatever agency they ask for. */
  async list(principal: Principal, countyCode: string, filter: AlertFilter, page: PageQuery): Promise<Page<AlertView>> {
    assertCountyCode(countyCode);
    if (filter.level && !(ALERT_LEVEL_VALUES as readonly string[]).includes(filter.level)) {
      throw ValidationError.of('level', 'ALERT_LEVEL_UNKNOWN', '预警级别应为 blue、yellow 或 red');
    }
    if (filter.status && !(ALERT_STATUS_VALUES as readonly string[]).includes(filter.status)) {
      throw ValidationError.of('status', 'ALERT_STATUS_UNKNOWN', '预警状态应为 open、acknowledged、resolved 或 dismissed');
    }
    const ownAgency = principal.kind !== 'public' && principal.role === 'agency_clerk' ? principal.agencyId : undefined;
    const agencyId = ownAgency ?? filter.agencyId;
    const county = readableCounty(principal, 'supervision.alert.list', countyCode, this.clock());
    const query: Filter<AlertDocument> & { countyCode: string } = { countyCode: county };
    if (agencyId) query.agencyId = agencyId;
    if (filter.ruleId) query.ruleId = filter.ruleId;
    if (filter.level) query.level = filter.level;
    if (filter.status) query.status = filter.status as AlertDocument['status'];
    const collection = await this.projections.collection<AlertDocument>(alertsProjection.name);
    const result = await readModelPage(collection, query, page);
    return { items: result.items.map(viewOf), nextCursor: result.nextCursor };
  }

  async get(principal: Principal, countyCode: string, alertId: string): Promise<AlertView> {
    assertCountyCode(countyCode);
    assertIdentifier(alertId, 'alertId');
    const county = readableCounty(principal, 'supervision.alert.read', countyCode, this.clock());
    const collection = await this.projections.collection<AlertDocument>(alertsProjection.name);
    // By _id alone (the one filter FerretDB v1 serves from an index); the id carries the county, checked again here.
    const doc = await collection.findOne({ _id: `${county}/Alert/${alertId}` });
    if (!doc || doc.countyCode !== county) throw new NotFoundError('ALERT_NOT_FOUND', '预警不存在');
    assertAllowed(principal, 'supervision.alert.read', { countyCodes: [county], agencyId: doc.agencyId }, this.clock());
    return viewOf(doc);
  }
}
