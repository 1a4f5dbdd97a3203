import { Binary, type Collection, type Db, type Filter, type WriteError } from 'mongodb';
import { DUPLICATE_KEY, isDuplicateKeyError, writeErrorsOf } from './mongo-errors.js';
import { ConcurrencyError, UnavailableError, streamIdOf, type Actor, type EventRecord } from '@lesp/core';
import { SpanKind, currentTraceparent, metrics, perLabel, traced, tracingEnabled } from '@lesp/observability';
import { refused, refusedUpFront } from './append-many.js';
import type {
  AppendOutcome,
  AppendRequest,
  AppendResult,
  EventStore,
  Outbox,
  PendingCommit,
  ReadAllOptions,
  ReadPage,
} from './event-store.js';
import { ensureIndexes } from './mongo-indexes.js';
import { OutboxMarkers, type MarkedCommit, type OutboxMarker, type UnpublishedCommit } from './outbox-markers.js';
import { MarkerSequence } from './marker-sequence.js';
import { SequencedMarkerReader, type SequencedCommit } from './sequenced-marker-reader.js';
import {
  OUTSTANDING_MAX,
  compareCommits,
  sequencedMarkerId,
  type MarkerTicket,
  type SequencedMarker,
  type WriterEpoch,
} from './sequenced-markers.js';
import { decodePosition, encodePosition, recordedAtFor } from './position.js';
import { assertHashable } from './event-hash.js';
import { assertAppendable, knownPreviousHash, recordsFor } from './records.js';

/**
 * One document per append (a "commit") holding its events. Without transactions this is
 * what makes a multi-event append all-or-nothing: a single insert. A commit's _id is its
 * slot, `<streamId>@<firstVersion>`: two writers that read the same version write the same
 * _id, and the loser writes nothing (optimistic concurrency on the primary key).
 *
 * Every hot path is a lookup by _id, because that is the only filter FerretDB v1's SQLite
 * backend hands to its database; any other filter reads and decodes the whole collection
 * (see README, "FerretDB v1 limits"). So a stream is read by walking its commits slot by
 * slot (the next slot is `lastVersion + 1`), idempotency keys are documents keyed by
 * county and key, and the outbox is markers found by `_id`: a single append's marker is
 * written in the same ordered insert as its commit, into the commits collection, numbered by
 * its writer (sequenced-markers.ts); an appendMany's is one document in a small collection of
 * its own, written before the commits (outbox-markers.ts). Both are removed once published.
 * On MongoDB the same lookups are primary-key reads.
 *
 * Each stored event carries previousHash and hash (event-hash.ts): the stream's hash chain.
 *
 * Payloads stay protobuf bytes (BSON Binary): no user data ever becomes a field name,
 * which FerretDB v1 restricts (no "." or leading "$").
 */
export interface CommitDocument {
  /** `<streamId>@<firstVersion>`: see commitIdOf. */
  _id: string;
  streamId: string;
  countyCode: string;
  aggregateType: string;
  aggregateId: string;
  source: string;
  firstVersion: number;
  lastVersion: number;
  recordedAt: Date;
  /** The client's key for the command that made this append, when it gave one. */
  idempotencyKey?: string;
  events: StoredEventDocument[];
}

interface StoredEventDocument {
  eventId: string;
  eventType: string;
  schemaVersion: number;
  version: number;
  occurredAt: Date;
  actor: Actor;
  correlationId: string;
  causationId: string;
  payload: Binary;
  /** Absent only on events stored before hash chaining; read back as ''. */
  previousHash?: string;
  hash?: string;
}

/** Who holds an idempotency key: the commit slot its first command wrote. */
interface IdempotencyClaim {
  _id: string;
  commitId: string;
  claimedAt: Date;
}

/**
 * A marker whose commit never appeared (the writer lost a race and crashed, or died between
 * the two inserts) is dropped after this long; a writer is never that slow between them.
 */
const ORPHAN_MARKER_MS = 5 * 60_000;

/**
 * How much of this process's own stored commits is kept in memory for the relay (see
 * `unpublishedHere`): up to 5,000 commits (a little more than the backlog an import lets build
 * up, 2,000) and up to 16 MB of them, counted as their payloads plus a record's own size. The
 * payloads are buffers outside V8's heap, which its size cap (`--max-old-space-size`) does not
 * bound: an import's kept acts took case intake's resident memory past 300 MB.
 */
const UNPUBLISHED_KEPT = 5_000;
const UNPUBLISHED_KEPT_BYTES = 16 * 1024 * 1024;
/** What a record costs besides its payload: its strings, dates and object (an estimate). */
const RECORD_OVERHEAD_BYTES = 600;

/**
 * Most single appends written together (see `writeGrouped`): FerretDB inserts up to 100
 * documents of one command in one SQLite transaction.
 */
const GROUP_MAX = 100;

/**
 * Groups written at once (see `writeGrouped`): two, so that one hung write does not stop every
 * append. A writer's numbers outstanding at once (sequenced-markers.ts) are bounded by it.
 */
