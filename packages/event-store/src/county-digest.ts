import { createHash } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { ConflictError, type EventRecord } from '@lesp/core';
import { GENESIS_HASH, computeEventHash } from './event-hash.js';
import { readAllEvents, type EventStore } from './event-store.js';
import { isDuplicateKeyError } from './mongo-errors.js';

/**
 * A county's daily digest: one hash over the head (last event) of each of its streams as
 * recorded before the end of a day. Recorded once per county and day, it lets a later
 * verification prove the log as it stood that day: rewriting, re-hashing or truncating
 * anything recorded before then changes the digest recomputed from the log.
 */
export interface CountyDigest {
  readonly countyCode: string;
  /** Events recorded strictly before this instant are covered. */
  readonly asOf: Date;
  /** Streams with at least one event before asOf. */
  readonly streams: number;
  /** Events recorded before asOf. */
  readonly events: number;
  /** Hex SHA-256 over the sorted (streamId, version, hash) of every stream head (see countyDigestOf). */
  readonly digest: string;
}

export interface RecordedCountyDigest extends CountyDigest {
  /** The day covered, YYYY-MM-DD in China Standard Time. */
  readonly day: string;
  readonly recordedAt: Date;
}

export interface StreamHead {
  readonly streamId: string;
  readonly version: number;
  readonly hash: string;
}

const TAG = 'lesp.county-digest.v1';

/**
 * Days are China Standard Time (UTC+8, no daylight saving): the day a county's staff
 * see. A day's digest covers what was recorded before the next day's 00:00 +08:00.
 */
export const DIGEST_UTC_OFFSET = '+08:00';
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** The instant that ends `day` (YYYY-MM-DD, China Standard Time): the asOf of its digest. */
export function digestCutoff(day: string): Date {
  const start = /^\d{4}-\d{2}-\d{2}$/.test(day) ? new Date(`${day}T00:00:00${DIGEST_UTC_OFFSET}`) : new Date(NaN);
  if (Number.isNaN(start.getTime()) || new Date(start.getTime() + OFFSET_MS).toISOString().slice(0, 10) !== day) {
    throw new Error(`not a day (YYYY-MM-DD): "${day}"`);
  }
  return new Date(start.getTime() + DAY_MS);
}

/** The day whose digest has this asOf; throws when asOf is not the end of a day. */
export function digestDayOf(asOf: Date): string {
  const day = new Date(asOf.getTime() + OFFSET_MS - DAY_MS).toISOString().slice(0, 10);
  if (digestCutoff(day).getTime() !== asOf.getTime()) {
    throw new Error(`a daily digest covers whole days: ${asOf.toISOString()} is not the end of a day (00:00 ${DIGEST_UTC_OFFSET})`);
  }
  return day;
}

/** Hex SHA-256 over the heads sorted by stream id, each field length-prefixed. Pure. */
export function digestOfHeads(heads: readonly StreamHead[]): string {
  const hash = createHash('sha256');
  const text = (value: string): void => {
    const bytes = Buffer.from(value, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.byteLength);
    hash.update(length);
    hash.update(bytes);
  };
  text(TAG);
  const sorted = [...heads].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : a.version - b.version));
  for (const head of sorted) {
    text(head.streamId);
    text(String(head.version));
    text(head.hash);
  }
  return hash.digest('hex');
}

/**
 * The digest of a county's records (any order) as of `asOf`. Pure.
 *
 * Each head's hash is recomputed along its whole chain from the genesis hash, ignoring the
 * stored hashes: for an intact stream it is the stored hash of its last event, and any
 * change to any event before asOf (even one whose stored hashes were left alone, or a
 * stream re-hashed end to end) gives another head hash, so another digest.
 */
