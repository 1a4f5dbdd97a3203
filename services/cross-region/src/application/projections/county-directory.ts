import { agencyEventCodec } from '@lesp/contracts';
import { assertNever } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';

/**
 * One document per agency with whether it is active; the per-county figures are summed
 * at query time ($group/$sum), never kept as a shared counter that a redelivery would
 * count twice.
 */
export interface DirectoryAgencyDocument {
  _id: string;
  _v: number;
  countyCode: string;
  agencyId: string;
  active: boolean;
}

export const countyDirectoryProjection: Projection<DirectoryAgencyDocument> = {
  name: 'cross-region.county-directory',
  readModel: 'rm_county_directory',
  indexes: [{ key: { countyCode: 1, active: 1 }, name: 'county_active' }],
  handles: (eventType) => agencyEventCodec.handles(eventType),
  async apply(record, target) {
    const event = agencyEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    switch (event.type) {
      case 'AgencyRegistered':
      case 'AgencyReinstated':
        await applyVersioned(target, record.streamId, record, { $set: { agencyId: event.data.agencyId, active: true } });
        return;
      case 'AgencySuspended':
        await applyVersioned(target, record.streamId, record, { $set: { agencyId: event.data.agencyId, active: false } });
        return;
      case 'AgencyUpdated':
        // The directory keeps who is active, not the registration details.
        await applyVersioned(target, record.streamId, record, { $set: { agencyId: event.data.agencyId } });
        return;
      case 'PowerItemAdded':
      case 'PowerItemRetired':
      case 'DelegationGranted':
      case 'DelegationEnded':
        // The power list and delegations are not part of the directory.
        return;
      default:
        assertNever(event, 'agency event');
    }
  },
};
