import { randomInspectionEventCodec, rectificationEventCodec } from '@lesp/contracts';
import { assertNever, maskPersonName } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';
import { NO_TARGET, scrubText } from '../../domain/masking.js';

/**
 * Random inspections (双随机、一公开) as published: the plan once supervision marks it for
 * publication, its results once marked too (targets that are individuals masked). The plan's
 * fields arrive with RandomInspectionPlanned, before it is public: the document keeps them with
 * `planPublished: false`, and every query asks for `planPublished: true`.
 */
export interface PublicInspectionDocument {
  _id: string;
  _v: number;
  countyCode: string;
  planId: string;
  planPublished: boolean;
  title?: string;
  year?: number;
  leadAgencyId?: string;
  agencyIds?: string[];
  crossAgency?: boolean;
  matters?: string[];
  periodFrom?: Date;
  periodTo?: Date;
  planPublishedAt?: Date;
  results?: { targetId: string; name: string; kind: string; outcome: string; inspectedAt?: Date }[];
  resultsPublishedAt?: Date;
}

export const publicInspectionsProjection: Projection<PublicInspectionDocument> = {
  name: 'public-disclosure.public-inspections',
  readModel: 'rm_public_inspections',
  indexes: [{ key: { countyCode: 1, planPublished: 1, _id: 1 }, name: 'county_published' }],
  handles: (eventType) => randomInspectionEventCodec.handles(eventType),
  async apply(record, target) {
    if (record.source !== 'supervision') return;
    const event = randomInspectionEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    switch (event.type) {
      case 'RandomInspectionPlanned': {
        const d = event.data;
        await applyVersioned(target, record.streamId, record, {
          $set: {
            planId: d.planId,
            title: d.title,
            year: d.year,
            leadAgencyId: d.leadAgencyId,
            agencyIds: d.agencyIds,
            crossAgency: d.crossAgency,
            matters: d.matters,
            ...(d.period?.from ? { periodFrom: d.period.from } : {}),
            ...(d.period?.to ? { periodTo: d.period.to } : {}),
          },
          $setOnInsert: { planPublished: false },
        });
        return;
      }
      case 'InspectionPlanMarkedForPublication':
        await applyVersioned(target, record.streamId, record, {
          $set: { planId: event.data.planId, planPublished: true, planPublishedAt: event.data.publishedAt ?? record.occurredAt },
        });
        return;
      case 'InspectionResultsMarkedForPublication':
        await applyVersioned(target, record.streamId, record, {
          $set: {
            planId: event.data.planId,
            planPublished: true,
            results: event.data.results.map((r) => ({
              targetId: r.targetId,
              // Individuals (个体) are natural persons: masked like every natural person here.
              name: r.kind === 'enterprise' || r.kind === 'institution' ? r.name : maskPersonName(r.name),
              kind: r.kind,
              outcome: r.outcome,
              ...(r.inspectedAt ? { inspectedAt: r.inspectedAt } : {}),
            })),
            resultsPublishedAt: event.data.publishedAt ?? record.occurredAt,
          },
        });
        return;
      case 'InspectionTargetsDrawn':
      case 'InspectorsDrawn':
      case 'InspectionResultRecorded':
      case 'RandomInspectionCompleted':
        // Draw audits, inspectors and findings are internal until supervision publishes results.
        return;
      default:
        assertNever(event, 'random inspection event');
    }
  },
};

/** Rectification outcomes marked for publication (整改落实公布): only the event's public fields. */
export interface PublicRectificationDocument {
  _id: string;
  _v: number;
  countyCode: string;
  rectificationId: string;
  agencyId: string;
  documentKind: string;
  documentNumber: string;
  outcome: string;
  publicSummary: string;
  accountabilityRecorded: boolean;
  closedAt?: Date;
}

export const publicRectificationsProjection: Projection<PublicRectificationDocument> = {
  name: 'public-disclosure.public-rectifications',
  readModel: 'rm_public_rectifications',
  indexes: [{ key: { countyCode: 1, agencyId: 1, _id: 1 }, name: 'county_agency_id' }],
  handles: (eventType) => eventType === 'RectificationMarkedForPublication',
  async apply(record, target) {
    if (record.source !== 'supervision') return;
    const event = rectificationEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    if (event.type !== 'RectificationMarkedForPublication') return;
    const d = event.data;
    await applyVersioned(target, record.streamId, record, {
      $set: {
        rectificationId: d.rectificationId,
        agencyId: d.agencyId,
        documentKind: d.documentKind,
        documentNumber: d.documentNumber,
        outcome: d.outcome,
        // A supervisor's free text: no ID or phone number of anyone goes out.
        publicSummary: scrubText(d.publicSummary, NO_TARGET),
        accountabilityRecorded: d.accountabilityRecorded,
        ...(d.closedAt ? { closedAt: d.closedAt } : {}),
      },
    });
  },
};