const GROUPS_IN_FLIGHT = OUTSTANDING_MAX;

/** A request of an appendMany on its way: its slot, then (built while the marker is written) its commit. */
interface PendingAppend {
  readonly index: number;
  readonly request: AppendRequest;
  readonly streamId: string;
  readonly commitId: string;
  readonly previousHash: string;
  readonly slot: MarkedCommit;
  document?: CommitDocument;
  result?: AppendResult;
}

/** A single append waiting to be written with others. */
interface GroupedAppend {
  readonly document: CommitDocument;
  readonly traceparent: string | undefined;
  readonly settle: (outcome: GroupWrite) => void;
}

/** How a grouped append's write went: stored, or not (its slot taken by another commit, or an error). */
type GroupWrite = { readonly ok: true } | { readonly ok: false; readonly slotTaken: boolean; readonly error: unknown };

const appendedBySource = perLabel(metrics.eventsAppended);

export function commitIdOf(streamId: string, firstVersion: number): string {
  return `${streamId}@${firstVersion}`;
}
const ORDER = { recordedAt: 1, streamId: 1, firstVersion: 1 } as const;

export class MongoEventStore implements EventStore, Outbox {
  readonly commits: Collection<CommitDocument>;
  readonly outbox: Collection<OutboxMarker>;
  private readonly markers: OutboxMarkers;
  readonly idempotency: Collection<IdempotencyClaim>;
  /** The epochs of the writers of sequenced markers (see sequenced-markers.ts). */
  readonly writers: Collection<WriterEpoch>;
  private readonly sequence: MarkerSequence;
  private readonly sequenced: SequencedMarkerReader;
  private readonly meta: Collection<{ _id: string; at: Date }>;
  /**
   * The records of commits this process stored and has not yet seen published, by commit id,
   * oldest first: the relay (same process) takes them from here instead of reading each commit
   * back from the database, which on FerretDB decodes the whole document again (for a bulk
   * import that was the largest single read per act). Markers still say what is unpublished and
   * in which order; a commit not found here (stored by another replica or before a restart,
   * or evicted) is read as before.
   */
  private readonly unpublishedHere = new Map<string, readonly EventRecord[]>();
  private unpublishedBytes = 0;
  /**
   * Commits this process is writing now (marker down, commit not yet confirmed): the relay
   * skips them rather than look for them in the database (a batch of 500 takes a second or two
   * to write; every relay round meanwhile looked each one up, mostly in vain). They are in
   * `unpublishedHere` once written; a later commit of their stream cannot exist before that.
   */
  private readonly writing = new Set<string>();
  /** The commits the last `fetchUnpublished` handed out, and the kinds of marker naming them: `markPublished` forgets each in those. */
  private readonly fetched = new Map<string, { batched: boolean; sequenced: boolean }>();
  /** Single appends waiting for the group being written to finish (see `writeGrouped`). */
  private readonly grouped: GroupedAppend[] = [];
  private groupsInFlight = 0;
  private groupsScheduled = false;

  constructor(
    db: Db,
    private readonly clock: () => Date = () => new Date(),
    collectionName = 'event_commits',
  ) {
    this.commits = db.collection<CommitDocument>(collectionName);
    this.outbox = db.collection<OutboxMarker>(`${collectionName}_outbox`);
    this.markers = new OutboxMarkers(this.outbox);
    this.idempotency = db.collection<IdempotencyClaim>(`${collectionName}_idempotency`);
    this.writers = db.collection<WriterEpoch>(`${collectionName}_writers`);
    // The same collection object as the commits: numbered markers live among them.
    const markersInCommits = this.commits as unknown as Collection<SequencedMarker>;
    this.sequence = new MarkerSequence(this.writers, markersInCommits, clock);
    this.sequenced = new SequencedMarkerReader(this.writers, markersInCommits, this.sequence, clock, ORPHAN_MARKER_MS);
    this.meta = db.collection<{ _id: string; at: Date }>(`${collectionName}_meta`);
  }

  /** Idempotent; call at start-up. */
  async ensureIndexes(): Promise<void> {
    // (streamId, firstVersion) is unique through the commit's _id (its slot); the old unique
    // index is dropped by `migrateLegacyCommits`, which needs the two to coexist for a moment.
    await ensureIndexes(this.commits, [
      { key: { countyCode: 1, ...ORDER }, name: 'county_order' },
      { key: ORDER, name: 'global_order' },
    ]);
  }

