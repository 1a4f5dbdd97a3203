import type { DomainEvent } from '@lesp/core';
import * as v1 from '../../generated/lesp/case_intake/v1/events.js';

/** Events of the Agency aggregate (执法主体). */
export type AgencyEvent =
  | DomainEvent<'AgencyRegistered', v1.AgencyRegistered>
  | DomainEvent<'AgencySuspended', v1.AgencySuspended>
  | DomainEvent<'AgencyReinstated', v1.AgencyReinstated>;

export const agencyEventTable = {
  AgencyRegistered: { schemaVersion: 1, fns: v1.AgencyRegistered },
  AgencySuspended: { schemaVersion: 1, fns: v1.AgencySuspended },
  AgencyReinstated: { schemaVersion: 1, fns: v1.AgencyReinstated },
} as const;
