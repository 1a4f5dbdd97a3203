/**
 * The services answer a command as soon as its events are stored; their read models follow a
 * moment later (Kafka, then a projection). A screen that re-read once right after a command
 * showed the old state, and on a loaded machine kept showing it. After a command, a screen reads
 * again until the change shows, then renders that fresh value.
 */
export async function readUntil<T>(
  read: () => Promise<T>,
  shows: (value: T) => boolean,
  { attempts = 30, intervalMs = 500 }: { attempts?: number; intervalMs?: number } = {},
): Promise<{ value: T; fresh: boolean }> {
  let value = await read();
  for (let i = 1; i < attempts && !shows(value); i++) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    value = await read();
  }
  return { value, fresh: shows(value) };
}
