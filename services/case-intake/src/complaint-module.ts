import type { FastifyInstance } from 'fastify';
import type { BaseConfig, GrpcServiceRegistration, ServiceParts } from '@lesp/service-bootstrap';
import { ComplaintCommands } from './application/complaint-commands.js';
import { ComplaintQueries } from './application/complaint-queries.js';
import { ComplaintTrackingNumbers, complaintTrackingSecret } from './application/complaint-tracking.js';
import { complaintGrpcService } from './adapters/grpc/complaint-grpc.js';
import { complaintRoutes } from './adapters/http/complaint-routes.js';
import { publicComplaintRoutes } from './adapters/http/public-complaint-routes.js';

export { complaintsProjection } from './application/projections/complaints.js';

/**
 * The complaint slice's adapters, wired from the service's parts. The tracking-number key comes
 * from COMPLAINT_TRACKING_SECRET (required in production, checked at start-up).
 */
export function complaintAdapters(
  parts: ServiceParts<BaseConfig>,
  clock: () => Date,
  env: NodeJS.ProcessEnv = process.env,
): { grpc: GrpcServiceRegistration; routes: (app: FastifyInstance) => Promise<void> } {
  const { secret, usingDevelopmentSecret } = complaintTrackingSecret(env);
  if (usingDevelopmentSecret) parts.logger.warn('COMPLAINT_TRACKING_SECRET is not set: complaint tracking numbers use the development key');
  const commands = new ComplaintCommands(parts.eventStore, new ComplaintTrackingNumbers(secret), () => parts.relay.wake(), clock);
  const queries = new ComplaintQueries(parts.projections, clock);
  return {
    grpc: complaintGrpcService({ ...parts.grpcDeps, commands, queries, clock }),
    routes: async (app) => {
      await complaintRoutes({ commands, queries, clock })(app);
      await publicComplaintRoutes({ queries, ratePerMinute: parts.config.PUBLIC_RATE_LIMIT_PER_MINUTE })(app);
    },
  };
}
