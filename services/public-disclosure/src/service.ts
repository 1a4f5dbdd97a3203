import type { ServiceDefinition } from '@lesp/service-bootstrap';
import { publicAgenciesProjection } from './application/projections/public-agencies.js';
import { PublicAgencyQueries } from './application/public-agency-queries.js';
import { actDisclosureProcess, type ActDisclosureDeps } from './application/projections/act-disclosure-process.js';
import { disclosuresProjection } from './application/projections/disclosures.js';
import { publicDecisionsProjection } from './application/projections/public-decisions.js';
import { decisionSearchIndex } from './application/projections/decision-search-index.js';
import { publicOfficersProjection } from './application/projections/public-officers.js';
import { publicInspectionsProjection, publicRectificationsProjection } from './application/projections/public-supervision.js';
import { PublicSupervisionQueries } from './application/public-supervision-queries.js';
import { publicEvaluationsProjection } from './application/projections/public-evaluations.js';
import { publicCaseFileReviewsProjection } from './application/projections/public-case-file-reviews.js';
import { portalSupervisionRoutes } from './adapters/http/portal-supervision-routes.js';
import { PublicStatisticsQueries } from './application/public-statistics-queries.js';
import { DisclosureCommands } from './application/disclosure-commands.js';
import { DisclosureQueries } from './application/disclosure-queries.js';
import { PublicDecisionQueries } from './application/public-decision-queries.js';
import { disclosureReviewGrpcService, publicDisclosureGrpcService } from './adapters/grpc/public-disclosure-grpc.js';
import { publicParticipationGrpcService } from './adapters/grpc/public-participation-grpc.js';
import { ComplaintStatusQueries } from './application/complaint-status-queries.js';
import { publicRoutes } from './adapters/http/public-routes.js';
import { disclosureReviewRoutes } from './adapters/http/disclosure-review-routes.js';
import { portalRoutes } from './adapters/http/portal-routes.js';
import { traceRoutes } from './adapters/http/trace-routes.js';
import { complaintRoutes } from './adapters/http/complaint-routes.js';
import { ComplaintForwarding } from './application/complaint-forwarding.js';
import { complaintStatusProjection } from './application/projections/complaint-status.js';
import { InspectionTraces, inspectionTracesProjection } from './application/inspection-traces.js';
import { disclosurePolicy, publicDisclosureConfigSchema } from './config.js';
import { dailyDigestEventCodec } from '@lesp/contracts';
import { startDailyDigestSealing } from '@lesp/event-store';
import { publicDigestsProjection } from './application/projections/public-digests.js';
import { PublicDigestQueries } from './application/public-digest-queries.js';
import { digestRoutes } from './adapters/http/digest-routes.js';
import { RetentionSweep } from './application/retention-sweep.js';

/**
 * Public disclosure: projects only what may be published. A factory, so that each running
 * instance (tests start several in one process) has its own process-manager wiring and clock.
 */
