import { officerEventCodec } from '@lesp/contracts';
import { assertNever } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';

/**
 * Officers (执法人员) as the public sees them: name, agency, certificate number and status
 * (持证上岗、亮证执法). Never the ID number, exam scores, training or the reasons of a suspension.
 */
export interface PublicOfficerDocument {
  _id: string;
  _v: number;
  countyCode: string;
  officerId: string;
  agencyId: string;
  name: string;
  certificateNumber: string;
  certificateStatus: 'valid' | 'suspended' | 'revoked' | 'lost';
  certificateValidUntil?: Date;
}

export const publicOfficersProjection: Projection<PublicOfficerDocument> = {
  name: 'public-disclosure.public-officers',
  readModel: 'rm_public_officers',
  indexes: [{ key: { countyCode: 1, agencyId: 1, _id: 1 }, name: 'county_agency_id' }],
  handles: (eventType) => officerEventCodec.handles(eventType),
  async apply(record, target) {
    if (record.source !== 'case-intake') return;
    const event = officerEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    switch (event.type) {
      case 'OfficerRegistered':
        await applyVersioned(target, record.streamId, record, {
          $set: {
            officerId: event.data.officerId,
            agencyId: event.data.agencyId,
            name: event.data.name.trim(),
            certificateNumber: event.data.certificateNumber,
            certificateStatus: 'valid',
            ...(event.data.certificateValidUntil ? { certificateValidUntil: event.data.certificateValidUntil } : {}),
          },
        });
        return;
      case 'CertificateSuspended':
        await applyVersioned(target, record.streamId, record, { $set: { certificateStatus: 'suspended' } });
        return;
      case 'CertificateRevoked':
        await applyVersioned(target, record.streamId, record, { $set: { certificateStatus: 'revoked' } });
        return;
      case 'CertificateReportedLost':
        await applyVersioned(target, record.streamId, record, { $set: { certificateStatus: 'lost' } });
        return;
      case 'CertificateReissued':
        await applyVersioned(target, record.streamId, record, {
          $set: {
            certificateStatus: 'valid',
            certificateNumber: event.data.certificateNumber,
            ...(event.data.certificateValidUntil ? { certificateValidUntil: event.data.certificateValidUntil } : {}),
          },
        });
        return;
      case 'CertificateReinstated':
        await applyVersioned(target, record.streamId, record, { $set: { certificateStatus: 'valid' } });
        return;
      case 'OfficerTransferred':
        await applyVersioned(target, record.streamId, record, { $set: { agencyId: event.data.toAgencyId } });
        return;
      case 'ExamResultRecorded':
      case 'TrainingHoursRecorded':
        // Internal: not disclosed.
        return;
      default:
        assertNever(event, 'officer event');
    }
  },
};
