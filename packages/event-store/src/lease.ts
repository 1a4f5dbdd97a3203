import type { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from './mongo-event-store.js';

interface LeaseDocument {
  _id: string;
  owner: string;
  expiresAt: Date;
}

/**
 * A named lease in MongoDB, for work only one replica may do at a time (publishing the
 * outbox, firing timers). Taken or renewed with one conditional upsert: it matches when the
 * lease is ours or expired; when another owner holds it, the upsert's insert collides on
 * _id and we are told no. A holder that stops renewing loses it after `ttlMs`.
 */
export class MongoLease {
  private readonly leases: Collection<LeaseDocument>;

  constructor(
    db: Db,
    private readonly name: string,
    readonly owner: string,
    private readonly ttlMs: number,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.leases = db.collection<LeaseDocument>('leases');
  }

  /** Takes or renews the lease; true while we hold it. */
  async acquire(): Promise<boolean> {
    const now = this.clock();
    try {
      const doc = await this.leases.findOneAndUpdate(
        { _id: this.name, $or: [{ owner: this.owner }, { expiresAt: { $lte: now } }] },
        { $set: { owner: this.owner, expiresAt: new Date(now.getTime() + this.ttlMs) } },
        { upsert: true, returnDocument: 'after' },
      );
      return doc?.owner === this.owner;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Gives the lease up so another replica can take it at once (graceful shutdown). */
  async release(): Promise<void> {
    await this.leases.deleteOne({ _id: this.name, owner: this.owner });
  }
}
