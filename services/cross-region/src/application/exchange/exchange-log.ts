import { Binary, type Collection, type Db } from 'mongodb';
import { envelopeV1, exchangeV1 } from '@lesp/contracts';
import type { EventRecord } from '@lesp/core';
import { isDuplicateKeyError } from '@lesp/event-store';
import { encodeEnvelope } from '@lesp/kafka-bus';
import { exchangeBodyOf, type ExchangeBody } from '../../domain/exchange/exchange-records.js';
import type { ExchangeKind } from '../../domain/exchange/exchange-consent-decider.js';

/** One position of a county's log (`_id` = `${county}/${position, 12 digits}`). */
interface SlotDocument {
  _id: string;
  countyCode: string;
  position: number;
  eventId: string;
  kind: string;
  /** The ExchangeEntry, encoded; absent on a void slot. */
  entry?: Binary;
  /** Lost a race for the same event to another slot: readers skip it. */
  void?: boolean;
}

/** `head:${county}` (highest position known taken), `pending:${eventId}` (an append began), `done:${eventId}` (its position). */
interface MetaDocument {
  _id: string;
  position?: number;
  floor?: number;
}

const slotId = (county: string, position: number) => `${county}/${String(position).padStart(12, '0')}`;
const READ_AHEAD = 25;
const RACE_SETTLE_MS = 250;

/**
 * A county's upward exchange log: append-only, positions 1, 2, 3, … without gaps, each event at
 * most once. Every read and write is by `_id` (FerretDB v1 pushes down nothing else):
 *
 * - A position is taken by inserting its slot document; a writer that finds the slot taken
 *   tries the next. A slot is only ever written when the one before it exists, so a reader
 *   that walks slots from a position and stops at the first missing one can never skip an
 *   entry written later (no gap is filled behind it).
 * - Each event is logged once (redeliveries, replays, several replicas): `done:${eventId}`
 *   names its position. An append first leaves `pending:${eventId}` with the head it started
 *   from; finding one (a crashed or concurrent attempt) it looks for that attempt's slot past
 *   that head before taking a new one (a scan, on that rare path only). Two racing appends
 *   that both took a slot settle on the first `done` marker; the other slot is made void.
 */
export class ExchangeLog {
  private readonly slots: Collection<SlotDocument>;
  private readonly meta: Collection<MetaDocument>;

  constructor(db: Db) {
    this.slots = db.collection<SlotDocument>('exchange_log');
    this.meta = db.collection<MetaDocument>('exchange_log_meta');
  }

  /** Logs the event if it is exchanged; its position (the first one's, when logged before), or undefined. */
  async append(record: EventRecord): Promise<number | undefined> {
    const body = exchangeBodyOf(record);
    if (!body) return undefined;
    const logged = await this.meta.findOne({ _id: `done:${record.eventId}` });
    if (logged?.position !== undefined) return logged.position;
    const county = record.countyCode;
    const floor = await this.head(county);
    let position = await this.resumeEarlierAttempt(record, floor);
    position ??= await this.claim(county, floor + 1, record, body);
    position = await this.settle(record, position);
    await this.raiseHead(county, position);
    return position;
  }

  /**
   * Entries after `after`, reading at most `limit` positions, of the kinds given. `next` is the
   * last position read (skipped ones included), or `after` when nothing new was logged.
   */
  async read(countyCode: string, after: number, limit: number, kinds: ReadonlySet<ExchangeKind>) {
    const entries: exchangeV1.ExchangeEntry[] = [];
    let next = after;
    while (next < after + limit) {
      const positions = Array.from({ length: Math.min(READ_AHEAD, after + limit - next) }, (_, i) => next + 1 + i);
      const docs = await Promise.all(positions.map((p) => this.slots.findOne({ _id: slotId(countyCode, p) })));
      let complete = true;
      for (const doc of docs) {
        // The first missing slot ends the read: nothing after it can have been written yet.
        if (!doc) {
          complete = false;
          break;
        }
        next = doc.position;
        if (!doc.void && doc.entry && kinds.has(doc.kind as ExchangeKind)) {
          entries.push(exchangeV1.ExchangeEntry.decode(new Uint8Array(doc.entry.buffer)));
        }
      }
      if (!complete) break;
    }
    return { entries, next };
  }

  /** The highest position known taken in the county's log (0 when none). A hint: slots past it may exist. */
  async head(countyCode: string): Promise<number> {
    return (await this.meta.findOne({ _id: `head:${countyCode}` }))?.position ?? 0;
  }

  private async resumeEarlierAttempt(record: EventRecord, floor: number): Promise<number | undefined> {
    try {
      await this.meta.insertOne({ _id: `pending:${record.eventId}`, floor });
      return undefined;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    // Another attempt began: a concurrent one finishes in a moment; a crashed one left its slot, if it took one.
    await new Promise((resolve) => setTimeout(resolve, RACE_SETTLE_MS));
    const logged = await this.meta.findOne({ _id: `done:${record.eventId}` });
    if (logged?.position !== undefined) return logged.position;
    const pending = await this.meta.findOne({ _id: `pending:${record.eventId}` });
    const earlier = await this.slots.findOne({
      countyCode: record.countyCode,
      eventId: record.eventId,
      position: { $gt: pending?.floor ?? 0 },
      void: { $ne: true },
    });
    return earlier?.position;
  }

  private async claim(county: string, from: number, record: EventRecord, body: ExchangeBody): Promise<number> {
    for (let position = from, tries = 0; ; position++, tries++) {
      // Far behind (a busy county): jump to the head instead of walking every taken slot.
      if (tries > 0 && tries % 50 === 0) position = Math.max(position, (await this.head(county)) + 1);
      try {
        await this.slots.insertOne({
          _id: slotId(county, position),
          countyCode: county,
          position,
          eventId: record.eventId,
          kind: body.kind,
          entry: new Binary(exchangeV1.ExchangeEntry.encode(entryOf(record, body, position)).finish()),
        });
        return position;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
  }

  /** Records the event's position; if another attempt recorded one first, that one stands and ours is voided. */
  private async settle(record: EventRecord, position: number): Promise<number> {
    try {
      await this.meta.insertOne({ _id: `done:${record.eventId}`, position });
      return position;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const winner = (await this.meta.findOne({ _id: `done:${record.eventId}` }))?.position ?? position;
    if (winner !== position) {
      await this.slots.updateOne({ _id: slotId(record.countyCode, position) }, { $set: { void: true }, $unset: { entry: '' } });
    }
    return winner;
  }

  private async raiseHead(county: string, position: number): Promise<void> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.meta.updateOne({ _id: `head:${county}` }, { $max: { position } }, { upsert: true });
        return;
      } catch (error) {
        // Two first appends of a county raced to create the head: the second attempt updates it.
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
  }
}

function entryOf(record: EventRecord, body: ExchangeBody, position: number): exchangeV1.ExchangeEntry {
  const { kind, ...rest } = body;
  return {
    position,
    countyCode: record.countyCode,
    kind,
    source: record.source,
    eventId: record.eventId,
    eventType: record.eventType,
    aggregateType: record.aggregateType,
    aggregateId: record.aggregateId,
    version: record.version,
    occurredAt: record.occurredAt,
    recordedAt: record.recordedAt,
    ...('coordination' in rest ? { coordination: envelopeV1.EventEnvelope.decode(encodeEnvelope(record)) } : rest),
  };
}