export function countyDigestOf(countyCode: string, asOf: Date, records: Iterable<EventRecord>): CountyDigest {
  const streams = new Map<string, EventRecord[]>();
  let events = 0;
  for (const record of records) {
    if (record.countyCode !== countyCode || record.recordedAt.getTime() >= asOf.getTime()) continue;
    events++;
    const stream = streams.get(record.streamId);
    if (stream) stream.push(record);
    else streams.set(record.streamId, [record]);
  }
  const heads: StreamHead[] = [];
  for (const [streamId, stream] of streams) {
    stream.sort((a, b) => a.version - b.version || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
    let hash = GENESIS_HASH;
    for (const record of stream) hash = chainedHash(record, hash);
    heads.push({ streamId, version: stream.at(-1)!.version, hash });
  }
  return { countyCode, asOf, streams: heads.length, events, digest: digestOfHeads(heads) };
}

function chainedHash(record: EventRecord, previousHash: string): string {
  try {
    return computeEventHash({ ...record, previousHash });
  } catch {
    return `unhashable:${record.eventId}`; // a corrupted time or version: still a digest, never the recorded one
  }
}

/** Reads the county's whole log (any EventStore adapter) and digests it as of `asOf`. */
export async function computeCountyDigest(store: EventStore, countyCode: string, asOf: Date): Promise<CountyDigest> {
  const records: EventRecord[] = [];
  for await (const record of readAllEvents(store, { countyCode })) records.push(record);
  return countyDigestOf(countyCode, asOf, records);
}

/** A second digest for the same county and day: refused, the first one stands. */
export class DigestAlreadyRecordedError extends ConflictError {
  constructor(
    readonly countyCode: string,
    readonly day: string,
    options?: { cause?: unknown },
  ) {
    super('COUNTY_DIGEST_ALREADY_RECORDED', `${countyCode} 在 ${day} 的日摘要已记录，不可覆盖（duplicate key）`, options);
  }
}

/** Insert-only log of daily digests: one per county and day, never overwritten. */
export interface DigestLog {
  /** Records the digest of the day that `digest.asOf` ends; DigestAlreadyRecordedError when that day has one. */
  record(digest: CountyDigest): Promise<RecordedCountyDigest>;
  get(countyCode: string, day: string): Promise<RecordedCountyDigest | undefined>;
}

interface DigestDocument {
  /** `${countyCode}/${day}`: the unique _id is what refuses a second digest for the day. */
  _id: string;
  countyCode: string;
  day: string;
  asOf: Date;
  streams: number;
  events: number;
  digest: string;
  recordedAt: Date;
}

/** Collection `county_digests`. Offers no update or delete: a recorded digest is final. */
export class MongoDigestLog implements DigestLog {
  readonly digests: Collection<DigestDocument>;

  constructor(
    db: Db,
    private readonly clock: () => Date = () => new Date(),
    collectionName = 'county_digests',
  ) {
    this.digests = db.collection<DigestDocument>(collectionName);
  }

  async record(digest: CountyDigest): Promise<RecordedCountyDigest> {
    const day = digestDayOf(digest.asOf);
    const recorded: RecordedCountyDigest = { ...pick(digest), day, recordedAt: this.clock() };
    try {
      await this.digests.insertOne({ _id: `${digest.countyCode}/${day}`, ...recorded });
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        throw new DigestAlreadyRecordedError(digest.countyCode, day, { cause: error });
      }
      throw error;
    }
    return recorded;
  }

  async get(countyCode: string, day: string): Promise<RecordedCountyDigest | undefined> {
    const doc = await this.digests.findOne({ _id: `${countyCode}/${day}` });
    if (!doc) return undefined;
    const { _id, ...recorded } = doc;
    return recorded;
  }
}

/** Same contract, in memory: for unit tests. */
export class InMemoryDigestLog implements DigestLog {
  private readonly recorded = new Map<string, RecordedCountyDigest>();

  constructor(private readonly clock: () => Date = () => new Date()) {}

  async record(digest: CountyDigest): Promise<RecordedCountyDigest> {
    const day = digestDayOf(digest.asOf);
    const key = `${digest.countyCode}/${day}`;
    if (this.recorded.has(key)) throw new DigestAlreadyRecordedError(digest.countyCode, day);
    const recorded: RecordedCountyDigest = { ...pick(digest), day, recordedAt: this.clock() };
    this.recorded.set(key, recorded);
    return recorded;
  }

  async get(countyCode: string, day: string): Promise<RecordedCountyDigest | undefined> {
    return this.recorded.get(`${countyCode}/${day}`);
  }
}

function pick(digest: CountyDigest): CountyDigest {
  const { countyCode, asOf, streams, events, digest: value } = digest;
  return { countyCode, asOf, streams, events, digest: value };
}

export interface MissingDigestsResult {
  readonly day: string;
  /** Digests recorded by this call. */
  readonly recorded: readonly RecordedCountyDigest[];
  /** Counties whose digest of the day was already there (by an earlier run or another replica). */
  readonly alreadyRecorded: readonly string[];
}

/**
 * Records the digest of `day` for every county that has none yet; idempotent, so a daily
 * job may run it on every replica and again after a failure. Refuses a day that is not
 * over (events could still be recorded into it): run it for yesterday, a few minutes after
 * midnight China Standard Time.
 */
export async function recordMissingDigests(
  store: EventStore,
  digestLog: DigestLog,
  counties: readonly string[],
  day: string,
  options: { readonly now?: Date } = {},
): Promise<MissingDigestsResult> {
  const asOf = digestCutoff(day);
  const now = options.now ?? new Date();
  if (asOf.getTime() > now.getTime())
    throw new Error(`the digest of ${day} can only be recorded once the day is over (${asOf.toISOString()})`);
  const recorded: RecordedCountyDigest[] = [];
  const alreadyRecorded: string[] = [];
  for (const countyCode of new Set(counties)) {
    if (await digestLog.get(countyCode, day)) {
      alreadyRecorded.push(countyCode);
      continue;
    }
    try {
      recorded.push(await digestLog.record(await computeCountyDigest(store, countyCode, asOf)));
    } catch (error) {
      if (!(error instanceof DigestAlreadyRecordedError)) throw error;
      alreadyRecorded.push(countyCode);
    }
  }
  return { day, recorded, alreadyRecorded };
}
