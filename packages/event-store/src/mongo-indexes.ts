import type { Collection, Document, IndexDescription } from 'mongodb';

/**
 * Creates the indexes that are missing, one at a time. FerretDB v1 closes the connection
 * (a server-side panic) when one `createIndexes` command names several indexes that
 * already exist, which is what every service restart would do; creating only what is
 * missing is correct on real MongoDB too.
 */
export async function ensureIndexes<Doc extends Document>(collection: Collection<Doc>, specs: readonly IndexDescription[]): Promise<void> {
  const existing = await collection
    .listIndexes()
    .toArray()
    .catch((error: unknown) => {
      if (error instanceof Error && /ns does not exist|NamespaceNotFound/i.test(error.message)) return [];
      throw error;
    });
  const names = new Set(existing.map((index) => String(index['name'])));
  for (const spec of specs) {
    if (spec.name && names.has(spec.name)) continue;
    const { key, ...options } = spec;
    // An absent option must be absent, not null: FerretDB rejects `unique: null`.
    const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
    await collection.createIndex(key, defined);
  }
}
