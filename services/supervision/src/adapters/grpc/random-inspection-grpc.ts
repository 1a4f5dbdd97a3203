import { randomInspectionV1 as v1 } from '@lesp/contracts';
import type { Principal } from '@lesp/auth';
import { ValidationError } from '@lesp/core';
import { actorOf, commandContext, unary, type GrpcDeps, type GrpcServiceRegistration, optionsOfMeta } from '@lesp/service-bootstrap';
import { drawSizeFromProto } from '../../application/random-inspection/inspection-codec.js';
import type { RandomInspectionCommands } from '../../application/random-inspection/inspection-commands.js';
import type { PlanView, RandomInspectionQueries } from '../../application/random-inspection/inspection-queries.js';
import type { TargetKind } from '../../application/random-inspection/target-registry.js';
import type { InspectionOutcome, RecusalRule } from '../../domain/random-inspection/index.js';
import { accepted, county } from './command-grpc.js';

export interface RandomInspectionGrpcDeps extends GrpcDeps {
  readonly commands: RandomInspectionCommands;
  readonly queries: RandomInspectionQueries;
  readonly clock: () => Date;
}

const manage = { permission: 'supervision.random_inspection.manage', target: county } as const;
const read = { permission: 'supervision.random_inspection.read', target: county } as const;

export function planMessage(view: PlanView): v1.RandomInspection {
  return {
    planId: view.planId,
    countyCode: view.countyCode,
    title: view.title,
    year: view.year,
    leadAgencyId: view.leadAgencyId,
    agencyIds: [...view.agencyIds],
    crossAgency: view.crossAgency,
    matters: [...view.matters],
    status: view.status,
    planPublished: view.planPublished,
    targetDraw: view.targetDraw ? { ...view.targetDraw } : undefined,
    inspectorDraw: view.inspectorDraw ? { ...view.inspectorDraw } : undefined,
    targets: view.targets.map((t) => ({ targetId: t.targetId, name: t.name, kind: t.kind, unitAgencyId: t.unitAgencyId ?? '' })),
    teams: view.teams.map((t) => ({ targetId: t.targetId, inspectorIds: [...t.inspectorIds] })),
    excluded: view.excluded.map((e) => ({ ...e })),
    recused: view.recused.map((r) => ({ targetId: r.targetId, officerIds: [...r.officerIds] })),
    results: view.results.map((r) => ({ ...r, inspectorIds: [...r.inspectorIds] })),
    figures: { ...view.figures },
    version: view.version,
  };
}

/** RandomInspectionService (双随机、一公开) over gRPC. */
export function randomInspectionGrpcService(deps: RandomInspectionGrpcDeps): GrpcServiceRegistration {
  const { commands, queries } = deps;
  const context = (principal: Principal, countyCode: string, correlationId: string) =>
    commandContext(actorOf(principal, countyCode), correlationId, deps.clock());
  const implementation: v1.RandomInspectionServiceServer = {
    registerInspectionTarget: unary('RegisterInspectionTarget', deps, manage, async (req: v1.RegisterInspectionTargetRequest, call) =>
      accepted(
        await commands.registerTarget(
          call.principal,
          req.countyCode,
          {
            ...(req.targetId ? { targetId: req.targetId } : {}),
            name: req.name,
            kind: req.kind as TargetKind,
            creditCode: req.creditCode,
            ...(req.unitAgencyId ? { unitAgencyId: req.unitAgencyId } : {}),
          },
          context(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    listInspectionTargets: unary('ListInspectionTargets', deps, read, async (req: v1.ListInspectionTargetsRequest, call) => {
      const page = await queries.targets(call.principal, req.countyCode, { limit: req.page?.limit ?? 0, cursor: req.page?.cursor ?? '' });
      return { targets: [...page.items], page: { nextCursor: page.nextCursor } };
    }),
    planRandomInspection: unary('PlanRandomInspection', deps, manage, async (req: v1.PlanRandomInspectionRequest, call) => {
      if (!req.period?.from || !req.period.to) throw ValidationError.of('period', 'PERIOD_INVALID', '须填写抽查期间的起止时间');
      return accepted(
        await commands.plan(
          call.principal,
          req.countyCode,
          {
            ...(req.planId ? { planId: req.planId } : {}),
            title: req.title,
            year: req.year,
            leadAgencyId: req.leadAgencyId,
            agencyIds: req.agencyIds,
            matters: req.matters,
            targetDraw: drawSizeFromProto(req.targetDraw),
            inspectorsPerTarget: req.inspectorsPerTarget,
            ...(req.officersPerAgency ? { officersPerAgency: req.officersPerAgency } : {}),
            recusal: req.recusal as RecusalRule,
            period: { from: req.period.from, to: req.period.to },
          },
          context(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      );
    }),
    publishInspectionPlan: unary('PublishInspectionPlan', deps, manage, async (req: v1.PublishInspectionPlanRequest, call) =>
      accepted(
        await commands.publishPlan(
          call.principal,
          req.countyCode,
          req.planId,
          context(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    drawInspectionTargets: unary('DrawInspectionTargets', deps, manage, async (req: v1.DrawInspectionTargetsRequest, call) =>
      accepted(
        await commands.drawTargets(
          call.principal,
          req.countyCode,
          req.planId,
          req.seed,
          context(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    drawInspectors: unary('DrawInspectors', deps, manage, async (req: v1.DrawInspectorsRequest, call) =>
      accepted(
        await commands.drawInspectors(
          call.principal,
          req.countyCode,
          req.planId,
          req.seed,
          context(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    recordInspectionResult: unary('RecordInspectionResult', deps, manage, async (req: v1.RecordInspectionResultRequest, call) => {
      if (!req.inspectedAt) throw ValidationError.of('inspectedAt', 'FIELD_REQUIRED', '须填写检查时间');
      return accepted(
        await commands.recordResult(
          call.principal,
          req.countyCode,
          req.planId,
          {
            targetId: req.targetId,
            inspectorIds: req.inspectorIds,
            outcome: req.outcome as InspectionOutcome,
            findings: req.findings,
            inspectedAt: req.inspectedAt,
          },
          context(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      );
    }),
    publishInspectionResults: unary('PublishInspectionResults', deps, manage, async (req: v1.PublishInspectionResultsRequest, call) =>
      accepted(
        await commands.publishResults(
          call.principal,
          req.countyCode,
          req.planId,
          req.targetIds,
          context(call.principal, req.countyCode, call.correlationId),
          optionsOfMeta(req.meta),
        ),
      ),
    ),
    getRandomInspection: unary('GetRandomInspection', deps, read, async (req: v1.GetRandomInspectionRequest, call) =>
      planMessage(await queries.get(call.principal, req.countyCode, req.planId)),
    ),
    listRandomInspections: unary('ListRandomInspections', deps, read, async (req: v1.ListRandomInspectionsRequest, call) => {
      const page = await queries.list(call.principal, req.countyCode, req.year || undefined, {
        limit: req.page?.limit ?? 0,
        cursor: req.page?.cursor ?? '',
      });
      return { plans: page.items.map(planMessage), page: { nextCursor: page.nextCursor } };
    }),
    getInspectionFigures: unary('GetInspectionFigures', deps, read, async (req: v1.GetInspectionFiguresRequest, call) =>
      queries.figures(call.principal, req.countyCode, req.year),
    ),
  };
  return { definition: v1.RandomInspectionServiceService, implementation };
}
