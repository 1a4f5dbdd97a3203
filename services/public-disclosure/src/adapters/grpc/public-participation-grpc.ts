import type { ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import { publicDisclosureV1 } from '@lesp/contracts';
import { unary, type GrpcDeps, type GrpcServiceRegistration } from '@lesp/service-bootstrap';
import type { ComplaintForwarding } from '../../application/complaint-forwarding.js';
import type { ComplaintStatusQueries } from '../../application/complaint-status-queries.js';
import type { InspectionTraces } from '../../application/inspection-traces.js';
import type { PublicDecisionQueries } from '../../application/public-decision-queries.js';
import { decisionMessage } from './public-disclosure-grpc.js';
import { ClientRateLimit, peerAddress } from './client-rate-limit.js';

/**
 * What the portal's HTTP routes offer the public, over gRPC (PublicParticipationService): the same
 * application services, so the same checks (trace code format, one rating of 1–5, the complaint
 * form's fields) and answers; a complaint is throttled per client address here as the HTTP
 * route throttles it. Every method is public; nothing answered is more than the portal shows.
 */
export function publicParticipationGrpcService(
  deps: GrpcDeps & {
    traces: InspectionTraces;
    complaints: ComplaintForwarding;
    complaintStatus: ComplaintStatusQueries;
    decisions: PublicDecisionQueries;
    complaintsPerMinute: number;
  },
): GrpcServiceRegistration {
  const open = { permission: 'public.read' } as const;
  const filing = new ClientRateLimit(deps.complaintsPerMinute);
  const fileComplaint = (peer: string) =>
    unary('FileComplaint', deps, open, async (req: publicDisclosureV1.FileComplaintRequest, call) => {
      // Counted after the access check and the hostile-input guard, before anything is checked or forwarded.
      filing.take(peerAddress(peer));
      const receipt = await deps.complaints.submit(
        req.countyCode,
        { subject: req.subject, summary: req.summary, ...(req.name ? { name: req.name } : {}), ...(req.phone ? { phone: req.phone } : {}) },
        call.correlationId,
      );
      return { trackingNumber: receipt.trackingNumber, dueAt: receipt.dueAt };
    });
  const implementation: publicDisclosureV1.PublicParticipationServiceServer = {
    getInspectionTrace: unary('GetInspectionTrace', deps, open, async (req: publicDisclosureV1.GetInspectionTraceRequest) => {
      const view = await deps.traces.publicView(req.code);
      return {
        countyCode: view.countyCode,
        agencyName: view.agencyName,
        title: view.title,
        inspectedAt: view.inspectedAt,
        enterpriseName: view.enterpriseName,
        officers: view.officers.map((o) => ({ name: o.name, certificateNumber: o.certificateNumber })),
        confirmed: view.confirmed,
      };
    }),
    confirmInspectionVisit: unary('ConfirmInspectionVisit', deps, open, async (req: publicDisclosureV1.ConfirmInspectionVisitRequest) =>
      deps.traces.confirm(req.code, req.rating),
    ),
    fileComplaint: (
      call: ServerUnaryCall<publicDisclosureV1.FileComplaintRequest, publicDisclosureV1.ComplaintReceipt>,
      callback: sendUnaryData<publicDisclosureV1.ComplaintReceipt>,
    ) => fileComplaint(call.getPeer())(call, callback),
    getComplaintStatus: unary('GetComplaintStatus', deps, open, async (req: publicDisclosureV1.GetComplaintStatusRequest) => {
      const status = await deps.complaintStatus.byTrackingNumber(req.trackingNumber);
      return { ...status, receivedAt: status.receivedAt, answeredAt: status.answeredAt };
    }),
    listTypicalCases: unary('ListTypicalCases', deps, open, async (req: publicDisclosureV1.ListTypicalCasesRequest) => {
      const page = await deps.decisions.search(req.countyCode, {
        typical: true,
        ...(req.agencyId ? { agencyId: req.agencyId } : {}),
        ...(req.category ? { category: req.category } : {}),
        limit: req.page?.limit ?? 0,
        ...(req.page?.cursor ? { cursor: req.page.cursor } : {}),
      });
      return {
        cases: page.items.map((view) => ({ decision: decisionMessage(view), note: view.typicalNote })),
        page: { nextCursor: page.nextCursor },
      };
    }),
  };
  return { definition: publicDisclosureV1.PublicParticipationServiceService, implementation };
}