  /**
   * Re-keys commits written before commits were keyed by their slot (they had random ids, so a
   * slot-by-slot read would not find them), once per database: the new document is inserted
   * before the old one is deleted, so a crash in between leaves a copy, never a gap, and the
   * next start finishes the job. Unpublished ones get their outbox marker, keyed ones their
   * claim. Returns how many commits were re-keyed.
   */
  async migrateLegacyCommits(): Promise<number> {
    const meta = this.meta;
    if (await meta.findOne({ _id: 'commits-keyed-by-slot' })) return 0;
    await this.commits.dropIndex('stream_version_unique').catch(() => undefined);
    const legacy: string[] = [];
    // Commits only: sequenced markers share the collection and have no streamId.
    for await (const doc of this.commits.find(
      { streamId: { $type: 'string' } },
      { projection: { _id: 1, streamId: 1, firstVersion: 1 } },
    )) {
      if (doc._id !== commitIdOf(doc.streamId, doc.firstVersion)) legacy.push(doc._id);
    }
    for (const oldId of legacy) {
      const doc = (await this.commits.findOne({ _id: oldId })) as (CommitDocument & { published?: boolean; publishedAt?: Date }) | null;
      if (!doc) continue;
      const { published, publishedAt: _publishedAt, ...rest } = doc;
      const moved: CommitDocument = { ...rest, _id: commitIdOf(doc.streamId, doc.firstVersion) };
      if (published === false) await this.markers.markEach([moved]);
      if (moved.idempotencyKey) {
        await this.idempotency.updateOne(
          { _id: this.claimId(moved.countyCode, moved.idempotencyKey) },
          { $setOnInsert: { commitId: moved._id, claimedAt: this.clock() } },
          { upsert: true },
        );
      }
      await this.commits.insertOne(moved).catch((error: unknown) => {
        if (!isDuplicateKeyError(error)) throw error;
      });
      await this.commits.deleteOne({ _id: oldId });
    }
    await meta.updateOne({ _id: 'commits-keyed-by-slot' }, { $set: { at: this.clock() } }, { upsert: true });
    return legacy.length;
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    if (!tracingEnabled()) return this.appendNow(request);
    return traced(
      'event-store append',
      () => this.appendNow(request),
      () => ({
        'lesp.stream_type': request.aggregateType,
        'lesp.expected_version': request.expectedVersion,
        'lesp.events': request.events.length,
      }),
      SpanKind.INTERNAL,
    );
  }

  private async appendNow(request: AppendRequest): Promise<AppendResult> {
    assertAppendable(request);
    const streamId = streamIdOf(request.countyCode, request.aggregateType, request.aggregateId);
    const previousHash = knownPreviousHash(request) ?? (await this.lastHash(streamId, request.expectedVersion));
    const records = recordsFor(request, recordedAtFor(this.clock(), request.notBefore), previousHash);
    const document = toDocument(records, request.idempotencyKey);
    if (request.idempotencyKey)
      await this.claimKey(request.countyCode, request.idempotencyKey, document._id, streamId, request.expectedVersion);
    this.writing.add(document._id);
    try {
      const written = await this.writeGrouped(document, currentTraceparent());
      if (!written.ok) {
        if (written.slotTaken) {
          // The slot's marker stays: it belongs to the commit that won the slot.
          const actual = await this.currentVersion(streamId);
          throw new ConcurrencyError(streamId, request.expectedVersion, actual, { cause: written.error });
        }
        throw written.error;
      }
      appendedBySource(request.source).inc(records.length);
      this.keepUnpublished(document._id, records);
    } finally {
      this.writing.delete(document._id);
    }
    return { streamId, nextVersion: request.expectedVersion + records.length, records };
  }

  /**
   * Writes a single append's commit with those of the appends made meanwhile (group commit):
   * the group's sequenced marker, then its commits, in one ordered insert (sequenced-markers.ts):
   * the server stores the marker first and stops at the first refusal, so a commit is never
   * stored without one and none is left unpublished. A group starts once the job that queued
   * its appends is done (commands started together go together; an append alone is a group of
   * one: one insert of its marker and its commit). At most `GROUPS_IN_FLIGHT` groups are
   * written at a time; appends that come meanwhile wait and go together in the next. So an
   * append costs one round trip, concurrent commands one a group (on FerretDB a write's fixed
   * cost is most of an append's), and a write that hangs does not hold up every append behind
   * it. Claims and previous hashes are settled per append before.
   */
  private writeGrouped(document: CommitDocument, traceparent: string | undefined): Promise<GroupWrite> {
    return new Promise((settle) => {
      this.grouped.push({ document, traceparent, settle });
      this.startGroups();
    });
  }

  private startGroups(): void {
    if (this.groupsScheduled || this.groupsInFlight >= GROUPS_IN_FLIGHT || this.grouped.length === 0) return;
    this.groupsScheduled = true;
    // Once the current job is done: the appends it queued go in one group.
    queueMicrotask(() => {
      this.groupsScheduled = false;
      while (this.grouped.length > 0 && this.groupsInFlight < GROUPS_IN_FLIGHT) {
        const group = this.grouped.splice(0, GROUP_MAX);
        this.groupsInFlight++;
        void this.writeGroup(group)
          .catch((error: unknown) => {
            for (const g of group) g.settle({ ok: false, slotTaken: false, error });
          })
          .finally(() => {
            this.groupsInFlight--;
            this.startGroups();
          });
      }
    });
  }

