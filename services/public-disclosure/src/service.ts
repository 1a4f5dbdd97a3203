import { type baseConfigSchema, type ServiceDefinition } from '@lesp/service-bootstrap';
import { publicAgenciesProjection } from './application/projections/public-agencies.js';
import { PublicAgencyQueries } from './application/public-agency-queries.js';
import { publicDisclosureGrpcService } from './adapters/grpc/public-disclosure-grpc.js';
import { publicRoutes } from './adapters/http/public-routes.js';

/** Public disclosure: projects only what may be published. */
export const publicDisclosureService: ServiceDefinition<typeof baseConfigSchema> = {
  name: 'public-disclosure',
  consumes: ['case-intake', 'supervision'],
  projections: [publicAgenciesProjection],
  adapters: (parts) => {
    const queries = new PublicAgencyQueries(parts.projections);
    return {
      grpc: [publicDisclosureGrpcService({ ...parts.grpcDeps, queries })],
      routes: publicRoutes({ queries, ratePerMinute: parts.config.PUBLIC_RATE_LIMIT_PER_MINUTE }),
    };
  },
};
