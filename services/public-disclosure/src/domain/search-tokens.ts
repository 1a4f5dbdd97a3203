/**
 * Keyword search over Chinese text without a full-text index (FerretDB has none, and
 * MongoDB's text index does not segment Chinese): each entry stores the set of its
 * characters and character pairs (unigrams + bigrams) of its searchable text, normalised;
 * a keyword becomes its pairs (or its one character), matched with `$all` on the token array
 * (a multikey index on MongoDB), and every candidate is then checked for the keyword as a
 * substring in code, so pairs out of order never match. Pure.
 */

export const MAX_KEYWORD_CHARS = 20;
/** Tokens kept per entry: texts beyond this many characters are searchable in their first part only. */
export const MAX_INDEXED_CHARS = 2000;

/** Lower case, full-width ASCII to half-width, whitespace and punctuation removed. */
export function normalizeForSearch(text: string): string {
  return [...text.normalize('NFKC').toLowerCase()].filter((ch) => /[\p{L}\p{N}]/u.test(ch)).join('');
}

export function searchTokens(texts: readonly string[]): string[] {
  const tokens = new Set<string>();
  for (const text of texts) {
    const chars = [...normalizeForSearch(text)].slice(0, MAX_INDEXED_CHARS);
    for (let i = 0; i < chars.length; i++) {
      tokens.add(chars[i]!);
      if (i + 1 < chars.length) tokens.add(chars[i]! + chars[i + 1]!);
    }
  }
  return [...tokens].sort();
}

/** The tokens a keyword needs: its pairs, or its only character. Empty for an empty keyword. */
export function keywordTokens(keyword: string): string[] {
  const chars = [...normalizeForSearch(keyword)];
  if (chars.length <= 1) return chars;
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) pairs.add(chars[i]! + chars[i + 1]!);
  return [...pairs];
}

/** The exact check after the token match: the keyword is a substring of one of the texts. */
export function matchesKeyword(texts: readonly string[], keyword: string): boolean {
  const needle = normalizeForSearch(keyword);
  return needle === '' || texts.some((text) => [...normalizeForSearch(text)].slice(0, MAX_INDEXED_CHARS).join('').includes(needle));
}
