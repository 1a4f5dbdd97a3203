import { actEventCodec } from '@lesp/contracts';
import type { EnforcementCategory } from '@lesp/core';
import { applyFoldedBatch, applyVersioned, type Projection, type StreamFold } from '@lesp/projection-runner';
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
    const id = actSummaryFold.idOf(record);
    if (id === undefined) return;
    const doc = await target.findOne({ _id: id });
    const next = actSummaryFold.evolve(doc, record, id);
    if (!next || next === doc) return;
    await applyVersioned(target, id, record, {
      $set: { actId: next.actId, agencyId: next.agencyId, category: next.category, facts: next.facts },
    });
  },
  applyBatch: (records, target) => applyFoldedBatch(records, target, actSummaryFold),
};

/** An act's events folded into its summary with `evolveActSummary`. */
const actSummaryFold: StreamFold<ActSummaryDocument> = {
  idOf: (record) => (record.source === 'case-intake' ? actKey(record.countyCode, record.aggregateId) : undefined),
  evolve(doc, record, id) {
    const event = actEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    const current = doc && doc.countyCode === record.countyCode ? summaryOf(doc) : undefined;
    const next = evolveActSummary(current, actEnvelopeOf(record, event));
    if (!next || next === current) return doc;
    return {
      _id: id,
      _v: record.version,
      countyCode: record.countyCode,
      actId: next.actId,
      agencyId: next.agencyId,
      category: next.category,
      facts: [...next.facts],
    };
  },
};
