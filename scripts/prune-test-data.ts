/**
 * Deletes from the local broker and database what earlier test runs and benchmarks left there:
 * topics and databases named as tests and benchmarks name theirs (RunLeftovers.shapedAsTestData),
 * never the platform's own. A test run now removes its own when it ends; this clears what runs
 * before that change, killed runs and benchmarks left. Do not run it while tests or benchmarks
 * run: it would take their topics away. Prints what it would delete unless given --yes.
 *
 *   pnpm prune:test-data [--yes]      (against KAFKA_BROKERS / MONGO_URL, else deploy/local)
 */
import { RunLeftovers, deleteTopicsAndDatabases } from '@lesp/test-infra/leftovers';

const kafkaBrokers = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:19092';
const mongoUrl = process.env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27027/';
const pick = (names: readonly string[]) => names.filter((name) => RunLeftovers.shapedAsTestData(name));

const dryRun = !process.argv.includes('--yes');
const found = await deleteTopicsAndDatabases({ kafkaBrokers, mongoUrl }, pick, { dryRun });
if (dryRun) {
  console.log(`would delete ${found.topics.length} topics and ${found.databases.length} databases (${kafkaBrokers}, ${mongoUrl}):`);
  for (const name of [...found.topics.slice(0, 20), ...found.databases.slice(0, 20)]) console.log(`  ${name}`);
  console.log('run again with --yes to delete them');
} else {
  console.log(`deleted ${found.topics.length} topics and ${found.databases.length} databases`);
}
if (found.errors.length > 0) {
  console.error(`not all: ${found.errors.join('; ')}`);
  process.exitCode = 1;
}
