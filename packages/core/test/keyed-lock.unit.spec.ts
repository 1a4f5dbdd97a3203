import { describe, expect, it } from 'vitest';
import { KeyedLock } from '../src/keyed-lock.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

/** A read-modify-write that loses updates when two run at once, as FerretDB v1 applies an update. */
function listDocument() {
  let stored: number[] = [];
  return {
    add: async (value: number) => {
      const read = [...stored];
      await tick();
      stored = [...read, value];
    },
    get: () => stored,
  };
}

describe('KeyedLock', () => {
  it('without it, concurrent read-modify-writes lose additions; with it, none is lost and order is kept', async () => {
    const unlocked = listDocument();
    await Promise.all([1, 2, 3, 4].map((v) => unlocked.add(v)));
    expect(unlocked.get().length).toBeLessThan(4);
    const lock = new KeyedLock();
    const locked = listDocument();
    await Promise.all([1, 2, 3, 4].map((v) => lock.run('doc', () => locked.add(v))));
    expect(locked.get()).toEqual([1, 2, 3, 4]);
  });

  it('different keys run side by side; a failing task releases its key', async () => {
    const lock = new KeyedLock();
    const order: string[] = [];
    const slow = lock.run('a', async () => {
      await tick();
      await tick();
      order.push('a');
    });
    await lock.run('b', async () => void order.push('b'));
    await slow;
    expect(order).toEqual(['b', 'a']);
    await expect(lock.run('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await lock.run('a', async () => 'next')).toBe('next');
  });

  it('runAll holds every key: overlapping holders in any order neither interleave nor wait on each other forever', async () => {
    const lock = new KeyedLock();
    const docs = { x: listDocument(), y: listDocument() };
    await Promise.all([
      lock.runAll(['x', 'y'], async () => {
        await docs.x.add(1);
        await docs.y.add(1);
      }),
      lock.runAll(['y', 'x'], async () => {
        await docs.y.add(2);
        await docs.x.add(2);
      }),
      lock.run('x', () => docs.x.add(3)),
    ]);
    expect(docs.x.get()).toHaveLength(3);
    expect(docs.y.get()).toHaveLength(2);
  });
});
