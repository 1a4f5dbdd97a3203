import { createHash } from 'node:crypto';
import type { EventRecord } from '@lesp/core';
import { digestCutoff } from './county-digest.js';
import { computeEventHash } from './event-hash.js';

/**
 * The daily digest of one county's events in one service's store (日摘要): the root of a Merkle
 * tree over every event the store *recorded* that day (China Standard Time), not the day it
 * happened. A fact recorded late (occurred-at in the past) lands in the day it was recorded,
 * so it never changes a day already sealed; rewriting, removing or back-dating into a sealed
 * day anything at all gives another root.
 *
 * Leaves: each event's hash recomputed from its stored content (`computeEventHash`, which
 * covers every field, the payload and the previousHash that links it to its stream), never
 * the stored hash, so an event altered without touching its hash still changes the root; a
 * leaf's bytes are that hash's 64 lowercase hex characters (ASCII).
 * Order: (recordedAt, streamId, version), the store's global order. Tree: RFC 6962 §2.1
 * (SHA-256, leaf = H(0x00 ‖ leaf bytes), node = H(0x01 ‖ left ‖ right), the empty tree =
 * H("")), so anyone can recompute it from the events with a few lines of code, and a single
 * event's inclusion can later be proven without showing the others.
 */
export const DAILY_DIGEST_ALGORITHM = 'lesp.daily-digest.v1 (RFC 6962 Merkle tree, SHA-256, leaves = event hashes recomputed)';

export interface DailyDigest {
  readonly countyCode: string;
  /** YYYY-MM-DD, China Standard Time: events recorded in [coversFrom, coversTo). */
  readonly day: string;
  readonly coversFrom: Date;
  readonly coversTo: Date;
  readonly eventCount: number;
  /** Hex SHA-256 Merkle root. */
  readonly merkleRoot: string;
  readonly algorithm: string;
  /** Events whose stored hash is not the hash of their content: evidence of a change before the seal. Not published. */
  readonly storedHashMismatches: readonly string[];
}

/** [start, end) of a China day, as recorded times. Throws on a malformed or impossible day. */
export function dayWindow(day: string): { readonly from: Date; readonly to: Date } {
  const to = digestCutoff(day);
  return { from: new Date(to.getTime() - 24 * 3600_000), to };
}

/** The China day (YYYY-MM-DD) an instant falls in. */
export function chinaDayOf(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The day after `day`. */
export function nextDay(day: string): string {
  return chinaDayOf(dayWindow(day).to);
}

/**
 * The digest of `countyCode`'s events recorded on `day` among `records` (any order; records of
 * other counties or recorded on other days are ignored, so a caller may pass more). Pure.
 */
export function dailyDigestOf(countyCode: string, day: string, records: Iterable<EventRecord>): DailyDigest {
  const builder = new DailyDigestBuilder(countyCode, day);
  const ofDay = [...records].filter((record) => builder.covers(record));
  ofDay.sort(globalOrder);
  for (const record of ofDay) builder.add(record);
  return builder.result();
}

/**
 * The same digest built one event at a time, in the store's global order (as `readAll` and
 * `readRecordedBetween` yield them), in memory of O(log n) hashes: a day of a bulk import
 * (hundreds of thousands of events) is digested without holding its events.
 */
export class DailyDigestBuilder {
  readonly from: Date;
  readonly to: Date;
  private readonly tree = new MerkleAccumulator();
  private readonly mismatches: string[] = [];
  private last?: EventRecord;

  constructor(
    readonly countyCode: string,
    readonly day: string,
  ) {
    ({ from: this.from, to: this.to } = dayWindow(day));
  }

  /** Whether the record belongs to this county and day. */
  covers(record: EventRecord): boolean {
    const at = record.recordedAt.getTime();
    return record.countyCode === this.countyCode && at >= this.from.getTime() && at < this.to.getTime();
  }

  /** Adds the next event; refuses one that is not this county's and day's, or out of the global order. */
  add(record: EventRecord): void {
    if (!this.covers(record)) throw new Error(`event ${record.eventId} is not of county ${this.countyCode} recorded on ${this.day}`);
    if (this.last && globalOrder(this.last, record) >= 0) {
      throw new Error(`event ${record.eventId} comes out of the store's global order (recordedAt, streamId, version)`);
    }
    this.last = record;
    const hash = recomputedHash(record);
    if (hash !== record.hash) this.mismatches.push(record.eventId);
    this.tree.push(Buffer.from(hash, 'utf8'));
  }

  result(): DailyDigest {
    return {
      countyCode: this.countyCode,
      day: this.day,
      coversFrom: this.from,
      coversTo: this.to,
      eventCount: this.tree.size,
      merkleRoot: this.tree.root(),
      algorithm: DAILY_DIGEST_ALGORITHM,
      storedHashMismatches: [...this.mismatches],
    };
  }
}

/** RFC 6962 Merkle tree hash (MTH) of the leaves, hex. Pure. */
export function merkleRoot(leaves: readonly Uint8Array[]): string {
  const tree = new MerkleAccumulator();
  for (const leaf of leaves) tree.push(leaf);
  return tree.root();
}

/**
 * RFC 6962's tree built leaf by leaf: the stack holds the perfect subtrees of the leaves so
 * far, largest first (one per bit of the count). Equal neighbours merge as leaves arrive; the
 * root folds the stack from the right, which is exactly RFC 6962's split at the largest power
 * of two below n.
 */
class MerkleAccumulator {
  private readonly stack: { size: number; hash: Uint8Array }[] = [];
  size = 0;

  push(leaf: Uint8Array): void {
    let node: { size: number; hash: Uint8Array } = { size: 1, hash: createHash('sha256').update(LEAF).update(leaf).digest() };
    while (this.stack.length > 0 && this.stack.at(-1)!.size === node.size) {
      const left = this.stack.pop()!;
      node = { size: left.size * 2, hash: parent(left.hash, node.hash) };
    }
    this.stack.push(node);
    this.size++;
  }

  root(): string {
    if (this.stack.length === 0) return createHash('sha256').digest('hex');
    let hash = this.stack.at(-1)!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) hash = parent(this.stack[i]!.hash, hash);
    return Buffer.from(hash).toString('hex');
  }
}

function parent(left: Uint8Array, right: Uint8Array): Uint8Array {
  return createHash('sha256').update(NODE).update(left).update(right).digest();
}

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

function globalOrder(a: EventRecord, b: EventRecord): number {
  return (
    a.recordedAt.getTime() - b.recordedAt.getTime() ||
    (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0) ||
    a.version - b.version ||
    (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0)
  );
}

/** The hash of the event's content (its stored hash when untouched); a value no hash can equal when it cannot be hashed. */
function recomputedHash(record: EventRecord): string {
  const { hash: _stored, ...content } = record;
  try {
    return computeEventHash(content);
  } catch {
    return `unhashable:${record.eventId}`; // a corrupted time or version: still a leaf, never the sealed one
  }
}
