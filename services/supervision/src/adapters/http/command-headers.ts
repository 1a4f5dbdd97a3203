import type { FastifyRequest } from 'fastify';
import type { CommandOptions } from '../../application/aggregates.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,128}$/;

/** `If-Match: <version>` (the version the client last saw) and `Idempotency-Key` (its key for retries). */
export function commandOptionsOf(request: FastifyRequest): CommandOptions {
  const ifMatch = request.headers['if-match'];
  const version = typeof ifMatch === 'string' ? Number(ifMatch.replace(/"/g, '')) : NaN;
  const key = request.headers['idempotency-key'];
  return {
    ...(Number.isInteger(version) && version > 0 ? { expectedVersion: version } : {}),
    ...(typeof key === 'string' && IDEMPOTENCY_KEY.test(key) ? { idempotencyKey: key } : {}),
  };
}

export const acceptedSchema = {
  type: 'object',
  properties: {
    aggregateId: { type: 'string' },
    version: { type: 'integer' },
    eventIds: { type: 'array', items: { type: 'string' } },
    replayed: { type: 'boolean' },
  },
} as const;
