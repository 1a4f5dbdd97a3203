import { agencyEventCodec } from '@lesp/contracts';
import { assertNever } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';

/**
 * Agencies as the public sees them. Only what is public by law is copied in: name, credit
 * code, status, legal basis and power list — never the internal reason for a suspension.
 */
export interface PublicAgencyDocument {
  _id: string;
  _v: number;
  countyCode: string;
  agencyId: string;
  name: string;
  creditCode: string;
  status: 'active' | 'suspended';
  /** 法定依据 of the agency's powers. */
  legalBasis?: string;
  /** 职责权限: the power list in force (retired items removed). */
  powers?: { itemCode: string; name: string; category: string; legalBasis: string }[];
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
          $set: {
            agencyId: event.data.agencyId,
            name: event.data.name,
            creditCode: event.data.creditCode,
            legalBasis: event.data.legalBasis,
            status: 'active',
          },
        });
        return;
      case 'AgencyUpdated':
        await applyVersioned(target, record.streamId, record, {
          $set: {
            agencyId: event.data.agencyId,
            name: event.data.name,
            creditCode: event.data.creditCode,
            legalBasis: event.data.legalBasis,
          },
        });
        return;
      case 'AgencySuspended':
        await applyVersioned(target, record.streamId, record, { $set: { agencyId: event.data.agencyId, status: 'suspended' } });
        return;
      case 'AgencyReinstated':
        await applyVersioned(target, record.streamId, record, { $set: { agencyId: event.data.agencyId, status: 'active' } });
        return;
      case 'PowerItemAdded':
      case 'PowerItemRetired': {
        // The array is rewritten whole: read by _id, changed in code, written with the version check.
        const current = await target.findOne({ _id: record.streamId }, { projection: { powers: 1 } });
        const kept = (current?.powers ?? []).filter((p) => p.itemCode !== event.data.itemCode);
        const powers =
          event.type === 'PowerItemAdded'
            ? [
                ...kept,
                { itemCode: event.data.itemCode, name: event.data.name, category: event.data.category, legalBasis: event.data.legalBasis },
              ]
            : kept;
        await applyVersioned(target, record.streamId, record, { $set: { agencyId: event.data.agencyId, powers } });
        return;
      }
      case 'DelegationGranted':
      case 'DelegationEnded':
        // Delegations to townships are not disclosed here (yet).
        return;
      default:
        assertNever(event, 'agency event');
    }
  },
};
