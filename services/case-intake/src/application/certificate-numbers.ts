import type { Collection, Db } from 'mongodb';
import { ConflictError } from '@lesp/core';
import { CommandHandler, isDuplicateKeyError, type EventStore } from '@lesp/event-store';
import type { OfficerCommand } from '../domain/officer/officer-commands.js';
import type { OfficerEvent, OfficerState } from '../domain/officer/officer-decider.js';
import { officerAggregate } from './officer-aggregate.js';

/**
 * One certificate number (执法证号) belongs to one officer of a county, for good: a revoked or
 * lost certificate's number is not given to anyone else. Officers are separate streams, so the
 * rule spans aggregates; without transactions it is kept by a reservation document keyed by
 * county and number (a lookup by _id), taken before the officer's event is appended.
 *
 * A reservation whose command then failed (refused by the decider, or the process died) is
 * stale: the holder's stream never got the number. It is taken over, after asking that stream.
 */
export interface CertificateNumberRegistry {
  reserve(countyCode: string, certificateNumber: string, officerId: string): Promise<void>;
}

interface Reservation {
  _id: string;
  officerId: string;
}

export class MongoCertificateNumberRegistry implements CertificateNumberRegistry {
  private readonly reservations: Collection<Reservation>;
  private readonly officers: CommandHandler<OfficerCommand, OfficerEvent, OfficerState>;

  constructor(db: Db, store: EventStore) {
    this.reservations = db.collection<Reservation>('certificate_numbers');
    this.officers = new CommandHandler(store, officerAggregate);
  }

  async reserve(countyCode: string, certificateNumber: string, officerId: string): Promise<void> {
    const _id = `${countyCode}/${certificateNumber.trim()}`;
    try {
      await this.reservations.insertOne({ _id, officerId });
      return;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const holder = await this.reservations.findOne({ _id });
    if (!holder || holder.officerId === officerId) return;
    if (await this.holds(countyCode, holder.officerId, certificateNumber.trim())) {
      throw new ConflictError(
        'CERTIFICATE_NUMBER_TAKEN',
        `执法证号 ${certificateNumber.trim()} 已登记给本区县执法人员 ${holder.officerId}，证号不得重复`,
      );
    }
    await this.reservations.replaceOne({ _id }, { officerId });
  }

  /** Whether an officer has ever carried the number (registration or a reissue). */
  private async holds(countyCode: string, officerId: string, certificateNumber: string): Promise<boolean> {
    const { state } = await this.officers.load(countyCode, officerId);
    return state.status === 'registered' && state.certificateHistory.some((period) => period.certificateNumber === certificateNumber);
  }
}
