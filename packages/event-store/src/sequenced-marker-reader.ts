import type { Collection } from 'mongodb';
import { metrics } from '@lesp/observability';
import type { MarkerSequence } from './marker-sequence.js';
import {
  MISSES_AT_END,
  compareCommits,
  fence,
  sequencedMarkerId,
  type MarkedSlot,
  type SequencedMarker,
  type WriterEpoch,
} from './sequenced-markers.js';

/**
 * Unpublished commits of numbered markers the relay finds before it publishes the oldest,
 * shared among the epochs: a backlog of some minutes of commands at full load, a few MB.
 */
const DISCOVERED_MAX = 20_000;

/**
 * Markers kept per epoch, most of them settled and waiting for the cursor to pass a gap (a
 * write with no answer yet): each is a few hundred bytes once settled.
 */
const FOUND_MAX = 100_000;

/** An unpublished commit a sequenced marker names. */
export interface SequencedCommit extends MarkedSlot {
  readonly markedAt: Date;
  readonly epoch: string;
  readonly seq: number;
  /** Its place in the marker: one group can name a slot twice (two commands racing for it), and only one of them won. */
  readonly slot: number;
}

/** What a relay round may hand out: the commits found, and the first commit (of either kind) that must wait for the next round. */
export interface SequencedRound<T> {
  /** Another relay moved a cursor under this round: hand out nothing of it (of either kind). */
  readonly disturbed: boolean;
  readonly commits: SequencedCommit[];
  readonly frontier: SequencedCommit | undefined;
  /** What the caller read between the two passes. */
  readonly between: T;
}

interface FoundMarker {
  /** The marker as found; once all its commits are settled, without its slots (it only waits for the cursor then). */
  readonly marker: SequencedMarker;
  /** Its slots (by place) not yet published or dropped. */
  readonly open: Set<number>;
  /** Whether it named commits (a marker to delete once passed), not a fence. */
  readonly namedCommits: boolean;
}

interface EpochState {
  cursor: number;
  readonly found: Map<number, FoundMarker>;
  /** Numbers missing between found ones (or below the local writer's end), and since when (this relay's clock). */
  readonly missingSince: Map<number, number>;
  /** The writer's last heartbeat as stored, and when this relay saw it change (its own clock: the two need not agree). */
  heartbeat: { readonly value: number; readonly seenAt: number };
}

/** A fence the cursor passed, deleted once no write it stopped can still be on its way. */
interface PassedFence {
  readonly _id: string;
  readonly deleteAfter: number;
}

/**
 * The relay's side of numbered outbox markers (sequenced-markers.ts): finds every epoch's
 * markers, hands out their commits, and once they are published moves the epoch's cursor past
 * them and deletes them. State is kept per process; another relay taking over starts from the
 * stored cursors (and may publish a commit again: at-least-once, as the outbox always is).
 *
 * Markers are found one lookup at a time, so a round is not a snapshot: a command's marker
 * looked for before it landed can be missed while a later version of its stream, written by
 * another replica afterwards, is found later in the round. So a round looks twice: a first
 * pass, then a closing pass over every number the first one missed. A commit's predecessor
 * landed before the commit was written, so before the first pass found it, so the closing pass
 * finds it; and whatever the closing pass finds is held back with everything after it in the
 * store's order (the round's frontier) until the next round.
 */
export class SequencedMarkerReader {
  private readonly states = new Map<string, EpochState>();
  private readonly passedFences: PassedFence[] = [];
  /** Set when a round's state was reset under it (another relay moved a cursor): it hands out nothing. */
  private disturbed = false;
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
   * A relay round: the first pass (with upkeep: old gaps fenced, gone epochs retired, cursors
   * moved), then `between` (the caller's other markers, read after the first pass so that a
   * predecessor of anything found there is in it), then the closing pass.
   */
  round<T>(limit: number, between: () => Promise<T>): Promise<SequencedRound<T>> {
    return this.exclusive(async () => {
      this.disturbed = false;
      const budget = Math.max(limit, DISCOVERED_MAX);
      const cutShort = await this.pass(budget, 'first');
      const read = await between();
      const late = await this.pass(budget, 'closing');
      const frontier = [...cutShort, ...late].sort(compareCommits)[0];
      if (this.disturbed) return { disturbed: true, commits: [], frontier: undefined, between: read };
      return { disturbed: false, commits: this.openCommits(), frontier, between: read };
    });
  }

  /** How many commits the markers name that are not yet published (at most `DISCOVERED_MAX` are looked up). */
  count(): Promise<number> {
    return this.exclusive(async () => {
      await this.pass(DISCOVERED_MAX, 'count');
      let count = 0;
      for (const state of this.states.values()) for (const found of state.found.values()) count += found.open.size;
      return count;
    });
  }

