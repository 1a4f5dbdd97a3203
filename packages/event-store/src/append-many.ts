import { ConflictError, ValidationError, asPlatformError, streamIdOf, type PlatformError } from '@lesp/core';
import type { AppendOutcome, AppendRequest } from './event-store.js';
import { assertAppendable } from './records.js';

/**
 * The checks `appendMany` makes before writing anything: each request well formed, and no
 * stream named twice in one batch. Returns, per request, the refusal or undefined (go on).
 */
export function refusedUpFront(requests: readonly AppendRequest[]): (PlatformError | undefined)[] {
  const counts = new Map<string, number>();
  const streamIds = requests.map((r) => streamIdOf(r.countyCode, r.aggregateType, r.aggregateId));
  for (const id of streamIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  return requests.map((request, index) => {
    const streamId = streamIds[index]!;
    if (counts.get(streamId)! > 1) {
      return new ConflictError('STREAM_REPEATED_IN_BATCH', `同一批写入中多次出现同一记录流 ${streamId}，请分批写入`);
    }
    try {
      assertAppendable(request);
      return undefined;
    } catch (error) {
      return error instanceof Error && !('kind' in error)
        ? new ValidationError([{ field: 'request', code: 'APPEND_REQUEST_INVALID', message: error.message }])
        : asPlatformError(error);
    }
  });
}

export const refused = (error: unknown): AppendOutcome => ({ ok: false, error: asPlatformError(error) });
