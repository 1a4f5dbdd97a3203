import { crossRegionV1 } from '@lesp/contracts';
import { unary, type GrpcServiceRegistration, type Logger, type ServiceMetrics } from '@lesp/service-bootstrap';
import type { CountyDirectoryQueries } from '../../application/county-directory-queries.js';

export function crossRegionGrpcService(deps: {
  queries: CountyDirectoryQueries;
  logger: Logger;
  metrics: ServiceMetrics;
}): GrpcServiceRegistration {
  const implementation: crossRegionV1.CrossRegionServiceServer = {
    listCountyDirectory: unary('ListCountyDirectory', deps, async (req: crossRegionV1.ListCountyDirectoryRequest) => ({
      counties: await deps.queries.list(req.countyCodes),
    })),
  };
  return { definition: crossRegionV1.CrossRegionServiceService, implementation };
}
