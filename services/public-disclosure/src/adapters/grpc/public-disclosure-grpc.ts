import { publicDisclosureV1 } from '@lesp/contracts';
import { unary, type GrpcDeps, type GrpcServiceRegistration } from '@lesp/service-bootstrap';
import type { PublicAgencyQueries } from '../../application/public-agency-queries.js';

export function publicDisclosureGrpcService(deps: GrpcDeps & { queries: PublicAgencyQueries }): GrpcServiceRegistration {
  const implementation: publicDisclosureV1.PublicDisclosureServiceServer = {
    listPublicAgencies: unary(
      'ListPublicAgencies',
      deps,
      { permission: 'public.read' },
      async (req: publicDisclosureV1.ListPublicAgenciesRequest) => {
        const page = await deps.queries.list(req.countyCode, { limit: req.page?.limit ?? 0, cursor: req.page?.cursor ?? '' });
        return { agencies: [...page.items], page: { nextCursor: page.nextCursor } };
      },
    ),
  };
  return { definition: publicDisclosureV1.PublicDisclosureServiceService, implementation };
}
