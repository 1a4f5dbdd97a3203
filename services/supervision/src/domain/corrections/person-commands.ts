import type { EndReason, PersonCategory } from './correction-categories.js';
import type { Month } from './correction-month.js';

export type HoursKind = 'education' | 'community_service';
export const HOURS_KINDS: Record<HoursKind, string> = { education: '教育学习', community_service: '社区服务' };

/** Commands on one person under community correction (社区矫正对象). Times and ids come in with the command. */
export type PersonCommand =
  | {
      readonly type: 'ReceivePersonUnderCorrection';
      readonly data: {
        readonly personId: string;
        readonly countyCode: string;
        readonly category: PersonCategory;
        /** 社区矫正机构 (乡镇司法所) that supervises the person. */
        readonly officeId: string;
        /** Convicted of a duty crime (职务犯罪): the seed counts their absconding apart. */
        readonly dutyCrime: boolean;
        /** 矫正期: from reception to the end of the term. */
        readonly startsAt: Date;
        readonly endsAt: Date;
        readonly receivedBy: string;
      };
    }
  | {
      readonly type: 'RecordCorrectionHours';
      readonly data: {
        readonly personId: string;
        readonly kind: HoursKind;
        /** The month the hours count for. */
        readonly month: Month;
        /** In half hours at least: 0.5 to 12 per entry. */
        readonly hours: number;
        readonly activity: string;
        readonly recordedBy: string;
        readonly occurredAt: Date;
      };
    }
  | {
      /** 脱管: out of contact, whereabouts unknown. */
      readonly type: 'ReportAbsconding';
      readonly data: { readonly personId: string; readonly lostContactAt: Date; readonly measures: string; readonly reportedBy: string };
    }
  | {
      readonly type: 'ReportReturnedToSupervision';
      readonly data: { readonly personId: string; readonly returnedAt: Date; readonly note: string };
    }
  | {
      readonly type: 'EndCorrection';
      readonly data: { readonly personId: string; readonly reason: EndReason; readonly endedAt: Date; readonly note: string };
    };
