import type { EventRecord } from '@lesp/core';
import type { EventStore } from './event-store.js';
import { encodePosition } from './position.js';

export interface RecordedRange {
  /** Recorded at or after this instant. */
  readonly from: Date;
  /** Recorded before this instant. */
  readonly to: Date;
  /** Only this county; every county when absent. */
  readonly countyCode?: string;
  /** Commits per page (default 2000). */
  readonly pageSize?: number;
}

/**
 * The events recorded in [from, to), in the store's global order, through `readAll` (any
 * adapter): it starts at the position just before `from` (no commit has an empty stream id)
 * and stops at the first commit recorded at or after `to`. On MongoDB the (countyCode,
 * recordedAt, …) and (recordedAt, …) indexes serve it; on FerretDB v1 each page scans the
 * commits recorded after `from` — a day read long after the day costs more than yesterday's.
 */
export async function* readRecordedBetween(store: EventStore, range: RecordedRange): AsyncGenerator<EventRecord> {
  let after = encodePosition({ recordedAt: range.from, streamId: '', firstVersion: 0 });
  const end = range.to.getTime();
  for (;;) {
    const page = await store.readAll({
      after,
      limit: range.pageSize ?? 2000,
      ...(range.countyCode !== undefined ? { countyCode: range.countyCode } : {}),
    });
    for (const record of page.records) {
      if (record.recordedAt.getTime() >= end) return;
      yield record;
    }
    if (!page.next) return;
    after = page.next;
  }
}

/** The first event the store recorded (its global order), if any. */
export async function firstRecorded(store: EventStore): Promise<EventRecord | undefined> {
  return (await store.readAll({ limit: 1 })).records[0];
}