export function createPublicDisclosureService(
  options: { clock?: () => Date } = {},
): ServiceDefinition<typeof publicDisclosureConfigSchema> {
  const clock = options.clock ?? (() => new Date());
  let processDeps: ActDisclosureDeps | undefined;
  return {
    name: 'public-disclosure',
    configSchema: publicDisclosureConfigSchema,
    // Cross-region only for its daily digest seals (日摘要): no projection here handles its other events.
    consumes: ['case-intake', 'supervision', 'cross-region'],
    projections: [
      publicAgenciesProjection,
      publicOfficersProjection,
      actDisclosureProcess(() => processDeps),
      disclosuresProjection,
      publicDecisionsProjection,
      decisionSearchIndex(clock),
      publicInspectionsProjection,
      publicRectificationsProjection,
      publicEvaluationsProjection,
      publicCaseFileReviewsProjection,
      inspectionTracesProjection,
      complaintStatusProjection,
      publicDigestsProjection,
    ],
    adapters: (parts) => {
      const commands = new DisclosureCommands(parts.eventStore, disclosurePolicy(parts.config), clock);
      const config = parts.config;
      const complaints = new ComplaintForwarding({
        ...(config.CASE_INTAKE_GRPC_URL ? { address: config.CASE_INTAKE_GRPC_URL } : {}),
        ...(config.SERVICE_TOKEN_FILE ? { tokenFile: config.SERVICE_TOKEN_FILE } : {}),
        ...(config.GRPC_TLS_CA_FILE && config.GRPC_TLS_CERT_FILE && config.GRPC_TLS_KEY_FILE
          ? { tls: { caFile: config.GRPC_TLS_CA_FILE, certFile: config.GRPC_TLS_CERT_FILE, keyFile: config.GRPC_TLS_KEY_FILE } }
          : {}),
        deadlineMs: config.GRPC_DEADLINE_MS,
      });
      parts.lifecycle.add('case-intake client', async () => complaints.close());
      const complaintStatus = new ComplaintStatusQueries(parts.projections);
      const traces = new InspectionTraces(parts.eventStore, parts.projections, clock);
      processDeps = { commands, traces, inbox: parts.inbox, logger: parts.logger.child({ component: 'act-disclosure-process' }) };
      const queries = new PublicAgencyQueries(parts.projections, clock);
      const decisions = new PublicDecisionQueries(parts.projections, clock);
      const disclosures = new DisclosureQueries(parts.projections, clock);
      const supervision = new PublicSupervisionQueries(parts.projections);
      const statistics = new PublicStatisticsQueries(parts.projections, clock);
      const digests = new PublicDigestQueries(parts.projections);
      // This service's own log (what was published, refused, withdrawn) is sealed daily too.
      startDailyDigestSealing(parts, dailyDigestEventCodec);
      // Entries come down from the public read models once their retention is over (every replica sweeps).
      const retention = new RetentionSweep({
        projections: parts.projections,
        logger: parts.logger.child({ component: 'retention-sweep' }),
        clock,
        intervalMs: config.RETENTION_SWEEP_MS,
      });
      retention.start();
      parts.lifecycle.add('retention-sweep', () => retention.stop());
      return {
        grpc: [
          publicDisclosureGrpcService({ ...parts.grpcDeps, queries, decisions, statistics, supervision, digests }),
          disclosureReviewGrpcService({ ...parts.grpcDeps, commands, disclosures }),
          publicParticipationGrpcService({
            ...parts.grpcDeps,
            traces,
            complaints,
            complaintStatus,
            decisions,
            complaintsPerMinute: config.COMPLAINT_RATE_LIMIT_PER_MINUTE,
          }),
        ],
        routes: async (app) => {
          await publicRoutes({ queries, decisions, supervision, statistics, ratePerMinute: parts.config.PUBLIC_RATE_LIMIT_PER_MINUTE })(
            app,
          );
          await disclosureReviewRoutes({ commands, disclosures })(app);
          await complaintRoutes({
            complaints,
            complaintStatus,
            ratePerMinute: parts.config.PUBLIC_RATE_LIMIT_PER_MINUTE,
            complaintsPerMinute: parts.config.COMPLAINT_RATE_LIMIT_PER_MINUTE,
          })(app);
          await traceRoutes({ traces, ratePerMinute: parts.config.PUBLIC_RATE_LIMIT_PER_MINUTE })(app);
          await portalRoutes({ queries, decisions, statistics, ratePerMinute: parts.config.PUBLIC_RATE_LIMIT_PER_MINUTE })(app);
          await portalSupervisionRoutes({ queries, supervision, ratePerMinute: parts.config.PUBLIC_RATE_LIMIT_PER_MINUTE })(app);
          await digestRoutes({ digests, ratePerMinute: parts.config.PUBLIC_RATE_LIMIT_PER_MINUTE })(app);
        },
      };
    },
  };
}

export const publicDisclosureService = createPublicDisclosureService();
