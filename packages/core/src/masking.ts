import { normalizeMainlandPhone } from './mainland-phone.js';

/**
 * Masking of natural persons' personal data for read models, public pages and responses
 * (DOMAIN.md, "Public disclosure": names, ID numbers, phone numbers, addresses). Each helper
 * keeps only what identifies nobody and never returns its input unchanged when there is
 * something to hide. Characters are counted as code points, so CJK and rare characters mask alike.
 */
const STAR = '*';

/** 张三 → 张*, 张小三 → 张*三, 欧阳娜娜 → 欧**娜; one character → *. */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  if (chars.length === 1) return STAR;
  if (chars.length === 2) return `${chars[0]}${STAR}`;
  return `${chars[0]}${STAR.repeat(chars.length - 2)}${chars.at(-1)}`;
}

/**
 * 13812341234 → 138****1234; 0746-8221234 → 0746-***1234 (area code kept);
 * anything else keeps at most its last 4 digits, and only when at least as many are hidden.
 */
export function maskPhone(phone: string): string {
  const normalized = normalizeMainlandPhone(phone);
  if (normalized === undefined) return keepTail(phone.replace(/[\s()-]/g, ''), 4);
  const dash = normalized.indexOf('-');
  if (dash < 0) return `${normalized.slice(0, 3)}****${normalized.slice(7)}`;
  const local = normalized.slice(dash + 1);
  return `${normalized.slice(0, dash)}-${STAR.repeat(local.length - 4)}${local.slice(-4)}`;
}

/** 18 digits: first 4 (province and city) and last 4 kept, 4311**********123X; 15 digits alike. */
export function maskIdNumber(idNumber: string): string {
  const id = idNumber.trim().toUpperCase();
  if (/^\d{17}[\dX]$/.test(id) || /^\d{15}$/.test(id)) return `${id.slice(0, 4)}${STAR.repeat(id.length - 8)}${id.slice(-4)}`;
  return keepTail(id, 4);
}

const COUNTY_LEVEL = /(?:县|区|旗)/gu;
const TOWNSHIP_LEVEL = /(?:街道办事处|街道|民族乡|镇|乡|苏木)/gu;
const HIDDEN = '****';

/**
 * Keeps the address down to the township level (乡、镇、街道、苏木) and hides the rest:
 * 湖南省永州市冷水滩区梧桐街道凤凰路12号 → 湖南省永州市冷水滩区梧桐街道****.
 * Without a township, keeps the county (县、区、旗); without either, hides everything.
 */
export function maskAddress(address: string): string {
  const text = address.trim();
  if (text === '') return '';
  const county = firstMatchEnd(text, COUNTY_LEVEL, 1);
  // A township name comes after the county (乡宁县 is a county, not a 乡) and has at least one character.
  const township = firstMatchEnd(text, TOWNSHIP_LEVEL, (county ?? 0) + 1);
  const keep = township ?? county ?? 0;
  return keep >= text.length ? text : `${text.slice(0, keep)}${HIDDEN}`;
}

/** End of the first match that starts at or after `from`. */
function firstMatchEnd(text: string, pattern: RegExp, from: number): number | undefined {
  for (const match of text.matchAll(pattern)) {
    if (match.index >= from) return match.index + match[0].length;
  }
  return undefined;
}

/** Keeps the last `tail` characters only when at least as many are hidden; else hides all. */
function keepTail(value: string, tail: number): string {
  const chars = [...value];
  if (chars.length >= tail * 2) return `${STAR.repeat(chars.length - tail)}${chars.slice(-tail).join('')}`;
  return STAR.repeat(chars.length);
}
