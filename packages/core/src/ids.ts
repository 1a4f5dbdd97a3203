import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';

/** Time-ordered ids (UUIDv7): index-friendly and sortable by creation. */
export function newId(): string {
  return uuidv7();
}

/** Fixed namespace for ids derived from idempotency keys (UUIDv5). */
const IDEMPOTENCY_NAMESPACE = '6f1d5a2e-2b7c-4c43-9a2e-4f0d9c1b7e55';

/**
 * The id of an aggregate a keyed command creates: the same county and key always give the
 * same id, so a retried creation collides with the first instead of creating a twin.
 */
export function idFromIdempotencyKey(countyCode: string, idempotencyKey: string): string {
  return uuidv5(`${countyCode}/${idempotencyKey}`, IDEMPOTENCY_NAMESPACE);
}
