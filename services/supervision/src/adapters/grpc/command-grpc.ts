import type { CommandOptions, CommandOutcome } from '../../application/aggregates.js';

/** What every supervision gRPC service shares: the county target, command metadata in, acceptance out. */
export const county = (req: { countyCode: string }) => ({ countyCodes: [req.countyCode] });

/** `CommandMeta` → handler options (a version the client saw, its idempotency key), absent members left out. */
export function optionsOf(meta: { expectedVersion: number; idempotencyKey: string } | undefined): CommandOptions {
  return {
    ...(meta && meta.expectedVersion > 0 ? { expectedVersion: meta.expectedVersion } : {}),
    ...(meta?.idempotencyKey ? { idempotencyKey: meta.idempotencyKey } : {}),
  };
}

/** A handled command as `CommandAccepted`. */
export function accepted(outcome: CommandOutcome) {
  return { aggregateId: outcome.aggregateId, version: outcome.version, eventIds: [...outcome.eventIds] };
}
