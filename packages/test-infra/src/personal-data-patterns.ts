/**
 * Finds personal data in free text (log lines): Chinese resident identity numbers, mainland
 * mobile numbers, and literal values planted by tests. Pure: no I/O, no clock unless given.
 *
 * Built to stay quiet on what our logs are full of: UUIDs and uuidv7 ids, epoch
 * milliseconds, unified social credit codes (GB 32100, 18 characters like an ID number),
 * SHA-256 hashes in hex.
 */

export type PersonalDataKind = 'resident-id' | 'mobile' | 'planted';

export interface PersonalDataFinding {
  readonly kind: PersonalDataKind;
  /** 0-based offset of the match in the text. */
  readonly index: number;
  /** The matched text. Never print it: print `maskPersonalData(finding.value)`. */
  readonly value: string;
  /** For planted values: the label the test gave it. */
  readonly label?: string;
}

export interface PlantedValue {
  /** What the value stands for, e.g. "resident-id", "mobile", "name". */
  readonly label: string;
  readonly value: string;
}

export interface FindOptions {
  /** Literal values a test planted in requests; found wherever they appear, also JSON-escaped. */
  readonly planted?: readonly PlantedValue[];
  /** "Today" for the birth-date plausibility check (default: now). */
  readonly now?: Date;
}

/** GB 11643-1999: weights of the first 17 digits, and the check character for (sum mod 11). */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = '10X98765432';

/** The check character (0-9 or X) of the first 17 digits of a resident identity number. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('residentIdCheckChar needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS[sum % 11]!;
}

/**
 * An 18-character resident identity number (公民身份号码): a division code starting 1-9,
 * a birth date that exists and lies between 1900-01-01 and `now`, a sequence number, and the
 * right check character.
 */
export function isResidentId(candidate: string, now: Date = new Date()): boolean {
  const match = /^([1-9]\d{5})(\d{4})(\d{2})(\d{2})\d{3}[\dXx]$/.exec(candidate);
  if (!match) return false;
  const [, , year, month, day] = match.map(Number) as [number, number, number, number, number];
  if (year < 1900) return false;
  const birth = new Date(Date.UTC(year, month - 1, day));
  const exists = birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
  if (!exists || birth.getTime() > now.getTime()) return false;
  return residentIdCheckChar(candidate.slice(0, 17)) === candidate[17]!.toUpperCase();
}

/** A mainland mobile number: 1, then 3-9, then nine digits. */
export function isMobileNumber(candidate: string): boolean {
  return /^1[3-9]\d{9}$/.test(candidate);
}

// Not inside a longer run of letters or digits: a hex hash or a credit code holds digit runs too.
const RESIDENT_ID_CANDIDATE = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
// Optionally written with the country code (+86, +86-, +86 ); never inside a longer digit or hex run.
const MOBILE_CANDIDATE = /(?<![0-9A-Za-z+])(?:\+86[- ]?)?(1[3-9]\d{9})(?![0-9A-Za-z])/g;

/** Every resident identity number, mobile number and planted value in `text`, in order of position. */
export function findPersonalData(text: string, options: FindOptions = {}): PersonalDataFinding[] {
  const now = options.now ?? new Date();
  const findings: PersonalDataFinding[] = [];
  for (const match of text.matchAll(RESIDENT_ID_CANDIDATE)) {
    if (isResidentId(match[0], now)) findings.push({ kind: 'resident-id', index: match.index, value: match[0] });
  }
  for (const match of text.matchAll(MOBILE_CANDIDATE)) {
    if (isMobileNumber(match[1]!)) findings.push({ kind: 'mobile', index: match.index, value: match[0] });
  }
  for (const planted of options.planted ?? []) {
    if (planted.value.length === 0) continue;
    for (const form of new Set([planted.value, jsonEscaped(planted.value)])) {
      for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + form.length)) {
        findings.push({ kind: 'planted', index: at, value: form, label: planted.label });
      }
    }
  }
  return findings.sort((a, b) => a.index - b.index);
}

/** How a value looks when a JSON encoder escapes everything beyond ASCII (`\u5f20`). */
export function jsonEscaped(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A finding fit to print: its first and last character, the rest masked. */
export function maskPersonalData(value: string): string {
  const chars = [...value];
  if (chars.length <= 2) return '*'.repeat(chars.length);
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}
