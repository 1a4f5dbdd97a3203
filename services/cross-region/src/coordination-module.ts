import type { BaseConfig, ServiceParts } from '@lesp/service-bootstrap';
import { coordinationGrpcService } from './adapters/grpc/coordination-grpc.js';
import { coordinationRoutes } from './adapters/http/coordination-routes.js';
import { adviceEscalationProjection } from './application/advice-escalation.js';
import { CoordinationCommands } from './application/coordination-commands.js';
import { CoordinationQueries } from './application/coordination-queries.js';
import { ExchangeFeed } from './application/exchange/exchange-feed.js';
import { ExchangeLog } from './application/exchange/exchange-log.js';
import { exchangeLogProjection } from './application/exchange/exchange-log-projection.js';
import { Consultations, consultationsProjection } from './application/consultations.js';
import {
  adviceProjection,
  agreementsProjection,
  incidentsProjection,
  meetingsProjection,
} from './application/projections/coordination-projections.js';
import { sharedActsProjection, sharedAlertsProjection } from './application/projections/shared-acts.js';

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
      sharedActsProjection,
      sharedAlertsProjection,
      adviceEscalationProjection(() => wired),
      consultationsProjection,
      exchangeLogProjection(() => log),
    ],
    adapters(parts: ServiceParts<BaseConfig>) {
      const commands = new CoordinationCommands(parts.eventStore, parts.projections, () => parts.relay.wake(), clock);
      wired = commands;
      const queries = new CoordinationQueries(parts.projections, parts.audit, parts.name, clock);
      log = new ExchangeLog(parts.db);
      const exchange = new ExchangeFeed(parts.eventStore, log, () => parts.relay.wake(), clock);
      const consultations = new Consultations(parts.eventStore, parts.projections, commands, () => parts.relay.wake(), clock);
      const deps = { commands, queries, exchange, consultations, clock };
      return { grpc: coordinationGrpcService({ ...parts.grpcDeps, ...deps }), routes: coordinationRoutes(deps) };
    },
  };
}