  /** Settles every append of the group; never throws. */
  private async writeGroup(group: readonly GroupedAppend[]): Promise<void> {
    const failAll = (error: unknown) => {
      for (const g of group) g.settle({ ok: false, slotTaken: false, error });
    };
    // A number fenced under the write (its epoch retired while idle) stored nothing: once more, in a new epoch.
    for (let attempt = 1; ; attempt++) {
      let ticket: MarkerTicket;
      try {
        ticket = await this.sequence.take();
      } catch (error) {
        return failAll(error);
      }
      const marker = sequencedMarkerOf(ticket, this.clock(), group);
      let refusedAt: WriteError | undefined;
      try {
        await this.commits.insertMany([marker as unknown as CommitDocument, ...group.map((g) => g.document)], { ordered: true });
      } catch (error) {
        const [first] = writeErrorsOf(error);
        if (!first || first.index === 0) {
          if (first?.code === DUPLICATE_KEY) {
            this.sequence.fenced(ticket);
            if (attempt < 3) continue;
          } else this.sequence.unsettledBy(ticket);
          return failAll(error);
        }
        refusedAt = first;
      }
      if (!refusedAt) {
        this.sequence.stored(ticket, marker);
        for (const g of group) g.settle({ ok: true });
        return;
      }
      // The marker and the commits before the refused one are stored; those after it were not tried.
      const refused = refusedAt.index - 1;
      const refusedAppend = group[refused]!;
      // This process's relay is told at once, before any caller can append a later version of
      // these streams (it would otherwise see that before this marker). The refused slot (by
      // place: a rival in the same group can share it) is a rival's; those still to be written
      // are in `writing`, so the relay waits for them.
      this.sequence.stored(ticket, marker, [refused]);
      group.slice(0, refused).forEach((g) => g.settle({ ok: true }));
      refusedAppend.settle({
        ok: false,
        slotTaken: refusedAt.code === DUPLICATE_KEY,
        error: commitWriteError(refusedAppend.document, refusedAt),
      });
      const rest = group.slice(refused + 1);
      if (rest.length === 0) return;
      // Their marker is stored: the commits go in one unordered insert, each refused on its own.
      try {
        await this.commits.insertMany(
          rest.map((g) => g.document),
          { ordered: false },
        );
        for (const g of rest) g.settle({ ok: true });
      } catch (error) {
        const writeErrors = writeErrorsOf(error);
        // No answer: they may be stored yet; the marker names them, the relay finds out.
        if (writeErrors.length === 0) for (const g of rest) g.settle({ ok: false, slotTaken: false, error });
        else {
          const failed = new Map(writeErrors.map((e) => [e.index, e]));
          rest.forEach((g, i) => {
            const writeError = failed.get(i);
            if (!writeError) g.settle({ ok: true });
            else g.settle({ ok: false, slotTaken: writeError.code === DUPLICATE_KEY, error: commitWriteError(g.document, writeError) });
          });
        }
      }
      return;
    }
  }

  /**
   * One unordered `insertMany` of one commit document per request: a duplicate key (a stale
   * expected version, a stream that already exists) refuses that request only, as a
   * ConcurrencyError, and the others are stored.
   */
  async appendMany(requests: readonly AppendRequest[]): Promise<AppendOutcome[]> {
    const writing: string[] = [];
    try {
      return await this.appendManyNow(requests, writing);
    } finally {
      for (const commitId of writing) this.writing.delete(commitId);
    }
  }

