import { governanceV1 as v1 } from '@lesp/contracts';
import type { Principal } from '@lesp/auth';
import { ValidationError } from '@lesp/core';
import { actorOf, commandContext, unary, type GrpcDeps, type GrpcServiceRegistration, optionsOfMeta } from '@lesp/service-bootstrap';
import type { GovernanceCommands } from '../../application/governance/governance-commands.js';
import type { DisputeView, GovernanceQueries, NormativeDocumentView } from '../../application/governance/governance-queries.js';
import type { CorrectionsCommands } from '../../application/governance/corrections-commands.js';
import type { CorrectionsQueries, PersonView } from '../../application/governance/corrections-queries.js';
import type { CorrectionsReports } from '../../application/governance/corrections-reports.js';
import { correctionsView } from '../../reports/corrections-view.js';
import type { EndReason, FindingCategory, HoursKind, PersonCategory } from '../../domain/corrections/index.js';
import type { DisputeKind } from '../../domain/dispute/index.js';
import type { CleanUpOutcome, FilingBody, ReviewOutcome } from '../../domain/normative-document/index.js';
import { accepted, county } from './command-grpc.js';
import { evaluationGrpcMethods, type EvaluationGrpcDeps } from './evaluation-grpc.js';

export interface GovernanceGrpcDeps extends GrpcDeps, EvaluationGrpcDeps {
  readonly commands: GovernanceCommands;
  readonly queries: GovernanceQueries;
  readonly corrections: CorrectionsCommands;
  readonly correctionQueries: CorrectionsQueries;
  readonly correctionReports: CorrectionsReports;
  readonly clock: () => Date;
}

const manage = { permission: 'supervision.governance.manage', target: county } as const;
const read = { permission: 'supervision.governance.read', target: county } as const;

function required<T>(value: T | undefined, field: string, what: string): T {
  if (value === undefined) throw ValidationError.of(field, 'FIELD_REQUIRED', `须填写${what}`);
  return value;
}

const documentMessage = (view: NormativeDocumentView): v1.NormativeDocument => ({
  ...view,
  filings: view.filings.map((f) => ({ ...f })),
  corrections: [...view.corrections],
});
const personMessage = (view: PersonView): v1.PersonUnderCorrection => ({ ...view, hours: view.hours.map((h) => ({ ...h })) });
const disputeMessage = (view: DisputeView): v1.Dispute => ({ ...view, agencyIds: [...view.agencyIds], followUps: [...view.followUps] });

