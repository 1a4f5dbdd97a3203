import { caseFileReviewV1 as v1 } from '@lesp/contracts';
import type { Principal } from '@lesp/auth';
import { actorOf, commandContext, unary, type GrpcDeps, type GrpcServiceRegistration, optionsOfMeta } from '@lesp/service-bootstrap';
import {
  assessmentFromProto,
  checklistFromProto,
  checklistToProto,
  criteriaFromProto,
  criteriaToProto,
  recurrenceFromProto,
  recurrenceToProto,
  roundCriteriaFromProto,
} from '../../application/case-file-review/review-codec.js';
import type { CaseFileReviewCommands } from '../../application/case-file-review/review-commands.js';
import type { CaseFileReviewQueries, CaseFileReviewView } from '../../application/case-file-review/review-queries.js';
import type { SupervisionForm } from '../../domain/shared/supervision-forms.js';
import { accepted, county } from './command-grpc.js';

export interface CaseFileReviewGrpcDeps extends GrpcDeps {
  readonly commands: CaseFileReviewCommands;
  readonly queries: CaseFileReviewQueries;
  readonly clock: () => Date;
}

const manage = { permission: 'supervision.case_file_review.manage', target: county } as const;
const read = { permission: 'supervision.case_file_review.read', target: county } as const;

export function reviewMessage(view: CaseFileReviewView): v1.CaseFileReview {
  return {
    reviewId: view.reviewId,
    countyCode: view.countyCode,
    title: view.title,
    supervisionForm: view.supervisionForm,
    status: view.status,
    definitionId: view.definitionId,
    roundNumber: view.roundNumber,
    criteria: criteriaToProto(view.criteria),
    checklist: checklistToProto(view.checklist),
    draws: view.draws.map((d) => ({ ...d, sample: d.sample.map((f) => ({ ...f })) })),
    sample: view.sample.map((f) => ({ ...f })),
    scored: view.scored.map((s) => ({ ...s, vetoedBy: [...s.vetoedBy], problems: s.problems.map((p) => ({ ...p })) })),
    summary: view.summary
      ? {
          ...view.summary,
          byCategory: view.summary.byCategory.map((c) => ({ ...c })),
          byAgency: view.summary.byAgency.map((a) => ({ ...a })),
          problemsByItem: view.summary.problemsByItem.map((p) => ({ ...p })),
        }
      : undefined,
    conclusion: view.conclusion ?? '',
    referrals: view.referrals.map((r) => ({ ...r })),
    openedAt: view.openedAt,
    version: view.version,
  };
}

/** CaseFileReviewService (案卷评查) over gRPC. */
export function caseFileReviewGrpcService(deps: CaseFileReviewGrpcDeps): GrpcServiceRegistration {
  const { commands, queries } = deps;
  const context = (principal: Principal, countyCode: string, correlationId: string) =>
    commandContext(actorOf(principal, countyCode), correlationId, deps.clock());
  const implementation: v1.CaseFileReviewServiceServer = {
    defineCaseFileReview: unary('DefineCaseFileReview', deps, manage, async (req: v1.DefineCaseFileReviewRequest, call) =>
      accepted(
        await commands.define(
          call.principal,
          req.countyCode,
          {
            ...(req.definitionId ? { definitionId: req.definitionId } : {}),
            title: req.title,
            supervisionForm: req.supervisionForm as SupervisionForm,
            recurrence: recurrenceFromProto(req.recurrence),
            criteria: roundCriteriaFromProto(req.criteria),
            ...(req.checklist ? { checklist: checklistFromProto(req.checklist) } : {}),
          },
          context(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    retireCaseFileReviewDefinition: unary(
      'RetireCaseFileReviewDefinition',
      deps,
      manage,
      async (req: v1.RetireCaseFileReviewDefinitionRequest, call) =>
        accepted(
          await commands.retire(
            call.principal,
            req.countyCode,
            req.definitionId,
            req.reason,
            context(call.principal, req.countyCode, call.correlationId),
            optionsOfMeta(req.meta),
          ),
        ),
    ),
    listCaseFileReviewDefinitions: unary(
      'ListCaseFileReviewDefinitions',
      deps,
      read,
      async (req: v1.ListCaseFileReviewDefinitionsRequest, call) => {
        const page = await queries.definitions(call.principal, req.countyCode, {
          limit: req.page?.limit ?? 0,
          cursor: req.page?.cursor ?? '',
        });
        return {
          definitions: page.items.map((d) => ({
            ...d,
            recurrence: recurrenceToProto(d.recurrence),
            criteria: criteriaToProto(d.criteria),
            reviewIds: [...d.reviewIds],
          })),
          page: { nextCursor: page.nextCursor },
        };
      },
    ),
    openCaseFileReview: unary('OpenCaseFileReview', deps, manage, async (req: v1.OpenCaseFileReviewRequest, call) =>
      accepted(
        await commands.open(
          call.principal,
          req.countyCode,
          {
            ...(req.reviewId ? { reviewId: req.reviewId } : {}),
            title: req.title,
            supervisionForm: req.supervisionForm as SupervisionForm,
            criteria: criteriaFromProto(req.criteria),
            ...(req.checklist ? { checklist: checklistFromProto(req.checklist) } : {}),
          },
          context(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    drawCaseFileSample: unary('DrawCaseFileSample', deps, manage, async (req: v1.DrawCaseFileSampleRequest, call) =>
      accepted(
        await commands.draw(
          call.principal,
          req.countyCode,
          req.reviewId,
          { ...(req.seed !== undefined ? { seed: req.seed } : {}), ...(req.redrawReason ? { redrawReason: req.redrawReason } : {}) },
          context(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    scoreCaseFile: unary('ScoreCaseFile', deps, manage, async (req: v1.ScoreCaseFileRequest, call) =>
      accepted(
        await commands.score(
          call.principal,
          req.countyCode,
          req.reviewId,
          req.fileId,
          { assessments: req.assessments.map(assessmentFromProto), problems: req.problems.map((p) => ({ ...p })) },
          context(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    publishCaseFileReviewSummary: unary(
      'PublishCaseFileReviewSummary',
      deps,
      manage,
      async (req: v1.PublishCaseFileReviewSummaryRequest, call) =>
        accepted(
          await commands.publish(
            call.principal,
            req.countyCode,
            req.reviewId,
            req.conclusion,
            context(call.principal, req.countyCode, call.correlationId),
            optionsOfMeta(req.meta),
          ),
        ),
    ),
    referReviewProblemsForRectification: unary(
      'ReferReviewProblemsForRectification',
      deps,
      manage,
      async (req: v1.ReferReviewProblemsForRectificationRequest, call) => {
        const outcome = await commands.refer(
          call.principal,
          req.countyCode,
          req.reviewId,
          req.agencyId,
          context(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        );
        return { accepted: accepted(outcome), rectificationId: outcome.rectificationId };
      },
    ),
    getCaseFileReview: unary('GetCaseFileReview', deps, read, async (req: v1.GetCaseFileReviewRequest, call) =>
      reviewMessage(await queries.get(call.principal, req.countyCode, req.reviewId)),
    ),
    listCaseFileReviews: unary('ListCaseFileReviews', deps, read, async (req: v1.ListCaseFileReviewsRequest, call) => {
      const page = await queries.list(call.principal, req.countyCode, req.status || undefined, {
        limit: req.page?.limit ?? 0,
        cursor: req.page?.cursor ?? '',
      });
      return { reviews: page.items.map(reviewMessage), page: { nextCursor: page.nextCursor } };
    }),
  };
  return { definition: v1.CaseFileReviewServiceService, implementation };
}
