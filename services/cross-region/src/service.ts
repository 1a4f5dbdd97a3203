import type { ServiceDefinition } from '@lesp/service-bootstrap';
import { dailyDigestEventCodec } from '@lesp/contracts';
import { startDailyDigestSealing } from '@lesp/event-store';
import { countyDirectoryProjection } from './application/projections/county-directory.js';
import { CountyDirectoryQueries } from './application/county-directory-queries.js';
import { crossRegionGrpcService } from './adapters/grpc/cross-region-grpc.js';
import { crossRegionRoutes } from './adapters/http/cross-region-routes.js';
import { createCoordinationModule, crossRegionConfigSchema } from './coordination-module.js';

/**
 * Cross-region coordination between border counties. A factory, so that each running
 * instance (tests start several in one process) has its own process manager wiring.
 */
export function createCrossRegionService(options: { clock?: () => Date } = {}): ServiceDefinition<typeof crossRegionConfigSchema> {
  const clock = options.clock ?? (() => new Date());
  const coordination = createCoordinationModule(clock);
  return {
    name: 'cross-region',
    configSchema: crossRegionConfigSchema,
    consumes: ['case-intake', 'supervision'],
    projections: [countyDirectoryProjection, ...coordination.projections],
    adapters: (parts) => {
      const queries = new CountyDirectoryQueries(parts.projections);
      const wired = coordination.adapters(parts);
      // Its own log (agreements, meetings, incidents, advice, consultations, exchange consents) sealed per county-day (日摘要).
      startDailyDigestSealing(parts, dailyDigestEventCodec);
      return {
        grpc: [crossRegionGrpcService({ ...parts.grpcDeps, queries }), wired.grpc],
        routes: async (app) => {
          await crossRegionRoutes({ queries })(app);
          await wired.routes(app);
        },
      };
    },
  };
}

export const crossRegionService = createCrossRegionService();
