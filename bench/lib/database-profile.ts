/**
 * Where each service's database time goes during a benchmark: the difference of its
 * `lesp_db_command_duration_seconds` between two scrapes of its /metrics, per collection and
 * command. On FerretDB every write of a database waits its turn, so this table says which read
 * model or store an end-to-end figure is waiting on.
 */
// The package by path, as event-store.ts does: the root lists only the packages its tools import by name.
import { parsePrometheusText } from '../../packages/observability/src/index.js';
import type { BenchTable } from '../run.js';

type Key = string;
interface Usage {
  readonly commands: number;
  readonly seconds: number;
}
export type DatabaseUsage = Map<Key, Usage>;

const keyOf = (collection: string, command: string): Key => `${collection}\u0000${command}`;

/** The service's database commands so far, by collection and command. */
export async function databaseUsage(serviceUrl: string): Promise<DatabaseUsage> {
  const response = await fetch(`${serviceUrl}/metrics`);
  if (!response.ok) throw new Error(`${serviceUrl}/metrics answered ${response.status}`);
  const usage: DatabaseUsage = new Map();
  for (const sample of parsePrometheusText(await response.text())) {
    const field =
      sample.name === 'lesp_db_command_duration_seconds_count'
        ? 'commands'
        : sample.name === 'lesp_db_command_duration_seconds_sum'
          ? 'seconds'
          : undefined;
    if (!field) continue;
    const key = keyOf(sample.labels['collection'] ?? '', sample.labels['command'] ?? '');
    const was = usage.get(key) ?? { commands: 0, seconds: 0 };
    usage.set(key, { ...was, [field]: was[field] + sample.value });
  }
  return usage;
}

/**
 * The busiest collection-and-command pairs of each service between two scrapes (most database
 * time first, `top` per service), with commands per unit of work (e.g. per act).
 */
export function databaseProfileTable(
  perService: readonly { readonly service: string; readonly before: DatabaseUsage; readonly after: DatabaseUsage }[],
  per: { readonly count: number; readonly unit: string },
  top = 6,
): BenchTable {
  const rows: (string | number)[][] = [];
  for (const { service, before, after } of perService) {
    const moved = [...after].map(([key, usage]) => {
      const was = before.get(key) ?? { commands: 0, seconds: 0 };
      const [collection, command] = key.split('\u0000') as [string, string];
      return { collection, command, commands: usage.commands - was.commands, seconds: usage.seconds - was.seconds };
    });
    const total = moved.reduce((sum, m) => sum + m.seconds, 0);
    const commands = moved.reduce((sum, m) => sum + m.commands, 0);
    rows.push([service, 'all', 'all', commands, (commands / per.count).toFixed(1), total.toFixed(1), '100 %']);
    for (const m of moved.sort((a, b) => b.seconds - a.seconds).slice(0, top)) {
      rows.push([
        '',
        m.collection || '–',
        m.command,
        m.commands,
        (m.commands / per.count).toFixed(1),
        m.seconds.toFixed(1),
        `${total > 0 ? Math.round((m.seconds / total) * 100) : 0} %`,
      ]);
    }
  }
  return {
    columns: [
      'service',
      'collection',
      'command',
      'commands',
      `per ${per.unit}`,
      'database time s (driver round trips)',
      'share of the service’s',
    ],
    rows,
  };
}
