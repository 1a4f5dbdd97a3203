import { streamIdOf, type EventRecord } from '@lesp/core';
import type { AppendRequest } from './event-store.js';

/** The records an append will store, versions counted from the expected version. */
export function recordsFor(request: AppendRequest, recordedAt: Date): EventRecord[] {
  const streamId = streamIdOf(request.countyCode, request.aggregateType, request.aggregateId);
  return request.events.map((event, index) => ({
    ...event,
    source: request.source,
    countyCode: request.countyCode,
    aggregateType: request.aggregateType,
    aggregateId: request.aggregateId,
    streamId,
    version: request.expectedVersion + index + 1,
    recordedAt,
  }));
}

export function assertAppendable(request: AppendRequest): void {
  if (request.events.length === 0) throw new Error('append needs at least one event');
  if (!Number.isInteger(request.expectedVersion) || request.expectedVersion < 0) {
    throw new Error(`expected version must be a whole number >= 0, got ${request.expectedVersion}`);
  }
}
