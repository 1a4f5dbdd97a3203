import { baseConfigSchema, type ServiceParts } from '@lesp/service-bootstrap';
import { AdviceEscalationTimer } from './application/advice-escalation-timer.js';
import { coordinationGrpcService } from './adapters/grpc/coordination-grpc.js';
import { coordinationRoutes } from './adapters/http/coordination-routes.js';
import { adviceEscalationProjection } from './application/advice-escalation.js';
import { CoordinationCommands } from './application/coordination-commands.js';
import { CoordinationQueries } from './application/coordination-queries.js';
import { RecordReader } from './application/record-reader.js';
import { ExchangeFeed } from './application/exchange/exchange-feed.js';
import { ExchangeLog } from './application/exchange/exchange-log.js';
import { exchangeLogProjection } from './application/exchange/exchange-log-projection.js';
import { Consultations, consultationsProjection } from './application/consultations.js';
import {
  adviceProjection,
  agreementsProjection,
  incidentsProjection,
  meetingAgendasProjection,
  meetingsProjection,
} from './application/projections/coordination-projections.js';
import { sharedActsProjection, sharedAlertsProjection } from './application/projections/shared-acts.js';

/** Cross-region's own settings, validated with the base ones at start-up. */
export const crossRegionConfigSchema = baseConfigSchema.extend({
  /** How often each replica looks for advice unanswered past its due date to escalate (see AdviceEscalationTimer). */
  ADVICE_ESCALATION_POLL_MS: baseConfigSchema.shape.SHUTDOWN_TIMEOUT_MS.removeDefault().default(60_000),
});
export type CrossRegionConfig = ReturnType<typeof crossRegionConfigSchema.parse>;

/**
 * Agreements, joint meetings, cross-border incidents and administrative advice wired: read
 * models (own events, case intake's acts, supervision's alerts), the advice-escalation process
 * manager, the upward exchange log, commands and queries, gRPC and HTTP. Made before the service starts (the process
 * manager is listed with the projections), wired when the adapters are built.
 */
export function createCoordinationModule(clock: () => Date) {
  let wired: CoordinationCommands | undefined;
  let log: ExchangeLog | undefined;
  return {
    projections: [
      agreementsProjection,
      incidentsProjection,
      adviceProjection,
      meetingsProjection,
      meetingAgendasProjection,
      sharedActsProjection,
      sharedAlertsProjection,
      adviceEscalationProjection(() => wired),
      consultationsProjection,
      exchangeLogProjection(() => log),
    ],
    adapters(parts: ServiceParts<CrossRegionConfig>) {
      const reader = new RecordReader(parts.eventStore, parts.projections, parts.db);
      const commands = new CoordinationCommands(parts.eventStore, parts.projections, reader, () => parts.relay.wake(), clock);
      wired = commands;
      const timer = new AdviceEscalationTimer(parts.projections, commands, {
        pollMs: parts.config.ADVICE_ESCALATION_POLL_MS,
        clock,
        onError: (error) => parts.logger.error({ err: error }, 'advice escalation timer failed; tried again at its next firing'),
      });
      timer.start();
      parts.lifecycle.add('advice-escalation-timer', () => timer.stop());
      const queries = new CoordinationQueries(parts.projections, reader, parts.audit, parts.name, clock);
      log = new ExchangeLog(parts.db);
      const exchange = new ExchangeFeed(parts.eventStore, log, () => parts.relay.wake(), clock);
      const consultations = new Consultations(parts.eventStore, parts.projections, reader, commands, () => parts.relay.wake(), clock);
      const deps = { commands, queries, exchange, consultations, clock };
      return { grpc: coordinationGrpcService({ ...parts.grpcDeps, ...deps }), routes: coordinationRoutes(deps) };
    },
  };
}
