import { agencyEvaluationEventCodec } from '@lesp/contracts';
import { assertNever } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';
import type { EvaluationInput, EvaluationResult, EvaluationScheme } from '../../domain/evaluation/index.js';
import { agencyEvaluationCodec } from './evaluation-codec.js';

/** One agency's evaluation of a year (rm_agency_evaluations), `_id` = its stream id. */
export interface EvaluationDocument {
  _id: string;
  _v: number;
  countyCode: string;
  evaluationId: string;
  agencyId: string;
  year: number;
  status: 'recorded' | 'published';
  scheme: EvaluationScheme;
  /** The figures and scores the result in force came from (figure keys are identifiers: safe as field names). */
  input: EvaluationInput;
  result: EvaluationResult;
  revisions: { reason: string; revisedBy: string; revisedAt: Date }[];
  evaluatedBy: string;
  evaluatedAt: Date;
  publishedAt?: Date;
  updatedAt: Date;
}

export const agencyEvaluationsProjection: Projection<EvaluationDocument> = {
  name: 'supervision.agency-evaluations',
  readModel: 'rm_agency_evaluations',
  indexes: [{ key: { countyCode: 1, year: 1, _id: 1 }, name: 'county_year_id' }],
  handles: (eventType) => agencyEvaluationEventCodec.handles(eventType),
  async apply(record, target) {
    if (record.source !== 'supervision') return;
    const event = agencyEvaluationCodec.decode(record.eventType, record.schemaVersion, record.payload);
    const id = record.streamId;
    const at = record.occurredAt;
    switch (event.type) {
      case 'AgencyEvaluated': {
        const d = event.data;
        await applyVersioned(target, id, record, {
          $set: {
            evaluationId: d.evaluationId,
            agencyId: d.input.agencyId,
            year: d.input.year,
            status: 'recorded',
            scheme: d.scheme,
            input: d.input,
            result: d.result,
            revisions: [],
            evaluatedBy: d.evaluatedBy,
            evaluatedAt: d.evaluatedAt,
            updatedAt: at,
          },
        });
        return;
      }
      case 'AgencyEvaluationRevised': {
        const d = event.data;
        await applyVersioned(target, id, record, {
          $set: { input: d.input, result: d.result, updatedAt: at },
          $push: { revisions: { reason: d.reason, revisedBy: d.revisedBy, revisedAt: d.revisedAt } },
        });
        return;
      }
      case 'AgencyEvaluationPublished':
        await applyVersioned(target, id, record, { $set: { status: 'published', publishedAt: event.data.publishedAt, updatedAt: at } });
        return;
      default:
        assertNever(event, 'agency evaluation event');
    }
  },
};
