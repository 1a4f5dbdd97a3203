import { agencyEventCodec } from '@lesp/contracts';
import { assertNever } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';

/**
 * Agencies as the public sees them. Only what is public by law is copied in: name, credit
 * code and status — never the internal reason for a suspension.
 */
export interface PublicAgencyDocument {
  _id: string;
  _v: number;
  countyCode: string;
  agencyId: string;
  name: string;
  creditCode: string;
  status: 'active' | 'suspended';
}

export const publicAgenciesProjection: Projection<PublicAgencyDocument> = {
  name: 'public-disclosure.public-agencies',
  readModel: 'rm_public_agencies',
  indexes: [{ key: { countyCode: 1, _id: 1 }, name: 'county_id' }],
  handles: (eventType) => agencyEventCodec.handles(eventType),
  async apply(record, target) {
    const event = agencyEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    switch (event.type) {
      case 'AgencyRegistered':
        await applyVersioned(target, record.streamId, record, {
          $set: { agencyId: event.data.agencyId, name: event.data.name, creditCode: event.data.creditCode, status: 'active' },
        });
        return;
      case 'AgencyUpdated':
        await applyVersioned(target, record.streamId, record, {
          $set: { agencyId: event.data.agencyId, name: event.data.name, creditCode: event.data.creditCode },
        });
        return;
      case 'AgencySuspended':
        await applyVersioned(target, record.streamId, record, { $set: { agencyId: event.data.agencyId, status: 'suspended' } });
        return;
      case 'AgencyReinstated':
        await applyVersioned(target, record.streamId, record, { $set: { agencyId: event.data.agencyId, status: 'active' } });
        return;
      case 'PowerItemAdded':
      case 'PowerItemRetired':
      case 'DelegationGranted':
      case 'DelegationEnded':
        // The power list and delegations are not disclosed here (yet).
        return;
      default:
        assertNever(event, 'agency event');
    }
  },
};
