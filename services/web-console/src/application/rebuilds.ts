import type { operationsV1 } from '@lesp/contracts';
import { asPlatformError } from '@lesp/core';
import { callUnary } from '@lesp/service-bootstrap';
import { rebuildPercent } from '../domain/progress.js';
import { requireRole } from '../domain/scope.js';
import { OPERATED_SERVICES, type Backends, type OperatedService } from '../adapters/backends.js';
import { callOptions, type CallContext } from './calls.js';

const withPercent = (job: operationsV1.ProjectionRebuild) => ({ ...job, percent: rebuildPercent(job) });

/**
 * Read-model rebuilds for operators, over each service's OperationsService: the projections of
 * every service, a rebuild started as a job, and its progress. The operator's own token goes
 * with each call; the services check `projection.rebuild` and audit it.
 */
export class Rebuilds {
  constructor(
    private readonly backends: Backends,
    private readonly deadlineMs: number,
  ) {}

  /** Every service's read models; a service that does not answer is listed as unreachable, not fatal. */
  async projections(ctx: CallContext) {
    requireRole(ctx.user, 'operator');
    return {
      services: await Promise.all(
        OPERATED_SERVICES.map(async (service) => {
          const client = this.backends.operations[service];
          try {
            const answer = await callUnary(client, client.listProjections, {}, callOptions(ctx, this.deadlineMs));
            return {
              service,
              reachable: true,
              projections: answer.projections.map((p) => ({ ...p, lastRebuild: p.lastRebuild ? withPercent(p.lastRebuild) : undefined })),
            };
          } catch (error) {
            const failure = asPlatformError(error);
            // A refusal is the caller's, not the service's health: it goes back as such.
            if (failure.kind === 'forbidden' || failure.kind === 'unauthenticated') throw failure;
            return { service, reachable: false, error: failure.message, projections: [] };
          }
        }),
      ),
    };
  }

  async start(ctx: CallContext, service: OperatedService, projection: string) {
    requireRole(ctx.user, 'operator');
    const client = this.backends.operations[service];
    return withPercent(await callUnary(client, client.startProjectionRebuild, { projection }, callOptions(ctx, this.deadlineMs)));
  }

  async job(ctx: CallContext, service: OperatedService, jobId: string) {
    requireRole(ctx.user, 'operator');
    const client = this.backends.operations[service];
    return withPercent(await callUnary(client, client.getProjectionRebuild, { jobId }, callOptions(ctx, this.deadlineMs)));
  }
}
