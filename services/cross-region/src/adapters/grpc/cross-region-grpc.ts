import { crossRegionV1 } from '@lesp/contracts';
import { unary, type GrpcDeps, type GrpcServiceRegistration } from '@lesp/service-bootstrap';
import type { CountyDirectoryQueries } from '../../application/county-directory-queries.js';

export function crossRegionGrpcService(deps: GrpcDeps & { queries: CountyDirectoryQueries }): GrpcServiceRegistration {
  const implementation: crossRegionV1.CrossRegionServiceServer = {
    listCountyDirectory: unary(
      'ListCountyDirectory',
      deps,
      { permission: 'directory.read', target: (req) => ({ countyCodes: req.countyCodes }) },
      async (req: crossRegionV1.ListCountyDirectoryRequest, call) => ({
        counties: await deps.queries.list(call.principal, req.countyCodes),
      }),
    ),
  };
  return { definition: crossRegionV1.CrossRegionServiceService, implementation };
}
