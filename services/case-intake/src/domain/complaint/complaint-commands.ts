/** An agency named by a command, with whether case intake has it registered (the application looks it up). */
export interface AgencyReference {
  readonly agencyId: string;
  readonly registered: boolean;
}

/** Commands on a complaint (投诉举报 / 问题线索). Ids, time and looked-up facts come in with the command. */
export type ComplaintCommand =
  | {
      readonly type: 'ReceiveComplaint';
      readonly data: {
        readonly complaintId: string;
        readonly source: string;
        readonly subject: string;
        readonly summary: string;
        /** Absent: anonymous. */
        readonly complainant?: { readonly name: string; readonly phone: string };
        readonly concernedAgency?: AgencyReference;
        /** Public tracking number (查询码), derived by the application from the id and a secret. */
        readonly trackingNumber: string;
        readonly receivedAt: Date;
        /** Calendar days to handle it; the due date is receivedAt + handlingDays. */
        readonly handlingDays: number;
      };
    }
  | {
      readonly type: 'AssignComplaint';
      readonly data: { readonly complaintId: string; readonly agency: AgencyReference; readonly note: string };
    }
  | {
      readonly type: 'RecordComplaintHandling';
      readonly data: {
        readonly complaintId: string;
        readonly agencyId: string;
        readonly notes: string;
        readonly officerIds: readonly string[];
      };
    }
  | {
      readonly type: 'AnswerComplaint';
      readonly data: { readonly complaintId: string; readonly agencyId: string; readonly answer: string; readonly answeredAt: Date };
    }
  | { readonly type: 'CloseComplaint'; readonly data: { readonly complaintId: string } }
  | { readonly type: 'RejectComplaint'; readonly data: { readonly complaintId: string; readonly reason: string } };
