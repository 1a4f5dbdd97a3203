import { ValidationError } from '@lesp/core';
import { CommandHandler, type EventStore } from '@lesp/event-store';
import type { AgencyCommand } from '../domain/agency/agency-commands.js';
import type { AgencyEvent, AgencyState } from '../domain/agency/agency-decider.js';
import { agencyAggregate } from './agency-aggregate.js';

/** Whether an agency exists, asked of its own stream in the event store (not of a read model that may lag). */
export class AgencyLookup {
  private readonly agencies: CommandHandler<AgencyCommand, AgencyEvent, AgencyState>;

  constructor(store: EventStore) {
    this.agencies = new CommandHandler(store, agencyAggregate);
  }

  async state(countyCode: string, agencyId: string): Promise<AgencyState> {
    return (await this.agencies.load(countyCode, agencyId)).state;
  }

  /** Throws a validation error on `field` when the county has no such agency. */
  async assertExists(countyCode: string, agencyId: string, field: string): Promise<void> {
    const state = agencyId.trim() === '' ? undefined : await this.state(countyCode, agencyId.trim());
    if (!state || state.status === 'unregistered') {
      throw ValidationError.of(field, 'AGENCY_UNKNOWN', '本区县没有该执法主体');
    }
  }
}
