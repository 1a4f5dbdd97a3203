import { type baseConfigSchema, type ServiceDefinition } from '@lesp/service-bootstrap';
import { countyDirectoryProjection } from './application/projections/county-directory.js';
import { CountyDirectoryQueries } from './application/county-directory-queries.js';
import { crossRegionGrpcService } from './adapters/grpc/cross-region-grpc.js';
import { crossRegionRoutes } from './adapters/http/cross-region-routes.js';

/** Cross-region coordination between border counties. */
export const crossRegionService: ServiceDefinition<typeof baseConfigSchema> = {
  name: 'cross-region',
  consumes: ['case-intake', 'supervision'],
  projections: [countyDirectoryProjection],
  adapters: (parts) => {
    const queries = new CountyDirectoryQueries(parts.projections);
    return {
      grpc: [crossRegionGrpcService({ ...parts.grpcDeps, queries })],
      routes: crossRegionRoutes({ queries }),
    };
  },
};
