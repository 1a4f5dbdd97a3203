import { agencyEventCodec } from '@lesp/contracts';
import { assertNever } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';

/** 执法主体名录: the agency registry as case intake serves it. */
export interface AgencyRegistryDocument {
  _id: string;
  _v: number;
  countyCode: string;
  agencyId: string;
  name: string;
  creditCode: string;
  kind: string;
  legalBasis: string;
  status: 'active' | 'suspended';
  updatedAt: Date;
}

export const agencyRegistryProjection: Projection<AgencyRegistryDocument> = {
  name: 'case-intake.agency-registry',
  readModel: 'rm_agency_registry',
  indexes: [{ key: { countyCode: 1, _id: 1 }, name: 'county_id' }],
  handles: (eventType) => agencyEventCodec.handles(eventType),
  async apply(record, target) {
    const event = agencyEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    switch (event.type) {
      case 'AgencyRegistered':
        await applyVersioned(target, record.streamId, record, {
          $set: { countyCode: record.countyCode, ...event.data, status: 'active', updatedAt: record.recordedAt },
        });
        return;
      case 'AgencySuspended':
        await applyVersioned(target, record.streamId, record, { $set: { status: 'suspended', updatedAt: record.recordedAt } });
        return;
      case 'AgencyReinstated':
        await applyVersioned(target, record.streamId, record, { $set: { status: 'active', updatedAt: record.recordedAt } });
        return;
      default:
        assertNever(event, 'agency event');
    }
  },
};
