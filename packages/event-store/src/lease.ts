import type { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from './mongo-errors.js';

/** One term of a lease: who holds it and until when. A new holder starts a new term. */
interface LeaseTerm {
  /** `<name>#<term>`: the unique key is what makes taking a term atomic. */
  _id: string;
  name: string;
  term: number;
  owner: string;
  expiresAt: Date;
}

/**
 * A named lease in MongoDB, for work only one replica may do at a time (publishing the
 * outbox, the daily digest).
 *
 * Taking the lease is an insert of the next term's document (`<name>#<term>`): of several
 * replicas that find the current term expired, exactly one insert succeeds. A conditional
 * upsert (`findOneAndUpdate` matching "ours or expired") is not enough: FerretDB v1 evaluates
 * the filter and writes in two steps, and two replicas were seen to both win. Only the holder
 * writes its own term (renewals), and it stops counting on the lease a margin before expiry,
 * while others wait for expiry itself; so two holders need clocks further apart than the margin.
 * A holder must ask at least every 3/10 of the term to keep it (the relay asks every round).
 */
export class MongoLease {
  private readonly leases: Collection<LeaseTerm>;
  private held?: { readonly id: string; expiresAt: Date };

  constructor(
    db: Db,
    private readonly name: string,
    readonly owner: string,
    private readonly ttlMs: number,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.leases = db.collection<LeaseTerm>('lease_terms');
  }

  /** Takes or renews the lease; true while we hold it. */
  async acquire(): Promise<boolean> {
    const now = this.clock().getTime();
    const margin = this.ttlMs / 5;
    if (this.held && now < this.held.expiresAt.getTime() - margin) {
      // Renew once half the term has passed; in between, holding is a clock check, not a write.
      if (now > this.held.expiresAt.getTime() - this.ttlMs / 2) {
        const expiresAt = new Date(now + this.ttlMs);
        await this.leases.updateOne({ _id: this.held.id }, { $set: { expiresAt } });
        this.held.expiresAt = expiresAt;
      }
      return true;
    }
    this.held = undefined;
    const terms = await this.leases.find({ name: this.name }).toArray();
    const current = terms.reduce<LeaseTerm | undefined>((latest, t) => (!latest || t.term > latest.term ? t : latest), undefined);
    if (current && current.expiresAt.getTime() > now) return false;
    const term = (current?.term ?? 0) + 1;
    const taken: LeaseTerm = {
      _id: `${this.name}#${term}`,
      name: this.name,
      term,
      owner: this.owner,
      expiresAt: new Date(now + this.ttlMs),
    };
    try {
      await this.leases.insertOne(taken);
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
    this.held = { id: taken._id, expiresAt: taken.expiresAt };
    // Earlier terms are history; keep the collection to the current one.
    for (const old of terms) await this.leases.deleteOne({ _id: old._id });
    return true;
  }

  /** Gives the lease up so another replica can take it at once (graceful shutdown). */
  async release(): Promise<void> {
    if (!this.held) return;
    const id = this.held.id;
    this.held = undefined;
    await this.leases.updateOne({ _id: id }, { $set: { expiresAt: new Date(0) } });
  }
}
