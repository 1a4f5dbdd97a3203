import type { ServiceDefinition } from '@lesp/service-bootstrap';
import { type baseConfigSchema } from '@lesp/service-bootstrap';
import { AgencyCommands } from './application/agency-commands.js';
import { AgencyQueries } from './application/agency-queries.js';
import { agencyRegistryProjection } from './application/projections/agency-registry.js';
import { caseIntakeGrpcService } from './adapters/grpc/case-intake-grpc.js';
import { agencyRoutes } from './adapters/http/agency-routes.js';
import { complaintAdapters, complaintsProjection } from './complaint-module.js';

/** Case intake: owns agencies (and, later, officers and enforcement acts). */
export const caseIntakeService: ServiceDefinition<typeof baseConfigSchema> = {
  name: 'case-intake',
  consumes: [],
  projections: [agencyRegistryProjection, complaintsProjection],
  adapters: (parts) => {
    const clock = () => new Date();
    const commands = new AgencyCommands(parts.eventStore, () => parts.relay.wake());
    const queries = new AgencyQueries(parts.projections);
    const complaints = complaintAdapters(parts, clock);
    return {
      grpc: [caseIntakeGrpcService({ ...parts.grpcDeps, commands, queries, clock }), complaints.grpc],
      routes: async (app) => {
        await agencyRoutes({ commands, queries, clock })(app);
        await complaints.routes(app);
      },
    };
  },
};
