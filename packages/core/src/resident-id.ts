/**
 * Resident identity card number (公民身份号码, GB 11643-1999): 6-digit area code, 8-digit
 * birth date, 3-digit sequence, check character (0-9 or X) over the first 17 (ISO 7064 MOD 11-2).
 * A natural person's ID number is personal data: validate it, never log it.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function residentIdCheckChar(first17: string): string | undefined {
  if (!/^\d{17}$/.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * WEIGHTS[i]!;
  return CHECK.charAt(sum % 11);
}

export function isValidResidentIdNumber(value: string): boolean {
  const id = value.toUpperCase();
  if (!/^[1-8]\d{16}[\dX]$/.test(id)) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) return false;
  return residentIdCheckChar(id.slice(0, 17)) === id.charAt(17);
}
