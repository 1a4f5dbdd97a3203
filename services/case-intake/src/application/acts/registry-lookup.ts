import { ValidationError, type Violation } from '@lesp/core';
import type { EventStore } from '@lesp/event-store';

/**
 * Does an agency or officer exist in a county? Asked of the event store (this service's
 * own streams), so it holds the moment the registration is stored. Registrations are never
 * undone, so a positive answer is cached; a negative one is asked again next time.
 */
export class RegistryLookup {
  private readonly known = new Set<string>();

  constructor(private readonly store: EventStore) {}

  async exists(countyCode: string, aggregateType: 'Agency' | 'Officer', id: string): Promise<boolean> {
    const key = `${countyCode}/${aggregateType}/${id}`;
    if (this.known.has(key)) return true;
    const stream = await this.store.readStream(countyCode, aggregateType, id);
    if (stream.length === 0) return false;
    this.known.add(key);
    return true;
  }

  /** Unknown agency or officers: the act cannot be recorded (field names the offender). */
  async assertKnown(countyCode: string, refs: { agencyId?: string; officerIds?: readonly string[] }): Promise<void> {
    const violations: Violation[] = [];
    if (refs.agencyId !== undefined && !(await this.exists(countyCode, 'Agency', refs.agencyId))) {
      violations.push({ field: 'agencyId', code: 'AGENCY_UNKNOWN', message: `本区县没有登记执法主体 ${refs.agencyId}` });
    }
    for (const [index, officerId] of (refs.officerIds ?? []).entries()) {
      if (!(await this.exists(countyCode, 'Officer', officerId))) {
        violations.push({ field: `officerIds[${index}]`, code: 'OFFICER_UNKNOWN', message: `本区县没有登记执法人员 ${officerId}` });
      }
    }
    if (violations.length > 0) throw new ValidationError(violations);
  }
}
