import { competenceDisputeEventCodec, normativeDocumentEventCodec } from '@lesp/contracts';
import { assertNever } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';
import { competenceDisputeCodec, normativeDocumentCodec } from './governance-codec.js';

export interface FilingRecord {
  filedWith: string;
  recipient: string;
  filingNumber: string;
  filedAt: Date;
  late: boolean;
  review: '' | 'passed' | 'returned';
  opinion: string;
}

/** One normative document (rm_normative_documents), `_id` = its stream id. */
export interface NormativeDocumentDocument {
  _id: string;
  _v: number;
  countyCode: string;
  documentId: string;
  issuer: string;
  documentNumber: string;
  title: string;
  issuedAt: Date;
  effectiveFrom: Date;
  validUntil: Date;
  /** Keyed by the body filed with ("government", "standing_committee"). */
  filings: Record<string, FilingRecord>;
  corrections: string[];
  cleanUpOutcome: string;
  updatedAt: Date;
}

export const normativeDocumentsProjection: Projection<NormativeDocumentDocument> = {
  name: 'supervision.normative-documents',
  readModel: 'rm_normative_documents',
  indexes: [{ key: { countyCode: 1, _id: 1 }, name: 'county_id' }],
  handles: (eventType) => normativeDocumentEventCodec.handles(eventType),
  async apply(record, target) {
    if (record.source !== 'supervision') return;
    const event = normativeDocumentCodec.decode(record.eventType, record.schemaVersion, record.payload);
    const id = record.streamId;
    const at = record.occurredAt;
    switch (event.type) {
      case 'NormativeDocumentRegistered': {
        const d = event.data;
        await applyVersioned(target, id, record, {
          $set: {
            documentId: d.documentId,
            issuer: d.issuer,
            documentNumber: d.documentNumber,
            title: d.title,
            issuedAt: d.issuedAt,
            effectiveFrom: d.effectiveFrom,
            validUntil: d.validUntil,
            filings: {},
            corrections: [],
            cleanUpOutcome: '',
            updatedAt: at,
          },
        });
        return;
      }
      case 'NormativeDocumentFiled': {
        const d = event.data;
        const filing: FilingRecord = {
          filedWith: d.filedWith,
          recipient: d.recipient,
          filingNumber: d.filingNumber,
          filedAt: d.filedAt,
          late: d.late,
          review: '',
          opinion: '',
        };
        await applyVersioned(target, id, record, { $set: { [`filings.${d.filedWith}`]: filing, updatedAt: at } as never });
        return;
      }
      case 'NormativeDocumentReviewPassed':
      case 'NormativeDocumentReturnedForCorrection': {
        const d = event.data;
        const review = event.type === 'NormativeDocumentReviewPassed' ? 'passed' : 'returned';
        await applyVersioned(target, id, record, {
          $set: { [`filings.${d.reviewedBy}.review`]: review, [`filings.${d.reviewedBy}.opinion`]: d.opinion, updatedAt: at } as never,
        });
        return;
      }
      case 'NormativeDocumentCorrected':
        await applyVersioned(target, id, record, { $set: { updatedAt: at }, $push: { corrections: event.data.summary } });
        return;
      case 'NormativeDocumentCleanedUp': {
        const d = event.data;
        await applyVersioned(target, id, record, {
          $set: { cleanUpOutcome: d.outcome, ...(d.validUntil ? { validUntil: d.validUntil } : {}), updatedAt: at },
        });
        return;
      }
      default:
        assertNever(event, 'normative document event');
    }
  },
};

/** One competence dispute (rm_competence_disputes), `_id` = its stream id. */
export interface DisputeDocument {
  _id: string;
  _v: number;
  countyCode: string;
  disputeId: string;
  kind: string;
  agencyIds: string[];
  matter: string;
  description: string;
  status: 'filed' | 'referred' | 'decided' | 'implemented' | 'withdrawn';
  filedAt: Date;
  dueAt: Date;
  competentAgencyId: string;
  late: boolean;
  followUps: string[];
  updatedAt: Date;
}

export const competenceDisputesProjection: Projection<DisputeDocument> = {
  name: 'supervision.competence-disputes',
  readModel: 'rm_competence_disputes',
  indexes: [{ key: { countyCode: 1, _id: 1 }, name: 'county_id' }],
  handles: (eventType) => competenceDisputeEventCodec.handles(eventType),
  async apply(record, target) {
    if (record.source !== 'supervision') return;
    const event = competenceDisputeCodec.decode(record.eventType, record.schemaVersion, record.payload);
    const id = record.streamId;
    const at = record.occurredAt;
    switch (event.type) {
      case 'DisputeFiled': {
        const d = event.data;
        await applyVersioned(target, id, record, {
          $set: {
            disputeId: d.disputeId,
            kind: d.kind,
            agencyIds: [...d.agencyIds],
            matter: d.matter,
            description: d.description,
            status: 'filed',
            filedAt: d.filedAt,
            dueAt: d.dueAt,
            competentAgencyId: '',
            late: false,
            followUps: [],
            updatedAt: at,
          },
        });
        return;
      }
      case 'DisputeReferredToSuperior':
        await applyVersioned(target, id, record, { $set: { status: 'referred', updatedAt: at } });
        return;
      case 'DisputeDecided':
        await applyVersioned(target, id, record, {
          $set: { status: 'decided', competentAgencyId: event.data.competentAgencyId, late: event.data.late, updatedAt: at },
        });
        return;
      case 'DisputeFollowUpRecorded':
        await applyVersioned(target, id, record, { $set: { updatedAt: at }, $push: { followUps: event.data.note } });
        return;
      case 'DisputeImplemented':
        await applyVersioned(target, id, record, { $set: { status: 'implemented', updatedAt: at } });
        return;
      case 'DisputeWithdrawn':
        await applyVersioned(target, id, record, { $set: { status: 'withdrawn', updatedAt: at } });
        return;
      default:
        assertNever(event, 'dispute event');
    }
  },
};
