import type { CommandOutcome } from '../../application/aggregates.js';

/** What every supervision gRPC service shares: the county target, acceptance out (command metadata: `optionsOfMeta` from @lesp/service-bootstrap). */
export const county = (req: { countyCode: string }) => ({ countyCodes: [req.countyCode] });

/** A handled command as `CommandAccepted`. */
export function accepted(outcome: CommandOutcome) {
  return { aggregateId: outcome.aggregateId, version: outcome.version, eventIds: [...outcome.eventIds] };
}
