import { hostname } from 'node:os';
import type { Collection } from 'mongodb';
import { newId } from '@lesp/core';
import type { ServiceParts } from '@lesp/service-bootstrap';
import { caseFileReviewGrpcService } from './adapters/grpc/case-file-review-grpc.js';
import { caseFileReviewRoutes } from './adapters/http/case-file-review-routes.js';
import { CaseFileReviewCommands } from './application/case-file-review/review-commands.js';
import { caseFileReviewsProjection, reviewDefinitionsProjection } from './application/case-file-review/review-projections.js';
import { CaseFileReviewQueries } from './application/case-file-review/review-queries.js';
import { reviewRoundOpener } from './application/case-file-review/review-round-opener.js';
import { ReviewRoundTimers } from './application/case-file-review/review-round-timers.js';
import { reviewableActsProjection, type ReviewableActDocument } from './application/case-file-review/reviewable-acts.js';
import type { SupervisionConfig } from './engine-module.js';

/**
 * Case-file review (案卷评查) wired: its projections (reviewable acts from case intake, reviews,
 * definitions, the round opener), commands, the round timer loop, gRPC and HTTP. A factory, so
 * each service instance has its own; `adapters(parts)` runs once the service's parts exist.
 */
export function createReviewModule(clock: () => Date) {
  let commands: CaseFileReviewCommands | undefined;
  const bound = () => {
    if (!commands) throw new Error('case-file review not wired yet');
    return commands;
  };
  return {
    projections: [reviewableActsProjection, caseFileReviewsProjection, reviewDefinitionsProjection, reviewRoundOpener(bound)],
    adapters(parts: ServiceParts<SupervisionConfig>) {
      const timers = new ReviewRoundTimers(parts.db);
      commands = new CaseFileReviewCommands({
        store: parts.eventStore,
        acts: () =>
          parts.projections.collection<ReviewableActDocument>(reviewableActsProjection.name) as Promise<Collection<ReviewableActDocument>>,
        timers,
        afterAppend: () => parts.relay.wake(),
        clock,
      });
      const queries = new CaseFileReviewQueries(parts.projections, clock);
      const runner = timers.runner(
        {
          owner: `supervision-review@${hostname()}:${process.pid}:${newId().slice(-6)}`,
          clock,
          pollMs: parts.config.TIMER_POLL_MS,
          onError: (error, timer) =>
            parts.logger.error({ err: error, timerId: timer?._id }, 'review-round timer failed; retried after its claim expires'),
        },
        (countyCode, definitionId, roundNumber) => bound().scheduleRound(countyCode, definitionId, roundNumber),
      );
      const deps = { commands, queries, clock };
      return {
        grpc: caseFileReviewGrpcService({ ...parts.grpcDeps, ...deps }),
        routes: async (app: Parameters<ReturnType<typeof caseFileReviewRoutes>>[0]) => {
          await timers.ensureIndexes();
          runner.start();
          parts.lifecycle.add('review-round-timers', () => runner.stop());
          await caseFileReviewRoutes(deps)(app);
        },
      };
    },
  };
}
