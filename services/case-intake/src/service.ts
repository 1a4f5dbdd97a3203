import type { ServiceDefinition } from '@lesp/service-bootstrap';
import { type baseConfigSchema } from '@lesp/service-bootstrap';
import { AgencyCommands } from './application/agency-commands.js';
import { AgencyQueries } from './application/agency-queries.js';
import { agencyRegistryProjection } from './application/projections/agency-registry.js';
import { caseIntakeGrpcService } from './adapters/grpc/case-intake-grpc.js';
import { agencyRoutes } from './adapters/http/agency-routes.js';

/** Case intake: owns agencies (and, later, officers and enforcement acts). */
export const caseIntakeService: ServiceDefinition<typeof baseConfigSchema> = {
  name: 'case-intake',
  consumes: [],
  projections: [agencyRegistryProjection],
  adapters: (parts) => {
    const clock = () => new Date();
    const commands = new AgencyCommands(parts.eventStore, () => parts.relay.wake());
    const queries = new AgencyQueries(parts.projections);
    return {
      grpc: [caseIntakeGrpcService({ ...parts.grpcDeps, commands, queries, clock })],
      routes: agencyRoutes({ commands, queries, clock }),
    };
  },
};
