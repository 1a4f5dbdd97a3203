import { Binary, MongoBulkWriteError, MongoServerError, type Collection, type Db, type Filter } from 'mongodb';
import { ConcurrencyError, UnavailableError, newId, streamIdOf, type Actor, type EventRecord } from '@lesp/core';
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
import { decodePosition, encodePosition, recordedAtFor } from './position.js';
import { assertAppendable, knownPreviousHash, recordsFor } from './records.js';

/**
 * One document per append (a "commit") holding its events. Without transactions this is
 * what makes a multi-event append all-or-nothing: a single insert. The unique index on
 * (streamId, firstVersion) is the optimistic-concurrency check: two writers that read the
 * same version collide on it, and the loser writes nothing.
 *
 * Each stored event carries previousHash and hash (event-hash.ts): the stream's hash chain.
 *
 * Payloads stay protobuf bytes (BSON Binary): no user data ever becomes a field name,
 * which FerretDB v1 restricts (no "." or leading "$").
 */
export interface CommitDocument {
  _id: string;
  streamId: string;
  countyCode: string;
  aggregateType: string;
  aggregateId: string;
  source: string;
  firstVersion: number;
  lastVersion: number;
  recordedAt: Date;
  published: boolean;
  publishedAt?: Date;
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

const DUPLICATE_KEY = 11000;
const ORDER = { recordedAt: 1, streamId: 1, firstVersion: 1 } as const;

export function isDuplicateKeyError(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

export class MongoEventStore implements EventStore, Outbox {
  readonly commits: Collection<CommitDocument>;

  constructor(
    db: Db,
    private readonly clock: () => Date = () => new Date(),
    collectionName = 'event_commits',
  ) {
    this.commits = db.collection<CommitDocument>(collectionName);
  }

  /** Idempotent; call at start-up. */
  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.commits, [
      { key: { streamId: 1, firstVersion: 1 }, name: 'stream_version_unique', unique: true },
      { key: { countyCode: 1, ...ORDER }, name: 'county_order' },
      { key: ORDER, name: 'global_order' },
      { key: { published: 1, ...ORDER }, name: 'outbox' },
      // Not unique: FerretDB v1 has no partial indexes, and appends without a key would collide on null.
      { key: { countyCode: 1, idempotencyKey: 1 }, name: 'idempotency' },
    ]);
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    assertAppendable(request);
    const streamId = streamIdOf(request.countyCode, request.aggregateType, request.aggregateId);
    const previousHash = knownPreviousHash(request) ?? (await this.lastHash(streamId, request.expectedVersion));
    const records = recordsFor(request, recordedAtFor(this.clock(), request.notBefore), previousHash);
    try {
      await this.commits.insertOne(toDocument(newId(), records, request.idempotencyKey));
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        const actual = await this.currentVersion(streamId);
        throw new ConcurrencyError(streamId, request.expectedVersion, actual, { cause: error });
      }
      throw error;
    }
    return { streamId, nextVersion: request.expectedVersion + records.length, records };
  }

  /**
   * One unordered `insertMany` of one commit document per request: a duplicate key (a stale
   * expected version, a stream that already exists) refuses that request only, as a
   * ConcurrencyError, and the others are stored.
   */
  async appendMany(requests: readonly AppendRequest[]): Promise<AppendOutcome[]> {
    const outcomes: (AppendOutcome | undefined)[] = refusedUpFront(requests).map((error) => (error ? { ok: false, error } : undefined));
    const recordedNow = this.clock();
    const pending: { index: number; streamId: string; document: CommitDocument; result: AppendResult }[] = [];
    for (const [index, request] of requests.entries()) {
      if (outcomes[index]) continue;
      try {
        const streamId = streamIdOf(request.countyCode, request.aggregateType, request.aggregateId);
        const previousHash = knownPreviousHash(request) ?? (await this.lastHash(streamId, request.expectedVersion));
        const records = recordsFor(request, recordedAtFor(recordedNow, request.notBefore), previousHash);
        pending.push({
          index,
          streamId,
          document: toDocument(newId(), records, request.idempotencyKey),
          result: { streamId, nextVersion: request.expectedVersion + records.length, records },
        });
      } catch (error) {
        outcomes[index] = refused(error);
      }
    }
    const failed = new Map<number, unknown>();
    if (pending.length > 0) {
      try {
        await this.commits.insertMany(
          pending.map((p) => p.document),
          { ordered: false },
        );
      } catch (error) {
        const writeErrors = error instanceof MongoBulkWriteError ? [error.writeErrors].flat() : [];
        if (writeErrors.length > 0) for (const writeError of writeErrors) failed.set(writeError.index, writeError);
        else {
          // The write as a whole failed (server busy, connection lost): ask which commits it stored, by id.
          const stored = await this.storedCommitIds(pending.map((p) => p.document._id)).catch(() => {
            throw error;
          });
          pending.forEach((p, i) => {
            if (!stored.has(p.document._id)) failed.set(i, { unavailable: error });
          });
        }
      }
    }
    const conflicted = pending.filter((_, i) => failed.has(i) && (failed.get(i) as { code?: number }).code === DUPLICATE_KEY);
    const actual = await this.currentVersions(conflicted.map((p) => p.streamId));
    pending.forEach((p, i) => {
      if (!failed.has(i)) {
        outcomes[p.index] = { ok: true, result: p.result };
        return;
      }
      const writeError = failed.get(i) as { code?: number; errmsg?: string; unavailable?: unknown };
      const expected = requests[p.index]!.expectedVersion;
      outcomes[p.index] =
        writeError.unavailable !== undefined
          ? refused(new UnavailableError('EVENT_STORE_UNAVAILABLE', '数据库繁忙，未能写入，请稍后重试', { cause: writeError.unavailable }))
          : writeError.code === DUPLICATE_KEY
            ? refused(new ConcurrencyError(p.streamId, expected, actual.get(p.streamId) ?? 0, { cause: writeError }))
            : refused(new Error(`insert failed: ${writeError.errmsg ?? 'unknown write error'}`));
    });
    return outcomes.map((o) => o!);
  }

  async findByIdempotencyKey(countyCode: string, idempotencyKey: string): Promise<AppendResult | undefined> {
    const doc = await this.commits.findOne({ countyCode, idempotencyKey });
    if (!doc) return undefined;
    return { streamId: doc.streamId, nextVersion: doc.lastVersion, records: fromDocument(doc) };
  }

  async readStream(countyCode: string, aggregateType: string, aggregateId: string): Promise<readonly EventRecord[]> {
    const streamId = streamIdOf(countyCode, aggregateType, aggregateId);
    const docs = await this.commits.find({ streamId }).sort({ firstVersion: 1 }).toArray();
    return docs.flatMap(fromDocument);
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadPage> {
    const limit = options.limit ?? 500;
    const filter: Filter<CommitDocument> = {};
    if (options.countyCode !== undefined) filter.countyCode = options.countyCode;
    if (options.after) {
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

  async fetchUnpublished(limit: number): Promise<readonly PendingCommit[]> {
    const docs = await this.commits.find({ published: false }).sort(ORDER).limit(limit).toArray();
    return docs.map((doc) => ({ commitId: doc._id, records: fromDocument(doc) }));
  }

  async markPublished(commitIds: readonly string[], publishedAt: Date): Promise<void> {
    if (commitIds.length === 0) return;
    await this.commits.updateMany({ _id: { $in: [...commitIds] } }, { $set: { published: true, publishedAt } });
  }

  async countUnpublished(): Promise<number> {
    return this.commits.countDocuments({ published: false });
  }

  /**
   * For a caller that did not pass previousHash: the hash of the stream's last event, which
   * must be the expected version (else the append is stale, or the stream is not there).
   */
  private async lastHash(streamId: string, expectedVersion: number): Promise<string> {
    const last = await this.commits.find({ streamId }).sort({ firstVersion: -1 }).limit(1).next();
    const actual = last?.lastVersion ?? 0;
    if (!last || actual !== expectedVersion) throw new ConcurrencyError(streamId, expectedVersion, actual);
    return last.events.at(-1)?.hash ?? '';
  }

  private async storedCommitIds(commitIds: readonly string[]): Promise<Set<string>> {
    const docs = await this.commits.find({ _id: { $in: [...commitIds] } }, { projection: { _id: 1 } }).toArray();
    return new Set(docs.map((d) => d._id));
  }

  /** The current version of each stream, in one query. */
  private async currentVersions(streamIds: readonly string[]): Promise<Map<string, number>> {
    const versions = new Map<string, number>();
    if (streamIds.length === 0) return versions;
    const docs = await this.commits
      .find({ streamId: { $in: [...new Set(streamIds)] } }, { projection: { streamId: 1, lastVersion: 1 } })
      .toArray();
    for (const doc of docs) versions.set(doc.streamId, Math.max(versions.get(doc.streamId) ?? 0, doc.lastVersion));
    return versions;
  }

  private async currentVersion(streamId: string): Promise<number> {
    const last = await this.commits.find({ streamId }).sort({ firstVersion: -1 }).limit(1).next();
    return last?.lastVersion ?? 0;
  }
}

function toDocument(commitId: string, records: readonly EventRecord[], idempotencyKey: string | undefined): CommitDocument {
  const first = records[0]!;
  return {
    _id: commitId,
    streamId: first.streamId,
    countyCode: first.countyCode,
    aggregateType: first.aggregateType,
    aggregateId: first.aggregateId,
    source: first.source,
    firstVersion: first.version,
    lastVersion: records.at(-1)!.version,
    recordedAt: first.recordedAt,
    published: false,
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
