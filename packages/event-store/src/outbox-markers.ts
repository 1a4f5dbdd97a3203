import type { Collection } from 'mongodb';
import { DUPLICATE_KEY, writeErrorsOf } from './mongo-errors.js';
import { newId } from '@lesp/core';

/**
 * An outbox marker of an `appendMany` (a command's is numbered and written with its commit:
 * sequenced-markers.ts): the commits it names are (or are about to be) stored and not yet
 * published. The commits of one `appendMany` share one marker that lists them; a batch of one
 * commit, and markers left by releases before numbered markers, are keyed by the commit's slot
 * (two racing writers share it). One marker per act made a bulk
 * import write, read and delete as many markers as acts, and every relay round (and every
 * count) reads every marker on FerretDB, which filters nothing but `_id` in the database.
 */
export interface OutboxMarker {
  /** The commit's slot, or `batch:<id>` for the commits of one appendMany. */
  _id: string;
  /** Of the commit (of a batch: of its earliest commit); with recordedAt, the order markers are read in. */
  streamId: string;
  firstVersion: number;
  /** A batch's earliest recordedAt, so that a batch is read before any later commit of its streams. */
  recordedAt: Date;
  /** A batch's commit slots in order, those not yet published; absent: the one commit whose slot is `_id`. */
  commitIds?: string[];
  /**
   * W3C trace context of the append, when the process traces: the relay publishes later, in
   * another async context, and continues the command's trace from here. Kept on the marker
   * (deleted once published), not the commit, so the stored events and their hashes are untouched.
   */
  traceparent?: string;
}

/** What a marker needs to know of a commit. */
export interface MarkedCommit {
  readonly _id: string;
  readonly streamId: string;
  readonly firstVersion: number;
  readonly recordedAt: Date;
}

/** An unpublished commit as the markers name it, oldest first. */
export interface UnpublishedCommit {
  readonly commitId: string;
  readonly recordedAt: Date;
  readonly traceparent?: string;
}

export const MARKER_ORDER = { recordedAt: 1, streamId: 1, firstVersion: 1 } as const;

/** The outbox's markers: written before the commits they name, read by the relay, gone once published. */
export class OutboxMarkers {
  /** The batch markers the last reads met, by commit: what a batch still names once some of it is published. */
  private readonly batchOf = new Map<string, { readonly _id: string; commitIds: string[] }>();

  constructor(readonly collection: Collection<OutboxMarker>) {}

  /** One marker per commit, keyed by its slot. A marker already in the slot (a racing writer's, a crashed attempt's) serves this commit too. */
  async markEach(commits: readonly MarkedCommit[], traceparent?: string): Promise<void> {
    const markers = commits.map((c): OutboxMarker => {
      const marker: OutboxMarker = { _id: c._id, streamId: c.streamId, firstVersion: c.firstVersion, recordedAt: c.recordedAt };
      if (traceparent) marker.traceparent = traceparent;
      return marker;
    });
    try {
      await this.collection.insertMany(markers, { ordered: false });
    } catch (error) {
      const writeErrors = writeErrorsOf(error);
      if (writeErrors.length === 0 || writeErrors.some((e) => e.code !== DUPLICATE_KEY)) throw error;
    }
  }

  /** One marker naming all `commits` (one commit: a marker of its own, as `markEach`). Returns the marker's id. */
  async markBatch(commits: readonly MarkedCommit[], traceparent?: string): Promise<string> {
    if (commits.length === 1) {
      await this.markEach(commits, traceparent);
      return commits[0]!._id;
    }
    const earliest = commits.reduce((a, b) => (b.recordedAt < a.recordedAt ? b : a));
    const marker: OutboxMarker = {
      _id: `batch:${newId()}`,
      streamId: earliest.streamId,
      firstVersion: earliest.firstVersion,
      recordedAt: earliest.recordedAt,
      commitIds: commits.map((c) => c._id),
    };
    if (traceparent) marker.traceparent = traceparent;
    await this.collection.insertOne(marker);
    return marker._id;
  }

  /**
   * After a batch's commits were written: its marker names only those stored (a commit refused
   * because its slot was taken is the other writer's, under that writer's marker), or goes when
   * none was. Markers of one commit are left alone (the slot's marker serves whoever won it).
   */
  async keepOnly(markerId: string, stored: readonly string[]): Promise<void> {
    if (!markerId.startsWith('batch:')) return;
    if (stored.length === 0) await this.collection.deleteOne({ _id: markerId });
    else await this.collection.updateOne({ _id: markerId }, { $set: { commitIds: [...stored] } });
  }

  /** Up to `limit` unpublished commits, oldest marker first, each batch's commits in order. */
  async oldest(limit: number): Promise<UnpublishedCommit[]> {
    const markers = await this.collection.find({}).sort(MARKER_ORDER).limit(limit).toArray();
    const commits: UnpublishedCommit[] = [];
    for (const marker of markers) {
      const base = { recordedAt: marker.recordedAt, ...(marker.traceparent ? { traceparent: marker.traceparent } : {}) };
      if (!marker.commitIds) {
        commits.push({ commitId: marker._id, ...base });
      } else {
        const batch = { _id: marker._id, commitIds: [...marker.commitIds] };
        for (const commitId of marker.commitIds) {
          this.batchOf.set(commitId, batch);
          commits.push({ commitId, ...base });
        }
      }
      if (commits.length >= limit) break;
    }
    return commits.slice(0, limit);
  }

  /**
   * Forgets commits (published, or orphans that never appeared): a commit's own marker is
   * deleted; a batch marker names what is left of it, and is deleted once nothing is.
   */
  async forget(commitIds: readonly string[]): Promise<void> {
    const own: string[] = [];
    const batches = new Map<string, { readonly _id: string; commitIds: string[] }>();
    for (const commitId of commitIds) {
      const batch = this.batchOf.get(commitId);
      if (!batch) {
        own.push(commitId);
        continue;
      }
      this.batchOf.delete(commitId);
      batch.commitIds = batch.commitIds.filter((id) => id !== commitId);
      batches.set(batch._id, batch);
    }
    // One delete for the single markers: the marker collection stays small (the backlog), so even a scan of it is cheap.
    if (own.length > 0) await this.collection.deleteMany({ _id: { $in: own } });
    for (const batch of batches.values()) {
      if (batch.commitIds.length === 0) await this.collection.deleteOne({ _id: batch._id });
      else await this.collection.updateOne({ _id: batch._id }, { $set: { commitIds: batch.commitIds } });
    }
  }

  /** How many commits the markers name. */
  async count(): Promise<number> {
    const markers = await this.collection.find({}, { projection: { commitIds: 1 } }).toArray();
    return markers.reduce((sum, m) => sum + (m.commitIds?.length ?? 1), 0);
  }
}