/** GovernanceService (规范性文件、执法争议协调、社区矫正、评议考核) over gRPC. */
export function governanceGrpcService(deps: GovernanceGrpcDeps): GrpcServiceRegistration {
  const { commands: c, queries: q, corrections: pc, correctionQueries: pq } = deps;
  const ctx = (principal: Principal, countyCode: string, correlationId: string) =>
    commandContext(actorOf(principal, countyCode), correlationId, deps.clock());
  const implementation: v1.GovernanceServiceServer = {
    registerNormativeDocument: unary('RegisterNormativeDocument', deps, manage, async (req: v1.RegisterNormativeDocumentRequest, call) =>
      accepted(
        await c.registerDocument(
          call.principal,
          req.countyCode,
          {
            ...(req.documentId ? { documentId: req.documentId } : {}),
            issuer: req.issuer,
            documentNumber: req.documentNumber,
            title: req.title,
            issuedAt: required(req.issuedAt, 'issuedAt', '发布日期'),
            effectiveFrom: required(req.effectiveFrom, 'effectiveFrom', '施行日期'),
            validUntil: required(req.validUntil, 'validUntil', '有效期'),
          },
          ctx(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    fileNormativeDocument: unary('FileNormativeDocument', deps, manage, async (req: v1.FileNormativeDocumentRequest, call) =>
      accepted(
        await c.fileDocument(
          call.principal,
          req.countyCode,
          req.documentId,
          {
            filedWith: req.filedWith as FilingBody,
            recipient: req.recipient,
            filingNumber: req.filingNumber,
            filedAt: required(req.filedAt, 'filedAt', '报送备案日期'),
          },
          ctx(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    reviewNormativeDocument: unary('ReviewNormativeDocument', deps, manage, async (req: v1.ReviewNormativeDocumentRequest, call) =>
      accepted(
        await c.reviewDocument(
          call.principal,
          req.countyCode,
          req.documentId,
          { reviewedBy: req.reviewedBy as FilingBody, outcome: req.outcome as ReviewOutcome, opinion: req.opinion },
          ctx(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    correctNormativeDocument: unary('CorrectNormativeDocument', deps, manage, async (req: v1.CorrectNormativeDocumentRequest, call) =>
      accepted(
        await c.correctDocument(
          call.principal,
          req.countyCode,
          req.documentId,
          req.summary,
          ctx(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    cleanUpNormativeDocument: unary('CleanUpNormativeDocument', deps, manage, async (req: v1.CleanUpNormativeDocumentRequest, call) =>
      accepted(
        await c.cleanUpDocument(
          call.principal,
          req.countyCode,
          req.documentId,
          {
            cleanUp: req.cleanUp,
            outcome: req.outcome as CleanUpOutcome,
            reason: req.reason,
            ...(req.validUntil ? { validUntil: req.validUntil } : {}),
          },
          ctx(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    getNormativeDocument: unary('GetNormativeDocument', deps, read, async (req: v1.GetNormativeDocumentRequest, call) =>
      documentMessage(await q.document(call.principal, req.countyCode, req.documentId)),
    ),
    listNormativeDocuments: unary('ListNormativeDocuments', deps, read, async (req: v1.ListNormativeDocumentsRequest, call) => {
      const page = await q.documents(call.principal, req.countyCode, { limit: req.page?.limit ?? 0, cursor: req.page?.cursor ?? '' });
      return { documents: page.items.map(documentMessage), page: { nextCursor: page.nextCursor } };
    }),
    fileDispute: unary('FileDispute', deps, manage, async (req: v1.FileDisputeRequest, call) =>
      accepted(
        await c.fileDispute(
          call.principal,
          req.countyCode,
          {
            ...(req.disputeId ? { disputeId: req.disputeId } : {}),
            kind: req.kind as DisputeKind,
            agencyIds: req.agencyIds,
            matter: req.matter,
            description: req.description,
            actIds: req.actIds,
          },
          ctx(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    referDisputeToSuperior: unary('ReferDisputeToSuperior', deps, manage, async (req: v1.ReferDisputeToSuperiorRequest, call) =>
      accepted(
        await c.referDispute(
          call.principal,
          req.countyCode,
          req.disputeId,
          req.superior,
          req.reason,
          ctx(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    decideDispute: unary('DecideDispute', deps, manage, async (req: v1.DecideDisputeRequest, call) =>
      accepted(
        await c.decideDispute(
          call.principal,
          req.countyCode,
          req.disputeId,
          {
            competentAgencyId: req.competentAgencyId,
            assistingAgencyIds: req.assistingAgencyIds,
            reasoning: req.reasoning,
            legalBasis: req.legalBasis,
          },
          ctx(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    recordDisputeFollowUp: unary('RecordDisputeFollowUp', deps, manage, async (req: v1.RecordDisputeFollowUpRequest, call) =>
      accepted(
        await c.recordFollowUp(
          call.principal,
          req.countyCode,
          req.disputeId,
          req.note,
          ctx(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    confirmDisputeImplemented: unary('ConfirmDisputeImplemented', deps, manage, async (req: v1.ConfirmDisputeImplementedRequest, call) =>
      accepted(
        await c.confirmImplemented(
          call.principal,
          req.countyCode,
          req.disputeId,
          { agencyId: req.agencyId, summary: req.summary, actIds: req.actIds },
          ctx(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    withdrawDispute: unary('WithdrawDispute', deps, manage, async (req: v1.WithdrawDisputeRequest, call) =>
      accepted(
        await c.withdrawDispute(
          call.principal,
          req.countyCode,
          req.disputeId,
          req.reason,
          ctx(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    getDispute: unary('GetDispute', deps, read, async (req: v1.GetDisputeRequest, call) =>
      disputeMessage(await q.dispute(call.principal, req.countyCode, req.disputeId)),
    ),
    listDisputes: unary('ListDisputes', deps, read, async (req: v1.ListDisputesRequest, call) => {
      const page = await q.disputes(call.principal, req.countyCode, { limit: req.page?.limit ?? 0, cursor: req.page?.cursor ?? '' });
      return { disputes: page.items.map(disputeMessage), page: { nextCursor: page.nextCursor } };
    }),
    receivePersonUnderCorrection: unary(
      'ReceivePersonUnderCorrection',
      deps,
      manage,
      async (req: v1.ReceivePersonUnderCorrectionRequest, call) =>
        accepted(
          await pc.receive(
            call.principal,
            req.countyCode,
            {
              personId: req.personId,
              category: req.category as PersonCategory,
              officeId: req.officeId,
              dutyCrime: req.dutyCrime,
              startsAt: required(req.startsAt, 'startsAt', '矫正起始日'),
              endsAt: required(req.endsAt, 'endsAt', '矫正期满日'),
            },
            ctx(call.principal, req.countyCode, call.correlationId),
            optionsOfMeta(req.meta),
          ),
        ),
    ),
    recordCorrectionHours: unary('RecordCorrectionHours', deps, manage, async (req: v1.RecordCorrectionHoursRequest, call) =>
      accepted(
        await pc.recordHours(
          call.principal,
          req.countyCode,
          req.personId,
          {
            kind: req.kind as HoursKind,
            month: req.month,
            hours: req.hours,
            activity: req.activity,
            occurredAt: required(req.occurredAt, 'occurredAt', '活动时间'),
          },
          ctx(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    reportAbsconding: unary('ReportAbsconding', deps, manage, async (req: v1.ReportAbscondingRequest, call) =>
      accepted(
        await pc.reportAbsconding(
          call.principal,
          req.countyCode,
          req.personId,
          { lostContactAt: required(req.lostContactAt, 'lostContactAt', '失去联系时间'), measures: req.measures },
          ctx(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    reportReturnedToSupervision: unary(
      'ReportReturnedToSupervision',
      deps,
      manage,
      async (req: v1.ReportReturnedToSupervisionRequest, call) =>
        accepted(
          await pc.reportReturned(
            call.principal,
            req.countyCode,
            req.personId,
            { returnedAt: required(req.returnedAt, 'returnedAt', '恢复监管时间'), note: req.note },
            ctx(call.principal, req.countyCode, call.correlationId),
            optionsOfMeta(req.meta),
          ),
        ),
    ),
    endCorrection: unary('EndCorrection', deps, manage, async (req: v1.EndCorrectionRequest, call) =>
      accepted(
        await pc.end(
          call.principal,
          req.countyCode,
          req.personId,
          { reason: req.reason as EndReason, endedAt: required(req.endedAt, 'endedAt', '解除矫正时间'), note: req.note },
          ctx(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    getPersonUnderCorrection: unary('GetPersonUnderCorrection', deps, read, async (req: v1.GetPersonUnderCorrectionRequest, call) =>
      personMessage(await pq.get(call.principal, req.countyCode, req.personId)),
    ),
    listPersonsUnderCorrection: unary('ListPersonsUnderCorrection', deps, read, async (req: v1.ListPersonsUnderCorrectionRequest, call) => {
      const page = await pq.list(call.principal, req.countyCode, { limit: req.page?.limit ?? 0, cursor: req.page?.cursor ?? '' });
      return { persons: page.items.map(personMessage), page: { nextCursor: page.nextCursor } };
    }),
    getCommunityCorrectionsReport: unary(
      'GetCommunityCorrectionsReport',
      deps,
      read,
      async (req: v1.GetCommunityCorrectionsReportRequest, call) => {
        const request =
          req.period === 'month'
            ? ({ kind: 'month', year: req.year, month: req.month } as const)
            : req.period === 'half'
              ? ({ kind: 'half', year: req.year, half: req.half } as const)
              : undefined;
        if (!request) throw ValidationError.of('period', 'REPORT_PERIOD_UNKNOWN', '报表周期应为 month（月报）或 half（半年报）');
        const view = correctionsView(
          await deps.correctionReports.report(call.principal, req.countyCode, request),
          req.name.trim() || req.countyCode,
        );
        return {
          title: view.title,
          sections: view.sections.map((s) => ({
            title: s.title,
            rows: s.rows.map((r) => ({ label: r.label, text: r.text, unit: r.unit, ...(r.value === null ? {} : { value: r.value }) })),
          })),
        };
      },
    ),
    recordCorrectionFinding: unary('RecordCorrectionFinding', deps, manage, async (req: v1.RecordCorrectionFindingRequest, call) =>
      accepted(
        await pc.recordFinding(
          call.principal,
          req.countyCode,
          {
            ...(req.findingId ? { findingId: req.findingId } : {}),
            category: req.category as FindingCategory,
            ...(req.personId ? { personId: req.personId } : {}),
            description: req.description,
            foundAt: required(req.foundAt, 'foundAt', '发现时间'),
          },
          ctx(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    listCorrectionFindings: unary('ListCorrectionFindings', deps, read, async (req: v1.ListCorrectionFindingsRequest, call) => {
      const page = await pq.findings(call.principal, req.countyCode, { limit: req.page?.limit ?? 0, cursor: req.page?.cursor ?? '' });
      return { findings: page.items.map((f) => ({ ...f })), page: { nextCursor: page.nextCursor } };
    }),
    ...evaluationGrpcMethods(deps),
  };
  return { definition: v1.GovernanceServiceService, implementation };
}