  private async appendManyNow(requests: readonly AppendRequest[], writing: string[]): Promise<AppendOutcome[]> {
    const outcomes: (AppendOutcome | undefined)[] = refusedUpFront(requests).map((error) => (error ? { ok: false, error } : undefined));
    const recordedNow = this.clock();
    // Each request's slot first (all the claims and the marker need); its records and commit
    // document (hashing, most of this method's own CPU) are built while the marker is written.
    const pending: PendingAppend[] = [];
    for (const [index, request] of requests.entries()) {
      if (outcomes[index]) continue;
      try {
        const streamId = streamIdOf(request.countyCode, request.aggregateType, request.aggregateId);
        for (const event of request.events) assertHashable(event);
        const previousHash = knownPreviousHash(request) ?? (await this.lastHash(streamId, request.expectedVersion));
        const firstVersion = request.expectedVersion + 1;
        const commitId = commitIdOf(streamId, firstVersion);
        const recordedAt = recordedAtFor(recordedNow, request.notBefore);
        pending.push({ index, request, streamId, commitId, previousHash, slot: { _id: commitId, streamId, firstVersion, recordedAt } });
      } catch (error) {
        outcomes[index] = refused(error);
      }
    }
    const failed = new Map<number, unknown>();
    // Idempotency claims first (a key already claimed by a stored commit refuses its request),
    // then the outbox markers, then the commits: see `append`.
    const keyed = pending.map((p, i) => ({ p, i, request: requests[p.index]! })).filter(({ request }) => request.idempotencyKey);
    if (keyed.length > 0) {
      // One insert for all claims; only the keys already claimed (a file imported again) are looked at one by one.
      const claimedBefore = new Set<number>();
      try {
        await this.idempotency.insertMany(
          keyed.map(({ p, request }) => ({
            _id: this.claimId(request.countyCode, request.idempotencyKey!),
            commitId: p.commitId,
            claimedAt: recordedNow,
          })),
          { ordered: false },
        );
      } catch (error) {
        const writeErrors = writeErrorsOf(error);
        if (writeErrors.length === 0) for (const { i } of keyed) failed.set(i, { unavailable: error });
        for (const writeError of writeErrors) {
          if (writeError.code === DUPLICATE_KEY) claimedBefore.add(writeError.index);
          else failed.set(keyed[writeError.index]!.i, { unavailable: writeError });
        }
      }
      for (const k of claimedBefore) {
        const { p, i, request } = keyed[k]!;
        try {
          await this.claimKey(request.countyCode, request.idempotencyKey!, p.commitId, p.streamId, request.expectedVersion);
        } catch (error) {
          failed.set(i, error);
        }
      }
    }
    const writableAt = pending.flatMap((_, i) => (failed.has(i) ? [] : [i]));
    const writable = writableAt.map((i) => pending[i]!);
    // One marker for the batch's commits (one document, not one per act: see outbox-markers.ts).
    let markerId: string | undefined;
    if (writable.length > 0) {
      for (const p of writable) {
        this.writing.add(p.commitId);
        writing.push(p.commitId);
      }
      const marking = this.markers.markBatch(
        writable.map((p) => p.slot),
        currentTraceparent(),
      );
      // Rejected before anyone waits for it: not an unhandled rejection while the documents are built.
      marking.catch(() => undefined);
      // The driver sends the marker after a few ticks of its own: let it, so the database writes it while we hash.
      await new Promise((resolve) => setImmediate(resolve));
      pending.forEach((p, i) => {
        if (failed.has(i)) return;
        try {
          const records = recordsFor(p.request, p.slot.recordedAt, p.previousHash);
          p.document = toDocument(records, p.request.idempotencyKey);
          p.result = { streamId: p.streamId, nextVersion: p.request.expectedVersion + records.length, records };
        } catch (error) {
          failed.set(i, { refusedAs: error });
        }
      });
      try {
        markerId = await marking;
      } catch (error) {
        for (const [i] of pending.entries()) if (!failed.has(i)) failed.set(i, { unavailable: error });
      }
    }
    const toInsert = pending.map((p, i) => ({ p, i })).filter(({ i }) => !failed.has(i));
    if (toInsert.length > 0) {
      try {
        await this.commits.insertMany(
          toInsert.map(({ p }) => p.document!),
          { ordered: false },
        );
      } catch (error) {
        const writeErrors = writeErrorsOf(error);
        if (writeErrors.length > 0) for (const writeError of writeErrors) failed.set(toInsert[writeError.index]!.i, writeError);
        else {
          // The write as a whole failed (server busy, connection lost): ask which commits it stored, by id.
          const stored = await this.storedCommitIds(toInsert.map(({ p }) => p.commitId)).catch(() => {
            throw error;
          });
          for (const { p, i } of toInsert) if (!stored.has(p.commitId)) failed.set(i, { unavailable: error });
        }
      }
    }
    // The marker names only what may be stored: a case imported again is not published again. A
    // commit whose write had no clear answer (the connection dropped) stays named, since the
    // server may still store it; the relay skips it while it is missing and drops it as an orphan
    // later. If this write fails, the same happens to the refused ones.
    if (markerId && writableAt.some((i) => failed.has(i))) {
      const unknownOutcome = (i: number) => {
        const failure = failed.get(i);
        return typeof failure === 'object' && failure !== null && 'unavailable' in failure;
      };
      const stored = toInsert.filter(({ i }) => !failed.has(i) || unknownOutcome(i)).map(({ p }) => p.commitId);
      await this.markers.keepOnly(markerId, stored).catch(() => undefined);
    }
    const conflicted = pending.filter((_, i) => failed.has(i) && (failed.get(i) as { code?: number }).code === DUPLICATE_KEY);
    const actual = await this.currentVersions(conflicted.map((p) => p.streamId));
    pending.forEach((p, i) => {
      if (!failed.has(i)) {
        outcomes[p.index] = { ok: true, result: p.result! };
        appendedBySource(p.request.source).inc(p.result!.records.length);
        this.keepUnpublished(p.commitId, p.result!.records);
        return;
      }
      const writeError = failed.get(i) as { code?: number; errmsg?: string; unavailable?: unknown; refusedAs?: unknown };
      if (writeError.refusedAs !== undefined) {
        outcomes[p.index] = refused(writeError.refusedAs);
        return;
      }
      const expected = requests[p.index]!.expectedVersion;
      outcomes[p.index] =
        writeError instanceof ConcurrencyError
          ? refused(writeError)
          : writeError.unavailable !== undefined
            ? refused(
                new UnavailableError('EVENT_STORE_UNAVAILABLE', '数据库繁忙，未能写入，请稍后重试', { cause: writeError.unavailable }),
              )
            : writeError.code === DUPLICATE_KEY
              ? refused(new ConcurrencyError(p.streamId, expected, actual.get(p.streamId) ?? 0, { cause: writeError }))
              : refused(new Error(`insert failed: ${writeError.errmsg ?? 'unknown write error'}`));
    });
    return outcomes.map((o) => o!);
  }

