/**
 * Recomputes a county-day's digest (日摘要) of one service's event log and compares it with the
 * digest published for that day: by public disclosure's public API (`--public-url`), a root
 * kept elsewhere (`--expected`, e.g. copied from the portal into an archive), and the seal in
 * the service's own store. The events come from the service's store or from an export.
 *
 *   pnpm verify-digest --service case-intake --county 431103 --day 2026-11-24 \
 *     [--mongo-url mongodb://127.0.0.1:27027/] [--db lesp_case_intake] [--export day.jsonl] \
 *     [--public-url http://127.0.0.1:4104] [--expected <hex root>] [--write-export day.jsonl]
 *
 * Exit code: 0 the recomputed digest matches every digest compared with, 1 a mismatch (the
 * day's records were changed, removed or slipped in after sealing), 2 could not verify (bad
 * arguments, nothing to compare with, a source unreachable).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import type { EventRecord } from '@lesp/core';
import { dailyDigestEventCodec } from '@lesp/contracts';
// By path: the root package does not depend on @lesp/event-store (tsx runs its TypeScript as is).
import {
  DAILY_DIGEST_AGGREGATE,
  DailyDigestBuilder,
  MongoEventStore,
  dayWindow,
  readRecordedBetween,
  type DailyDigest,
} from '../packages/event-store/src/index.js';

// The services that seal their stores daily (public disclosure's SEALING_SERVICES).
const SERVICES = ['case-intake', 'supervision', 'cross-region', 'public-disclosure'];
const USAGE =
  '用法 usage: pnpm verify-digest --service case-intake|supervision|cross-region|public-disclosure --county CODE --day YYYY-MM-DD ' +
  '[--mongo-url URL] [--db DBNAME] [--export FILE.jsonl] [--public-url URL] [--expected HEX] [--write-export FILE.jsonl]';

class UsageError extends Error {}

function options() {
  const { values } = parseArgs({
    options: {
      service: { type: 'string' },
      county: { type: 'string' },
      day: { type: 'string' },
      'mongo-url': { type: 'string', default: process.env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27027/' },
      db: { type: 'string' },
      export: { type: 'string' },
      'public-url': { type: 'string' },
      expected: { type: 'string' },
      'write-export': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const { service, county, day } = values;
  if (!service || !SERVICES.includes(service))
    throw new UsageError(`--service 须为 ${SERVICES.join(' / ')} / --service must be one of them`);
  if (!county || !/^[1-8]\d{5}$/.test(county))
    throw new UsageError('--county 须为六位行政区划代码 / --county must be a six-digit county code');
  try {
    dayWindow(day ?? '');
  } catch {
    throw new UsageError(`--day 须为日期 YYYY-MM-DD / --day must be a day (YYYY-MM-DD), got "${day ?? ''}"`);
  }
  if (values.expected !== undefined && !/^[0-9a-f]{64}$/.test(values.expected))
    throw new UsageError('--expected 须为 64 位十六进制摘要值 / --expected must be a 64-digit hex root');
  return { ...values, service, county, day: day!, db: values.db ?? `lesp_${service.replace(/-/g, '_')}` };
}

/** One event per line, as the store holds it (payload base64): what `--write-export` writes and `--export` reads. */
function exportLine(r: EventRecord): string {
  return JSON.stringify({
    ...r,
    occurredAt: r.occurredAt.toISOString(),
    recordedAt: r.recordedAt.toISOString(),
    payload: Buffer.from(r.payload).toString('base64'),
  });
}

function fromExportLine(line: string): EventRecord {
  const r = JSON.parse(line) as Record<string, unknown> & EventRecord;
  return {
    ...r,
    occurredAt: new Date(String(r['occurredAt'])),
    recordedAt: new Date(String(r['recordedAt'])),
    payload: Buffer.from(String(r['payload']), 'base64'),
  };
}

interface Published {
  readonly where: string;
  readonly eventCount?: number;
  readonly merkleRoot: string;
}

