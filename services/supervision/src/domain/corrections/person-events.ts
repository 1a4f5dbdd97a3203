import type { EndReason, PersonCategory } from './correction-categories.js';
import type { Month } from './correction-month.js';
import type { HoursKind } from './person-commands.js';

/** Events of one person under community correction. The first names the county. */
export type PersonEvent =
  | {
      readonly type: 'PersonUnderCorrectionReceived';
      readonly data: {
        readonly personId: string;
        readonly countyCode: string;
        readonly category: PersonCategory;
        readonly officeId: string;
        readonly dutyCrime: boolean;
        readonly startsAt: Date;
        readonly endsAt: Date;
        readonly receivedBy: string;
      };
    }
  | {
      readonly type: 'CorrectionHoursRecorded';
      readonly data: {
        readonly personId: string;
        readonly kind: HoursKind;
        readonly month: Month;
        readonly hours: number;
        readonly activity: string;
        readonly recordedBy: string;
        readonly occurredAt: Date;
      };
    }
  | {
      readonly type: 'PersonAbsconded';
      readonly data: { readonly personId: string; readonly lostContactAt: Date; readonly measures: string; readonly reportedBy: string };
    }
  | {
      readonly type: 'PersonReturnedToSupervision';
      readonly data: { readonly personId: string; readonly returnedAt: Date; readonly note: string };
    }
  | {
      readonly type: 'CorrectionEnded';
      readonly data: { readonly personId: string; readonly reason: EndReason; readonly endedAt: Date; readonly note: string };
    };
