import type { Actor, EventRecord, PlatformError } from '@lesp/core';
import { encodePosition } from './position.js';

export interface NewEvent {
  readonly eventId: string;
  readonly eventType: string;
  readonly schemaVersion: number;
  readonly payload: Uint8Array;
  readonly occurredAt: Date;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
}

export interface AppendRequest {
  /** Bounded context that owns the stream, e.g. "case-intake". */
  readonly source: string;
  readonly countyCode: string;
  readonly aggregateType: string;
  readonly aggregateId: string;
  /**
   * The stream version the caller read (0: the stream must not exist yet). It must be a
   * version the store returned, which the command handler guarantees by loading first.
   */
  readonly expectedVersion: number;
  /** recordedAt of the stream's last event: keeps recordedAt monotonic within a stream even when hosts' clocks disagree. */
  readonly notBefore?: Date;
  /**
   * `hash` of the stream's last event, which the caller read (the command handler passes
   * it). Expected when expectedVersion > 0; when absent the store reads it itself (one more
   * read), so older callers keep working. Omit it, or give 64 zeros, for a new stream.
   */
  readonly previousHash?: string;
  /**
   * The client's key for this command (unique per county). Kept with the append, so a
   * retried command can find what the first attempt stored instead of storing it twice. An
   * append whose key a stored append of the county holds is refused (`ConcurrencyError`): the
   * command handler relies on it, and asks what was stored only then.
   */
  readonly idempotencyKey?: string;
  readonly events: readonly NewEvent[];
}

export interface AppendResult {
  readonly streamId: string;
  readonly nextVersion: number;
  readonly records: readonly EventRecord[];
}

/** What became of one request of `appendMany`: stored, or refused with the error `append` would have thrown. */
export type AppendOutcome = { readonly ok: true; readonly result: AppendResult } | { readonly ok: false; readonly error: PlatformError };

/** Opaque position in the store's global order (recordedAt, stream id, version). */
export type ReadPosition = string;

export interface ReadPage {
  readonly records: readonly EventRecord[];
  /** Position after the last record of this page; absent when the page is the last. */
  readonly next?: ReadPosition;
}

export interface ReadAllOptions {
  /** Only this county; all counties when absent. */
  readonly countyCode?: string;
  readonly after?: ReadPosition;
  /** Appends (commits) per page, not events; a commit is never split across pages. */
  readonly limit?: number;
}

/** A stored append whose events have not been confirmed as published yet. */
export interface PendingCommit {
  readonly commitId: string;
  readonly records: readonly EventRecord[];
  /** W3C trace context of the append, when it was traced: the publication continues its trace. */
  readonly traceparent?: string;
}

export interface EventStore {
  /**
   * Appends all events of one command atomically, or nothing. A stale expected version
   * throws ConcurrencyError and writes nothing.
   */
  append(request: AppendRequest): Promise<AppendResult>;
  /**
   * Many independent appends in one round trip (bulk import): each request is all-or-nothing
   * on its own, as with `append`, and one refused request (a stale version, a duplicate)
   * does not stop the others. Outcomes come back in the order of the requests. Requests for
   * the same stream in one batch are refused up front (their order would be ambiguous).
   * When the write as a whole fails (database busy, connection lost), the requests it did not
   * store are refused with an UnavailableError (kind `unavailable`): send those again. It throws
   * only when it cannot tell what was stored.
   */
  appendMany(requests: readonly AppendRequest[]): Promise<AppendOutcome[]>;
  readStream(countyCode: string, aggregateType: string, aggregateId: string): Promise<readonly EventRecord[]>;
  /** Every event, in the store's global order: per stream in version order. */
  readAll(options?: ReadAllOptions): Promise<ReadPage>;
  /**
   * Optional: the same events as `readAll` page after page, through one query. A store whose
   * database orders a page by reading and sorting everything (FerretDB v1) does it once
   * instead of once per page.
   */
  streamAll?(options?: Omit<ReadAllOptions, 'after' | 'limit'>): AsyncIterable<EventRecord>;
  /** The append made with this idempotency key in this county, if any. */
  findByIdempotencyKey(countyCode: string, idempotencyKey: string): Promise<AppendResult | undefined>;
}

/** The event store is its own outbox: unpublished appends, oldest first. */
export interface Outbox {
  fetchUnpublished(limit: number): Promise<readonly PendingCommit[]>;
  markPublished(commitIds: readonly string[], publishedAt: Date): Promise<void>;
  countUnpublished(): Promise<number>;
}

/**
 * Iterates the whole store (or one county): through one query where the store has it, then
 * page by page from there, so appends made while it read are read too, as paging alone does.
 */
export async function* readAllEvents(store: EventStore, options: Omit<ReadAllOptions, 'after'> = {}): AsyncGenerator<EventRecord> {
  let after: ReadPosition | undefined;
  if (store.streamAll) {
    let last: EventRecord | undefined;
    for await (const record of store.streamAll(options.countyCode === undefined ? {} : { countyCode: options.countyCode })) {
      last = record;
      yield record;
    }
    // A commit's events share its recordedAt; its last event's version is where the next commit of the stream begins after.
    if (last) after = encodePosition({ recordedAt: last.recordedAt, streamId: last.streamId, firstVersion: last.version });
  }
  for (;;) {
    const page = await store.readAll({ ...options, ...(after ? { after } : {}) });
    yield* page.records;
    if (!page.next) return;
    after = page.next;
  }
}
