import { operationsV1 } from '@lesp/contracts';
import { unary, type GrpcDeps, type GrpcServiceRegistration } from './grpc.js';
import type { RebuildJobDocument, RebuildJobs } from './rebuild-jobs.js';

const rebuildMessage = (job: RebuildJobDocument): operationsV1.ProjectionRebuild =>
  operationsV1.ProjectionRebuild.fromPartial({
    jobId: job._id,
    service: job.service,
    projection: job.projection,
    status: job.status,
    stage: job.stage,
    eventsRead: job.eventsRead,
    applied: job.applied,
    recordsRead: job.recordsRead,
    recordsEstimate: job.recordsEstimate,
    collection: job.collection,
    startedAt: job.startedAt,
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
    startedBy: job.startedBy,
    errorCode: job.error?.code ?? '',
    errorMessage: job.error?.message ?? '',
  });

/**
 * OperationsService, which every service answers beside its own API: its read models and their
 * rebuilds as jobs with progress. Operators only (projection.rebuild); no county's data, so the
 * audit log files each call under "000000".
 */
export function operationsGrpcService(
  deps: GrpcDeps & { readonly service: string; readonly rebuilds: RebuildJobs },
): GrpcServiceRegistration {
  const access = { permission: 'projection.rebuild' } as const;
  const implementation: operationsV1.OperationsServiceServer = {
    listProjections: unary('ListProjections', deps, access, async () => ({
      service: deps.service,
      projections: (await deps.rebuilds.list()).map((p) => ({
        name: p.name,
        readModel: p.readModel,
        activeCollection: p.activeCollection,
        lastRebuild: p.lastRebuild ? rebuildMessage(p.lastRebuild) : undefined,
      })),
    })),
    startProjectionRebuild: unary('StartProjectionRebuild', deps, access, async (req: operationsV1.StartProjectionRebuildRequest, call) =>
      rebuildMessage(await deps.rebuilds.start(req.projection, call.principal.subject)),
    ),
    getProjectionRebuild: unary('GetProjectionRebuild', deps, access, async (req: operationsV1.GetProjectionRebuildRequest) =>
      rebuildMessage(await deps.rebuilds.get(req.jobId)),
    ),
  };
  return { definition: operationsV1.OperationsServiceService, implementation };
}
