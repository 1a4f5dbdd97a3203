import type { ServiceDefinition } from '@lesp/service-bootstrap';
import { dailyDigestEventCodec } from '@lesp/contracts';
import { startDailyDigestSealing } from '@lesp/event-store';
import { supervisedAgenciesProjection } from './application/projections/supervised-agencies.js';
import { alertsProjection } from './application/projections/alerts.js';
import { SupervisedAgencyQueries } from './application/supervised-agency-queries.js';
import { RuleEngine } from './application/engine/rule-engine.js';
import { RuleEngineQueries } from './application/supervision-api.js';
import { supervisionGrpcService } from './adapters/grpc/supervision-grpc.js';
import { supervisionRoutes } from './adapters/http/supervision-routes.js';
import { ruleEngineRoutes } from './adapters/http/rule-engine-routes.js';
import { engineAdapters, supervisionConfigSchema } from './engine-module.js';
import { createReviewModule } from './review-module.js';
import { createInspectionModule } from './inspection-module.js';
import { createGovernanceModule } from './governance-module.js';
import { rectificationModule } from './rectification-module.js';
import {
  actSummariesProjection,
  inspectionVisitsProjection,
  publishedDecisionsProjection,
  statisticsAdapters,
} from './statistics-module.js';

/**
 * Supervision: watches every act of every agency as its events arrive. A factory, so that
 * each running instance (tests start several in one process) has its own rule engine.
 */
export function createSupervisionService(options: { clock?: () => Date } = {}): ServiceDefinition<typeof supervisionConfigSchema> {
  const clock = options.clock ?? (() => new Date());
  const engine = new RuleEngine();
  const review = createReviewModule(clock);
  const inspection = createInspectionModule(clock);
  const governance = createGovernanceModule(clock);
  const rectifications = rectificationModule();
  return {
    name: 'supervision',
    configSchema: supervisionConfigSchema,
    // Public disclosure's DecisionPublished cures the disclosure deadline; its inspection traces feed the visit figures.
    consumes: ['case-intake', 'public-disclosure'],
    projections: [
      supervisedAgenciesProjection,
      alertsProjection,
      engine.projection,
      rectifications.projection,
      rectifications.referrals,
      actSummariesProjection,
      publishedDecisionsProjection,
      inspectionVisitsProjection,
      ...review.projections,
      ...inspection.projections,
      ...governance.projections,
    ],
    adapters: (parts) => {
      const queries = new SupervisedAgencyQueries(parts.projections);
      const engineParts = engineAdapters(engine, parts, clock);
      const ruleQueries = new RuleEngineQueries(engineParts, clock);
      const reviewParts = review.adapters(parts);
      const inspectionParts = inspection.adapters(parts);
      const rectification = rectifications.adapters(parts, engineParts, clock);
      const statistics = statisticsAdapters(parts, clock);
      const governanceParts = governance.adapters(parts, engineParts, statistics.queries);
      // Supervision's results (alerts, notices, reviews, inspections, evaluations) sealed per county-day (日摘要).
      startDailyDigestSealing(parts, dailyDigestEventCodec);
      return {
        grpc: [
          supervisionGrpcService({ ...parts.grpcDeps, queries, engine: engineParts, ruleQueries, clock }),
          rectification.grpc,
          statistics.grpc,
          reviewParts.grpc,
          inspectionParts.grpc,
          governanceParts.grpc,
        ],
        routes: async (app) => {
          // The engine's asynchronous start (calendar seed, timer indexes and loop) runs here,
          // before the consumer starts delivering events.
          await engineParts.start();
          await supervisionRoutes({ queries })(app);
          await ruleEngineRoutes({ engine: engineParts, ruleQueries, clock })(app);
          await rectification.start();
          await rectification.routes(app);
          await statistics.routes(app);
          await reviewParts.routes(app);
          await inspectionParts.routes(app);
          await governanceParts.routes(app);
        },
      };
    },
  };
}

export const supervisionService = createSupervisionService();
