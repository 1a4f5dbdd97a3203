import { hostname } from 'node:os';
import { newId } from '@lesp/core';
import type { ServiceParts } from '@lesp/service-bootstrap';
import { RectificationCommands } from './application/rectification/rectification-commands.js';
import { RectificationQueries } from './application/rectification/rectification-queries.js';
import { RectificationTimers } from './application/rectification/rectification-timers.js';
import { rectificationsProjection } from './application/rectification/rectifications-projection.js';
import { reviewReferralsProjection } from './application/rectification/review-referrals.js';
import { rectificationGrpcService } from './adapters/grpc/rectification-grpc.js';
import { rectificationRoutes } from './adapters/http/rectification-routes.js';
import type { WorkingDayCalendar } from './domain/calendar/working-days.js';
import type { EngineParts, SupervisionConfig } from './engine-module.js';

/**
 * Rectification (整改): commands, the read model with its deadline timers, queries, gRPC and
 * HTTP. Made before the service starts (the projection is listed with the others), wired
 * from the service's parts once they exist (`adapters`), started with the routes.
 */
export function rectificationModule() {
  let timers: RectificationTimers | undefined;
  let wired: { commands: RectificationCommands; calendar: () => WorkingDayCalendar } | undefined;
  const projection = rectificationsProjection(() => timers);
  return {
    projection,
    /** Case-file review problems referred for rectification become notices. */
    referrals: reviewReferralsProjection(() => wired),
    adapters(parts: ServiceParts<SupervisionConfig>, engine: EngineParts, clock: () => Date) {
      timers = new RectificationTimers(parts.db);
      const wake = () => parts.relay.wake();
      const calendar = () => engine.calendar.calendar;
      const commands = new RectificationCommands(parts.eventStore, calendar, wake, clock);
      wired = { commands, calendar };
      const queries = new RectificationQueries(parts.projections, projection, clock);
      const runner = timers.runner({
        owner: `rectification@${hostname()}:${process.pid}:${newId().slice(-6)}`,
        clock,
        pollMs: parts.config.TIMER_POLL_MS,
        fire: async (timer) => {
          const reportedTo = await queries.copiedTo(timer.countyCode, timer.rectificationId);
          await commands
            .escalate(
              timer.countyCode,
              timer.rectificationId,
              reportedTo,
              {
                actor: { userId: 'supervision-rectification-timer', role: 'service', countyCode: timer.countyCode },
                correlationId: newId(),
                causationId: `timer:${timer._id}`,
                occurredAt: clock(),
              },
              `rectification-timer:${timer.rectificationId}:${timer.dueAt.getTime()}`,
            )
            .catch((error: unknown) => {
              // Replied, closed or escalated already for this deadline: nothing is overdue.
              if ((error as { kind?: string }).kind === 'conflict') return;
              throw error;
            });
        },
        onError: (error, timer) =>
          parts.logger.error({ err: error, timerId: timer?._id }, 'rectification deadline timer failed; retried after its claim expires'),
      });
      const started = timers;
      return {
        commands,
        queries,
        timers: started,
        runner,
        grpc: rectificationGrpcService({ ...parts.grpcDeps, commands, queries, clock }),
        routes: rectificationRoutes({ commands, queries, clock }),
        async start(): Promise<void> {
          await started.ensureIndexes();
          runner.start();
          parts.lifecycle.add('rectification-timers', () => runner.stop());
        },
      };
    },
  };
}
