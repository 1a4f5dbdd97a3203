import { randomUUID } from 'node:crypto';
import type { Collection } from 'mongodb';
import { isDuplicateKeyError } from '@lesp/event-store';

/**
 * Append-only shards of small items in one collection, every read and write by `_id` (the
 * only lookup FerretDB v1 serves from an index; a range or `$in` on `_id` is a scan there).
 * Used by the public decision search index: one shard per county and month of decision.
 *
 * A shard is a chain of runs `<county>|<shard>|run|<n>` (n = 0, 1, 2 …), each written once by
 * an insert: two writers (replicas, or concurrent batches) that pick the same number collide
 * on the unique `_id` and the loser takes the next one, so nothing is lost without atomic
 * updates (FerretDB v1 has none across connections). Runs are never deleted, so the numbers
 * stay without gaps and a reader reads on until the first missing one.
 *
 * Every COMPACT_AFTER runs, a writer folds the shard into a base generation
 * `<county>|<shard>|base|<g>` (its items in parts of PART_SIZE, it names the first run it does
 * not hold), again written once: two compactors of the same generation collide and one wins.
 * A reader takes the newest base and the runs after it. A hint document (`$max` of the last
 * run and base seen; a stale hint only costs a few more probes) saves walking from zero.
 */

export const COMPACT_AFTER = 16;
export const PART_SIZE = 1000;

export interface ShardDocument {
  _id: string;
  countyCode: string;
  /** A run's or a base part's items. */
  items?: unknown[];
  /** A base: the first run it does not hold; its part count and the id that names its parts. */
  upto?: number;
  parts?: number;
  nonce?: string;
  /** The hint: highest run and base generation known to exist. */
  run?: number;
  base?: number;
}

interface Base {
  readonly generation: number;
  readonly upto: number;
  readonly items: readonly unknown[];
}

const runId = (county: string, shard: string, n: number) => `${county}|${shard}|run|${n}`;
const baseId = (county: string, shard: string, g: number) => `${county}|${shard}|base|${g}`;
const partId = (county: string, shard: string, g: number, nonce: string, i: number) => `${county}|${shard}|base|${g}|${nonce}|${i}`;
const hintId = (county: string, shard: string) => `${county}|${shard}|hint`;

/** A base part went away under a reader (a newer generation replaced it): read again. */
class ShardMovedError extends Error {}

export class IndexShards<Item> {
  constructor(
    private readonly collection: Collection<ShardDocument>,
    /** Folds a shard's items (base then runs, in order) into the items a new base keeps; may read (by `_id`). */
    private readonly fold: (items: readonly Item[], county: string) => Item[] | Promise<Item[]>,
  ) {}

  /** Appends the items as the shard's next run; compacts when enough runs have gathered. */
  async append(county: string, shard: string, items: readonly Item[]): Promise<void> {
    if (items.length === 0) return;
    const hint = await this.hint(county, shard);
    let n = hint.run + 1;
    for (;;) {
      try {
        await this.collection.insertOne({ _id: runId(county, shard, n), countyCode: county, items: [...items] });
        break;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        n++;
      }
    }
    await this.raiseHint(county, shard, { run: n });
    if (n + 1 - (await this.latestBaseHeader(county, shard, hint.base)).upto >= COMPACT_AFTER) {
      // Folding is an optimisation: one that lost a race to a newer generation is left to the next append
      // (throwing would redeliver a batch whose run is already stored).
      await this.compact(county, shard).catch((error: unknown) => {
        if (!(error instanceof ShardMovedError)) throw error;
      });
    }
  }

