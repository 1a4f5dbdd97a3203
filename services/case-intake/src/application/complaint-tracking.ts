import { createHmac } from 'node:crypto';
import { ConfigError } from '@lesp/service-bootstrap';

/** Crockford base32: no I, L, O or U, so a number read out over the phone is not misheard. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 12; // 60 bits
const DEVELOPMENT_SECRET = 'lesp-development-only-complaint-tracking-secret';
const MIN_SECRET_LENGTH = 32;

/**
 * Public tracking numbers (查询码) of complaints: the first 60 bits of HMAC-SHA256(secret,
 * "county/complaintId") in Crockford base32. The same complaint always gets the same number;
 * without the secret nobody can compute or guess one (2^60 possibilities, behind a rate limit).
 */
export class ComplaintTrackingNumbers {
  constructor(private readonly secret: string) {}

  numberFor(countyCode: string, complaintId: string): string {
    const mac = createHmac('sha256', this.secret).update(`${countyCode}/${complaintId}`).digest();
    let bits = 0n;
    for (const byte of mac.subarray(0, 8)) bits = (bits << 8n) | BigInt(byte);
    bits >>= 64n - BigInt(LENGTH * 5);
    let out = '';
    for (let i = LENGTH - 1; i >= 0; i--) out += ALPHABET.charAt(Number((bits >> BigInt(i * 5)) & 31n));
    return out;
  }
}

/** What a person typed, made comparable: case, spaces and dashes ignored, O read as 0 and I/L as 1. */
export function normalizeTrackingNumber(input: string): string | undefined {
  const value = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return value.length === LENGTH && [...value].every((c) => ALPHABET.includes(c)) ? value : undefined;
}

/**
 * The HMAC key, from `COMPLAINT_TRACKING_SECRET` (at least 32 characters). Required in
 * production; elsewhere a fixed development key stands in (`usingDevelopmentSecret`).
 */
export function complaintTrackingSecret(env: NodeJS.ProcessEnv): { secret: string; usingDevelopmentSecret: boolean } {
  const secret = env['COMPLAINT_TRACKING_SECRET'];
  if (secret !== undefined && secret !== '') {
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new ConfigError([`COMPLAINT_TRACKING_SECRET: at least ${MIN_SECRET_LENGTH} characters`]);
    }
    return { secret, usingDevelopmentSecret: false };
  }
  if (env['NODE_ENV'] === 'production') {
    throw new ConfigError(['COMPLAINT_TRACKING_SECRET: required in production (key of complaint tracking numbers) (not set)']);
  }
  return { secret: DEVELOPMENT_SECRET, usingDevelopmentSecret: true };
}
