import { agencyEventCodec } from '@lesp/contracts';
import { assertNever } from '@lesp/core';
import { applyVersioned, type Projection } from '@lesp/projection-runner';
import { rewriteVersioned } from './read-modify-write.js';

/** 执法主体名录: the agency registry as case intake serves it, with its power list and delegations. */
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
  /** 执法事项目录, retired items included. */
  powerItems?: RegistryPowerItem[];
  /** 委托执法, ended and expired ones included. */
  delegations?: RegistryDelegation[];
  updatedAt: Date;
}

export interface RegistryPowerItem {
  itemCode: string;
  name: string;
  category: string;
  legalBasis: string;
  discretionBenchmark: string;
  status: 'active' | 'retired';
  addedAt: Date;
  retiredAt?: Date;
  retireReason?: string;
}

export interface RegistryDelegation {
  delegationId: string;
  townshipName: string;
  entrustmentNumber: string;
  itemCodes: string[];
  powers: string;
  start: Date;
  end: Date;
  grantedAt: Date;
  endedAt?: Date;
  endReason?: string;
}

export const agencyRegistryProjection: Projection<AgencyRegistryDocument> = {
  name: 'case-intake.agency-registry',
  readModel: 'rm_agency_registry',
  indexes: [{ key: { countyCode: 1, _id: 1 }, name: 'county_id' }],
  handles: (eventType) => agencyEventCodec.handles(eventType),
  async apply(record, target) {
    const event = agencyEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    const updatedAt = record.recordedAt;
    switch (event.type) {
      case 'AgencyRegistered':
        await applyVersioned(target, record.streamId, record, {
          $set: { countyCode: record.countyCode, ...event.data, status: 'active', updatedAt },
        });
        return;
      case 'AgencyUpdated': {
        const { agencyId: _agency, ...details } = event.data;
        await applyVersioned(target, record.streamId, record, { $set: { ...details, updatedAt } });
        return;
      }
      case 'AgencySuspended':
        await applyVersioned(target, record.streamId, record, { $set: { status: 'suspended', updatedAt } });
        return;
      case 'AgencyReinstated':
        await applyVersioned(target, record.streamId, record, { $set: { status: 'active', updatedAt } });
        return;
      case 'PowerItemAdded': {
        const { agencyId: _agency, occurredAt, ...item } = event.data;
        const added: RegistryPowerItem = { ...item, status: 'active', addedAt: occurredAt ?? record.occurredAt };
        await applyVersioned(target, record.streamId, record, { $push: { powerItems: added }, $set: { updatedAt } });
        return;
      }
      case 'PowerItemRetired': {
        const { itemCode, reason, occurredAt } = event.data;
        await rewriteVersioned(target, record, (doc) => ({
          powerItems: (doc.powerItems ?? []).map((item) =>
            item.itemCode === itemCode
              ? { ...item, status: 'retired', retiredAt: occurredAt ?? record.occurredAt, retireReason: reason }
              : item,
          ),
        }));
        return;
      }
      case 'DelegationGranted': {
        const { agencyId: _agency, occurredAt, start, end, ...rest } = event.data;
        const granted: RegistryDelegation = {
          ...rest,
          start: start ?? record.occurredAt,
          end: end ?? record.occurredAt,
          grantedAt: occurredAt ?? record.occurredAt,
        };
        await applyVersioned(target, record.streamId, record, { $push: { delegations: granted }, $set: { updatedAt } });
        return;
      }
      case 'DelegationEnded': {
        const { delegationId, reason, occurredAt } = event.data;
        await rewriteVersioned(target, record, (doc) => ({
          delegations: (doc.delegations ?? []).map((d) =>
            d.delegationId === delegationId ? { ...d, endedAt: occurredAt ?? record.occurredAt, endReason: reason } : d,
          ),
        }));
        return;
      }
      default:
        assertNever(event, 'agency event');
    }
  },
};
