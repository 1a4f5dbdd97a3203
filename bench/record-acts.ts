/**
 * Command benchmark: enforcement acts recorded one command at a time through the real
 * case-intake service (REST → decider → event store → outbox relay → Kafka → its own
 * consumer → act search read model). Reports acts accepted per second at a fixed
 * concurrency, acts per second until the read model holds them all, and the p50 / p99 time
 * from "command accepted" to "visible in search", sampled. Figures only: nothing asserts.
 *
 *   node --import tsx bench/record-acts.ts      (or: pnpm bench record-acts)
 */
import { pathToFileURL } from 'node:url';
import { MongoClient } from 'mongodb';
import { DevIssuer } from '@lesp/auth';
import { residentIdCheckChar } from '@lesp/core';
import type { BenchResult } from './run.js';
import { caseIntakeUnderTest } from './lib/stack.js';

const ACTS = Number(process.env['BENCH_RECORD_ACTS'] ?? 2000);
const CONCURRENCY = Number(process.env['BENCH_RECORD_CONCURRENCY'] ?? 8);
const SAMPLES = 50;
const COUNTY = '431103';

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export default async function recordActs(): Promise<BenchResult> {
  const stack = await caseIntakeUnderTest('record');
  const issuer = await DevIssuer.inFolder(stack.issuerDir);
  const token = await issuer.token({ subject: 'bench-supervisor', role: 'county_supervisor', countyCode: COUNTY });
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${stack.url}/api/v1/counties/${COUNTY}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  };
  const mongo = new MongoClient(stack.mongoUrl);
  await mongo.connect();
  try {
    const run = Date.now().toString(36);
    await post('/agencies', { agencyId: `b-${run}`, name: '基准测试局', creditCode: '11431103MB1A23456Q', kind: '行政机关' }).catch(
      () => undefined,
    );
    const idNumber = '43110319800101001' + residentIdCheckChar('43110319800101001');
    for (const officerId of [`bo1-${run}`, `bo2-${run}`]) {
      await post('/officers', {
        officerId,
        agencyId: `b-${run}`,
        name: '基准执法员',
        idNumber,
        certificateNumber: `BENCH-${officerId}`,
        certificateValidUntil: '2030-12-31T00:00:00+08:00',
        enforcementAreas: ['市场监管'],
      });
    }
    const opening = (n: number) => ({
      openedBy: 'filing',
      actId: `ba-${run}-${n}`,
      agencyId: `b-${run}`,
      category: 'penalty',
      caseNumber: `基准罚〔2026〕${run}-${n}号`,
      title: '基准测试案件',
      target: { kind: 'legal_person', name: '某公司', creditCode: '91350100M000100Y43', enterprise: true },
      officerIds: [`bo1-${run}`, `bo2-${run}`],
    });

    const acceptedAt = new Map<number, number>();
    const sampleEvery = Math.max(1, Math.floor(ACTS / SAMPLES));
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let n = next++; n < ACTS; n = next++) {
          await post('/acts', opening(n));
          if (n % sampleEvery === 0) acceptedAt.set(n, Date.now());
        }
      }),
    );
    const acceptedSeconds = (Date.now() - started) / 1000;

    // Sampled latency from accepted to visible: poll the sampled acts until each is in search.
    const latencies: number[] = [];
    const pending = new Set(acceptedAt.keys());
    const collection = async () => {
      const names = await mongo.db(stack.mongoDb).listCollections({}, { nameOnly: true }).toArray();
      return names.map((c) => c.name).filter((name) => name.startsWith('rm_acts'));
    };
    const deadline = Date.now() + 30 * 60_000;
    while (pending.size > 0 && Date.now() < deadline) {
      for (const name of await collection()) {
        const found = await mongo
          .db(stack.mongoDb)
          .collection(name)
          .find({ actId: { $in: [...pending].map((n) => `ba-${run}-${n}`) } }, { projection: { actId: 1 } })
          .toArray();
        for (const doc of found) {
          const n = Number(String(doc['actId']).split('-').at(-1));
          if (pending.delete(n)) latencies.push(Date.now() - acceptedAt.get(n)!);
        }
      }
      if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    let projected = 0;
    while (projected < ACTS && Date.now() < deadline) {
      projected = 0;
      for (const name of await collection())
        projected += await mongo
          .db(stack.mongoDb)
          .collection(name)
          .countDocuments({ actId: { $regex: `^ba-${run}-` } });
      if (projected < ACTS) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const visibleSeconds = (Date.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      name: 'record-acts',
      description:
        'Acts opened one REST command at a time through case intake; accepted rate, rate until all are in the act search read model, and sampled accepted → visible latency.',
      params: { acts: ACTS, concurrency: CONCURRENCY, samples: latencies.length },
      metrics: [
        { name: 'acts accepted per second', value: Math.round(ACTS / acceptedSeconds), unit: 'acts/s' },
        { name: 'acts visible in search per second (end to end)', value: Math.round(projected / visibleSeconds), unit: 'acts/s' },
        { name: 'accepted → visible p50', value: percentile(latencies, 50), unit: 'ms' },
        { name: 'accepted → visible p99', value: percentile(latencies, 99), unit: 'ms' },
      ],
    };
  } finally {
    await mongo.close();
    await stack.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await recordActs();
  for (const m of result.metrics) console.log(`${m.name}: ${m.value} ${m.unit}`);
  process.exit(0);
}
