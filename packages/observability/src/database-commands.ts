import { metrics } from './metrics.js';

/**
 * What we read of a MongoClient made with `monitorCommands: true` (structurally, so this
 * package needs no database driver): the driver emits one started and one succeeded or failed
 * event per command, tied by `requestId`.
 */
export interface MonitoredDatabaseClient {
  on(event: 'commandStarted', listener: (event: CommandStarted) => void): unknown;
  on(event: 'commandSucceeded' | 'commandFailed', listener: (event: CommandEnded) => void): unknown;
}

interface CommandStarted {
  readonly requestId: number;
  readonly commandName: string;
  readonly command: Readonly<Record<string, unknown>>;
}

interface CommandEnded {
  readonly requestId: number;
  readonly commandName: string;
  /** Milliseconds, as the driver measured the round trip. */
  readonly duration: number;
}

/** Commands in flight for longer than any real one are forgotten past this many (a connection dropped without an event). */
const MAX_IN_FLIGHT = 10_000;

/**
 * Times every database command by command and collection (`lesp_db_command_duration_seconds`):
 * which read model or store a service's database time goes to, and how often each is asked. On
 * FerretDB every write of a database waits its turn, so this is where a slow projection shows
 * why. Collection names are the code's own (never a county or a person); a command on no
 * collection (ping, listDatabases) is counted under ''.
 */
export function observeDatabaseCommands(client: MonitoredDatabaseClient): void {
  const collectionOf = new Map<number, string>();
  client.on('commandStarted', (event) => {
    if (collectionOf.size >= MAX_IN_FLIGHT) collectionOf.clear();
    collectionOf.set(event.requestId, commandCollection(event));
  });
  const ended = (outcome: 'ok' | 'error') => (event: CommandEnded) => {
    const collection = collectionOf.get(event.requestId);
    if (collection === undefined) return;
    collectionOf.delete(event.requestId);
    metrics.dbCommandDuration.observe({ command: event.commandName, collection, outcome }, event.duration / 1000);
  };
  client.on('commandSucceeded', ended('ok'));
  client.on('commandFailed', ended('error'));
}

/** The collection a command names: its own field for most (`{ find: 'rm_acts' }`), `collection` for getMore. */
export function commandCollection(event: Pick<CommandStarted, 'commandName' | 'command'>): string {
  const named = event.commandName === 'getMore' ? event.command['collection'] : event.command[event.commandName];
  return typeof named === 'string' ? named : '';
}