  /** Every item of the shard: the newest base's, then the runs after it, in run order. */
  async read(county: string, shard: string): Promise<Item[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        const hint = await this.hint(county, shard);
        const base = await this.latestBase(county, shard, hint.base);
        return [...(base.items as Item[]), ...(await this.runsFrom(county, shard, base.upto, hint.run))];
      } catch (error) {
        if (!(error instanceof ShardMovedError) || attempt >= 3) throw error;
      }
    }
  }

  private async compact(county: string, shard: string): Promise<void> {
    const hint = await this.hint(county, shard);
    const base = await this.latestBase(county, shard, hint.base);
    const runs: Item[][] = [];
    for (let n = base.upto; ; n++) {
      const run = await this.collection.findOne({ _id: runId(county, shard, n) });
      if (!run) break;
      runs.push((run.items ?? []) as Item[]);
    }
    if (runs.length === 0) return;
    const items = await this.fold([...(base.items as Item[]), ...runs.flat()], county);
    const generation = base.generation + 1;
    const nonce = randomUUID();
    const parts = Math.ceil(items.length / PART_SIZE);
    // Parts first, under this compactor's own nonce: the header is the commit point, so a
    // compactor that dies or loses leaves only parts nobody names.
    for (let i = 0; i < parts; i++) {
      await this.collection.insertOne({
        _id: partId(county, shard, generation, nonce, i),
        countyCode: county,
        items: items.slice(i * PART_SIZE, (i + 1) * PART_SIZE),
      });
    }
    try {
      await this.collection.insertOne({
        _id: baseId(county, shard, generation),
        countyCode: county,
        upto: base.upto + runs.length,
        parts,
        nonce,
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      await this.dropParts(county, shard, generation, nonce, parts);
      return;
    }
    await this.raiseHint(county, shard, { base: generation });
    // The generation before the previous one: a reader still on the previous one keeps its parts.
    if (generation >= 3) {
      const old = await this.collection.findOne({ _id: baseId(county, shard, generation - 2) });
      if (old?.nonce) await this.dropParts(county, shard, generation - 2, old.nonce, old.parts ?? 0);
    }
  }

  private async dropParts(county: string, shard: string, generation: number, nonce: string, parts: number): Promise<void> {
    for (let i = 0; i < parts; i++) await this.collection.deleteOne({ _id: partId(county, shard, generation, nonce, i) });
  }

  private async hint(county: string, shard: string): Promise<{ run: number; base: number }> {
    const doc = await this.collection.findOne({ _id: hintId(county, shard) });
    return { run: doc?.run ?? -1, base: doc?.base ?? 0 };
  }

  private async raiseHint(county: string, shard: string, to: { run?: number; base?: number }): Promise<void> {
    try {
      await this.collection.updateOne({ _id: hintId(county, shard) }, { $max: to, $set: { countyCode: county } }, { upsert: true });
    } catch (error) {
      // Two first writers upserting at once: the other one created it; the hint is only a hint.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /** The newest base header from the hinted generation on (generation 0: empty, holds no run). */
  private async latestBaseHeader(
    county: string,
    shard: string,
    from: number,
  ): Promise<{ generation: number; upto: number; parts: number; nonce: string }> {
    let header = { generation: 0, upto: 0, parts: 0, nonce: '' };
    if (from > 0) {
      const doc = await this.collection.findOne({ _id: baseId(county, shard, from) });
      if (doc) header = { generation: from, upto: doc.upto ?? 0, parts: doc.parts ?? 0, nonce: doc.nonce ?? '' };
    }
    for (let g = header.generation + 1; ; g++) {
      const doc = await this.collection.findOne({ _id: baseId(county, shard, g) });
      if (!doc) return header;
      header = { generation: g, upto: doc.upto ?? 0, parts: doc.parts ?? 0, nonce: doc.nonce ?? '' };
    }
  }

  private async latestBase(county: string, shard: string, from: number): Promise<Base> {
    const header = await this.latestBaseHeader(county, shard, from);
    const parts = await Promise.all(
      Array.from({ length: header.parts }, (_, i) =>
        this.collection.findOne({ _id: partId(county, shard, header.generation, header.nonce, i) }),
      ),
    );
    if (parts.some((part) => !part)) throw new ShardMovedError();
    return { generation: header.generation, upto: header.upto, items: parts.flatMap((part) => part!.items ?? []) };
  }

  /** Runs from `first` on: those up to the hinted head together, then one by one until the first missing. */
  private async runsFrom(county: string, shard: string, first: number, hinted: number): Promise<Item[]> {
    const known = await Promise.all(
      Array.from({ length: Math.max(0, hinted - first + 1) }, (_, i) => this.collection.findOne({ _id: runId(county, shard, first + i) })),
    );
    const items: Item[] = [];
    for (const run of known) {
      // A hinted run is always there (runs are never deleted); a gap would mean a hint from another store.
      if (!run) return items;
      items.push(...((run.items ?? []) as Item[]));
    }
    for (let n = Math.max(first, hinted + 1); ; n++) {
      const run = await this.collection.findOne({ _id: runId(county, shard, n) });
      if (!run) return items;
      items.push(...((run.items ?? []) as Item[]));
    }
  }
}
