import type { CommandOptions } from '../../application/command-options.js';

/** `CommandMeta` of a gRPC request: expected version (0 = any) and idempotency key. */
export function optionsOf(meta: { expectedVersion: number; idempotencyKey: string } | undefined): CommandOptions {
  return {
    ...(meta && meta.expectedVersion > 0 ? { expectedVersion: meta.expectedVersion } : {}),
    ...(meta?.idempotencyKey ? { idempotencyKey: meta.idempotencyKey } : {}),
  };
}
