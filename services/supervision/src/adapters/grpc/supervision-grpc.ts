import { supervisionV1 } from '@lesp/contracts';
import { unary, type GrpcServiceRegistration, type Logger, type ServiceMetrics } from '@lesp/service-bootstrap';
import type { SupervisedAgencyQueries } from '../../application/supervised-agency-queries.js';

export function supervisionGrpcService(deps: {
  queries: SupervisedAgencyQueries;
  logger: Logger;
  metrics: ServiceMetrics;
}): GrpcServiceRegistration {
  const implementation: supervisionV1.SupervisionServiceServer = {
    listSupervisedAgencies: unary('ListSupervisedAgencies', deps, async (req: supervisionV1.ListSupervisedAgenciesRequest) => {
      const page = await deps.queries.list(req.countyCode, { limit: req.page?.limit ?? 0, cursor: req.page?.cursor ?? '' });
      return { agencies: [...page.items], page: { nextCursor: page.nextCursor } };
    }),
  };
  return { definition: supervisionV1.SupervisionServiceService, implementation };
}