  /** Commits published (by id: whichever marker named them), or dropped (by place: a rival's commit in the slot, or an orphan). */
  settle(published: readonly string[], dropped: readonly SequencedCommit[] = []): Promise<void> {
    return this.exclusive(async () => {
      const ids = new Set(published);
      for (const state of this.states.values())
        for (const { marker, open } of state.found.values())
          for (const slot of open) if (ids.has(marker.slots[slot]!.commitId)) open.delete(slot);
      for (const commit of dropped) {
        const found = this.states.get(commit.epoch)?.found.get(commit.seq);
        if (found?.marker.slots[commit.slot]?.eventId === commit.eventId) found.open.delete(commit.slot);
      }
      // Settled markers keep only what the cursor needs of them (behind a gap, many can wait).
      for (const state of this.states.values())
        for (const [seq, found] of state.found)
          if (found.open.size === 0 && found.marker.slots.length > 0)
            state.found.set(seq, { ...found, marker: { ...found.marker, slots: [] } });
      for (const [epoch, state] of this.states) await this.advance(epoch, state);
    });
  }

  private exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation, operation);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private openCommits(): SequencedCommit[] {
    const commits: SequencedCommit[] = [];
    for (const [epoch, state] of this.states) commits.push(...openCommitsOf(epoch, state));
    return commits.sort(compareCommits);
  }

  /**
   * Looks up every epoch's markers from its cursor, each epoch up to its share of `budget` open
   * commits. The first pass skips this process's writes in flight and does the upkeep; the
   * closing pass looks those up too. Returns what must wait for the next round: the closing
   * pass's finds, and the last commit found of each epoch cut short by its share (its unfound
   * markers may hold an earlier version of a stream another writer continued).
   */
  private async pass(budget: number, kind: 'first' | 'closing' | 'count'): Promise<SequencedCommit[]> {
    const stored = await this.epochs.find({}).toArray();
    const present = new Set(stored.map((e) => e._id));
    for (const epoch of this.states.keys()) if (!present.has(epoch)) this.states.delete(epoch);
    const now = this.clock().getTime();
    const share = Math.max(1, Math.floor(budget / Math.max(1, stored.length)));
    const held: SequencedCommit[] = [];
    for (const doc of stored) {
      const state = this.stateOf(doc, now);
      // Re-checked at every step: the writer can leave its epoch while this pass waits on a lookup.
      const local = () => doc._id === this.writer.currentEpoch;
      if (local()) for (const seq of this.writer.landed.keys()) if (seq < state.cursor) this.writer.landed.delete(seq);
      let open = 0;
      for (const found of state.found.values()) open += found.open.size;
      let misses = 0;
      let cutShort = false;
      for (let seq = state.cursor; local() ? seq < this.writer.end : misses < MISSES_AT_END; seq++) {
        // Only commits to hand out count against the share: markers already settled that wait for
        // the cursor (behind a gap) are kept small, and must not stop the relay finding new ones.
        if (open >= share || state.found.size >= FOUND_MAX) {
          cutShort = true;
          break;
        }
        if (state.found.has(seq)) {
          misses = 0;
          continue;
        }
        const takenAt = local() ? this.writer.inFlight.get(seq) : undefined;
        if (takenAt !== undefined && kind !== 'closing') {
          // This process's own write, on its way; one older than any write takes is a gap like another.
          if (now - takenAt > this.settleAfterMs && !state.missingSince.has(seq)) state.missingSince.set(seq, takenAt);
          continue;
        }
        const landed = local() ? this.writer.landed.get(seq) : undefined;
        if (landed) this.writer.landed.delete(seq);
        const marker = landed?.marker ?? (await this.commits.findOne({ _id: sequencedMarkerId(doc._id, seq) }));
        if (!marker || marker.epoch !== doc._id) {
          misses++;
          if (takenAt === undefined && !state.missingSince.has(seq)) state.missingSince.set(seq, now);
          continue;
        }
        misses = 0;
        const taken = this.take(state, marker, landed?.refused);
        open += taken.open.size;
        if (kind === 'closing')
          for (const slot of taken.open) held.push({ ...marker.slots[slot]!, markedAt: marker.markedAt, epoch: doc._id, seq, slot });
      }
      if (cutShort) {
        const last = openCommitsOf(doc._id, state).at(-1);
        if (last) held.push(last);
      }
      // Misses after the last marker found are not gaps (for a local epoch, only numbers below its end are looked at).
      let highest = -1;
      for (const seq of state.found.keys()) if (seq > highest) highest = seq;
      if (!local()) for (const seq of state.missingSince.keys()) if (seq > highest) state.missingSince.delete(seq);
      if (kind !== 'first') continue;
      await this.fenceOldGaps(doc._id, state, now);
      const silent = now - state.heartbeat.seenAt > this.settleAfterMs;
      if (!local() && silent && state.found.size === 0 && state.missingSince.size === 0) await this.retire(doc._id, state);
      else await this.advance(doc._id, state);
    }
    if (kind === 'first') await this.deletePassedFences(now);
    return held;
  }

  private stateOf(doc: WriterEpoch, now: number): EpochState {
    const heartbeat = (doc.activeAt ?? doc.startedAt).getTime();
    let state = this.states.get(doc._id);
    if (!state) {
      state = { cursor: doc.cursor, found: new Map(), missingSince: new Map(), heartbeat: { value: heartbeat, seenAt: now } };
      this.states.set(doc._id, state);
    }
    if (heartbeat !== state.heartbeat.value) state.heartbeat = { value: heartbeat, seenAt: now };
    // Another relay moved the cursor on while this one was not publishing: what it passed is done.
    if (doc.cursor > state.cursor) {
      state.cursor = doc.cursor;
      for (const seq of [...state.found.keys()]) if (seq < doc.cursor) state.found.delete(seq);
      for (const seq of [...state.missingSince.keys()]) if (seq < doc.cursor) state.missingSince.delete(seq);
    }
    return state;
  }

  /** Records a found marker, its slots open but those refused when it was written. */
  private take(state: EpochState, marker: SequencedMarker, refused: readonly number[] = []): FoundMarker {
    const found = {
      marker,
      open: new Set(marker.slots.map((_, i) => i).filter((i) => !refused.includes(i))),
      namedCommits: marker.slots.length > 0,
    };
    state.found.set(marker.seq, found);
    state.missingSince.delete(marker.seq);
    return found;
  }

  /** A gap older than any write takes is fenced; if the write landed after all, its marker is taken instead. */
  private async fenceOldGaps(epoch: string, state: EpochState, now: number): Promise<void> {
    for (const [seq, since] of [...state.missingSince]) {
      if (now - since <= this.settleAfterMs) continue;
      if (await fence(this.commits, epoch, seq, this.clock())) {
        metrics.outboxFences.inc({ reason: 'gap' });
        this.take(state, { _id: sequencedMarkerId(epoch, seq), epoch, seq, markedAt: this.clock(), slots: [] });
        continue;
      }
      const marker = await this.commits.findOne({ _id: sequencedMarkerId(epoch, seq) });
      if (marker) this.take(state, marker);
    }
  }

  /**
   * An epoch whose writer is gone (its heartbeat unchanged for longer than any write takes)
   * with nothing pending: fences the numbers a write could still take, for good (a writer that
   * was only stalled meets one on its next write and goes on in a new epoch), then forgets the
   * epoch, unless another relay moved its cursor meanwhile. A fence already there from an
   * interrupted retirement counts as put down.
   */
  private async retire(epoch: string, state: EpochState): Promise<void> {
    for (let seq = state.cursor; seq < state.cursor + MISSES_AT_END; seq++) {
      if (await fence(this.commits, epoch, seq, this.clock(), true)) continue;
      const marker = await this.commits.findOne({ _id: sequencedMarkerId(epoch, seq) });
      if (!marker || marker.slots.length === 0) continue;
      // A write landed after all: not gone.
      this.take(state, marker);
      return;
    }
    const { deletedCount } = await this.epochs.deleteOne({ _id: epoch, cursor: state.cursor });
    if (deletedCount === 0) return;
    metrics.outboxFences.inc({ reason: 'retired_epoch' }, MISSES_AT_END);
    this.states.delete(epoch);
  }

  /**
   * Moves the cursor past the markers all of whose commits are settled, stores it, then deletes
   * those markers: stored first, so that a relay starting from it never looks for a number
   * whose marker is gone (a crash in between leaves markers behind the cursor, never read
   * again). The cursor is stored only where it still is what this relay read: a relay that lost
   * its lease and finishes late never moves it back over markers its successor deleted.
   * Fences are deleted once no write they stopped can still arrive; a retirement's never.
   */
  private async advance(epoch: string, state: EpochState): Promise<void> {
    const passed: FoundMarker[] = [];
    for (let found = state.found.get(state.cursor); found && found.open.size === 0; found = state.found.get(state.cursor + passed.length))
      passed.push(found);
    if (passed.length === 0) return;
    const moved = await this.epochs.updateOne({ _id: epoch, cursor: state.cursor }, { $set: { cursor: state.cursor + passed.length } });
    if (moved.matchedCount === 0) {
      // Moved by another relay (or retired): start again from what is stored, handing out nothing found on the old footing.
      this.states.delete(epoch);
      this.disturbed = true;
      return;
    }
    for (const { marker } of passed) state.found.delete(marker.seq);
    state.cursor += passed.length;
    const now = this.clock().getTime();
    for (const { marker, namedCommits } of passed)
      if (!namedCommits && !marker.final) this.passedFences.push({ _id: marker._id, deleteAfter: now + this.settleAfterMs });
    await Promise.all(passed.filter((p) => p.namedCommits).map((p) => this.commits.deleteOne({ _id: p.marker._id })));
  }

  private async deletePassedFences(now: number): Promise<void> {
    const due = this.passedFences.filter((f) => f.deleteAfter < now);
    if (due.length === 0) return;
    await Promise.all(due.map((f) => this.commits.deleteOne({ _id: f._id })));
    for (const f of due) this.passedFences.splice(this.passedFences.indexOf(f), 1);
  }
}

function openCommitsOf(epoch: string, state: EpochState): SequencedCommit[] {
  const commits: SequencedCommit[] = [];
  for (const [seq, { marker, open }] of state.found)
    for (const slot of open) commits.push({ ...marker.slots[slot]!, markedAt: marker.markedAt, epoch, seq, slot });
  return commits.sort(compareCommits);
}
