import type { ServiceDefinition } from '@lesp/service-bootstrap';
import { dailyDigestEventCodec } from '@lesp/contracts';
import { startDailyDigestSealing } from '@lesp/event-store';
import { type baseConfigSchema } from '@lesp/service-bootstrap';
import { AgencyCommands } from './application/agency-commands.js';
import { AgencyQueries } from './application/agency-queries.js';
import { agencyRegistryProjection } from './application/projections/agency-registry.js';
import { caseIntakeGrpcService } from './adapters/grpc/case-intake-grpc.js';
import { agencyRoutes } from './adapters/http/agency-routes.js';
import { PowerListCommands } from './application/power-list-commands.js';
import { powerListRoutes } from './adapters/http/power-list-routes.js';
import { officerAdapters, officerRegistryProjection } from './officer-module.js';
import { complaintAdapters, complaintsProjection } from './complaint-module.js';
import { actAdapters, actSearchProjection } from './act-module.js';
import { importAdapters } from './import-module.js';

/** Case intake: owns agencies (and, later, officers and enforcement acts). */
export const caseIntakeService: ServiceDefinition<typeof baseConfigSchema> = {
  name: 'case-intake',
  consumes: [],
  projections: [agencyRegistryProjection, complaintsProjection, actSearchProjection, officerRegistryProjection],
  adapters: (parts) => {
    const clock = () => new Date();
    const commands = new AgencyCommands(parts.eventStore, () => parts.relay.wake());
    const queries = new AgencyQueries(parts.projections);
    const powerList = new PowerListCommands(parts.eventStore, () => parts.relay.wake());
    const officers = officerAdapters(parts, clock);
    const complaints = complaintAdapters(parts, clock);
    const acts = actAdapters(parts, clock);
    const imports = importAdapters(parts, clock);
    // Every record case intake keeps (agencies, officers, acts, complaints) sealed per county-day (日摘要).
    startDailyDigestSealing(parts, dailyDigestEventCodec);
    return {
      grpc: [
        caseIntakeGrpcService({ ...parts.grpcDeps, commands, queries, powerList, clock }),
        complaints.grpc,
        acts.grpc,
        officers.grpc,
        imports.grpc,
      ],
      routes: async (app) => {
        await agencyRoutes({ commands, queries, clock })(app);
        await powerListRoutes({ powerList, queries, clock })(app);
        await officers.routes(app);
        await complaints.routes(app);
        await acts.routes(app);
        await imports.routes(app);
      },
    };
  },
};
