import { complaintsV1 } from '@lesp/contracts';
import { actorOf, commandContext, unary, type GrpcCallContext, type GrpcDeps, type GrpcServiceRegistration } from '@lesp/service-bootstrap';
import type { CommandOutcome } from '../../application/agency-commands.js';
import type { ComplaintCommands } from '../../application/complaint-commands.js';
import type { ComplaintQueries, ComplaintView } from '../../application/complaint-queries.js';

export interface ComplaintGrpcDeps extends GrpcDeps {
  readonly commands: ComplaintCommands;
  readonly queries: ComplaintQueries;
  readonly clock: () => Date;
}

const county = (req: { countyCode: string }) => ({ countyCodes: [req.countyCode] });
/** Handling and answering (and listing, for clerks): the agency named in the request is checked against the caller. */
const agency = (req: { countyCode: string; agencyId: string }) => ({ countyCodes: [req.countyCode], agencyId: req.agencyId });

export function complaintGrpcService(deps: ComplaintGrpcDeps): GrpcServiceRegistration {
  const context = (call: GrpcCallContext, countyCode: string, occurredAt = deps.clock()) =>
    commandContext(actorOf(call.principal, countyCode), call.correlationId, occurredAt);
  const expected = (meta: { expectedVersion: number } | undefined) => (meta && meta.expectedVersion > 0 ? meta.expectedVersion : undefined);

  const implementation: complaintsV1.ComplaintServiceServer = {
    receiveComplaint: unary(
      'ReceiveComplaint',
      deps,
      { permission: 'complaint.receive', target: county },
      async (req: complaintsV1.ReceiveComplaintRequest, call) => {
        const receipt = await deps.commands.receive(
          {
            countyCode: req.countyCode,
            complaintId: req.complaintId,
            source: req.source,
            subject: req.subject,
            summary: req.summary,
            ...(req.complainant ? { complainant: { name: req.complainant.name, phone: req.complainant.phone } } : {}),
            concernedAgencyId: req.concernedAgencyId,
            handlingDays: req.handlingDays,
          },
          context(call, req.countyCode, req.receivedAt),
          expected(req.meta),
        );
        return {
          complaintId: receipt.aggregateId,
          version: receipt.version,
          eventIds: [...receipt.eventIds],
          trackingNumber: receipt.trackingNumber,
          dueAt: receipt.dueAt,
        };
      },
    ),
    assignComplaint: unary(
      'AssignComplaint',
      deps,
      { permission: 'complaint.assign', target: county },
      async (req: complaintsV1.AssignComplaintRequest, call) =>
        accepted(
          await deps.commands.assign(
            req.countyCode,
            req.complaintId,
            { agencyId: req.agencyId, note: req.note },
            context(call, req.countyCode),
            expected(req.meta),
          ),
        ),
    ),
    recordComplaintHandling: unary(
      'RecordComplaintHandling',
      deps,
      { permission: 'complaint.handle', target: agency },
      async (req: complaintsV1.RecordComplaintHandlingRequest, call) =>
        accepted(
          await deps.commands.recordHandling(
            req.countyCode,
            req.complaintId,
            { agencyId: req.agencyId, notes: req.notes, officerIds: req.officerIds },
            context(call, req.countyCode),
            expected(req.meta),
          ),
        ),
    ),
    answerComplaint: unary(
      'AnswerComplaint',
      deps,
      { permission: 'complaint.handle', target: agency },
      async (req: complaintsV1.AnswerComplaintRequest, call) =>
        accepted(
          await deps.commands.answer(
            req.countyCode,
            req.complaintId,
            { agencyId: req.agencyId, answer: req.answer },
            context(call, req.countyCode),
            expected(req.meta),
          ),
        ),
    ),
    closeComplaint: unary(
      'CloseComplaint',
      deps,
      { permission: 'complaint.assign', target: county },
      async (req: complaintsV1.CloseComplaintRequest, call) =>
        accepted(await deps.commands.close(req.countyCode, req.complaintId, context(call, req.countyCode), expected(req.meta))),
    ),
    rejectComplaint: unary(
      'RejectComplaint',
      deps,
      { permission: 'complaint.assign', target: county },
      async (req: complaintsV1.RejectComplaintRequest, call) =>
        accepted(
          await deps.commands.reject(req.countyCode, req.complaintId, req.reason, context(call, req.countyCode), expected(req.meta)),
        ),
    ),
    getComplaint: unary(
      'GetComplaint',
      deps,
      { permission: 'complaint.read', target: county },
      async (req: complaintsV1.GetComplaintRequest, call) =>
        toComplaint(await deps.queries.get(call.principal, req.countyCode, req.complaintId)),
    ),
    listComplaints: unary(
      'ListComplaints',
      deps,
      { permission: 'complaint.list', target: agency },
      async (req: complaintsV1.ListComplaintsRequest, call) => {
        const page = await deps.queries.list(
          call.principal,
          req.countyCode,
          {
            ...(req.status ? { status: req.status } : {}),
            ...(req.agencyId ? { agencyId: req.agencyId } : {}),
            ...(req.source ? { source: req.source } : {}),
            overdue: req.overdueOnly,
          },
          { limit: req.page?.limit ?? 0, cursor: req.page?.cursor ?? '' },
        );
        return { complaints: page.items.map(toComplaint), page: { nextCursor: page.nextCursor } };
      },
    ),
    getComplaintStatus: unary(
      'GetComplaintStatus',
      deps,
      { permission: 'public.read' },
      async (req: complaintsV1.GetComplaintStatusRequest) => {
        const status = await deps.queries.publicStatus(req.trackingNumber);
        return { status: status.status, receivedAt: status.receivedAt, answeredAt: status.answeredAt, answer: status.answer ?? '' };
      },
    ),
  };
  return { definition: complaintsV1.ComplaintServiceService, implementation };
}

function accepted(outcome: CommandOutcome) {
  return { aggregateId: outcome.aggregateId, version: outcome.version, eventIds: [...outcome.eventIds] };
}

function toComplaint(view: ComplaintView): complaintsV1.Complaint {
  return {
    ...view,
    answeredAt: view.answeredAt,
    answer: view.answer ?? '',
    rejectionReason: view.rejectionReason ?? '',
    handlings: view.handlings.map((h) => ({ ...h, officerIds: [...h.officerIds] })),
  };
}
