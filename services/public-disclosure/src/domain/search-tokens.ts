/**
 * Keyword search over Chinese text without a full-text index (FerretDB has none, and
 * MongoDB's text index does not segment Chinese): texts and keywords are normalised the same
 * way and a keyword matches when it is a substring of one normalised text (see
 * decision-index.ts). Pure.
 */

export const MAX_KEYWORD_CHARS = 20;
/** Characters kept per text: texts beyond this many characters are searchable in their first part only. */
export const MAX_INDEXED_CHARS = 2000;

/** Lower case, full-width ASCII to half-width, whitespace and punctuation removed. */
export function normalizeForSearch(text: string): string {
  return [...text.normalize('NFKC').toLowerCase()].filter((ch) => /[\p{L}\p{N}]/u.test(ch)).join('');
}
