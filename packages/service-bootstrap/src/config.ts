import { z } from 'zod';

/** Start-up stops here, naming every bad variable, before anything connects. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const port = z.coerce.number().int().min(1).max(65535);
const brokerList = z
  .string()
  .min(1)
  .transform((value) =>
    value
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
  )
  .refine((brokers) => brokers.every((b) => /^[\w.-]+:\d{1,5}$/.test(b)), 'must be a comma-separated list of host:port');

const filePath = z.string().min(1);

/** Variables every service reads. Each service extends it with its own. */
export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().min(1).default('0.0.0.0'),
  HTTP_PORT: port,
  GRPC_PORT: port,
  KAFKA_BROKERS: brokerList,
  KAFKA_CLIENT_ID: z.string().min(1).optional(),
  KAFKA_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(10).default(1),
  TOPIC_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and "-"')
    .default('lesp'),
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://'),
  MONGO_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, 'letters, digits, "_" and "-", at most 63')
    .optional(),
  CONSUMER_GROUP: z.string().min(1).optional(),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(100),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  GRPC_DEADLINE_MS: z.coerce.number().int().min(50).max(120_000).default(5_000),
  /** Trusted identity providers, JSON: [{"issuer","audience","jwksUri"|"jwksFile","counties"?}]. */
  AUTH_ISSUERS: z.string().optional(),
  AUTH_ISSUERS_FILE: filePath.optional(),
  /** Development only: trust the built-in issuer whose keys are in this folder. */
  AUTH_DEV_ISSUER_DIR: filePath.optional(),
  /** mTLS between services: all three or none. */
  GRPC_TLS_CA_FILE: filePath.optional(),
  GRPC_TLS_CERT_FILE: filePath.optional(),
  GRPC_TLS_KEY_FILE: filePath.optional(),
  PUBLIC_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(300),
  /** OpenTelemetry: traces go to this OTLP/HTTP collector (`<url>/v1/traces`); unset, nothing is traced. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess(
    // Empty (a compose file's `${VAR:-}`) is unset.
    (value) => (value === '' ? undefined : value),
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  ),
  /** Share of new traces recorded, 0..1 (a caller's decision is kept). */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
  /** Milliseconds spans wait to be sent together. */
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(10).max(60_000).default(5000),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;

export function loadConfig<Schema extends z.ZodType>(schema: Schema, env: NodeJS.ProcessEnv = process.env): z.infer<Schema> {
  const result = schema.safeParse(env);
  if (result.success) {
    const problems = checkConfigRules(result.data as BaseConfig);
    if (problems.length > 0) throw new ConfigError(problems);
    return result.data;
  }
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(env)';
      const value = env[name];
      return `${name}: ${issue.message}${value === undefined ? ' (not set)' : ''}`;
    }),
  );
}

/** Rules across variables, checked after each variable on its own. */
export function checkConfigRules(config: BaseConfig): string[] {
  const problems: string[] = [];
  if (config.NODE_ENV === 'production' && config.AUTH_DEV_ISSUER_DIR) {
    problems.push('AUTH_DEV_ISSUER_DIR: the development issuer is refused when NODE_ENV=production');
  }
  const tls = [config.GRPC_TLS_CA_FILE, config.GRPC_TLS_CERT_FILE, config.GRPC_TLS_KEY_FILE].filter(Boolean).length;
  if (tls !== 0 && tls !== 3) problems.push('GRPC_TLS_CA_FILE, GRPC_TLS_CERT_FILE, GRPC_TLS_KEY_FILE: set all three (mTLS) or none');
  if (config.NODE_ENV === 'production' && tls === 0) problems.push('GRPC_TLS_CA_FILE: production requires mTLS between services');
  return problems;
}
