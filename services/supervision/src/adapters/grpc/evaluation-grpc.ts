import type { governanceV1 as v1 } from '@lesp/contracts';
import type { Principal } from '@lesp/auth';
import { actorOf, commandContext, optionsOfMeta, unary, type GrpcDeps } from '@lesp/service-bootstrap';
import { schemeFromProto } from '../../application/evaluation/evaluation-codec.js';
import type { EvaluationCommands } from '../../application/evaluation/evaluation-commands.js';
import type { EvaluationQueries, EvaluationView } from '../../application/evaluation/evaluation-queries.js';
import { accepted, county } from './command-grpc.js';

export interface EvaluationGrpcDeps extends GrpcDeps {
  readonly evaluations: EvaluationCommands;
  readonly evaluationQueries: EvaluationQueries;
  readonly clock: () => Date;
}

type EvaluationMethods = Pick<
  v1.GovernanceServiceServer,
  'recordAgencyEvaluation' | 'reviseAgencyEvaluation' | 'publishAgencyEvaluation' | 'getAgencyEvaluation' | 'listAgencyEvaluations'
>;

const manage = { permission: 'supervision.evaluation.manage', target: county } as const;
const read = { permission: 'supervision.evaluation.read', target: county } as const;

export const evaluationMessage = (view: EvaluationView): v1.AgencyEvaluation => ({
  evaluationId: view.evaluationId,
  countyCode: view.countyCode,
  agencyId: view.agencyId,
  agencyName: view.agencyName,
  year: view.year,
  status: view.status,
  centipoints: view.centipoints,
  score: view.score,
  grade: view.grade,
  gradeName: view.gradeName,
  rank: view.rank,
  indicators: view.indicators.map((i) => ({
    code: i.code,
    name: i.name,
    weight: i.weight,
    ...(i.centipoints === null ? {} : { centipoints: i.centipoints }),
  })),
  reasons: [...view.reasons],
  figures: view.figures.map((f) => ({
    key: f.key,
    kind: f.kind,
    numerator: f.numerator,
    denominator: f.denominator,
    centipoints: f.centipoints,
  })),
  supervisorScores: view.supervisorScores.map((s) => ({ ...s })),
  lostLawsuits: view.lostLawsuits,
  headAbsentFromCourt: view.headAbsentFromCourt,
  vetoes: view.vetoes.map((v) => ({ ...v })),
  revisions: view.revisions,
  evaluatedBy: view.evaluatedBy,
  evaluatedAt: view.evaluatedAt,
  publishedAt: view.publishedAt,
  version: view.version,
});

/** The evaluation (评议考核) methods of GovernanceService. */
export function evaluationGrpcMethods(deps: EvaluationGrpcDeps): EvaluationMethods {
  const { evaluations: c, evaluationQueries: q } = deps;
  const ctx = (principal: Principal, countyCode: string, correlationId: string) =>
    commandContext(actorOf(principal, countyCode), correlationId, deps.clock());
  const scores = (req: {
    supervisorScores: v1.EvaluationSupervisorScore[];
    lostLawsuits: number;
    headAbsentFromCourt: number;
    vetoes: v1.EvaluationVeto[];
  }) => ({
    supervisorScores: req.supervisorScores.map((s) => ({ ...s })),
    lostLawsuits: req.lostLawsuits,
    headAbsentFromCourt: req.headAbsentFromCourt,
    vetoes: req.vetoes.map((v) => ({ ...v })),
  });
  return {
    recordAgencyEvaluation: unary('RecordAgencyEvaluation', deps, manage, async (req: v1.RecordAgencyEvaluationRequest, call) =>
      accepted(
        await c.record(
          call.principal,
          req.countyCode,
          {
            agencyId: req.agencyId,
            year: req.year,
            ...(req.scheme ? { scheme: { ...schemeFromProto(req.scheme), year: req.year } } : {}),
            ...scores(req),
          },
          ctx(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    reviseAgencyEvaluation: unary('ReviseAgencyEvaluation', deps, manage, async (req: v1.ReviseAgencyEvaluationRequest, call) =>
      accepted(
        await c.revise(
          call.principal,
          req.countyCode,
          req.evaluationId,
          { ...scores(req), reason: req.reason },
          ctx(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    publishAgencyEvaluation: unary('PublishAgencyEvaluation', deps, manage, async (req: v1.PublishAgencyEvaluationRequest, call) =>
      accepted(
        await c.publish(
          call.principal,
          req.countyCode,
          req.evaluationId,
          ctx(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    getAgencyEvaluation: unary('GetAgencyEvaluation', deps, read, async (req: v1.GetAgencyEvaluationRequest, call) =>
      evaluationMessage(await q.get(call.principal, req.countyCode, req.evaluationId)),
    ),
    listAgencyEvaluations: unary('ListAgencyEvaluations', deps, read, async (req: v1.ListAgencyEvaluationsRequest, call) => ({
      evaluations: (await q.list(call.principal, req.countyCode, req.year)).map(evaluationMessage),
    })),
  };
}
