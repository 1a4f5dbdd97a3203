import type { Collection } from 'mongodb';
import { isDuplicateKeyError } from './mongo-errors.js';
import { newId } from '@lesp/core';

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
 * An epoch nobody has written to for a while is retired by the relay: it fences the next
 * `OUTSTANDING_MAX + 1` numbers and deletes the epoch. A writer that was only idle meets the
 * fence on its next write and registers a new epoch.
 */
export const SEQUENCED_MARKER_PREFIX = '~outbox:';

/** At most this many numbers of one writer are written (or failed without an answer) at once: its groups in flight. */
export const OUTSTANDING_MAX = 2;
const MISSES_AT_END = OUTSTANDING_MAX + 1;

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

/**
 * Unpublished commits of numbered markers the relay finds before it publishes the oldest: a
 * backlog of some minutes of commands at full load, a few MB. Beyond it the order across writers holds only
 * as far as the commits' recording times do (see `pending`).
 */
const DISCOVERED_MAX = 20_000;

/** Markers this process stored and its relay has not taken yet are kept in memory up to this many (the relay looks the others up). */
const LANDED_KEPT = 5_000;

/** The writing side: a store's epoch and the numbers it hands out. */
export class MarkerSequence {
  private epoch: string | undefined;
  private registering: Promise<string> | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private next = 0;
  /** Numbers whose write ended without a clear answer: fenced before a fresh number is handed out. */
  private readonly unsettled = new Set<number>();
  /** Numbers of the current epoch being written now, and when each was handed out. */
  readonly inFlight = new Map<number, number>();
  /** Markers this writer stored, by number, for the relay of this process (no lookup). */
  readonly landed = new Map<number, SequencedMarker>();

  constructor(
    private readonly epochs: Collection<WriterEpoch>,
    private readonly commits: Collection<SequencedMarker>,
    private readonly clock: () => Date,
  ) {}

  /** The current epoch, if one is registered. */
  get currentEpoch(): string | undefined {
    return this.epoch;
  }

  /** The first number not yet handed out in the current epoch. */
  get end(): number {
    return this.next;
  }

  async take(): Promise<MarkerTicket> {
    await this.fenceUnsettled();
    const epoch = this.epoch ?? (await this.register());
    const seq = this.next++;
    this.inFlight.set(seq, this.clock().getTime());
    return { epoch, seq };
  }

  /** The ticket's marker is stored (its commits as far as the insert went). */
  stored(ticket: MarkerTicket, marker: SequencedMarker): void {
    if (ticket.epoch !== this.epoch) return;
    this.inFlight.delete(ticket.seq);
    this.landed.set(ticket.seq, marker);
    if (this.landed.size > LANDED_KEPT) this.landed.delete(this.landed.keys().next().value!);
  }

  /** The ticket's write failed without a clear answer: its marker may still be stored. */
  unsettledBy(ticket: MarkerTicket): void {
    if (ticket.epoch !== this.epoch) return;
    this.inFlight.delete(ticket.seq);
    this.unsettled.add(ticket.seq);
  }

  /**
   * The ticket's number was taken by a fence: a relay retired the epoch (it was idle), or
   * fenced a write that took longer than any should. Nothing of the write was stored; the
   * next one starts a new epoch.
   */
  fenced(ticket: MarkerTicket): void {
    if (ticket.epoch !== this.epoch) return;
    // The epoch's other numbers are the relays' now: found by lookup, fenced when they stay missing.
    this.epoch = undefined;
    this.next = 0;
    this.inFlight.clear();
    this.unsettled.clear();
    this.landed.clear();
  }

  private async register(): Promise<string> {
    this.registering ??= (async () => {
      const now = this.clock();
      const epoch: WriterEpoch = { _id: newId(), startedAt: now, activeAt: now, cursor: 0 };
      await this.epochs.insertOne(epoch);
      this.epoch = epoch._id;
      this.heartbeat ??= setInterval(() => void this.beat(), HEARTBEAT_MS).unref();
      return epoch._id;
    })().finally(() => (this.registering = undefined));
    return this.registering;
  }

