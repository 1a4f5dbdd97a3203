import { describe, expect, it, vi } from 'vitest';
import {
  ConcurrencyError,
  ConflictError,
  protobufEventCodec,
  type CommandContext,
  type Decider,
  type DomainEvent,
  type MessageFns,
} from '@lesp/core';
import { CommandHandler, InMemoryEventStore, type AggregateType } from '../src/index.js';

/** A counter aggregate: enough to see loads, decisions, retries and replays. */
type Added = DomainEvent<'Added', { amount: number }>;
type Add = { type: 'Add'; amount: number };
const bytes: MessageFns<{ amount: number }> = {
  encode: (m) => ({ finish: () => new TextEncoder().encode(String(m.amount)) }) as never,
  decode: (input) => ({ amount: Number(new TextDecoder().decode(input as Uint8Array)) }),
  create: (base) => ({ amount: base?.amount ?? 0 }),
};
const decider: Decider<Add, Added, { total: number }> = {
  decide: (command) => [{ type: 'Added', data: { amount: command.amount } }],
  evolve: (state, event) => ({ total: state.total + event.data.amount }),
  initialState: () => ({ total: 0 }),
};
const counter: AggregateType<Add, Added, { total: number }> = {
  source: 'test',
  aggregateType: 'Counter',
  decider,
  codec: protobufEventCodec<Added>({ Added: { schemaVersion: 1, fns: bytes } }),
};
const context: CommandContext = {
  actor: { userId: 'u', role: 'county_supervisor', countyCode: '431103' },
  correlationId: 'c',
  causationId: 'c',
  occurredAt: new Date('2026-01-01T00:00:00Z'),
};

describe('command handler', () => {
  it('records a command retried with the same idempotency key once, and returns the first result', async () => {
    const store = new InMemoryEventStore();
    const handler = new CommandHandler(store, counter);
    const first = await handler.handle('431103', 'c1', { type: 'Add', amount: 5 }, context, { idempotencyKey: 'k1' });
    const retry = await handler.handle('431103', 'c1', { type: 'Add', amount: 5 }, context, { idempotencyKey: 'k1' });
    expect(first.replayed).toBe(false);
    expect(retry).toMatchObject({ replayed: true, nextVersion: 1, state: { total: 5 } });
    expect(retry.records.map((r) => r.eventId)).toEqual(first.records.map((r) => r.eventId));
    expect(await store.readStream('431103', 'Counter', 'c1')).toHaveLength(1);
  });

  it('asks the store for what a key stored only when the command cannot simply be done: a new key costs no lookup', async () => {
    const store = new InMemoryEventStore();
    const lookups = vi.spyOn(store, 'findByIdempotencyKey');
    const handler = new CommandHandler(store, counter);
    await handler.handle('431103', 'c1', { type: 'Add', amount: 5 }, context, { idempotencyKey: 'fresh' });
    expect(lookups).not.toHaveBeenCalled();
    const retry = await handler.handle('431103', 'c1', { type: 'Add', amount: 5 }, context, { idempotencyKey: 'fresh' });
    expect(retry.replayed).toBe(true);
    expect(lookups).toHaveBeenCalledWith('431103', 'fresh');
  });

  it('answers a keyed command done before with its first result even when the aggregate now refuses it', async () => {
    const store = new InMemoryEventStore();
    const once: AggregateType<Add, Added, { total: number }> = {
      ...counter,
      decider: {
        ...decider,
        decide: (command, state) => {
          if (state.total > 0) throw new ConflictError('ALREADY_ADDED', '已添加');
          return decider.decide(command, state);
        },
      },
    };
    const handler = new CommandHandler(store, once);
    const first = await handler.handle('431103', 'c1', { type: 'Add', amount: 5 }, context, { idempotencyKey: 'k-once' });
    const again = await handler.handle('431103', 'c1', { type: 'Add', amount: 5 }, context, { idempotencyKey: 'k-once' });
    expect(again).toMatchObject({ replayed: true, nextVersion: 1 });
    expect(again.records.map((r) => r.eventId)).toEqual(first.records.map((r) => r.eventId));
    // Without the key, the refusal stands.
    await expect(handler.handle('431103', 'c1', { type: 'Add', amount: 5 }, context)).rejects.toMatchObject({ code: 'ALREADY_ADDED' });
  });

  it('records concurrent retries of one keyed command once', async () => {
    const store = new InMemoryEventStore();
    const handler = new CommandHandler(store, counter);
    const results = await Promise.all(
      Array.from({ length: 4 }, () => handler.handle('431103', 'c1', { type: 'Add', amount: 1 }, context, { idempotencyKey: 'k' })),
    );
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await store.readStream('431103', 'Counter', 'c1')).toHaveLength(1);
  });

  it('refuses a key reused for another aggregate, and lets a pinned version conflict', async () => {
    const store = new InMemoryEventStore();
    const handler = new CommandHandler(store, counter);
    await handler.handle('431103', 'c1', { type: 'Add', amount: 1 }, context, { idempotencyKey: 'k' });
    await expect(handler.handle('431103', 'c2', { type: 'Add', amount: 1 }, context, { idempotencyKey: 'k' })).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(handler.handle('431103', 'c1', { type: 'Add', amount: 1 }, context, { expectedVersion: 0 })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
  });

  it('decides again on fresh state when it loses a race without a pinned version', async () => {
    const store = new InMemoryEventStore();
    const handler = new CommandHandler(store, counter);
    await Promise.all([1, 2, 3].map((amount) => handler.handle('431103', 'c1', { type: 'Add', amount }, context)));
    const { state, version } = await handler.load('431103', 'c1');
    expect({ state, version }).toEqual({ state: { total: 6 }, version: 3 });
  });
});
