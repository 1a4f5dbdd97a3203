import { type baseConfigSchema, type ServiceDefinition } from '@lesp/service-bootstrap';
import { supervisedAgenciesProjection } from './application/projections/supervised-agencies.js';
import { SupervisedAgencyQueries } from './application/supervised-agency-queries.js';
import { supervisionGrpcService } from './adapters/grpc/supervision-grpc.js';
import { supervisionRoutes } from './adapters/http/supervision-routes.js';

/** Supervision: watches every act of every agency as its events arrive. */
export const supervisionService: ServiceDefinition<typeof baseConfigSchema> = {
  name: 'supervision',
  consumes: ['case-intake'],
  projections: [supervisedAgenciesProjection],
  adapters: (parts) => {
    const queries = new SupervisedAgencyQueries(parts.projections);
    return {
      grpc: [supervisionGrpcService({ ...parts.grpcDeps, queries })],
      routes: supervisionRoutes({ queries }),
    };
  },
};
