/** What a client may pin on a command: the version it last saw, and its key for retries. */
export interface CommandOptions {
  readonly expectedVersion?: number;
  readonly idempotencyKey?: string;
}

/** Handler options without undefined members (exactOptionalPropertyTypes-friendly). */
export function handleOptions(options: CommandOptions): CommandOptions {
  return {
    ...(options.expectedVersion !== undefined ? { expectedVersion: options.expectedVersion } : {}),
    ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
  };
}
