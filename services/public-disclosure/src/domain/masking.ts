import { maskAddress, maskIdNumber, maskPersonName, maskPhone } from '@lesp/core';

/**
 * What public disclosure may show of an act's target and of the free text around it
 * (DOMAIN.md, "Public disclosure"): natural persons' names masked (张*三), no ID number, no
 * phone number, no address below the township; legal persons and organisations keep name
 * and unified social credit code, nothing else. Pure.
 */

/** The target as case intake records it (act_events.proto ActTarget). */
export interface SourceTarget {
  readonly kind: string;
  readonly name: string;
  readonly idNumber: string;
  readonly creditCode: string;
  readonly phone: string;
  readonly address: string;
  readonly enterprise: boolean;
}

export interface MaskedTarget {
  readonly kind: string;
  readonly name: string;
  readonly creditCode: string;
  readonly enterprise: boolean;
}

export const NATURAL_PERSON = 'natural_person';

/** No known person: `scrubText` then removes only ID and phone numbers. */
export const NO_TARGET: SourceTarget = {
  kind: 'natural_person',
  name: '',
  idNumber: '',
  creditCode: '',
  phone: '',
  address: '',
  enterprise: false,
};

/** Anything not explicitly a legal person or organisation is treated as a natural person. */
export function isNaturalPerson(target: Pick<SourceTarget, 'kind'>): boolean {
  return target.kind !== 'legal_person' && target.kind !== 'other_organization';
}

export function maskTarget(target: SourceTarget): MaskedTarget {
  if (!isNaturalPerson(target)) {
    return {
      kind: target.kind,
      name: target.name.trim(),
      creditCode: target.creditCode.trim().toUpperCase(),
      enterprise: target.enterprise,
    };
  }
  return { kind: NATURAL_PERSON, name: maskPersonName(target.name), creditCode: '', enterprise: false };
}

// Resident ID numbers (18 with check character, or the old 15 digits), not inside a longer run.
const ID_NUMBER = /(?<!\d)(?:\d{17}[\dXx]|\d{15})(?!\d)/gu;
// Mobile numbers, written with or without +86 and separators (138 1234 5678, 138-1234-5678).
const MOBILE = /(?<!\d)(?:(?:\+|00)?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)/gu;
// Landlines with an area code (0746-8221234, (0746)8221234, 010 88889999).
const LANDLINE = /(?<!\d)[(（]?0\d{2,3}[)）]?[\s-]?[2-9]\d{6,7}(?!\d)/gu;

/**
 * Removes personal data from free text (titles, decision content): every ID number and phone
 * number, and every occurrence of the natural person's own name, ID number, phone number and
 * address, written in full, is replaced by its masked form. A credit code of the target, which
 * is public, is left as it is.
 */
export function scrubText(text: string, target: SourceTarget): string {
  const keep = target.creditCode.trim().toUpperCase();
  let out = text;
  if (isNaturalPerson(target)) {
    // Longest first, so a name that is part of the address is not masked before the address.
    const known: [string, string][] = [];
    const address = target.address.trim();
    if (address !== '') known.push([address, maskAddress(address)]);
    const phone = target.phone.trim();
    if (phone !== '') known.push([phone, maskPhone(phone)]);
    const id = target.idNumber.trim();
    if (id !== '') known.push([id, maskIdNumber(id)], [id.toLowerCase(), maskIdNumber(id)]);
    const name = target.name.trim();
    if ([...name].length >= 1) known.push([name, maskPersonName(name)]);
    known.sort((a, b) => b[0].length - a[0].length);
    for (const [value, masked] of known) out = replaceAll(out, value, masked);
  }
  out = out.replace(ID_NUMBER, (match) => (match.toUpperCase() === keep ? match : maskIdNumber(match)));
  out = out.replace(MOBILE, (match) => maskPhone(match));
  out = out.replace(LANDLINE, (match) => maskPhone(match));
  return out;
}

/**
 * Replaces every occurrence, including those a replacement makes appear across its edges
 * (name 甲乙甲 in 甲乙甲乙甲). Each round hides characters, so it ends.
 */
function replaceAll(text: string, value: string, masked: string): string {
  if (value === '' || masked.includes(value)) return text;
  let out = text;
  while (out.includes(value)) out = out.split(value).join(masked);
  return out;
}
