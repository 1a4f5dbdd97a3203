import { appendFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';

/**
 * What an integration run leaves on the broker and the database: every test names its topics,
 * consumer groups and databases with a suffix of its own (`uniqueSuffix`), and services under
 * test create their topics as they start. Left there, a developer's local broker grew to
 * thousands of topics (8 GB) and needed minutes to load them at each start.
 *
 * Each suffix a run hands out is written to the run's ledger (one line each, appended from any
 * worker process); at the end of the run, the topics and databases whose names contain one of
 * them are deleted. Only this run's names are touched: another run on the same broker (a second
 * terminal, a clean-clone CI beside a developer's tests) has suffixes of its own, and the
 * platform's own topics (`lesp.*`) and a benchmark's carry none.
 */
export class RunLeftovers {
  constructor(readonly ledgerFile: string) {}

  /** A new, empty ledger for a run. */
  static start(ledgerFile: string): RunLeftovers {
    mkdirSync(dirname(ledgerFile), { recursive: true });
    rmSync(ledgerFile, { force: true });
    return new RunLeftovers(ledgerFile);
  }

  /** Records a suffix handed out in this run (any process of the run). */
  static record(ledgerFile: string, suffix: string): void {
    appendFileSync(ledgerFile, `${suffix}\n`);
  }

  suffixes(): Set<string> {
    try {
      return new Set(readFileSync(this.ledgerFile, 'utf8').split('\n').filter(Boolean));
    } catch {
      return new Set();
    }
  }

  /** Names among `names` that carry one of the run's suffixes as a whole word of the name. */
  static ofRun(names: readonly string[], suffixes: ReadonlySet<string>): string[] {
    if (suffixes.size === 0) return [];
    return names.filter((name) => name.split(/[^0-9a-f]+/).some((part) => suffixes.has(part)));
  }

  /**
   * Names shaped as tests and benchmarks name what they create, for clearing what runs before
   * the ledger (or killed runs) left: `<label>-<8 hex>.…` topics and `…_<8 hex>[_…]` databases
   * of tests, `bench-…` topics and `bench_…` databases of benchmarks. The platform's own
   * (`lesp.…`, `lesp_…`) never match.
   */
  static shapedAsTestData(name: string): boolean {
    return /^[a-z][a-z0-9-]*-[0-9a-f]{8}\./.test(name) || /^[a-z][a-z0-9_]*_[0-9a-f]{8}(_[a-z_]+)?$/.test(name) || /^bench[-_]/.test(name);
  }

  /** Deletes the run's topics and databases; returns how many of each. */
  async sweep(infra: Infra): Promise<SweepOutcome> {
    const suffixes = this.suffixes();
    if (suffixes.size === 0) return { topics: [], databases: [], errors: [] };
    const swept = await deleteTopicsAndDatabases(infra, (names) => RunLeftovers.ofRun(names, suffixes));
    rmSync(this.ledgerFile, { force: true });
    return swept;
  }
}

type Infra = { readonly kafkaBrokers: string; readonly mongoUrl: string };
export interface SweepOutcome {
  /** The topics and databases deleted (with `dryRun`: those that would be). */
  readonly topics: string[];
  readonly databases: string[];
  readonly errors: string[];
}

/**
 * Deletes the topics and databases `pick` chooses among those listed (`dryRun`: only names
 * them). Best effort: a cleanup that fails must not fail a test run, so errors are reported,
 * not thrown.
 */
export async function deleteTopicsAndDatabases(
  infra: Infra,
  pick: (names: readonly string[]) => string[],
  { dryRun = false } = {},
): Promise<SweepOutcome> {
  const errors: string[] = [];
  const topics: string[] = [];
  const databases: string[] = [];
  const admin = new Kafka({ clientId: 'lesp-test-sweep', brokers: infra.kafkaBrokers.split(','), logLevel: logLevel.NOTHING }).admin();
  try {
    await admin.connect();
    const doomed = pick(await admin.listTopics());
    // In slices: one request naming thousands of topics outlasts the admin client's timeout.
    for (let i = 0; i < doomed.length; i += 100) {
      const slice = doomed.slice(i, i + 100);
      if (!dryRun) await admin.deleteTopics({ topics: slice, timeout: 30_000 });
      topics.push(...slice);
    }
  } catch (error) {
    errors.push(`topics: ${(error as Error).message}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  const mongo = new MongoClient(infra.mongoUrl, { serverSelectionTimeoutMS: 10_000 });
  try {
    await mongo.connect();
    const { databases: listed } = await mongo.db('admin').admin().listDatabases({ nameOnly: true });
    for (const name of pick(listed.map((d) => d.name))) {
      if (!dryRun) await mongo.db(name).dropDatabase();
      databases.push(name);
    }
  } catch (error) {
    errors.push(`databases: ${(error as Error).message}`);
  } finally {
    await mongo.close().catch(() => undefined);
  }
  return { topics, databases, errors };
}