  async findByIdempotencyKey(countyCode: string, idempotencyKey: string): Promise<AppendResult | undefined> {
    const doc = await this.commitOfKey(countyCode, idempotencyKey);
    if (!doc) return undefined;
    return { streamId: doc.streamId, nextVersion: doc.lastVersion, records: fromDocument(doc) };
  }

  async readStream(countyCode: string, aggregateType: string, aggregateId: string): Promise<readonly EventRecord[]> {
    const streamId = streamIdOf(countyCode, aggregateType, aggregateId);
    return (await this.streamCommits(streamId)).flatMap(fromDocument);
  }

  /**
   * Every commit in global order through one cursor. FerretDB v1 answers each `readAll` page by
   * reading and sorting the whole collection, so paging a county-year was quadratic; one sorted
   * query reads it once (and holds no more than a page's query did). MongoDB walks the order index.
   */
  async *streamAll(options: Omit<ReadAllOptions, 'after' | 'limit'> = {}): AsyncGenerator<EventRecord> {
    // Sequenced markers share the collection; they have neither countyCode nor recordedAt.
    const filter: Filter<CommitDocument> =
      options.countyCode === undefined ? { recordedAt: { $type: 'date' } } : { countyCode: options.countyCode };
    for await (const doc of this.commits.find(filter).sort(ORDER).batchSize(500)) yield* fromDocument(doc);
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadPage> {
    const limit = options.limit ?? 500;
    // Sequenced markers share the collection; they have neither countyCode nor recordedAt.
    const filter: Filter<CommitDocument> =
      options.countyCode === undefined ? { recordedAt: { $type: 'date' } } : { countyCode: options.countyCode };
    if (options.after) {
      delete filter.recordedAt;
      const after = decodePosition(options.after);
      filter.$or = [
        { recordedAt: { $gt: after.recordedAt } },
        { recordedAt: after.recordedAt, streamId: { $gt: after.streamId } },
        { recordedAt: after.recordedAt, streamId: after.streamId, firstVersion: { $gt: after.firstVersion } },
      ];
    }
    const docs = await this.commits
      .find(filter)
      .sort(ORDER)
      .limit(limit + 1)
      .toArray();
    const page = docs.slice(0, limit);
    const last = page.at(-1);
    return {
      records: page.flatMap(fromDocument),
      ...(last && docs.length > limit ? { next: encodePosition(last) } : {}),
    };
  }

  /**
   * The commits of the oldest markers, of both kinds (an appendMany's in the outbox collection,
   * single appends' sequenced ones), merged in the store's order. A commit not there yet is
   * skipped (its writer is still writing it; a later version of that stream cannot exist
   * before it), and dropped once it is an orphan; a commit in a sequenced marker's slot with
   * another first event is a rival's that won the slot (published under its own marker), and
   * is dropped.
   */
  async fetchUnpublished(limit: number): Promise<readonly PendingCommit[]> {
    // The import markers are read between the two passes over the numbered ones (see SequencedMarkerReader).
    const round = await this.sequenced.round(limit, () => this.markers.oldest(limit));
    if (round.disturbed) return [];
    // Each list holds the oldest `limit` of its kind (or all): the first `limit` of both in order
    // are the oldest of all, up to the round's frontier.
    const frontier = round.frontier;
    const unpublished = [...round.between, ...round.commits]
      .sort(compareCommits)
      .filter((commit) => !frontier || compareCommits(commit, frontier) < 0)
      .slice(0, limit);
    const found = await Promise.all(
      unpublished.map(async (commit) => {
        const kept = this.unpublishedHere.get(commit.commitId);
        if (kept && (!isSequenced(commit) || kept[0]?.eventId === commit.eventId)) return kept;
        if (this.writing.has(commit.commitId)) return undefined;
        const doc = await this.commits.findOne({ _id: commit.commitId });
        if (!doc) return undefined;
        return isSequenced(commit) && doc.events[0]?.eventId !== commit.eventId ? RIVALS : fromDocument(doc);
      }),
    );
    const now = this.clock().getTime();
    // Never one this process is still writing (a write queued behind a slow group can outlive the
    // orphan age): its commit would be stored without a marker and never published.
    const orphan = (commit: UnpublishedCommit | SequencedCommit, i: number) =>
      !found[i] &&
      !this.writing.has(commit.commitId) &&
      now - (isSequenced(commit) ? commit.markedAt : commit.recordedAt).getTime() > ORPHAN_MARKER_MS;
    const batchOrphans = unpublished.filter((commit, i) => !isSequenced(commit) && orphan(commit, i));
    if (batchOrphans.length > 0) await this.markers.forget(batchOrphans.map((o) => o.commitId));
    const sequencedDropped = unpublished.filter(
      (commit, i): commit is SequencedCommit => isSequenced(commit) && (found[i] === RIVALS || orphan(commit, i)),
    );
    if (sequencedDropped.length > 0) await this.sequenced.settle([], sequencedDropped);
    // Once each: a slot can be named by markers of both kinds (an import's and a command's raced
    // for it; the marker of its loser stays, naming the winner), and both are forgotten once it is published.
    const pending = new Map<string, PendingCommit>();
    this.fetched.clear();
    // A stream whose commit waits (not there yet, or still being written here: it may be stored
    // already, and another replica may have appended after it) has nothing later handed out.
    const waiting = new Set<string>();
    found.forEach((records, i) => {
      const commit = unpublished[i]!;
      const stream = commit.commitId.slice(0, commit.commitId.lastIndexOf('@'));
      if (!records && !orphan(commit, i)) waiting.add(stream);
      if (!records || records === RIVALS || waiting.has(stream)) return;
      const kinds = this.fetched.get(commit.commitId) ?? { batched: false, sequenced: false };
      if (isSequenced(commit)) kinds.sequenced = true;
      else kinds.batched = true;
      this.fetched.set(commit.commitId, kinds);
      if (pending.has(commit.commitId)) return;
      const { commitId, traceparent } = commit;
      pending.set(commitId, traceparent ? { commitId, records, traceparent } : { commitId, records });
    });
    return [...pending.values()];
  }

  async markPublished(commitIds: readonly string[]): Promise<void> {
    if (commitIds.length === 0) return;
    // Each to the markers that named it when fetched; one not fetched here to both kinds.
    const kinds = (id: string) => this.fetched.get(id) ?? { batched: true, sequenced: true };
    const batched = commitIds.filter((id) => kinds(id).batched);
    const sequenced = commitIds.filter((id) => kinds(id).sequenced);
    if (batched.length > 0) await this.markers.forget(batched);
    if (sequenced.length > 0) await this.sequenced.settle(sequenced);
    for (const commitId of commitIds) this.fetched.delete(commitId);
    for (const commitId of commitIds) this.forgetUnpublished(commitId);
  }

  /** Keeps a stored commit's records for the relay, forgetting the oldest beyond `UNPUBLISHED_KEPT` commits or `UNPUBLISHED_KEPT_BYTES`. */
  private keepUnpublished(commitId: string, records: readonly EventRecord[]): void {
    this.forgetUnpublished(commitId);
    this.unpublishedHere.set(commitId, records);
    this.unpublishedBytes += bytesOf(records);
    while (this.unpublishedHere.size > UNPUBLISHED_KEPT || this.unpublishedBytes > UNPUBLISHED_KEPT_BYTES) {
      const oldest = this.unpublishedHere.keys().next().value;
      if (oldest === undefined) break;
      this.forgetUnpublished(oldest);
    }
  }

  private forgetUnpublished(commitId: string): void {
    const records = this.unpublishedHere.get(commitId);
    if (!records) return;
    this.unpublishedHere.delete(commitId);
    this.unpublishedBytes -= bytesOf(records);
  }

  async countUnpublished(): Promise<number> {
    const [batched, sequenced] = await Promise.all([this.markers.count(), this.sequenced.count()]);
    return batched + sequenced;
  }

  /**
   * For a caller that did not pass previousHash: the hash of the stream's last event, which
   * must be the expected version (else the append is stale, or the stream is not there).
   */
  private async lastHash(streamId: string, expectedVersion: number): Promise<string> {
    const last = (await this.streamCommits(streamId)).at(-1);
    const actual = last?.lastVersion ?? 0;
    if (!last || actual !== expectedVersion) throw new ConcurrencyError(streamId, expectedVersion, actual);
    return last.events.at(-1)?.hash ?? '';
  }

  /** A stream's commits in order: each commit names the slot of the next one. */
  private async streamCommits(streamId: string): Promise<CommitDocument[]> {
    const commits: CommitDocument[] = [];
    for (let slot = 1; ;) {
      const doc = await this.commits.findOne({ _id: commitIdOf(streamId, slot) });
      if (!doc) return commits;
      commits.push(doc);
      slot = doc.lastVersion + 1;
    }
  }

  private async storedCommitIds(commitIds: readonly string[]): Promise<Set<string>> {
    const docs = await Promise.all(commitIds.map((_id) => this.commits.findOne({ _id }, { projection: { _id: 1 } })));
    return new Set(docs.filter((d) => d !== null).map((d) => d._id));
  }

  private async currentVersions(streamIds: readonly string[]): Promise<Map<string, number>> {
    const unique = [...new Set(streamIds)];
    const versions = await Promise.all(unique.map((streamId) => this.currentVersion(streamId)));
    return new Map(unique.map((streamId, i) => [streamId, versions[i]!]));
  }

  private async currentVersion(streamId: string): Promise<number> {
    return (await this.streamCommits(streamId)).at(-1)?.lastVersion ?? 0;
  }

  private claimId(countyCode: string, idempotencyKey: string): string {
    return `${countyCode}/${idempotencyKey}`;
  }

  /** The commit an idempotency key's first command stored, if it was stored. */
  private async commitOfKey(countyCode: string, idempotencyKey: string): Promise<CommitDocument | undefined> {
    const claim = await this.idempotency.findOne({ _id: this.claimId(countyCode, idempotencyKey) });
    if (!claim) return undefined;
    const doc = await this.commits.findOne({ _id: claim.commitId });
    // The slot may have gone to another command (the claimant lost the race): then the key's command stored nothing.
    return doc && doc.idempotencyKey === idempotencyKey ? doc : undefined;
  }

  /**
   * Claims a key for a commit slot before the commit is written. A key whose commit is stored
   * refuses the append (the command was done: the handler answers with that first result); a
   * claim left by an attempt that stored nothing is taken over.
   */
  private async claimKey(
    countyCode: string,
    idempotencyKey: string,
    commitId: string,
    streamId: string,
    expectedVersion: number,
  ): Promise<void> {
    const _id = this.claimId(countyCode, idempotencyKey);
    try {
      await this.idempotency.insertOne({ _id, commitId, claimedAt: this.clock() });
      return;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    if (await this.commitOfKey(countyCode, idempotencyKey)) {
      throw new ConcurrencyError(streamId, expectedVersion, await this.currentVersion(streamId));
    }
    await this.idempotency.replaceOne({ _id }, { commitId, claimedAt: this.clock() });
  }
}

function toDocument(records: readonly EventRecord[], idempotencyKey: string | undefined): CommitDocument {
  const first = records[0]!;
  return {
    _id: commitIdOf(first.streamId, first.version),
    streamId: first.streamId,
    countyCode: first.countyCode,
    aggregateType: first.aggregateType,
    aggregateId: first.aggregateId,
    source: first.source,
    firstVersion: first.version,
    lastVersion: records.at(-1)!.version,
    recordedAt: first.recordedAt,
    ...(idempotencyKey ? { idempotencyKey } : {}),
    events: records.map((r) => ({
      eventId: r.eventId,
      eventType: r.eventType,
      schemaVersion: r.schemaVersion,
      version: r.version,
      occurredAt: r.occurredAt,
      actor: storedActor(r.actor),
      correlationId: r.correlationId,
      causationId: r.causationId,
      payload: new Binary(r.payload),
      previousHash: r.previousHash,
      hash: r.hash,
    })),
  };
}

/** The driver would store an absent agencyId as null; keep the document as sparse as the record. */
function storedActor(actor: Actor): Actor {
  const { userId, role, countyCode, agencyId } = actor;
  return agencyId ? { userId, role, countyCode, agencyId } : { userId, role, countyCode };
}

function fromDocument(doc: CommitDocument): EventRecord[] {
  return doc.events.map((e) => ({
    eventId: e.eventId,
    eventType: e.eventType,
    schemaVersion: e.schemaVersion,
    source: doc.source,
    countyCode: doc.countyCode,
    aggregateType: doc.aggregateType,
    aggregateId: doc.aggregateId,
    streamId: doc.streamId,
    version: e.version,
    occurredAt: e.occurredAt,
    recordedAt: doc.recordedAt,
    actor: e.actor,
    correlationId: e.correlationId,
    causationId: e.causationId,
    payload: new Uint8Array(e.payload.buffer),
    previousHash: e.previousHash ?? '',
    hash: e.hash ?? '',
  }));
}

/** A group's sequenced marker: its number, and each commit's slot, first event and trace context. */
function sequencedMarkerOf(ticket: MarkerTicket, markedAt: Date, group: readonly GroupedAppend[]): SequencedMarker {
  return {
    _id: sequencedMarkerId(ticket.epoch, ticket.seq),
    epoch: ticket.epoch,
    seq: ticket.seq,
    markedAt,
    slots: group.map(({ document, traceparent }) => ({
      commitId: document._id,
      eventId: document.events[0]!.eventId,
      recordedAt: document.recordedAt,
      ...(traceparent ? { traceparent } : {}),
    })),
  };
}

function commitWriteError(document: CommitDocument, writeError: WriteError): Error {
  return new Error(`insert of commit ${document._id} failed: ${writeError.errmsg ?? 'unknown write error'}`, { cause: writeError });
}

/** A sequenced marker's commit found in its slot with another first event: a rival's commit, published under its own marker. */
const RIVALS = Symbol('rival commit');

function isSequenced(commit: UnpublishedCommit | SequencedCommit): commit is SequencedCommit {
  return 'epoch' in commit;
}

/** What a commit's records hold in memory, roughly: see UNPUBLISHED_KEPT_BYTES. */
function bytesOf(records: readonly EventRecord[]): number {
  let bytes = 0;
  for (const record of records) bytes += record.payload.byteLength + RECORD_OVERHEAD_BYTES;
  return bytes;
}
