/**
 * Deletes from the local broker and database what earlier test runs and benchmarks left there:
 * topics and databases named as tests and benchmarks name theirs (RunLeftovers.shapedAsTestData),
 * never the platform's own. A test run now removes its own when it ends; this clears what runs
 * before that change, killed runs and benchmarks left. Do not run it while tests or benchmarks
 * run: it would take their topics away. Prints what it would delete unless given --yes.
 *
 *   pnpm prune:test-data [--yes]      (against KAFKA_BROKERS / MONGO_URL, else deploy/local)
 */
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { RunLeftovers, deleteTopicsAndDatabases } from '@lesp/test-infra/leftovers';

const kafkaBrokers = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:19092';
const mongoUrl = process.env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27027/';
const pick = (names: readonly string[]) => names.filter((name) => RunLeftovers.shapedAsTestData(name));

if (process.argv.includes('--yes')) {
  const swept = await deleteTopicsAndDatabases({ kafkaBrokers, mongoUrl }, pick);
  console.log(`deleted ${swept.topics} topics and ${swept.databases} databases`);
  if (swept.errors.length > 0) {
    console.error(`not all: ${swept.errors.join('; ')}`);
    process.exitCode = 1;
  }
} else {
  const admin = new Kafka({ clientId: 'lesp-prune', brokers: kafkaBrokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const topics = pick(await admin.listTopics());
  await admin.disconnect();
  const mongo = new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 10_000 });
  await mongo.connect();
  const databases = pick((await mongo.db('admin').admin().listDatabases({ nameOnly: true })).databases.map((d) => d.name));
  await mongo.close();
  console.log(`would delete ${topics.length} topics and ${databases.length} databases (${kafkaBrokers}, ${mongoUrl}):`);
  for (const name of [...topics.slice(0, 20), ...databases.slice(0, 20)]) console.log(`  ${name}`);
  console.log('run again with --yes to delete them');
}
