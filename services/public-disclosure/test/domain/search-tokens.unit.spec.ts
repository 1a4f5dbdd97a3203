import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keywordTokens, matchesKeyword, MAX_KEYWORD_CHARS, normalizeForSearch, searchTokens } from '../../src/domain/search-tokens.js';
import { cjk } from '../personal-data-arbitraries.js';

const text = fc
  .array(fc.oneof(cjk, fc.constantFrom('罚', '款', '占', '道', 'A', '1', '，', '（', ' ')), { minLength: 1, maxLength: 120 })
  .map((c) => c.join(''));

describe('keyword search by character pairs (pure)', () => {
  it('normalises full-width letters and digits, case, spaces and punctuation', () => {
    expect(normalizeForSearch('冷城管罚〔２０２６〕 Ａ-1 号')).toBe('冷城管罚2026a1号');
  });

  it('a keyword becomes its pairs, a single character itself', () => {
    expect(keywordTokens('占道经营')).toEqual(['占道', '道经', '经营']);
    expect(keywordTokens('罚')).toEqual(['罚']);
    expect(keywordTokens('！')).toEqual([]);
  });

  it('pairs out of order are no match once checked as a substring', () => {
    const texts = ['经营占道'];
    expect(keywordTokens('道经').every((t) => searchTokens(['占道经营']).includes(t))).toBe(true);
    expect(matchesKeyword(texts, '占道经营')).toBe(false);
  });

  it('property: every substring of up to 20 characters is found, by its tokens and by the exact check', () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.integer({ min: 1, max: MAX_KEYWORD_CHARS }), (t, start, length) => {
        const chars = [...normalizeForSearch(t)];
        fc.pre(chars.length > 0);
        const from = start % chars.length;
        const keyword = chars.slice(from, from + length).join('');
        const tokens = new Set(searchTokens([t]));
        expect(keywordTokens(keyword).every((token) => tokens.has(token))).toBe(true);
        expect(matchesKeyword([t], keyword)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
