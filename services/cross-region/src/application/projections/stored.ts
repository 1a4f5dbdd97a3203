/**
 * MongoDB keeps an absent member as null; the domain's optional fields are absent, never
 * null. Read-back state goes through this before the domain folds it.
 */
export function fromStored<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => fromStored(v)) as T;
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) if (v !== null && v !== undefined) out[key] = fromStored(v);
  return out as T;
}

/** Drops undefined members before a document is written. */
export function toStored<T>(value: T): T {
  return fromStored(value);
}
