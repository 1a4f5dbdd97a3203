import type { BaseConfig, ServiceParts } from '@lesp/service-bootstrap';
import { ActCommands } from './application/acts/act-commands.js';
import { ActQueries } from './application/acts/act-queries.js';
import { RegistryLookup } from './application/acts/registry-lookup.js';
import { actSearchProjection } from './application/projections/act-search.js';
import { actGrpcService } from './adapters/grpc/act-grpc.js';
import { actRoutes } from './adapters/http/act-routes.js';

export { actSearchProjection };

/** Enforcement acts: commands, queries and their gRPC and HTTP adapters, wired from the service's parts. */
export function actAdapters(parts: ServiceParts<BaseConfig>, clock: () => Date) {
  const commands = new ActCommands(parts.eventStore, new RegistryLookup(parts.eventStore), () => parts.relay.wake(), clock);
  const queries = new ActQueries(parts.projections, parts.eventStore, clock);
  return {
    commands,
    grpc: actGrpcService({ ...parts.grpcDeps, commands, queries, clock }),
    routes: actRoutes({ commands, queries, clock }),
  };
}
