import { supervisionV1 } from '@lesp/contracts';
import { unary, type GrpcDeps, type GrpcServiceRegistration } from '@lesp/service-bootstrap';
import type { SupervisedAgencyQueries } from '../../application/supervised-agency-queries.js';

export function supervisionGrpcService(deps: GrpcDeps & { queries: SupervisedAgencyQueries }): GrpcServiceRegistration {
  const implementation: supervisionV1.SupervisionServiceServer = {
    listSupervisedAgencies: unary(
      'ListSupervisedAgencies',
      deps,
      { permission: 'supervision.agency.list', target: (req) => ({ countyCodes: [req.countyCode] }) },
      async (req: supervisionV1.ListSupervisedAgenciesRequest, call) => {
        const page = await deps.queries.list(call.principal, req.countyCode, {
          limit: req.page?.limit ?? 0,
          cursor: req.page?.cursor ?? '',
        });
        return { agencies: [...page.items], page: { nextCursor: page.nextCursor } };
      },
    ),
  };
  return { definition: supervisionV1.SupervisionServiceService, implementation };
}
