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
 * Hex SHA-256 of a candidate list: each candidate written as one line (auditLine of the fields
 * the draw depends on, e.g. id, agency, category, enterprise flag), lines sorted and
 * deduplicated as canonicalIds does, joined by "\n". Printed on the published draw record so
 * anyone can check that the list they were given is the one that was drawn from, attributes
 * included (flipping an enterprise flag changes the digest). For a list of bare ids the line is the id.
 */
export function candidatesDigest(lines: readonly string[]): string {
  return createHash('sha256').update(canonicalIds(lines).join('\n'), 'utf8').digest('hex');
}

/** One candidate as a digest line: fields joined by a tab; true/false as 1/0, absent as empty. */
export function auditLine(fields: readonly (string | boolean | undefined)[]): string {
  return fields.map((f) => (f === undefined ? '' : typeof f === 'boolean' ? (f ? '1' : '0') : f)).join('\t');
}

/**
 * Candidate lists up to this size travel inside the draw event; longer ones would make the
 * event too large for a Kafka message (1 MB by default), so the event keeps only their count
 * and digest and the application archives the list itself, keyed by the digest.
 */
export const MAX_INLINE_CANDIDATES = 5000;

/** The audit part of a draw event. `candidates` are in canonical order (by id) when small enough to carry. */
export interface DrawAudit<C> {
  readonly candidateCount: number;
  readonly candidatesDigest: string;
  readonly candidates?: readonly C[];
}

export function drawAudit<C>(candidates: readonly C[], idOf: (c: C) => string, lineOf: (c: C) => string): DrawAudit<C> {
  const sorted = [...candidates].sort((a, b) => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
  return {
    candidateCount: sorted.length,
    candidatesDigest: candidatesDigest(sorted.map(lineOf)),
    ...(sorted.length <= MAX_INLINE_CANDIDATES ? { candidates: sorted } : {}),
  };
}

/** An auditor's check of a recorded draw: the algorithm is this one, the list matches its digest, the result comes out again. */
export type DrawVerification =
  { readonly ok: true } | { readonly ok: false; readonly reason: 'algorithm' | 'digest' | 'result' | 'candidates_not_inline' };

export function seedViolations(seed: number, field = 'seed'): Violation[] {
  return Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED
    ? []
    : [{ field, code: 'SEED_INVALID', message: `随机种子应为 0 到 ${MAX_SEED} 之间的整数` }];
}
