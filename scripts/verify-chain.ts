/**
 * Verifies the hash chains of one county's event streams in a service database, and
 * optionally the log as it stood at the end of a day against that day's recorded digest.
 *
 *   node --import tsx scripts/verify-chain.ts --mongo-url mongodb://127.0.0.1:27027/ --db lesp_case_intake \
 *     --county 431103 [--digest-day 2026-11-24] [--collection event_commits]
 *   pnpm verify-chain --db lesp_case_intake --county 431103
 *
 * Exit code: 0 every chain intact (and the digest matches), 1 problems found, 2 could not
 * verify (bad arguments, no digest recorded for the day, database unreachable).
 */
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
// By path: the root package does not depend on @lesp/event-store (tsx runs its TypeScript as is).
import {
  MongoDigestLog,
  MongoEventStore,
  digestCutoff,
  verifyCounty,
  type ChainProblemKind,
  type ChainVerificationReport,
} from '../packages/event-store/src/index.js';

const USAGE =
  '用法 usage: node --import tsx scripts/verify-chain.ts --mongo-url URL --db DBNAME --county CODE [--digest-day YYYY-MM-DD] [--collection event_commits]';

const KIND_LABELS: Record<ChainProblemKind, string> = {
  altered: '篡改 altered',
  removed: '缺失 removed',
  inserted: '插入 inserted',
  reordered: '乱序 reordered',
  'digest-mismatch': '日摘要不符 digest mismatch',
};

class UsageError extends Error {}

function options() {
  const { values } = parseArgs({
    options: {
      'mongo-url': { type: 'string', default: process.env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27027/' },
      db: { type: 'string', ...(process.env['MONGO_DB'] ? { default: process.env['MONGO_DB'] } : {}) },
      county: { type: 'string' },
      'digest-day': { type: 'string' },
      collection: { type: 'string', default: 'event_commits' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!values.db) throw new UsageError('缺少 --db（服务数据库名） / --db (the service database) is required');
  if (!values.county || !/^\d{6}$/.test(values.county))
    throw new UsageError('--county 须为六位行政区划代码 / --county must be a six-digit county code');
  const day = values['digest-day'];
  if (day !== undefined) {
    try {
      digestCutoff(day);
    } catch {
      throw new UsageError(`--digest-day 须为日期 YYYY-MM-DD / --digest-day must be a day (YYYY-MM-DD), got "${day}"`);
    }
  }
  return { ...values, db: values.db, county: values.county };
}

function format(report: ChainVerificationReport, db: string): string {
  const lines = [
    `事件哈希链校验 Event hash-chain verification — 区县 county ${report.countyCode}, 数据库 database ${db}`,
    `  事件流 streams: ${report.streams}   事件 events: ${report.events}`,
  ];
  if (report.digest) {
    const { day, asOf, recorded, recomputed, matches } = report.digest;
    lines.push(
      `  日摘要 daily digest ${day ?? asOf.toISOString()} (截至 as of ${asOf.toISOString()}): ` +
        (matches
          ? `一致 matches (${recorded.streams} streams, ${recorded.events} events)`
          : `不一致 MISMATCH — 记录 recorded ${recorded.digest} (${recorded.streams} streams, ${recorded.events} events), ` +
            `重算 recomputed ${recomputed.digest} (${recomputed.streams} streams, ${recomputed.events} events)`),
    );
  }
  if (report.problems.length === 0) {
    lines.push('结论 Result: 完整，未发现篡改 — every chain is intact, nothing altered, removed or inserted.');
    return lines.join('\n');
  }
  lines.push(`结论 Result: 发现 ${report.problems.length} 个问题 — ${report.problems.length} problem(s) found:`);
  for (const problem of report.problems) {
    const where = problem.streamId ? `${problem.streamId} 版本 version ${problem.version}` : `区县 county ${report.countyCode}`;
    lines.push(`  [${KIND_LABELS[problem.kind]}] ${where}: ${problem.detail}`);
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const args = options();
  const client = new MongoClient(args['mongo-url'], { serverSelectionTimeoutMS: 10_000 });
  await client.connect();
  try {
    const db = client.db(args.db);
    const store = new MongoEventStore(db, undefined, args.collection);
    let againstDigest;
    const day = args['digest-day'];
    if (day) {
      againstDigest = await new MongoDigestLog(db).get(args.county, day);
      if (!againstDigest) {
        console.error(`${args.county} 在 ${day} 没有记录日摘要 / no digest recorded for county ${args.county} on ${day}`);
        return 2;
      }
    }
    const report = await verifyCounty(store, args.county, againstDigest ? { againstDigest } : {});
    console.log(format(report, args.db));
    return report.problems.length === 0 ? 0 : 1;
  } finally {
    await client.close();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
    console.error(`${error.message}\n${USAGE}`);
  } else {
    console.error('校验失败 verification failed:', error);
  }
  process.exitCode = 2;
}
