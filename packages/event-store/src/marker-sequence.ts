import type { Collection } from 'mongodb';
import { newId } from '@lesp/core';
import { metrics } from '@lesp/observability';
import { HEARTBEAT_MS, fence, type MarkerTicket, type SequencedMarker, type WriterEpoch } from './sequenced-markers.js';

/** A writer whose heartbeats have not been stored for this long leaves its epoch: within the 5 minutes after which relays retire a silent one. */
const ABANDON_AFTER_MS = 4 * HEARTBEAT_MS;

/** Markers this process stored and its relay has not taken yet are kept in memory up to this many (the relay looks the others up). */
const LANDED_KEPT = 5_000;

/** A marker this writer stored, and the places of its slots whose commits were refused (a rival's took the slot). */
export interface LandedMarker {
  readonly marker: SequencedMarker;
  readonly refused: readonly number[];
}

/**
 * The writing side of numbered outbox markers (sequenced-markers.ts): a store's epoch, the
 * numbers it hands out, and its heartbeat.
 */
export class MarkerSequence {
  private epoch: string | undefined;
  private registering: Promise<string> | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  /** When the epoch was last known alive to the relays (registered, or a heartbeat stored), by this process's clock. */
  private aliveAt = 0;
  private next = 0;
  /** Numbers whose write ended without a clear answer: fenced before a fresh number is handed out. */
  private readonly unsettled = new Set<number>();
  /** Numbers of the current epoch being written now, and when each was handed out. */
  readonly inFlight = new Map<number, number>();
  /** Markers this writer stored, by number, for the relay of this process (no lookup). */
  readonly landed = new Map<number, LandedMarker>();

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
    // Heartbeats have not reached the relays for a while: they may soon take the epoch for gone
    // (after 5 minutes of silence) and retire it. A new one is safer.
    if (this.epoch && this.clock().getTime() - this.aliveAt > ABANDON_AFTER_MS) this.abandon();
    await this.fenceUnsettled();
    const epoch = this.epoch ?? (await this.register());
    const seq = this.next++;
    this.inFlight.set(seq, this.clock().getTime());
    return { epoch, seq };
  }

  /** The ticket's marker is stored, and its commits but the `refused` ones (by place; those after a refusal are written next). */
  stored(ticket: MarkerTicket, marker: SequencedMarker, refused: readonly number[] = []): void {
    if (ticket.epoch !== this.epoch) return;
    this.inFlight.delete(ticket.seq);
    this.landed.set(ticket.seq, { marker, refused });
    if (this.landed.size > LANDED_KEPT) this.landed.delete(this.landed.keys().next().value!);
  }

  /** The ticket's write failed without a clear answer: its marker may still be stored. */
  unsettledBy(ticket: MarkerTicket): void {
    if (ticket.epoch !== this.epoch) return;
    this.inFlight.delete(ticket.seq);
    this.unsettled.add(ticket.seq);
  }

  /**
   * The ticket's number was taken by a fence: a relay retired the epoch (its heartbeats
   * stopped reaching the database), or fenced a write that took longer than any should.
   * Nothing of the write was stored; the next one starts a new epoch.
   */
  fenced(ticket: MarkerTicket): void {
    if (ticket.epoch === this.epoch) this.abandon();
  }

  /** Leaves the epoch: its numbers not yet settled are the relays' now (found by lookup, fenced when they stay missing). */
  private abandon(): void {
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
      this.aliveAt = now.getTime();
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
      const now = this.clock();
      const { matchedCount } = await this.epochs.updateOne({ _id: epoch }, { $set: { activeAt: now } });
      if (this.epoch !== epoch) return;
      if (matchedCount === 0) this.abandon();
      else this.aliveAt = now.getTime();
    } catch {
      // The next beat tries again; `take` leaves the epoch if they keep failing.
    }
  }

  /** Settles the numbers whose writes had no answer: a fence, or (its write landed after all) the marker already there. */
  private async fenceUnsettled(): Promise<void> {
    if (this.unsettled.size === 0 || !this.epoch) return;
    const epoch = this.epoch;
    for (const seq of [...this.unsettled]) {
      if (await fence(this.commits, epoch, seq, this.clock())) metrics.outboxFences.inc({ reason: 'unanswered_write' });
      this.unsettled.delete(seq);
    }
  }
}
