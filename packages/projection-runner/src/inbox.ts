import { Binary, type Collection, type Db } from 'mongodb';
import type { EventRecord } from '@lesp/core';
import { DUPLICATE_KEY, ensureIndexes, isDuplicateKeyError, writeErrorsOf } from '@lesp/event-store';

interface InboxDocument extends Omit<EventRecord, 'payload' | 'eventId' | 'previousHash' | 'hash'> {
  _id: string;
  receivedAt: Date;
  /**
   * Place among the events this process received at the same instant (a batch, or single receipts in one
   * millisecond): keeps a stream's order for rebuilds. Absent on events received before it existed.
   */
  receivedOrder?: number;
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
  /** Grows with every receipt, so receipts within one millisecond keep the order they arrived in. */
  private receipts = 0;

  constructor(
    db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.events = db.collection<InboxDocument>('inbox_events');
  }

  async ensureIndexes(): Promise<void> {
    await ensureIndexes(this.events, [
      { key: { receivedAt: 1, receivedOrder: 1, _id: 1 }, name: 'received_sequence' },
      { key: { countyCode: 1, receivedAt: 1 }, name: 'county_received' },
    ]);
  }

  /** True when the event is new; false when it was received before (a redelivery). */
  async record(event: EventRecord): Promise<boolean> {
    const { eventId, payload, ...rest } = event;
    try {
      await this.events.insertOne({
        ...rest,
        _id: eventId,
        receivedAt: this.clock(),
        receivedOrder: this.receipts++,
        payload: new Binary(payload),
      });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Keeps several events with one write; those received before (redeliveries) are left as they are. */
  async recordMany(events: readonly EventRecord[]): Promise<void> {
    if (events.length === 0) return;
    const receivedAt = this.clock();
    const first = this.receipts;
    this.receipts += events.length;
    try {
      await this.events.insertMany(
        events.map(({ eventId, payload, ...rest }, index) => ({
          ...rest,
          _id: eventId,
          receivedAt,
          receivedOrder: first + index,
          payload: new Binary(payload),
        })),
        { ordered: false },
      );
    } catch (error) {
      const writeErrors = writeErrorsOf(error);
      if (writeErrors.length === 0 || writeErrors.some((e) => e.code !== DUPLICATE_KEY)) throw error;
    }
  }

  /** In the order received: a later receipt is never behind a reader that started before it. */
  async *readAll(batchSize = 500): AsyncGenerator<EventRecord> {
    const cursor = this.events.find({}).sort({ receivedAt: 1, receivedOrder: 1, _id: 1 }).batchSize(batchSize);
    for await (const doc of cursor) {
      const { _id, receivedAt: _received, receivedOrder: _order, payload, previousHash = '', hash = '', ...rest } = doc;
      yield { ...rest, eventId: _id, payload: new Uint8Array(payload.buffer), previousHash, hash };
    }
  }

  /** One received event by its id (a lookup by `_id`), e.g. a process manager's earlier event of a stream. */
  async get(eventId: string): Promise<EventRecord | undefined> {
    const doc = await this.events.findOne({ _id: eventId });
    if (!doc) return undefined;
    const { _id, receivedAt: _received, receivedOrder: _order, payload, previousHash = '', hash = '', ...rest } = doc;
    return { ...rest, eventId: _id, payload: new Uint8Array(payload.buffer), previousHash, hash };
  }

  async count(): Promise<number> {
    return this.events.countDocuments();
  }
}
