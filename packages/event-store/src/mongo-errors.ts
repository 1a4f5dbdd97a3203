import { MongoBulkWriteError, MongoServerError, type WriteError } from 'mongodb';

/** MongoDB's (and FerretDB's) code for a write refused on a taken unique key. */
export const DUPLICATE_KEY = 11000;

/** A write refused because its `_id` (or a unique key) is taken: the claim primitive every store here relies on. */
export function isDuplicateKeyError(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

/** The per-document errors of a bulk write (an unordered insertMany's refusals); none when it failed as a whole. */
export function writeErrorsOf(error: unknown): WriteError[] {
  return error instanceof MongoBulkWriteError ? [error.writeErrors].flat() : [];
}
