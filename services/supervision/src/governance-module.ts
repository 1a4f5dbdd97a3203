import type { FastifyInstance } from 'fastify';
import type { ServiceParts } from '@lesp/service-bootstrap';
import { governanceGrpcService } from './adapters/grpc/governance-grpc.js';
import { governanceRoutes } from './adapters/http/governance-routes.js';
import { GovernanceCommands } from './application/governance/governance-commands.js';
import { competenceDisputesProjection, normativeDocumentsProjection } from './application/governance/governance-projections.js';
import { GovernanceQueries } from './application/governance/governance-queries.js';
import { CorrectionsCommands } from './application/governance/corrections-commands.js';
import { correctionFindingsProjection, personsUnderCorrectionProjection } from './application/governance/corrections-projection.js';
import { CorrectionsQueries } from './application/governance/corrections-queries.js';
import { CorrectionsReports } from './application/governance/corrections-reports.js';
import { evaluationRoutes } from './adapters/http/evaluation-routes.js';
import { EvaluationCommands } from './application/evaluation/evaluation-commands.js';
import { agencyEvaluationsProjection } from './application/evaluation/evaluation-projection.js';
import { EvaluationQueries } from './application/evaluation/evaluation-queries.js';
import type { StatisticsQueries } from './application/statistics/statistics-queries.js';
import type { EngineParts, SupervisionConfig } from './engine-module.js';

/**
 * Normative documents (规范性文件), competence disputes (执法争议协调), community corrections (社区矫正) and the yearly
 * evaluation of agencies (评议考核, figures from the statistics queries) wired: read models, commands (disputes due after
 * 7 working days of the official calendar), gRPC and HTTP.
 */
export function createGovernanceModule(clock: () => Date) {
  return {
    projections: [
      normativeDocumentsProjection,
      competenceDisputesProjection,
      personsUnderCorrectionProjection,
      correctionFindingsProjection,
      agencyEvaluationsProjection,
    ],
    adapters(parts: ServiceParts<SupervisionConfig>, engine: EngineParts, statistics: StatisticsQueries) {
      const commands = new GovernanceCommands(
        parts.eventStore,
        () => engine.calendar.calendar,
        () => parts.relay.wake(),
        clock,
      );
      const queries = new GovernanceQueries(parts.projections, clock);
      const corrections = new CorrectionsCommands(parts.eventStore, () => parts.relay.wake(), clock);
      const correctionQueries = new CorrectionsQueries(parts.projections, clock);
      const evaluations = new EvaluationCommands(
        parts.eventStore,
        parts.projections,
        statistics,
        (county) => engine.settings.settingsAt(county),
        () => parts.relay.wake(),
        clock,
      );
      const evaluationQueries = new EvaluationQueries(parts.projections, clock);
      const correctionReports = new CorrectionsReports(parts.projections, (county) => engine.settings.settingsAt(county), clock);
      const deps = { commands, queries, corrections, correctionQueries, correctionReports, evaluations, evaluationQueries, clock };
      return {
        grpc: governanceGrpcService({ ...parts.grpcDeps, ...deps }),
        routes: async (app: FastifyInstance) => {
          await governanceRoutes(deps)(app);
          await evaluationRoutes(deps)(app);
        },
      };
    },
  };
}
