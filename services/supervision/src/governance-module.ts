import type { ServiceParts } from '@lesp/service-bootstrap';
import { governanceGrpcService } from './adapters/grpc/governance-grpc.js';
import { governanceRoutes } from './adapters/http/governance-routes.js';
import { GovernanceCommands } from './application/governance/governance-commands.js';
import { competenceDisputesProjection, normativeDocumentsProjection } from './application/governance/governance-projections.js';
import { GovernanceQueries } from './application/governance/governance-queries.js';
import { CorrectionsCommands } from './application/governance/corrections-commands.js';
import { personsUnderCorrectionProjection } from './application/governance/corrections-projection.js';
import { CorrectionsQueries } from './application/governance/corrections-queries.js';
import type { EngineParts, SupervisionConfig } from './engine-module.js';

/**
 * Normative documents (规范性文件), competence disputes (执法争议协调) and community corrections (社区矫正) wired: read models,
 * commands (disputes due after 7 working days of the official calendar), gRPC and HTTP.
 */
export function createGovernanceModule(clock: () => Date) {
  return {
    projections: [normativeDocumentsProjection, competenceDisputesProjection, personsUnderCorrectionProjection],
    adapters(parts: ServiceParts<SupervisionConfig>, engine: EngineParts) {
      const commands = new GovernanceCommands(
        parts.eventStore,
        () => engine.calendar.calendar,
        () => parts.relay.wake(),
        clock,
      );
      const queries = new GovernanceQueries(parts.projections, clock);
      const corrections = new CorrectionsCommands(parts.eventStore, () => parts.relay.wake(), clock);
      const correctionQueries = new CorrectionsQueries(parts.projections, clock);
      const deps = { commands, queries, corrections, correctionQueries, clock };
      return { grpc: governanceGrpcService({ ...parts.grpcDeps, ...deps }), routes: governanceRoutes(deps) };
    },
  };
}
