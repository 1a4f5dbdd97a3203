import { z } from 'zod';
import { baseConfigSchema } from '@lesp/service-bootstrap';
import type { DisclosurePolicy } from './application/disclosure-commands.js';

export const publicDisclosureConfigSchema = baseConfigSchema.extend({
  /**
   * Where a decision publishes itself without the agency reviewer's approval: `none` (the
   * reviewer approves every entry, 保密审查), `decision` (at once), `service` (once served, 送达).
   */
  DISCLOSURE_AUTO_PUBLISH: z.enum(['none', 'decision', 'service']).default('none'),
  /** Years an entry stays on the portal after publication; natural persons' entries come down earlier. */
  DISCLOSURE_RETENTION_YEARS: z.coerce.number().int().min(1).max(50).default(5),
  DISCLOSURE_RETENTION_YEARS_NATURAL_PERSON: z.coerce.number().int().min(1).max(50).default(2),
  /** How often each replica deletes entries past their retention from the public read models (ms; hourly by default). */
  RETENTION_SWEEP_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(7 * 24 * 3600_000)
    .default(3600_000),
  /** Case intake's gRPC address (host:port): the portal's complaint form hands complaints to it. */
  CASE_INTAKE_GRPC_URL: z
    .string()
    .regex(/^[A-Za-z0-9.-]+:[0-9]{1,5}$/)
    .optional(),
  /** A bearer token of role `service` from a trusted issuer, read at each call (rotatable); without it the form is closed. */
  SERVICE_TOKEN_FILE: z.string().min(1).optional(),
  /** Complaints a client may file per minute (abuse protection, beside a honeypot field). */
  COMPLAINT_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(5),
});
export type PublicDisclosureConfig = z.infer<typeof publicDisclosureConfigSchema>;

export function disclosurePolicy(config: PublicDisclosureConfig): DisclosurePolicy {
  return {
    autoPublishPoint: config.DISCLOSURE_AUTO_PUBLISH === 'none' ? '' : config.DISCLOSURE_AUTO_PUBLISH,
    retention: { years: config.DISCLOSURE_RETENTION_YEARS, naturalPersonYears: config.DISCLOSURE_RETENTION_YEARS_NATURAL_PERSON },
  };
}
