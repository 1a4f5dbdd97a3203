/**
 * Runs tasks one at a time per key, in the order they asked, within this process. For the
 * read-modify-write of shared list documents on FerretDB v1, which applies an update as a read
 * and a write without a lock across connections: two `$addToSet` on one document at the same
 * moment (four partitions of one consumer, say) can keep only one of them. MongoDB updates a
 * document atomically; there the lock only orders. Other processes are not covered.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const tail = previous.then(() => new Promise<void>((resolve) => (release = resolve)));
    this.tails.set(key, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** `run` holding every key (taken in sorted order, so two holders of overlapping keys never wait on each other). */
  async runAll<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const hold = (i: number): Promise<T> => (i === sorted.length ? task() : this.run(sorted[i]!, () => hold(i + 1)));
    return hold(0);
  }
}

/** The process's lock for shared list documents, keyed by collection namespace and `_id`. */
export const listDocumentLock = new KeyedLock();
