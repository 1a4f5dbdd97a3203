import { createHash } from 'node:crypto';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { Violation } from '@lesp/core';

/**
 * Reproducible random draws (案卷抽样, 双随机). A draw must be re-run by an auditor years later
 * and give the same result, so everything that decides it is recorded with it:
 *
 *   1. the seed, a 32-bit unsigned integer chosen by the application (e.g. from crypto random)
 *      or announced in public before the draw;
 *   2. the candidate list, put in canonical order (ids sorted by UTF-16 code units, duplicates
 *      removed) so that the order a database returned them in does not matter;
 *   3. the algorithm below, named by DRAW_ALGORITHM: pure-rand's xoroshiro128+ seeded with the
 *      seed, one generator for the whole draw, each pick a partial Fisher–Yates step
 *      (for i = 0 .. k-1: j = uniformInt(i, n-1); swap(i, j)); the first k are the sample.
 *
 * pure-rand is pinned to an exact version in package.json and a golden test fixes the output
 * of a known seed, so an upgrade that changes the sequence fails the build instead of silently
 * changing how recorded seeds replay.
 */
export const DRAW_ALGORITHM = 'xoroshiro128plus+fisher-yates/pure-rand@8.4.2';

export const MAX_SEED = 0xffff_ffff;

/** A generator for one draw. Several strata drawn with one generator stay reproducible as long as their order is fixed. */
export function drawGenerator(seed: number): RandomGenerator {
  return xoroshiro128plus(seed | 0);
}

/** Sorted, without duplicates: the order every draw and digest works on. */
export function canonicalIds(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Picks `size` of `ids` (already canonical) with the generator; the picks keep the order in
 * which they were drawn. Asking for more than there are takes all of them (in drawn order).
 */
export function pick(rng: RandomGenerator, ids: readonly string[], size: number): string[] {
  const pool = [...ids];
  const k = Math.min(Math.max(0, Math.floor(size)), pool.length);
  for (let i = 0; i < k; i += 1) {
    const j = uniformInt(rng, i, pool.length - 1);
    const chosen = pool[j] as string;
    pool[j] = pool[i] as string;
    pool[i] = chosen;
  }
  return pool.slice(0, k);
}

/** One-stratum draw: canonical order, then `pick`. */
export function drawSample(candidateIds: readonly string[], size: number, seed: number): string[] {
  return pick(drawGenerator(seed), canonicalIds(candidateIds), size);
}

/**
 * Hex SHA-256 of the canonical candidate list (ids joined by "\n"): printed on the published
 * draw record so anyone can check that the list they were given is the list that was drawn from.
 */
export function candidatesDigest(candidateIds: readonly string[]): string {
  return createHash('sha256').update(canonicalIds(candidateIds).join('\n'), 'utf8').digest('hex');
}

export function seedViolations(seed: number, field = 'seed'): Violation[] {
  return Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED
    ? []
    : [{ field, code: 'SEED_INVALID', message: `随机种子应为 0 到 ${MAX_SEED} 之间的整数` }];
}
