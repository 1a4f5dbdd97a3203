import { decisionDisclosureEventCodec } from '@lesp/contracts';
import { ENFORCEMENT_CATEGORIES, type EnforcementCategory } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';
import type { PublishedDecisionFact } from '../../domain/statistics/index.js';

/** A decision published on the disclosure portal (rm_published_decisions), keyed `${county}/${actId}`. */
export interface PublishedDecisionDocument {
  _id: string;
  _v: number;
  countyCode: string;
  actId: string;
  agencyId: string;
  category: EnforcementCategory;
  /** The first publication (a correction published again is the same decision). */
  publishedAt: Date;
  recordedAt: Date;
}

/**
 * 行政执法结果公示 for the statistics (公示行政许可、行政处罚): public disclosure's `DecisionPublished`
 * (aggregate id = the act id) names the act's agency and category, so a report needs nothing else.
 * Guarded by the disclosure stream's version; a second publication keeps the first one's times.
 */
export const publishedDecisionsProjection: Projection<PublishedDecisionDocument> = {
  name: 'supervision.published-decisions',
  readModel: 'rm_published_decisions',
  indexes: [{ key: { countyCode: 1, _id: 1 }, name: 'county_id' }],
  handles: (eventType) => eventType === 'DecisionPublished',
  async apply(record, target) {
    if (record.source !== 'public-disclosure' || record.eventType !== 'DecisionPublished') return;
    const event = decisionDisclosureEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    if (event.type !== 'DecisionPublished') return;
    const d = event.data;
    if (!Object.hasOwn(ENFORCEMENT_CATEGORIES, d.category)) return;
    const id = `${record.countyCode}/${d.actId || record.aggregateId}`;
    const existing = await target.findOne({ _id: id });
    const first = existing && existing.countyCode === record.countyCode ? existing : undefined;
    await applyVersioned(target, id, record, {
      $set: {
        actId: d.actId || record.aggregateId,
        agencyId: d.agencyId,
        category: d.category as EnforcementCategory,
        publishedAt: first?.publishedAt ?? d.publishedAt ?? record.occurredAt,
        recordedAt: first?.recordedAt ?? record.recordedAt,
      },
    });
  },
};

export function publishedDecisionOf(doc: PublishedDecisionDocument): PublishedDecisionFact {
  return {
    countyCode: doc.countyCode,
    actId: doc.actId,
    agencyId: doc.agencyId,
    category: doc.category,
    publishedAt: doc.publishedAt,
    recordedAt: doc.recordedAt,
  };
}
