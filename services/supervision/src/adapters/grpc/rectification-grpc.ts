import type { Principal } from '@lesp/auth';
import { rectificationV1 } from '@lesp/contracts';
import { ValidationError } from '@lesp/core';
import { actorOf, commandContext, unary, type GrpcDeps, type GrpcServiceRegistration, optionsOfMeta } from '@lesp/service-bootstrap';
import { accountabilityFromWire } from '../../application/rectification/rectification-codec.js';
import type { DeadlineInput, RectificationCommands } from '../../application/rectification/rectification-commands.js';
import type { RectificationQueries, RectificationView } from '../../application/rectification/rectification-queries.js';
import { accepted, county } from './command-grpc.js';

export interface RectificationGrpcDeps extends GrpcDeps {
  readonly commands: RectificationCommands;
  readonly queries: RectificationQueries;
  readonly clock: () => Date;
}

const deadlineOf = (deadline: Date | undefined, workingDays: number): DeadlineInput => ({
  ...(deadline ? { deadline } : {}),
  ...(workingDays ? { workingDays } : {}),
});

function accountabilityOf(wire: rectificationV1.RectificationAccountability | undefined) {
  if (!wire) return undefined;
  if (!wire.decidedAt) throw ValidationError.of('accountability.decidedAt', 'FIELD_REQUIRED', '须填写追责决定时间');
  return accountabilityFromWire(wire);
}

export function rectificationMessage(view: RectificationView): rectificationV1.Rectification {
  return {
    ...view,
    grounds: view.grounds.map((g) => ({ ...g })),
    copiedTo: view.copiedTo.map((r) => ({ ...r })),
    measures: [...view.measures],
    repliedAt: view.repliedAt,
    closedAt: view.closedAt,
  };
}

/** RectificationService over gRPC: the same commands and queries as the REST routes. */
export function rectificationGrpcService(deps: RectificationGrpcDeps): GrpcServiceRegistration {
  const { commands, queries } = deps;
  const context = (principal: Principal, countyCode: string, correlationId: string) =>
    commandContext(actorOf(principal, countyCode), correlationId, deps.clock());
  const implementation: rectificationV1.RectificationServiceServer = {
    issueRectificationNotice: unary(
      'IssueRectificationNotice',
      deps,
      { permission: 'supervision.rectification.manage', target: county },
      async (req: rectificationV1.IssueRectificationNoticeRequest, call) =>
        accepted(
          await commands.issue(
            call.principal,
            req.countyCode,
            {
              ...(req.rectificationId ? { rectificationId: req.rectificationId } : {}),
              documentKind: req.documentKind,
              documentNumber: req.documentNumber,
              supervisionForm: req.supervisionForm,
              agencyId: req.agencyId,
              grounds: req.grounds.map((g) => ({ kind: g.kind, alertId: g.alertId, description: g.description })),
              findings: req.findings,
              requirements: req.requirements,
              deadline: deadlineOf(req.deadline, req.deadlineWorkingDays),
              copiedTo: req.copiedTo,
            },
            context(call.principal, req.countyCode, call.correlationId),
            optionsOfMeta(req.meta),
          ),
        ),
    ),
    replyToRectification: unary(
      'ReplyToRectification',
      deps,
      { permission: 'supervision.rectification.reply', target: (req) => ({ countyCodes: [req.countyCode], agencyId: req.agencyId }) },
      async (req: rectificationV1.ReplyToRectificationRequest, call) =>
        accepted(
          await commands.reply(
            call.principal,
            req.countyCode,
            req.rectificationId,
            { agencyId: req.agencyId, measures: req.measures, explanation: req.explanation },
            context(call.principal, req.countyCode, call.correlationId),
            optionsOfMeta(req.meta),
          ),
        ),
    ),
    acceptRectification: unary(
      'AcceptRectification',
      deps,
      { permission: 'supervision.rectification.manage', target: county },
      async (req: rectificationV1.AcceptRectificationRequest, call) =>
        accepted(
          await commands.accept(
            call.principal,
            req.countyCode,
            req.rectificationId,
            req.opinion,
            context(call.principal, req.countyCode, call.correlationId),
            optionsOfMeta(req.meta),
          ),
        ),
    ),
    returnRectification: unary(
      'ReturnRectification',
      deps,
      { permission: 'supervision.rectification.manage', target: county },
      async (req: rectificationV1.ReturnRectificationRequest, call) =>
        accepted(
          await commands.return(
            call.principal,
            req.countyCode,
            req.rectificationId,
            { reason: req.reason, newDeadline: deadlineOf(req.newDeadline, req.newDeadlineWorkingDays) },
            context(call.principal, req.countyCode, call.correlationId),
            optionsOfMeta(req.meta),
          ),
        ),
    ),
    closeRectification: unary(
      'CloseRectification',
      deps,
      { permission: 'supervision.rectification.manage', target: county },
      async (req: rectificationV1.CloseRectificationRequest, call) => {
        const accountability = accountabilityOf(req.accountability);
        return accepted(
          await commands.close(
            call.principal,
            req.countyCode,
            req.rectificationId,
            { outcome: req.outcome, publicSummary: req.publicSummary, ...(accountability ? { accountability } : {}) },
            context(call.principal, req.countyCode, call.correlationId),
            optionsOfMeta(req.meta),
          ),
        );
      },
    ),
    recordRectificationAccountability: unary(
      'RecordRectificationAccountability',
      deps,
      { permission: 'supervision.rectification.manage', target: county },
      async (req: rectificationV1.RecordRectificationAccountabilityRequest, call) => {
        const accountability = accountabilityOf(req.accountability);
        if (!accountability) throw ValidationError.of('accountability', 'FIELD_REQUIRED', '须填写责任追究情况');
        return accepted(
          await commands.recordAccountability(
            req.countyCode,
            req.rectificationId,
            accountability,
            context(call.principal, req.countyCode, call.correlationId),
            optionsOfMeta(req.meta),
          ),
        );
      },
    ),
    listRectifications: unary(
      'ListRectifications',
      deps,
      { permission: 'supervision.rectification.list', target: county },
      async (req: rectificationV1.ListRectificationsRequest, call) => {
        const page = await queries.list(
          call.principal,
          req.countyCode,
          {
            ...(req.agencyId ? { agencyId: req.agencyId } : {}),
            ...(req.status ? { status: req.status } : {}),
            overdueOnly: req.overdueOnly,
          },
          { limit: req.page?.limit ?? 0, cursor: req.page?.cursor ?? '' },
        );
        return { rectifications: page.items.map(rectificationMessage), page: { nextCursor: page.nextCursor } };
      },
    ),
    getRectification: unary(
      'GetRectification',
      deps,
      { permission: 'supervision.rectification.read', target: county },
      async (req: rectificationV1.GetRectificationRequest, call) =>
        rectificationMessage(await queries.get(call.principal, req.countyCode, req.rectificationId)),
    ),
  };
  return { definition: rectificationV1.RectificationServiceService, implementation };
}
