import type { DomainEvent } from '@lesp/core';
import * as v1 from '../../generated/lesp/case_intake/v1/events.js';

/** Events of the Agency aggregate (执法主体): its status, power list (执法事项目录) and delegations (委托执法). */
export type AgencyEvent =
  | DomainEvent<'AgencyRegistered', v1.AgencyRegistered>
  | DomainEvent<'AgencySuspended', v1.AgencySuspended>
  | DomainEvent<'AgencyReinstated', v1.AgencyReinstated>
  | DomainEvent<'AgencyUpdated', v1.AgencyUpdated>
  | DomainEvent<'PowerItemAdded', v1.PowerItemAdded>
  | DomainEvent<'PowerItemRetired', v1.PowerItemRetired>
  | DomainEvent<'DelegationGranted', v1.DelegationGranted>
  | DomainEvent<'DelegationEnded', v1.DelegationEnded>;

export const agencyEventTable = {
  AgencyRegistered: { schemaVersion: 1, fns: v1.AgencyRegistered },
  AgencySuspended: { schemaVersion: 1, fns: v1.AgencySuspended },
  AgencyReinstated: { schemaVersion: 1, fns: v1.AgencyReinstated },
  AgencyUpdated: { schemaVersion: 1, fns: v1.AgencyUpdated },
  PowerItemAdded: { schemaVersion: 1, fns: v1.PowerItemAdded },
  PowerItemRetired: { schemaVersion: 1, fns: v1.PowerItemRetired },
  DelegationGranted: { schemaVersion: 1, fns: v1.DelegationGranted },
  DelegationEnded: { schemaVersion: 1, fns: v1.DelegationEnded },
} as const;