  /** Tells the relays this writer lives; an epoch found retired (the process was stalled that long) is left for a new one. */
  private async beat(): Promise<void> {
    const epoch = this.epoch;
    if (!epoch) return;
    try {
      const { matchedCount } = await this.epochs.updateOne({ _id: epoch }, { $set: { activeAt: this.clock() } });
      if (matchedCount === 0 && this.epoch === epoch) this.fenced({ epoch, seq: -1 });
    } catch {
      // The next beat tries again; a relay retires the epoch only after many missed ones.
    }
  }

  /** Settles the numbers whose writes had no answer: a fence, or (its write landed after all) the marker already there. */
  private async fenceUnsettled(): Promise<void> {
    if (this.unsettled.size === 0 || !this.epoch) return;
    const epoch = this.epoch;
    for (const seq of [...this.unsettled]) {
      await fence(this.commits, epoch, seq, this.clock());
      this.unsettled.delete(seq);
    }
  }
}

/** Puts a fence at an epoch's number; returns false when a marker (or fence) is already there. */
export async function fence(commits: Collection<SequencedMarker>, epoch: string, seq: number, at: Date): Promise<boolean> {
  try {
    await commits.insertOne({ _id: sequencedMarkerId(epoch, seq), epoch, seq, markedAt: at, slots: [] });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/** An unpublished commit a sequenced marker names. */
export interface SequencedCommit {
  readonly commitId: string;
  readonly eventId: string;
  readonly recordedAt: Date;
  readonly markedAt: Date;
  readonly traceparent?: string;
  readonly epoch: string;
  readonly seq: number;
  /** Its place in the marker: one group can name a slot twice (two commands racing for it), and only one of them won. */
  readonly slot: number;
}

interface FoundMarker {
  readonly marker: SequencedMarker;
  /** Its slots (by place) not yet published or dropped. */
  readonly open: Set<number>;
}

interface EpochState {
  cursor: number;
  readonly found: Map<number, FoundMarker>;
  /** Numbers missing between found ones (or below the local writer's end), and since when. */
  readonly missingSince: Map<number, number>;
}

/** A fence the cursor passed, deleted once no write it stopped can still be on its way. */
interface PassedFence {
  readonly _id: string;
  readonly deleteAfter: number;
}

/**
 * The relay's side: finds the sequenced markers of every epoch, hands out their commits, and
 * once they are published moves the epoch's cursor past them and deletes them. State is kept
 * per process; another relay taking over starts from the stored cursors (and may publish a
 * commit again: at-least-once, as the outbox always is).
 */
export class SequencedMarkerReader {
  private readonly states = new Map<string, EpochState>();
  private readonly passedFences: PassedFence[] = [];
  /** Operations one after another: a metrics scrape counting while the relay reads must not find a marker twice. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly epochs: Collection<WriterEpoch>,
    private readonly commits: Collection<SequencedMarker>,
    private readonly writer: MarkerSequence,
    private readonly clock: () => Date,
    /** A gap or a silent epoch is settled by a fence once it is older than this: no write takes that long. */
    private readonly settleAfterMs: number,
  ) {}

  /**
   * Up to `limit` unpublished commits, oldest first. Markers are looked up well past the limit
   * (`DISCOVERED_MAX` commits, shared among the epochs): where an epoch's lookups stopped short,
   * nothing later than its last found commit is handed out, since one of its unfound markers
   * can hold an earlier version of a stream another writer continued.
   */
  pending(limit: number): Promise<SequencedCommit[]> {
    return this.exclusive(async () => {
      const frontier = await this.discover(Math.max(limit, DISCOVERED_MAX), true);
      const open = this.openCommits();
      return (frontier ? open.filter((c) => compareCommits(c, frontier) <= 0) : open).slice(0, limit);
    });
  }

  /** How many commits the markers name that are not yet published (at most `DISCOVERED_MAX` are looked up). */
  count(): Promise<number> {
    return this.exclusive(async () => {
      await this.discover(DISCOVERED_MAX, false);
      return this.openCount();
    });
  }

  /** Commits published (by id: whichever marker named them), or dropped (by place: a rival's commit in the slot, or an orphan). */
  settle(published: readonly string[], dropped: readonly SequencedCommit[] = []): Promise<void> {
    return this.exclusive(async () => {
      const ids = new Set(published);
      for (const state of this.states.values())
        for (const { marker, open } of state.found.values())
          for (const slot of open) if (ids.has(marker.slots[slot]!.commitId)) open.delete(slot);
      for (const commit of dropped) this.states.get(commit.epoch)?.found.get(commit.seq)?.open.delete(commit.slot);
      for (const [epoch, state] of this.states) await this.advance(epoch, state);
    });
  }

  private exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation, operation);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private openCount(): number {
    let count = 0;
    for (const state of this.states.values()) for (const found of state.found.values()) count += found.open.size;
    return count;
  }

  private openCommits(): SequencedCommit[] {
    const commits: SequencedCommit[] = [];
    for (const [epoch, state] of this.states)
      for (const [seq, { marker, open }] of state.found)
        for (const slot of open) commits.push({ ...marker.slots[slot]!, markedAt: marker.markedAt, epoch, seq, slot });
    return commits.sort(compareCommits);
  }

  /**
   * Looks up every epoch's markers from its cursor, each epoch up to its share of `limit` open
   * commits; with `maintain`, fences old gaps, retires epochs whose writer is gone, and
   * deletes passed fences. Returns the earliest last-found commit of the epochs cut short.
   */
  private async discover(limit: number, maintain: boolean): Promise<SequencedCommit | undefined> {
    const stored = await this.epochs.find({}).toArray();
    const present = new Set(stored.map((e) => e._id));
    for (const epoch of this.states.keys()) if (!present.has(epoch)) this.states.delete(epoch);
    const now = this.clock().getTime();
    const share = Math.max(1, Math.floor(limit / Math.max(1, stored.length)));
    let frontier: SequencedCommit | undefined;
    for (const doc of stored) {
      const state = this.stateOf(doc);
      const local = doc._id === this.writer.currentEpoch;
      // Published by another replica's relay while this one was not publishing.
      if (local) for (const seq of this.writer.landed.keys()) if (seq < state.cursor) this.writer.landed.delete(seq);
      let open = 0;
      for (const found of state.found.values()) open += found.open.size;
      let misses = 0;
      let cutShort = false;
      for (let seq = state.cursor; local ? seq < this.writer.end : misses < MISSES_AT_END; seq++) {
        if (open >= share) {
          cutShort = true;
          break;
        }
        if (state.found.has(seq)) {
          misses = 0;
          continue;
        }
        const takenAt = local ? this.writer.inFlight.get(seq) : undefined;
        if (takenAt !== undefined) {
          // This process's own write, still on its way; one older than any write takes is a gap like another.
          if (now - takenAt > this.settleAfterMs && !state.missingSince.has(seq)) state.missingSince.set(seq, takenAt);
          continue;
        }
        const marker =
          (local ? this.writer.landed.get(seq) : undefined) ?? (await this.commits.findOne({ _id: sequencedMarkerId(doc._id, seq) }));
        if (local) this.writer.landed.delete(seq);
        if (!marker) {
          misses++;
          if (!state.missingSince.has(seq)) state.missingSince.set(seq, now);
          continue;
        }
        misses = 0;
        open += this.take(state, marker);
      }
      if (cutShort) {
        const last = this.openCommitsOf(doc._id, state).at(-1);
        if (last && (!frontier || compareCommits(last, frontier) < 0)) frontier = last;
      }
      // Misses after the last marker found are not gaps (for a local epoch, only numbers below its end are looked at).
      const highest = Math.max(-1, ...state.found.keys());
      for (const seq of state.missingSince.keys()) if (!local && seq > highest) state.missingSince.delete(seq);
      if (!maintain) continue;
      await this.fenceOldGaps(doc._id, state, now);
      const silent = now - (doc.activeAt ?? doc.startedAt).getTime() > this.settleAfterMs;
      if (!local && silent && state.found.size === 0 && state.missingSince.size === 0) await this.retire(doc._id, state);
      else await this.advance(doc._id, state);
    }
    if (maintain) await this.deletePassedFences(now);
    return frontier;
  }

  private openCommitsOf(epoch: string, state: EpochState): SequencedCommit[] {
    const commits: SequencedCommit[] = [];
    for (const [seq, { marker, open }] of state.found)
      for (const slot of open) commits.push({ ...marker.slots[slot]!, markedAt: marker.markedAt, epoch, seq, slot });
    return commits.sort(compareCommits);
  }

  private stateOf(doc: WriterEpoch): EpochState {
    let state = this.states.get(doc._id);
    if (!state) {
      state = { cursor: doc.cursor, found: new Map(), missingSince: new Map() };
      this.states.set(doc._id, state);
    }
    // Another relay moved the cursor on while this one was not publishing: what it passed is done.
    if (doc.cursor > state.cursor) {
      state.cursor = doc.cursor;
      for (const seq of [...state.found.keys()]) if (seq < doc.cursor) state.found.delete(seq);
      for (const seq of [...state.missingSince.keys()]) if (seq < doc.cursor) state.missingSince.delete(seq);
    }
    return state;
  }

  /** Records a found marker; returns how many commits it names. */
  private take(state: EpochState, marker: SequencedMarker): number {
    state.found.set(marker.seq, { marker, open: new Set(marker.slots.map((_, i) => i)) });
    state.missingSince.delete(marker.seq);
    return marker.slots.length;
  }

  /** A gap older than any write takes is fenced; if the write landed after all, its marker is taken instead. */
  private async fenceOldGaps(epoch: string, state: EpochState, now: number): Promise<void> {
    for (const [seq, since] of [...state.missingSince]) {
      if (now - since <= this.settleAfterMs) continue;
      if (await fence(this.commits, epoch, seq, this.clock())) {
        this.take(state, { _id: sequencedMarkerId(epoch, seq), epoch, seq, markedAt: this.clock(), slots: [] });
        continue;
      }
      const marker = await this.commits.findOne({ _id: sequencedMarkerId(epoch, seq) });
      if (marker) this.take(state, marker);
    }
  }

  /**
   * An epoch whose writer is gone (no heartbeat for longer than any write takes) with nothing
   * pending: fences the numbers a write could still take, then forgets the epoch, unless
   * another relay moved its cursor meanwhile. These fences stay: a writer that was only
   * stalled meets one on its next write and goes on in a new epoch.
   */
  private async retire(epoch: string, state: EpochState): Promise<void> {
    for (let seq = state.cursor; seq < state.cursor + MISSES_AT_END; seq++) {
      if (await fence(this.commits, epoch, seq, this.clock())) continue;
      // A write landed after all: not gone.
      const marker = await this.commits.findOne({ _id: sequencedMarkerId(epoch, seq) });
      if (marker) this.take(state, marker);
      return;
    }
    await this.epochs.deleteOne({ _id: epoch, cursor: state.cursor });
    this.states.delete(epoch);
  }

  /**
   * Moves the cursor past the markers all of whose commits are settled, stores it, then deletes
   * those markers: stored first, so that a relay starting from it never looks for a number
   * whose marker is gone (a crash in between leaves markers behind the cursor, never read
   * again). The cursor is stored only where it still is what this relay read: a relay that lost
   * its lease and finishes late never moves it back over markers its successor deleted.
   * Fences are deleted once no write they stopped can still arrive.
   */
  private async advance(epoch: string, state: EpochState): Promise<void> {
    const passed: FoundMarker[] = [];
    for (let found = state.found.get(state.cursor); found && found.open.size === 0; found = state.found.get(state.cursor + passed.length))
      passed.push(found);
    if (passed.length === 0) return;
    const moved = await this.epochs.updateOne({ _id: epoch, cursor: state.cursor }, { $set: { cursor: state.cursor + passed.length } });
    if (moved.matchedCount === 0) {
      // Moved by another relay (or the epoch retired): start again from what is stored.
      this.states.delete(epoch);
      return;
    }
    for (const { marker } of passed) state.found.delete(marker.seq);
    state.cursor += passed.length;
    const now = this.clock().getTime();
    for (const { marker } of passed)
      if (marker.slots.length === 0)
        this.passedFences.push({ _id: marker._id, deleteAfter: marker.markedAt.getTime() + this.settleAfterMs });
    await Promise.all(passed.filter((p) => p.marker.slots.length > 0).map((p) => this.commits.deleteOne({ _id: p.marker._id })));
    await this.deletePassedFences(now);
  }

  private async deletePassedFences(now: number): Promise<void> {
    const due = this.passedFences.filter((f) => f.deleteAfter < now);
    if (due.length === 0) return;
    await Promise.all(due.map((f) => this.commits.deleteOne({ _id: f._id })));
    for (const f of due) this.passedFences.splice(this.passedFences.indexOf(f), 1);
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
