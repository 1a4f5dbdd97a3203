import type { BaseConfig, GrpcServiceRegistration, ServiceParts } from '@lesp/service-bootstrap';
import type { FastifyInstance } from 'fastify';
import { OfficerCommands } from './application/officer-commands.js';
import { MongoCertificateNumberRegistry } from './application/certificate-numbers.js';
import { OfficerQueries } from './application/officer-queries.js';
import { officerGrpcService } from './adapters/grpc/officer-grpc.js';
import { officerRoutes } from './adapters/http/officer-routes.js';

export { officerRegistryProjection } from './application/projections/officer-registry.js';

/** Officers (执法人员): OfficerService over gRPC and /officers routes over HTTP. */
export function officerAdapters(
  parts: ServiceParts<BaseConfig>,
  clock: () => Date,
): { grpc: GrpcServiceRegistration; routes: (app: FastifyInstance) => Promise<void> } {
  const officers = new OfficerCommands(parts.eventStore, new MongoCertificateNumberRegistry(parts.db, parts.eventStore), () =>
    parts.relay.wake(),
  );
  const queries = new OfficerQueries(parts.projections, clock);
  return {
    grpc: officerGrpcService({ ...parts.grpcDeps, officers, officerQueries: queries, clock }),
    routes: officerRoutes({ officers, queries, clock }),
  };
}
