import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEV_ISSUER, DevIssuer, type TrustedIssuer } from '@lesp/auth';
import { ConfigError, type BaseConfig } from './config.js';

const issuerSchema = z.array(
  z
    .object({
      issuer: z.string().min(1),
      audience: z.string().min(1),
      jwksUri: z.string().url().optional(),
      jwksFile: z.string().min(1).optional(),
      counties: z.array(z.string().regex(/^[1-8]\d{5}$/)).optional(),
    })
    .refine((i) => i.jwksUri || i.jwksFile, 'each issuer needs jwksUri or jwksFile'),
);

/** The identity providers this deployment trusts, from AUTH_ISSUERS(_FILE) and, in development, the built-in issuer. */
export function trustedIssuers(config: BaseConfig): TrustedIssuer[] {
  const raw = config.AUTH_ISSUERS ?? (config.AUTH_ISSUERS_FILE ? readFileSync(config.AUTH_ISSUERS_FILE, 'utf8') : undefined);
  const issuers: TrustedIssuer[] = [];
  if (raw) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new ConfigError(['AUTH_ISSUERS: not valid JSON']);
    }
    const result = issuerSchema.safeParse(parsed);
    if (!result.success) throw new ConfigError(result.error.issues.map((i) => `AUTH_ISSUERS[${i.path.join('.')}]: ${i.message}`));
    for (const issuer of result.data) {
      if (issuer.issuer === DEV_ISSUER && config.NODE_ENV === 'production')
        throw new ConfigError([`AUTH_ISSUERS: ${DEV_ISSUER} is refused in production`]);
      issuers.push(issuer as TrustedIssuer);
    }
  }
  if (config.AUTH_DEV_ISSUER_DIR) {
    try {
      issuers.push(DevIssuer.trustedIssuerIn(config.AUTH_DEV_ISSUER_DIR));
    } catch (error) {
      throw new ConfigError([`AUTH_DEV_ISSUER_DIR: ${error instanceof Error ? error.message : String(error)}`]);
    }
  }
  return issuers;
}
