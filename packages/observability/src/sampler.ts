/**
 * A figure that costs a round trip (Kafka offsets, a count in the database), fetched at most
 * once per `everyMs` and shared by concurrent scrapes. A failed or slow fetch gives
 * `undefined` (the series disappears for that scrape rather than showing a stale value).
 */
export interface ThrottledSample<T> {
  (): Promise<T | undefined>;
  /** Forgets the last figure (its source changed). */
  reset(): void;
}

export function sampleThrottled<T>(fetch: () => Promise<T>, everyMs: number, timeoutMs = 3000): ThrottledSample<T> {
  let last: { at: number; value: T | undefined } | undefined;
  let inFlight: Promise<T | undefined> | undefined;
  const sample = () => {
    const age = last ? Date.now() - last.at : Infinity;
    if (last && age >= 0 && age < everyMs) return Promise.resolve(last.value);
    inFlight ??= withTimeout(fetch(), timeoutMs)
      .catch(() => undefined)
      .then((value) => {
        last = { at: Date.now(), value };
        inFlight = undefined;
        return value;
      });
    return inFlight;
  };
  return Object.assign(sample, { reset: () => (last = undefined) });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
