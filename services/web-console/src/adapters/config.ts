import { z } from 'zod';
import { ConfigError, baseConfigSchema } from '@lesp/service-bootstrap';

const port = z.coerce.number().int().min(1).max(65535);
const address = z.string().regex(/^[\w.-]+:\d{1,5}$/, 'host:port');

/** The console's variables: the services it calls, and its own database (sessions, report jobs, audit log); no Kafka. */
export const consoleConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().min(1).default('0.0.0.0'),
  HTTP_PORT: port,
  CASE_INTAKE_GRPC: address.default('127.0.0.1:5101'),
  SUPERVISION_GRPC: address.default('127.0.0.1:5102'),
  CROSS_REGION_GRPC: address.default('127.0.0.1:5103'),
  /** Public disclosure: only its read-model rebuilds are started from the console (operators). */
  PUBLIC_DISCLOSURE_GRPC: address.default('127.0.0.1:5104'),
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'mongodb://…'),
  MONGO_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/)
    .default('lesp_web_console'),
  GRPC_DEADLINE_MS: z.coerce.number().int().min(50).max(120_000).default(10_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  AUTH_ISSUERS: z.string().optional(),
  AUTH_ISSUERS_FILE: z.string().min(1).optional(),
  AUTH_DEV_ISSUER_DIR: z.string().min(1).optional(),
  GRPC_TLS_CA_FILE: z.string().min(1).optional(),
  GRPC_TLS_CERT_FILE: z.string().min(1).optional(),
  GRPC_TLS_KEY_FILE: z.string().min(1).optional(),
  /** Sign-in attempts per client and minute (both forms). */
  CONSOLE_SIGN_IN_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
  /** Requests per client and minute to the console's API once signed in. */
  CONSOLE_API_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(1200),
  /** Imports up to this size are streamed on to case intake (whose own cap, IMPORT_MAX_BYTES, is 200 MB too). */
  CONSOLE_IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(200 * 1024 * 1024),
  /** The built React app (vite build); default: ../dist next to src. */
  CONSOLE_STATIC_DIR: z.string().min(1).optional(),
  // OpenTelemetry, as every service reads it: unset endpoint, nothing is traced.
  ...baseConfigSchema.pick({ OTEL_EXPORTER_OTLP_ENDPOINT: true, OTEL_TRACES_SAMPLER_ARG: true, OTEL_BSP_SCHEDULE_DELAY: true }).shape,
  /** Sets the Secure flag on the session cookie (behind TLS). */
  CONSOLE_SECURE_COOKIE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export type ConsoleConfig = z.infer<typeof consoleConfigSchema>;

export function loadConsoleConfig(env: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  const result = consoleConfigSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`));
  }
  const config = result.data;
  const tls = [config.GRPC_TLS_CA_FILE, config.GRPC_TLS_CERT_FILE, config.GRPC_TLS_KEY_FILE].filter(Boolean).length;
  const problems: string[] = [];
  if (tls !== 0 && tls !== 3) problems.push('GRPC_TLS_CA_FILE, GRPC_TLS_CERT_FILE, GRPC_TLS_KEY_FILE: all three or none');
  if (config.NODE_ENV === 'production' && tls === 0) problems.push('GRPC_TLS_*: required in production');
  if (config.NODE_ENV === 'production' && config.AUTH_DEV_ISSUER_DIR) problems.push('AUTH_DEV_ISSUER_DIR: refused in production');
  if (!config.AUTH_ISSUERS && !config.AUTH_ISSUERS_FILE && !config.AUTH_DEV_ISSUER_DIR)
    problems.push('AUTH_ISSUERS, AUTH_ISSUERS_FILE or AUTH_DEV_ISSUER_DIR: the console needs an identity provider to trust');
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
