/**
 * Mainland China phone numbers: an 11-digit mobile number (1[3-9]xxxxxxxxx, with or without
 * +86) or a landline with its area code (010, 02x or 0xxx, then 7-8 digits). Returns the
 * normalised form (mobile: 11 digits; landline: "0746-8221234"), or undefined when invalid.
 * A person's phone number is personal data: validate it, never log it.
 */
export function normalizeMainlandPhone(value: string): string | undefined {
  const compact = value.replace(/[\s()]/g, '');
  const mobile = /^(?:\+86|0086|86)?-?(1[3-9]\d{9})$/.exec(compact.replace(/-/g, ''));
  if (mobile) return mobile[1];
  // Area codes: 010 and 02x have three digits, every other one four.
  const landline = /^(010|02\d|0[3-9]\d{2})-?([2-9]\d{6,7})$/.exec(compact);
  if (landline) return `${landline[1]}-${landline[2]}`;
  return undefined;
}
