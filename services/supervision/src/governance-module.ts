import type { ServiceParts } from '@lesp/service-bootstrap';
import { governanceGrpcService } from './adapters/grpc/governance-grpc.js';
import { governanceRoutes } from './adapters/http/governance-routes.js';
import { GovernanceCommands } from './application/governance/governance-commands.js';
import { competenceDisputesProjection, normativeDocumentsProjection } from './application/governance/governance-projections.js';
import { GovernanceQueries } from './application/governance/governance-queries.js';
import type { EngineParts, SupervisionConfig } from './engine-module.js';

/**
 * Normative documents (规范性文件) and competence disputes (执法争议协调) wired: read models,
 * commands (disputes due after 7 working days of the official calendar), gRPC and HTTP.
 */
export function createGovernanceModule(clock: () => Date) {
  return {
    projections: [normativeDocumentsProjection, competenceDisputesProjection],
    adapters(parts: ServiceParts<SupervisionConfig>, engine: EngineParts) {
      const commands = new GovernanceCommands(
        parts.eventStore,
        () => engine.calendar.calendar,
        () => parts.relay.wake(),
        clock,
      );
      const queries = new GovernanceQueries(parts.projections, clock);
      const deps = { commands, queries, clock };
      return { grpc: governanceGrpcService({ ...parts.grpcDeps, ...deps }), routes: governanceRoutes(deps) };
    },
  };
}
