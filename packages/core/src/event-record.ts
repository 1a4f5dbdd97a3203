/** Who did it (mirrors lesp.common.v1.Actor). */
export interface Actor {
  readonly userId: string;
  readonly role: string;
  readonly countyCode: string;
  readonly agencyId?: string;
}

/**
 * One stored / published event, payload still encoded. The same shape is what the event
 * store keeps, what the relay publishes as an EventEnvelope and what consumers receive.
 */
export interface EventRecord {
  readonly eventId: string;
  readonly eventType: string;
  readonly schemaVersion: number;
  /** Bounded context that owns the stream, e.g. "case-intake". */
  readonly source: string;
  readonly countyCode: string;
  readonly aggregateType: string;
  readonly aggregateId: string;
  /** `${countyCode}/${aggregateType}/${aggregateId}`: the county is part of every stream id. */
  readonly streamId: string;
  readonly version: number;
  readonly occurredAt: Date;
  readonly recordedAt: Date;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
  readonly payload: Uint8Array;
  /**
   * Hex SHA-256 `hash` of the previous event of the same stream; 64 zeros for version 1.
   * Chains every stream, so an altered, removed or inserted event is detectable.
   */
  readonly previousHash: string;
  /** Hex SHA-256 over this event's canonical encoding, previousHash included (see event-store's event-hash.ts). */
  readonly hash: string;
}

export function streamIdOf(countyCode: string, aggregateType: string, aggregateId: string): string {
  return `${countyCode}/${aggregateType}/${aggregateId}`;
}

/** Context that comes with a command from the edge: who, for which county, why. */
export interface CommandContext {
  readonly actor: Actor;
  readonly correlationId: string;
  /** The event or request that caused this command; the correlation id for a fresh request. */
  readonly causationId: string;
  /** When it happened in the world; defaults to "now" at the edge, may be in the past. */
  readonly occurredAt: Date;
}
