import { describe, expect, it } from 'vitest';
import { asPlatformError, httpStatusOf } from '../src/index.js';

const named = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`${name} happened`), { name }, extra);

describe('errors of an unreachable database or broker', () => {
  it('answer 503 (try again), not 500, also when wrapped as a bulk write error or a cause', () => {
    expect(httpStatusOf(named('MongoServerSelectionError'))).toBe(503);
    expect(httpStatusOf(named('KafkaJSConnectionError'))).toBe(503);
    // The driver's bulk write error carries the network error as its response (seen during a database restart).
    expect(httpStatusOf(named('MongoBulkWriteError', { errorResponse: named('MongoServerSelectionError') }))).toBe(503);
    expect(asPlatformError(named('Error', { cause: named('MongoNetworkError') }))).toMatchObject({
      kind: 'unavailable',
      code: 'UNAVAILABLE',
    });
  });

  it('leave every other error internal', () => {
    expect(httpStatusOf(new TypeError('x is undefined'))).toBe(500);
    expect(httpStatusOf(named('MongoBulkWriteError', { errorResponse: { code: 11000 } }))).toBe(500);
    expect(httpStatusOf('a string')).toBe(500);
  });
});
