import type { Logger } from './logger.js';

/**
 * Runs one idempotent start-up step (create indexes, create topics), trying again for a while
 * when it fails. Services start together with their peers and replicas: the database may be
 * busy with another process's writes, and a topic another process is creating may not have its
 * leaders yet. A step that still fails after the attempts fails the start, loudly.
 */
export async function retryStartupStep<T>(
  logger: Logger,
  step: string,
  run: () => Promise<T>,
  { attempts = 6, firstDelayMs = 250, maxDelayMs = 4_000 } = {},
): Promise<T> {
  let delay = firstDelayMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts) throw error;
      logger.warn({ step, attempt, err: error }, 'start-up step failed, trying again');
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, maxDelayMs);
    }
  }
}
