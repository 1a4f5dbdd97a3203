import type { ServiceParts } from '@lesp/service-bootstrap';
import { actSummariesProjection } from './application/statistics/act-summaries-projection.js';
import { publishedDecisionsProjection } from './application/statistics/published-decisions-projection.js';
import { inspectionVisitsProjection } from './application/statistics/inspection-visits-projection.js';
import { StatisticsQueries } from './application/statistics/statistics-queries.js';
import { statisticsGrpcService } from './adapters/grpc/statistics-grpc.js';
import { statisticsRoutes } from './adapters/http/statistics-routes.js';
import type { SupervisionConfig } from './engine-module.js';

export { actSummariesProjection, inspectionVisitsProjection, publishedDecisionsProjection };

/** Statistics reports (统计报表): the act summaries projection, the report queries, gRPC and HTTP. */
export function statisticsAdapters(parts: ServiceParts<SupervisionConfig>, clock: () => Date) {
  const queries = new StatisticsQueries(parts.projections, clock);
  return {
    queries,
    grpc: statisticsGrpcService({ ...parts.grpcDeps, queries }),
    routes: statisticsRoutes({ queries }),
  };
}
