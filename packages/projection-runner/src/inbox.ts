import { Binary, type Collection, type Db } from 'mongodb';
import type { EventRecord } from '@lesp/core';
import { ensureIndexes, isDuplicateKeyError } from '@lesp/event-store';

interface InboxDocument extends Omit<EventRecord, 'payload' | 'eventId' | 'previousHash' | 'hash'> {
  _id: string;
  receivedAt: Date;
  payload: Binary;
  /** The producer's hash chain, kept as received; absent on events received before hash chaining. */
  previousHash?: string;
  hash?: string;
}

/**
 * Every event a service received from another context, kept once (the event id is the
 * document id). It is the service's own copy of what it consumed, so its projections can
 * be rebuilt without reading another service's database.
 */
export class Inbox {
  private readonly events: Collection<InboxDocument>;

  constructor(
    db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.events = db.collection<InboxDocument>('inbox_events');
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.events, [
      { key: { receivedAt: 1, _id: 1 }, name: 'received_order' },
      { key: { countyCode: 1, receivedAt: 1 }, name: 'county_received' },
    ]);
  }

  /** True when the event is new; false when it was received before (a redelivery). */
  async record(event: EventRecord): Promise<boolean> {
    const { eventId, payload, ...rest } = event;
    try {
      await this.events.insertOne({ ...rest, _id: eventId, receivedAt: this.clock(), payload: new Binary(payload) });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** In the order received: a later receipt is never behind a reader that started before it. */
  async *readAll(batchSize = 500): AsyncGenerator<EventRecord> {
    const cursor = this.events.find({}).sort({ receivedAt: 1, _id: 1 }).batchSize(batchSize);
    for await (const doc of cursor) {
      const { _id, receivedAt: _received, payload, previousHash = '', hash = '', ...rest } = doc;
      yield { ...rest, eventId: _id, payload: new Uint8Array(payload.buffer), previousHash, hash };
    }
  }

  async count(): Promise<number> {
    return this.events.countDocuments();
  }
}
