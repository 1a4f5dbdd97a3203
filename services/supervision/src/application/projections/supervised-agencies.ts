import { agencyEventCodec } from '@lesp/contracts';
import { assertNever } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';

/** Agencies under supervision, as case intake reports them. */
export interface SupervisedAgencyDocument {
  _id: string;
  _v: number;
  countyCode: string;
  agencyId: string;
  name: string;
  status: 'active' | 'suspended';
  suspensionReason?: string;
  registeredAt?: Date;
}

export const supervisedAgenciesProjection: Projection<SupervisedAgencyDocument> = {
  name: 'supervision.supervised-agencies',
  readModel: 'rm_supervised_agencies',
  indexes: [{ key: { countyCode: 1, _id: 1 }, name: 'county_id' }],
  handles: (eventType) => agencyEventCodec.handles(eventType),
  async apply(record, target) {
    const event = agencyEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    switch (event.type) {
      case 'AgencyRegistered':
        await applyVersioned(target, record.streamId, record, {
          $set: { agencyId: event.data.agencyId, name: event.data.name, status: 'active', registeredAt: record.occurredAt },
        });
        return;
      case 'AgencyUpdated':
        await applyVersioned(target, record.streamId, record, { $set: { agencyId: event.data.agencyId, name: event.data.name } });
        return;
      case 'AgencySuspended':
        await applyVersioned(target, record.streamId, record, {
          $set: { agencyId: event.data.agencyId, status: 'suspended', suspensionReason: event.data.reason },
        });
        return;
      case 'AgencyReinstated':
        await applyVersioned(target, record.streamId, record, {
          $set: { agencyId: event.data.agencyId, status: 'active' },
          $unset: { suspensionReason: '' },
        });
        return;
      case 'PowerItemAdded':
      case 'PowerItemRetired':
      case 'DelegationGranted':
      case 'DelegationEnded':
        // The power list and delegations are not part of this read model.
        return;
      default:
        assertNever(event, 'agency event');
    }
  },
};
