import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { alertEventCodec } from '@lesp/contracts';
import { newId, type EventRecord } from '@lesp/core';
import { createTestDatabase, type TestDatabase } from '@lesp/test-infra';
import { ExchangeLog } from '../src/application/exchange/exchange-log.js';
import { EXCHANGE_KINDS } from '../src/domain/exchange/exchange-consent-decider.js';

/**
 * The exchange log on the real database: positions without gaps under concurrent appends (the
 * consumer applies several partitions at once, replicas more), each event once under
 * redelivery, and an append that died after taking its slot finished by the redelivery rather
 * than logged twice.
 */
let database: TestDatabase;
let log: ExchangeLog;
const COUNTY = '433124';
const everything = new Set(EXCHANGE_KINDS);

beforeAll(async () => {
  database = await createTestDatabase('exchange_log');
  log = new ExchangeLog(database.db);
});
afterAll(async () => {
  await database?.drop();
});

function acknowledged(alertId: string, county = COUNTY): EventRecord {
  const at = new Date();
  return {
    eventId: newId(),
    ...alertEventCodec.encode({ type: 'AlertAcknowledged', data: { alertId, note: '' } }),
    source: 'supervision',
    countyCode: county,
    aggregateType: 'Alert',
    aggregateId: alertId,
    streamId: `${county}/Alert/${alertId}`,
    version: 2,
    occurredAt: at,
    recordedAt: at,
    actor: { userId: 'u', role: 'county_supervisor', countyCode: county },
    correlationId: 'c',
    causationId: 'c',
    previousHash: '0'.repeat(64),
    hash: '1'.repeat(64),
  };
}

describe('a county’s exchange log', () => {
  it('numbers concurrent appends 1…n without a gap, each event once however often it comes', async () => {
    const events = Array.from({ length: 30 }, (_, i) => acknowledged(`al-${i}`));
    // Every event three times, all at once, as partitions and replicas would.
    await Promise.all([...events, ...events, ...events].map((e) => log.append(e)));
    const { entries, next } = await log.read(COUNTY, 0, 500, everything);
    expect(entries.map((e) => e.eventId).sort()).toEqual(events.map((e) => e.eventId).sort());
    const positions = entries.map((e) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    // Every position up to the last is taken: an entry, or a slot voided because a racing copy of its event won.
    const slots = await database.db.collection<{ position: number }>('exchange_log').find({ countyCode: COUNTY }).toArray();
    expect(slots.map((s) => s.position).sort((a, b) => a - b)).toEqual(Array.from({ length: next }, (_, i) => i + 1));
    expect(next).toBeGreaterThanOrEqual(30);
    // Another county's log is its own.
    await log.append(acknowledged('al-x', '522229'));
    expect((await log.read('522229', 0, 500, everything)).entries.map((e) => e.position)).toEqual([1]);
    // The same event again: the position it has.
    expect(await log.append(events[4]!)).toBe(entries.find((e) => e.eventId === events[4]!.eventId)!.position);
    expect((await log.read(COUNTY, 0, 500, everything)).entries).toHaveLength(30);
  });

  it('logs a consumer’s batches with the same guarantees, batches and single appends racing', async () => {
    const county = '522230';
    const events = Array.from({ length: 40 }, (_, i) => acknowledged(`batch-${i}`, county));
    const halves = [events.slice(0, 25), events.slice(15)];
    // Two overlapping batches (a rebalance redelivers) and single appends of some of the same events, all at once.
    await Promise.all([
      ...halves.map((b) => log.appendMany(b)),
      ...events.slice(10, 20).map((e) => log.append(e)),
      log.appendMany(halves[0]!),
    ]);
    const { entries, next } = await log.read(county, 0, 500, everything);
    expect(entries.map((e) => e.eventId).sort()).toEqual(events.map((e) => e.eventId).sort());
    const slots = await database.db.collection<{ position: number }>('exchange_log').find({ countyCode: county }).toArray();
    expect(slots.map((s) => s.position).sort((a, b) => a - b)).toEqual(Array.from({ length: next }, (_, i) => i + 1));
    // A batch's own order is kept: a stream's events in the order they came.
    const ordered = events.slice(0, 5).map((e) => entries.find((x) => x.eventId === e.eventId)!.position);
    expect(ordered).toEqual([...ordered].sort((a, b) => a - b));
    // Again, all of it: nothing new.
    await log.appendMany(events);
    expect((await log.read(county, 0, 500, everything)).entries).toHaveLength(40);
  });

  it('keeps a batch in its order when another attempt holds one of its first events', async () => {
    const county = '522231';
    const events = Array.from({ length: 5 }, (_, i) => acknowledged(`held-${i}`, county));
    // An attempt that died before taking a slot holds the first event: it goes the slow way, and so must the rest.
    await database.db.collection('exchange_log_meta').insertOne({ _id: `pending:${events[0]!.eventId}` as never, floor: 0 });
    await log.appendMany(events);
    const { entries } = await log.read(county, 0, 500, everything);
    expect(entries.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
    expect(entries.map((e) => e.position)).toEqual([1, 2, 3, 4, 5]);
  });

  it('a batch redelivered after its first events were logged logs the rest at once, after them, none again', async () => {
    const county = '522232';
    const events = Array.from({ length: 6 }, (_, i) => acknowledged(`again-${i}`, county));
    await log.appendMany(events.slice(0, 3));
    const oneByOne = vi.spyOn(log, 'append');
    try {
      await log.appendMany(events);
      // Logged before: known by their done markers, so the new ones need not go the one-by-one way.
      expect(oneByOne).not.toHaveBeenCalled();
    } finally {
      oneByOne.mockRestore();
    }
    const { entries } = await log.read(county, 0, 500, everything);
    expect(entries.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
    expect(entries.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('finishes an append that died after taking its slot instead of logging the event again', async () => {
    const event = acknowledged('al-crashed');
    const head = await log.head(COUNTY);
    // What a crash between taking the slot and recording the event's position leaves behind.
    await database.db.collection('exchange_log_meta').insertOne({ _id: `pending:${event.eventId}` as never, floor: head });
    const slot = await log.append(acknowledged('al-helper'));
    await database.db
      .collection('exchange_log')
      .updateOne({ _id: `${COUNTY}/${String(slot).padStart(12, '0')}` as never }, { $set: { eventId: event.eventId } });
    const position = await log.append(event);
    expect(position).toBe(slot);
    const after = await log.read(COUNTY, head, 500, everything);
    expect(after.next).toBe(slot);
  });

  it('reads only the kinds asked for, and a page up to the limit', async () => {
    expect((await log.read(COUNTY, 0, 500, new Set(['decisions']))).entries).toEqual([]);
    const page = await log.read(COUNTY, 10, 5, everything);
    expect(page.next).toBe(15);
    expect(page.entries.length).toBeGreaterThan(0);
    expect(page.entries.every((e) => e.position > 10 && e.position <= 15)).toBe(true);
  });
});
