import { officerEventCodec } from '@lesp/contracts';
import { assertNever, maskIdNumber, type CertificateStatus } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';
import { rewriteVersioned } from './read-modify-write.js';

/**
 * 执法人员名录: one document per officer. The ID number is kept only masked. The certificate
 * history answers "was the certificate valid at time T" (`certificateValidAt` in @lesp/core).
 */
export interface OfficerRegistryDocument {
  _id: string;
  _v: number;
  countyCode: string;
  officerId: string;
  agencyId: string;
  name: string;
  /** e.g. 4311**********1234; the full number never enters a read model. */
  idNumberMasked: string;
  certificateNumber: string;
  certificateStatus: CertificateStatus;
  certificateValidUntil: Date;
  enforcementAreas: string[];
  certificateHistory: { status: CertificateStatus; from: Date; validUntil?: Date; certificateNumber?: string }[];
  agencyHistory: { agencyId: string; from: Date }[];
  /** Hours per year, one entry per year (years are values, never field names). */
  trainingHours: { year: number; hours: number }[];
  examResults: { year: number; score: number; passed: boolean; recordedAt: Date }[];
  registeredAt: Date;
  updatedAt: Date;
}

export const officerRegistryProjection: Projection<OfficerRegistryDocument> = {
  name: 'case-intake.officer-registry',
  readModel: 'rm_officer_registry',
  indexes: [
    { key: { countyCode: 1, _id: 1 }, name: 'county_id' },
    { key: { countyCode: 1, agencyId: 1, _id: 1 }, name: 'county_agency_id' },
    { key: { countyCode: 1, certificateStatus: 1, _id: 1 }, name: 'county_status_id' },
  ],
  handles: (eventType) => officerEventCodec.handles(eventType),
  async apply(record, target) {
    const event = officerEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    const at = event.data.occurredAt ?? record.occurredAt;
    const updatedAt = record.recordedAt;
    const status = (certificateStatus: CertificateStatus) =>
      applyVersioned(target, record.streamId, record, {
        $set: { certificateStatus, updatedAt },
        $push: { certificateHistory: { status: certificateStatus, from: at } },
      });
    switch (event.type) {
      case 'OfficerRegistered': {
        const { officerId, agencyId, name, certificateNumber, enforcementAreas } = event.data;
        const validUntil = event.data.certificateValidUntil ?? at;
        await applyVersioned(target, record.streamId, record, {
          $set: {
            officerId,
            agencyId,
            name,
            idNumberMasked: maskIdNumber(event.data.idNumber),
            certificateNumber,
            certificateStatus: 'valid',
            certificateValidUntil: validUntil,
            enforcementAreas,
            certificateHistory: [{ status: 'valid', from: at, validUntil, certificateNumber }],
            agencyHistory: [{ agencyId, from: at }],
            trainingHours: [],
            examResults: [],
            registeredAt: at,
            updatedAt,
          },
        });
        return;
      }
      case 'CertificateSuspended':
        await status('suspended');
        return;
      case 'CertificateRevoked':
        await status('revoked');
        return;
      case 'CertificateReportedLost':
        await status('lost');
        return;
      case 'CertificateReinstated':
        await status('valid');
        return;
      case 'CertificateReissued': {
        const { certificateNumber } = event.data;
        const validUntil = event.data.certificateValidUntil ?? at;
        await applyVersioned(target, record.streamId, record, {
          $set: { certificateStatus: 'valid', certificateNumber, certificateValidUntil: validUntil, updatedAt },
          $push: { certificateHistory: { status: 'valid', from: at, validUntil, certificateNumber } },
        });
        return;
      }
      case 'OfficerTransferred':
        await applyVersioned(target, record.streamId, record, {
          $set: { agencyId: event.data.toAgencyId, updatedAt },
          $push: { agencyHistory: { agencyId: event.data.toAgencyId, from: at } },
        });
        return;
      case 'ExamResultRecorded': {
        const { year, score, passed } = event.data;
        await applyVersioned(target, record.streamId, record, {
          $set: { updatedAt },
          $push: { examResults: { year, score, passed, recordedAt: at } },
        });
        return;
      }
      case 'TrainingHoursRecorded': {
        const { year, yearTotalHours } = event.data;
        await rewriteVersioned(target, record, (doc) => ({
          trainingHours: [...(doc.trainingHours ?? []).filter((t) => t.year !== year), { year, hours: yearTotalHours }].sort(
            (a, b) => a.year - b.year,
          ),
        }));
        return;
      }
      default:
        assertNever(event, 'officer event');
    }
  },
};
