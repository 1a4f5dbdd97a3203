import type { FastifyRequest } from 'fastify';
import type { HandleOptions } from '@lesp/event-store';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,128}$/;

/** HTTP: `If-Match: <version>` (the version the client last saw) and `Idempotency-Key` (its key for retries). */
export function commandOptionsOf(request: FastifyRequest): HandleOptions {
  const ifMatch = request.headers['if-match'];
  const version = typeof ifMatch === 'string' ? Number(ifMatch.replace(/"/g, '')) : NaN;
  const key = request.headers['idempotency-key'];
  return {
    ...(Number.isInteger(version) && version > 0 ? { expectedVersion: version } : {}),
    ...(typeof key === 'string' && IDEMPOTENCY_KEY.test(key) ? { idempotencyKey: key } : {}),
  };
}

/** gRPC: a request's `CommandMeta` (expected version, 0 = any; idempotency key), absent members left out. */
export function optionsOfMeta(meta: { expectedVersion: number; idempotencyKey: string } | undefined): HandleOptions {
  return {
    ...(meta && meta.expectedVersion > 0 ? { expectedVersion: meta.expectedVersion } : {}),
    ...(meta?.idempotencyKey ? { idempotencyKey: meta.idempotencyKey } : {}),
  };
}
