import { Binary, MongoBulkWriteError, type Collection, type Db } from 'mongodb';
import { envelopeV1, exchangeV1 } from '@lesp/contracts';
import { listDocumentLock, type EventRecord } from '@lesp/core';
import { DUPLICATE_KEY, isDuplicateKeyError } from '@lesp/event-store';
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
    return this.oneWriterPerCounty(county, async () => {
      const floor = await this.head(county);
      let position = await this.resumeEarlierAttempt(record, floor);
      position ??= await this.claim(county, floor + 1, record, body);
      position = await this.settle(record, position);
      await this.raiseHead(county, position);
      return position;
    });
  }

  /**
   * A county's log is written by one batch at a time in this process. The consumer runs up to
   * four partitions at once, all logging the same counties: racing for the same slots, a batch
   * walked past another's run one taken slot at a time, each step an insert of its whole rest
   * (a demo import of 20,000 acts logged a few hundred events in a quarter of an hour). Other
   * processes (replicas) still race, and the claims settle that as before.
   */
  private oneWriterPerCounty<T>(county: string, task: () => Promise<T>): Promise<T> {
    return listDocumentLock.run(`${this.slots.namespace}/county:${county}`, task);
  }

  /**
   * Logs several events (a consumer's batch, in delivery order) with a few writes for all of
   * them instead of six per event: their markers at once, then per county consecutive slots in
   * one ordered insert (a slot taken meanwhile makes the rest go on after it), then their
   * positions at once. Anything unusual (an event being logged by another attempt, a racing
   * copy) goes the one-by-one way, which settles it.
   */
  async appendMany(records: readonly EventRecord[]): Promise<void> {
    const seen = new Set<string>();
    const candidates: { record: EventRecord; body: ExchangeBody }[] = [];
    for (const record of records) {
      const body = seen.has(record.eventId) ? undefined : exchangeBodyOf(record);
      seen.add(record.eventId);
      if (body) candidates.push({ record, body });
    }
    if (candidates.length === 0) return;
    const byCounty = new Map<string, typeof candidates>();
    for (const c of candidates) byCounty.set(c.record.countyCode, [...(byCounty.get(c.record.countyCode) ?? []), c]);
    const slow: EventRecord[] = [];
    for (const [county, batch] of byCounty) await this.oneWriterPerCounty(county, () => this.appendRun(county, batch, slow));
    for (const record of slow) await this.append(record);
  }

  /** One county's events of a batch (see appendMany); those that must go one by one join `slow`. */
  private async appendRun(
    county: string,
    batch: readonly { record: EventRecord; body: ExchangeBody }[],
    slow: EventRecord[],
  ): Promise<void> {
    const floor = await this.head(county);
    const claimed = await this.insertAll(
      this.meta,
      batch.map((c) => ({ _id: `pending:${c.record.eventId}`, floor })),
    );
    // The pending markers go first and say which events are new here: only for the others (a
    // redelivery, a replay, an attempt racing ours) is the done marker read. Reading it for
    // every event first was most of this service's database commands in a bulk import.
    const taken = batch.filter((_, i) => !claimed[i]);
    const logged = await Promise.all(taken.map((c) => this.meta.findOne({ _id: `done:${c.record.eventId}` })));
    const alreadyLogged = new Set(taken.filter((_, i) => logged[i]?.position !== undefined).map((c) => c.record.eventId));
    const open = batch.flatMap((c, i) => (alreadyLogged.has(c.record.eventId) ? [] : [{ ...c, ours: claimed[i]! }]));
    // A pending marker already there for an event not yet logged: another attempt is (or was)
    // logging it. It and every event after it go the one-by-one way, in order, even those whose
    // marker is ours: writing those now would put them before the contended one (a racing copy
    // of the batch may claim a batch's first events and this one its last), and a batch keeps
    // its order.
    const firstContended = open.findIndex((c) => !c.ours);
    const cut = firstContended === -1 ? open.length : firstContended;
    slow.push(...open.slice(cut).map((c) => c.record));
    const mine = open.slice(0, cut);
    const positions = await this.claimRun(county, floor + 1, mine);
    const settled = await this.insertAll(
      this.meta,
      mine.map((c, i) => ({ _id: `done:${c.record.eventId}`, position: positions[i]! })),
    );
    // A racing copy recorded its position first: settle (void ours) one by one.
    for (const [i, ok] of settled.entries()) if (!ok) await this.settle(mine[i]!.record, positions[i]!);
    if (positions.length > 0) await this.raiseHead(county, Math.max(...positions));
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
        await this.slots.insertOne(this.slotOf(county, position, record, body));
        return position;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
  }

  /** Consecutive slots for the batch from `from` on, in one ordered insert per run of free slots. */
  private async claimRun(county: string, from: number, batch: readonly { record: EventRecord; body: ExchangeBody }[]): Promise<number[]> {
    const positions: number[] = [];
    let position = from;
    while (positions.length < batch.length) {
      const rest = batch.slice(positions.length);
      const docs = rest.map((c, i) => this.slotOf(county, position + i, c.record, c.body));
      try {
        await this.slots.insertMany(docs, { ordered: true });
        positions.push(...docs.map((d) => d.position));
        position += docs.length;
      } catch (error) {
        if (!(error instanceof MongoBulkWriteError)) throw error;
        const failures = [error.writeErrors].flat();
        if (failures.some((f) => f.code !== DUPLICATE_KEY)) throw error;
        // Ordered: those before the first taken slot are in; go on after the taken one.
        const inserted = failures[0]?.index ?? 0;
        positions.push(...docs.slice(0, inserted).map((d) => d.position));
        position += inserted + 1;
        if (position > from + batch.length * 4 + 50) position = Math.max(position, (await this.head(county)) + 1);
      }
    }
    return positions;
  }

  /** Inserts each document, unordered; which of them went in (false: its _id was taken). */
  private async insertAll(collection: Collection<MetaDocument>, docs: MetaDocument[]): Promise<boolean[]> {
    if (docs.length === 0) return [];
    try {
      await collection.insertMany(docs, { ordered: false });
      return docs.map(() => true);
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError)) throw error;
      const failures = [error.writeErrors].flat();
      if (failures.some((f) => f.code !== DUPLICATE_KEY)) throw error;
      const taken = new Set(failures.map((f) => f.index));
      return docs.map((_, i) => !taken.has(i));
    }
  }

  private slotOf(county: string, position: number, record: EventRecord, body: ExchangeBody): SlotDocument {
    return {
      _id: slotId(county, position),
      countyCode: county,
      position,
      eventId: record.eventId,
      kind: body.kind,
      entry: new Binary(exchangeV1.ExchangeEntry.encode(entryOf(record, body, position)).finish()),
    };
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
