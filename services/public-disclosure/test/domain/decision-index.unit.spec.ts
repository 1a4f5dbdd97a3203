import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  indexedText,
  isWithdrawn,
  latestEntries,
  marksInEffect,
  matchesFilter,
  monthOfSortKey,
  type IndexEntry,
  type IndexFilter,
} from '../../src/domain/decision-index.js';
import { MAX_KEYWORD_CHARS, normalizeForSearch } from '../../src/domain/search-tokens.js';
import { cjk } from '../personal-data-arbitraries.js';

const text = fc
  .array(fc.oneof(cjk, fc.constantFrom('罚', '款', '占', '道', 'A', '1', '，', '（', ' ')), { minLength: 1, maxLength: 120 })
  .map((c) => c.join(''));

const entry = (overrides: Partial<IndexEntry> = {}): IndexEntry => ({
  a: 'act-1',
  v: 2,
  k: '2024-05-03T02:00:00.000Z|act-1',
  g: 'ag-1',
  c: 'penalty',
  r: Date.parse('2029-05-03T00:00:00Z'),
  x: indexedText(['某商行销售过期食品案', '冷市监罚〔2024〕1号', '占道经营']),
  ...overrides,
});
const now = Date.parse('2024-06-01T00:00:00Z');
const matches = (filter: Partial<IndexFilter>, e: IndexEntry = entry()) => matchesFilter(e, { needle: '', now, ...filter });

describe('decision search index entries (pure)', () => {
  it('normalises full-width letters and digits, case, spaces and punctuation', () => {
    expect(normalizeForSearch('冷城管罚〔２０２６〕 Ａ-1 号')).toBe('冷城管罚2026a1号');
  });

  it('a keyword matches as a substring of one text, never out of order or across two texts', () => {
    expect(matches({ needle: normalizeForSearch('过期食品') })).toBe(true);
    expect(matches({ needle: normalizeForSearch('冷市监罚〔2024〕') })).toBe(true);
    expect(matches({ needle: normalizeForSearch('食品过期') })).toBe(false);
    expect(matches({ needle: normalizeForSearch('食品案冷市') })).toBe(false);
  });

  it('filters by agency, category, retention, cursor and decision dates', () => {
    expect(matches({ agencyId: 'ag-1', category: 'penalty' })).toBe(true);
    expect(matches({ agencyId: 'ag-2' })).toBe(false);
    expect(matches({ category: 'licensing' })).toBe(false);
    expect(matches({ now: Date.parse('2029-05-03T00:00:00Z') })).toBe(false);
    expect(matches({ before: '2024-05-03T02:00:00.000Z|act-1' })).toBe(false);
    expect(matches({ before: '2024-05-03T02:00:00.000Z|act-2' })).toBe(true);
    expect(matches({ fromKey: '2024-05-03T02:00:00.000Z', toKey: '2024-05-04T00:00:00.000Z' })).toBe(true);
    expect(matches({ toKey: '2024-05-03T02:00:00.000Z' })).toBe(false);
    expect(monthOfSortKey(entry().k)).toBe('2024-05');
  });

  it('keeps the highest version per act, and a withdrawal hides only what it followed', () => {
    const older = entry({ v: 1, k: '2024-04-01T00:00:00.000Z|act-1' });
    const newer = entry({ v: 5 });
    expect([...latestEntries([newer, older]).values()]).toEqual([newer]);
    expect([...latestEntries([older, newer]).values()]).toEqual([newer]);
    const marks = marksInEffect([
      { a: 'act-1', v: 3, m: 'withdrawn' },
      { a: 'act-1', v: 2, m: 'typical' },
      { a: 'act-2', v: 4, m: 'typical' },
    ]);
    expect(isWithdrawn(older, marks)).toBe(true);
    // Republished after the withdrawal: shown again, and no longer a typical case.
    expect(isWithdrawn(newer, marks)).toBe(false);
    expect([...marks.typicalAt.keys()]).toEqual(['act-2']);
  });

  it('property: every substring of up to 20 characters of a text is found, in any of the texts', () => {
    fc.assert(
      fc.property(
        fc.array(text, { minLength: 1, maxLength: 4 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: MAX_KEYWORD_CHARS }),
        (texts, which, start, length) => {
          const chars = [...normalizeForSearch(texts[which % texts.length]!)];
          fc.pre(chars.length > 0);
          const from = start % chars.length;
          const needle = chars.slice(from, from + length).join('');
          expect(matches({ needle }, entry({ x: indexedText(texts) }))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
