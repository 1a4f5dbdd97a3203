import type { Collection } from 'mongodb';
import { isDuplicateKeyError } from './mongo-errors.js';

/**
 * Outbox markers of single appends, written in the same command as their commits.
 *
 * A marker-first outbox costs an append two writes: its marker, then its commit. Here a group
 * of single appends is one ordered `insertMany` into the commits collection: the marker first,
 * then the commits. The server stores them in that order and stops at the first refusal, so a
 * commit is never stored without its marker (on FerretDB the command is one SQLite transaction).
 * One round trip instead of two: the append's latency and, on FerretDB, most of its cost.
 *
 * The relay cannot query the commits collection for markers (FerretDB v1 reads every document
 * of a collection for any filter but one on `_id`), so markers are found by `_id`: each writer
 * (a store in a process) registers an epoch once and numbers its markers 0, 1, 2, ... within
 * it; the relay looks them up one number after another from the epoch's cursor (every number
 * below it published or fenced).
 *
 * A number can be missing while later ones are there: its write is in flight, or failed with
 * no answer (it may still land). Nobody ever writes a number twice, and a number is settled by
 * whoever stores its `_id` first: the writer's marker, or a fence (a marker naming no commit)
 * put there by the writer after a failed write, or by a relay once the gap is older than any
 * write takes. A write that loses to a fence is refused as a whole (its marker comes first, the
 * insert is ordered), so nothing is ever stored under a fence. A writer has at most
 * `OUTSTANDING_MAX` numbers unsettled at a time (fresh numbers wait until its failed ones are
 * fenced), so `OUTSTANDING_MAX + 1` misses in a row mean there is nothing further.
 *
 * A writer beats in its epoch every `HEARTBEAT_MS`. An epoch whose heartbeat a relay has not
 * seen change for 5 minutes (its process gone) is retired: the relay fences the next
 * `OUTSTANDING_MAX + 1` numbers for good and deletes the epoch. A writer that was only stalled
 * meets the fence on its next write and registers a new epoch.
 */
export const SEQUENCED_MARKER_PREFIX = '~outbox:';

/** At most this many numbers of one writer are written (or failed without an answer) at once: its groups in flight. */
export const OUTSTANDING_MAX = 2;
/** Misses in a row after which an epoch has no further marker. */
export const MISSES_AT_END = OUTSTANDING_MAX + 1;

/** One commit a sequenced marker names: its slot, and its first event (a commit in that slot with another event is a rival's). */
export interface MarkedSlot {
  readonly commitId: string;
  readonly eventId: string;
  readonly recordedAt: Date;
  /** W3C trace context of the append (see OutboxMarker.traceparent). */
  readonly traceparent?: string;
}

/** A sequenced marker as stored in the commits collection. No `streamId`, `countyCode` or `recordedAt`: readers of commits never match one. */
export interface SequencedMarker {
  _id: string;
  epoch: string;
  seq: number;
  markedAt: Date;
  /** The commits written after the marker in its insert; none: a fence. */
  slots: MarkedSlot[];
  /** A fence put down to retire the epoch: kept for good (a stalled writer could otherwise write there). */
  final?: true;
}

/**
 * A writer's epoch: `cursor` is the first number not yet published or fenced; `activeAt` the
 * writer's last heartbeat (every `HEARTBEAT_MS` while its process lives).
 */
export interface WriterEpoch {
  _id: string;
  startedAt: Date;
  activeAt?: Date;
  cursor: number;
}

/** How often a writer says its process is alive: well inside the time after which a relay retires a silent epoch. */
export const HEARTBEAT_MS = 60_000;

export function sequencedMarkerId(epoch: string, seq: number): string {
  return `${SEQUENCED_MARKER_PREFIX}${epoch}:${seq}`;
}

export function isSequencedMarkerId(id: string): boolean {
  return id.startsWith(SEQUENCED_MARKER_PREFIX);
}

/** A sequenced marker's number, handed to a group write. */
export interface MarkerTicket {
  readonly epoch: string;
  readonly seq: number;
}

/** Puts a fence at an epoch's number; returns false when a marker (or fence) is already there. */
export async function fence(commits: Collection<SequencedMarker>, epoch: string, seq: number, at: Date, final = false): Promise<boolean> {
  try {
    await commits.insertOne({
      _id: sequencedMarkerId(epoch, seq),
      epoch,
      seq,
      markedAt: at,
      slots: [],
      ...(final ? { final: true as const } : {}),
    });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/** The store's global order (recordedAt, stream, version), as the outbox's markers are read. */
export function compareCommits(a: { commitId: string; recordedAt: Date }, b: { commitId: string; recordedAt: Date }): number {
  const byTime = a.recordedAt.getTime() - b.recordedAt.getTime();
  if (byTime !== 0) return byTime;
  const [streamA, versionA] = slotOf(a.commitId);
  const [streamB, versionB] = slotOf(b.commitId);
  if (streamA !== streamB) return streamA < streamB ? -1 : 1;
  return versionA - versionB;
}

function slotOf(commitId: string): [string, number] {
  const at = commitId.lastIndexOf('@');
  return [commitId.slice(0, at), Number(commitId.slice(at + 1))];
}