async function fromPublicApi(url: string, service: string, county: string, day: string): Promise<Published | undefined> {
  const query = new URLSearchParams({ service, from: day, to: day });
  const response = await fetch(`${url.replace(/\/$/, '')}/api/v1/public/counties/${county}/daily-digests?${query.toString()}`);
  if (!response.ok) throw new Error(`public API answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { digests: { service: string; day: string; eventCount: number; merkleRoot: string }[] };
  const found = body.digests.find((d) => d.service === service && d.day === day);
  return found && { where: `公示平台 public API (${url})`, eventCount: found.eventCount, merkleRoot: found.merkleRoot };
}

async function main(): Promise<number> {
  const args = options();
  const { from, to } = dayWindow(args.day);
  const builder = new DailyDigestBuilder(args.county, args.day);
  const events: EventRecord[] = [];
  const published: Published[] = [];
  let client: MongoClient | undefined;
  try {
    if (args.export) {
      const lines = (await readFile(args.export, 'utf8')).split('\n').filter((l) => l.trim() !== '');
      const records = lines.map(fromExportLine).filter((r) => builder.covers(r));
      records.sort(
        (a, b) =>
          a.recordedAt.getTime() - b.recordedAt.getTime() ||
          (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : a.version - b.version),
      );
      for (const record of records) {
        builder.add(record);
        events.push(record);
      }
    } else {
      client = new MongoClient(args['mongo-url'], { serverSelectionTimeoutMS: 10_000 });
      await client.connect();
      const store = new MongoEventStore(client.db(args.db));
      for await (const record of readRecordedBetween(store, { from, to, countyCode: args.county })) {
        builder.add(record);
        events.push(record);
      }
      const [seal] = await store.readStream(args.county, DAILY_DIGEST_AGGREGATE, args.day);
      if (seal && dailyDigestEventCodec.handles(seal.eventType)) {
        const { data } = dailyDigestEventCodec.decode(seal.eventType, seal.schemaVersion, seal.payload);
        published.push({
          where: `服务自身的封存记录 the service's own seal (${args.db})`,
          eventCount: data.eventCount,
          merkleRoot: data.merkleRoot,
        });
      }
    }
    if (args['public-url']) {
      const fromApi = await fromPublicApi(args['public-url'], args.service, args.county, args.day);
      if (!fromApi) {
        console.error(`公示平台没有 ${args.service}/${args.county}/${args.day} 的日摘要 / no digest published for it yet`);
        return 2;
      }
      published.push(fromApi);
    }
    if (args.expected) published.push({ where: '--expected', merkleRoot: args.expected });
    if (args['write-export']) await writeFile(args['write-export'], events.map(exportLine).join('\n') + '\n');
  } finally {
    await client?.close();
  }
  const digest = builder.result();
  console.log(report(args, digest, published));
  if (published.length === 0) return 2;
  return published.every((p) => p.merkleRoot === digest.merkleRoot) ? 0 : 1;
}

function report(args: { service: string; county: string; day: string }, digest: DailyDigest, published: readonly Published[]): string {
  const lines = [
    `日摘要核验 Daily digest verification — ${args.service} / 区县 county ${args.county} / ${args.day}（入库日期，北京时间 recorded day, China time）`,
    `  重算 recomputed: ${digest.eventCount} 条 events, 默克尔树根 root ${digest.merkleRoot}`,
  ];
  if (published.length === 0) lines.push('结论 Result: 无可比对的已公布摘要 — nothing to compare with (give --public-url or --expected).');
  for (const p of published) {
    const same = p.merkleRoot === digest.merkleRoot;
    lines.push(`  ${same ? '一致 matches' : '不一致 MISMATCH'} — ${p.where}: ${p.eventCount ?? '?'} 条 events, root ${p.merkleRoot}`);
  }
  if (digest.storedHashMismatches.length > 0) {
    lines.push(
      `  内容与存储哈希不符的记录 events whose content no longer matches their stored hash (altered): ${digest.storedHashMismatches.join(', ')}`,
    );
  }
  if (published.length > 0) {
    lines.push(
      published.every((p) => p.merkleRoot === digest.merkleRoot)
        ? '结论 Result: 一致，该日记录自封存以来未被改动 — the day’s records are as sealed.'
        : '结论 Result: 不一致，该日记录在封存后被修改、删除或补插 — the day’s records changed after sealing (run pnpm verify-chain to locate it).',
    );
  }
  return lines.join('\n');
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
    console.error(`${error.message}\n${USAGE}`);
  } else {
    console.error('核验失败 verification failed:', error);
  }
  process.exitCode = 2;
}
