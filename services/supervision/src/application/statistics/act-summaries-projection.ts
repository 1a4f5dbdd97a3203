import { actEventCodec } from '@lesp/contracts';
import type { EnforcementCategory } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';
import { actEnvelopeOf, actKey, evolveActSummary, type ActFact, type ActSummary } from '../../domain/statistics/index.js';

/** One act as statistics keeps it (rm_act_summaries): its agency, category and the facts it counts, keyed `${county}/${actId}`. */
export interface ActSummaryDocument {
  _id: string;
  _v: number;
  countyCode: string;
  actId: string;
  agencyId: string;
  category: EnforcementCategory;
  facts: ActFact[];
}

export function summaryOf(doc: ActSummaryDocument): ActSummary {
  return {
    countyCode: doc.countyCode,
    actId: doc.actId,
    agencyId: doc.agencyId,
    category: doc.category,
    version: doc._v,
    facts: doc.facts,
  };
}

/**
 * The act summaries of statistics, from case intake's act events: each event is folded into
 * its act's summary with `evolveActSummary` (pure), read and written by `_id` (the one filter
 * FerretDB v1 serves from an index) and guarded by the stream version, so a redelivered event
 * changes nothing. A report reads a county's summaries and computes its figures as of a date.
 */
export const actSummariesProjection: Projection<ActSummaryDocument> = {
  name: 'supervision.act-summaries',
  readModel: 'rm_act_summaries',
  indexes: [
    { key: { countyCode: 1, _id: 1 }, name: 'county_id' },
    { key: { countyCode: 1, agencyId: 1, _id: 1 }, name: 'county_agency_id' },
  ],
  handles: (eventType) => actEventCodec.handles(eventType),
  async apply(record, target) {
    if (record.source !== 'case-intake') return;
    const event = actEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    const id = actKey(record.countyCode, record.aggregateId);
    const doc = await target.findOne({ _id: id });
    const current = doc && doc.countyCode === record.countyCode ? summaryOf(doc) : undefined;
    const next = evolveActSummary(current, actEnvelopeOf(record, event));
    if (!next || next === current) return;
    await applyVersioned(target, id, record, {
      $set: { actId: next.actId, agencyId: next.agencyId, category: next.category, facts: [...next.facts] },
    });
  },
};
