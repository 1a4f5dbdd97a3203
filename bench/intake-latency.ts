/**
 * End to end through the four services, each its own process (case intake, supervision,
 * cross-region, public disclosure), on the local infrastructure:
 *   1. sustainable intake: acts opened over REST at a concurrency of 8, the accepted rate and the
 *      rate until every consuming service's read model holds them all; the lower is sustainable;
 *   2. latency: acts opened at half that rate, open loop, for BENCH_LATENCY_SECONDS; for a sample
 *      of them the time from the command's 201 to the act's document appearing in case intake's
 *      act search, supervision's act summaries, cross-region's shared acts and public disclosure's
 *      act process (each looked up by _id), p50 and p99 per read model and to the last of them;
 *   3. resident memory: the highest VmRSS of each service process through both phases.
 * Targets (issue 9): p99 to every read model < 1 s at half the sustainable rate; each service < 300 MB.
 *
 *   node --import tsx bench/intake-latency.ts      (or: pnpm bench intake-latency)
 */
import { pathToFileURL } from 'node:url';
import { MongoClient } from 'mongodb';
import type { BenchResult } from './run.js';
import { residentMemoryMetric } from './lib/deployment-env.js';
import { databaseProcess } from './lib/sampler.js';
import { BenchStack, cpuSeconds, peakResidentMemory, percentile, type BenchService } from './lib/services.js';

const COUNTY = '431103';
const SUSTAINED_ACTS = Number(process.env['BENCH_LATENCY_BURST_ACTS'] ?? 400);
const LATENCY_SECONDS = Number(process.env['BENCH_LATENCY_SECONDS'] ?? 30);
const SAMPLE_EVERY = Number(process.env['BENCH_LATENCY_SAMPLE_EVERY'] ?? 2);

/** Where each consuming service keeps an act, and the document's _id. */
const READ_MODELS: readonly { service: BenchService; projection: string; label: string; id: (actId: string) => string }[] = [
  {
    service: 'case-intake',
    projection: 'case-intake.act-search',
    label: 'case intake rm_acts',
    id: (a) => `${COUNTY}/EnforcementAct/${a}`,
  },
  { service: 'supervision', projection: 'supervision.act-summaries', label: 'supervision rm_act_summaries', id: (a) => `${COUNTY}/${a}` },
  { service: 'cross-region', projection: 'cross-region.shared-acts', label: 'cross-region rm_shared_acts', id: (a) => `${COUNTY}/${a}` },
  {
    service: 'public-disclosure',
    projection: 'public-disclosure.act-disclosure-process',
    label: 'public disclosure rm_disclosure_acts',
    id: (a) => `${COUNTY}/EnforcementAct/${a}`,
  },
];

export default async function intakeLatency(): Promise<BenchResult> {
  const stack = new BenchStack(`lat-${Date.now().toString(36)}`, { KAFKA_PARTITIONS: '6', TIMER_POLL_MS: '1000' });
  const mongo = new MongoClient(stack.infra.mongoUrl);
  await mongo.connect();
  try {
    const processes = await Promise.all(READ_MODELS.map((m) => stack.start(m.service)));
    const caseIntake = processes[0]!;
    const memory = peakResidentMemory(processes);
    const issuer = await stack.issuer();
    const token = await issuer.token({ subject: 'bench-supervisor', role: 'county_supervisor', countyCode: COUNTY });
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${caseIntake.url}/api/v1/counties/${COUNTY}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status >= 300) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    };
    await post('/agencies', { agencyId: 'bench-agency', name: '基准测试局', creditCode: '11431103MB1A23456Q', kind: '行政机关' });
    for (const officerId of ['bo1', 'bo2'])
      await post('/officers', {
        officerId,
        agencyId: 'bench-agency',
        name: '基准执法员',
        idNumber: '431103198512310021',
        certificateNumber: `BENCH-${officerId}`,
        certificateValidUntil: '2030-12-31T00:00:00+08:00',
        enforcementAreas: ['市场监管'],
      });
    const open = (actId: string) =>
      post('/acts', {
        openedBy: 'filing',
        actId,
        agencyId: 'bench-agency',
        category: 'penalty',
        caseNumber: `基准罚〔2026〕${actId}号`,
        title: '基准测试案件',
        target: { kind: 'legal_person', name: '某公司', creditCode: '91350100M000100Y43', enterprise: true },
        officerIds: ['bo1', 'bo2'],
      });

    const collections = await Promise.all(
      READ_MODELS.map(async (m) => {
        const db = mongo.db(stack.database(m.service));
        const checkpoint = await db.collection<{ _id: string; active: string }>('projection_checkpoints').findOne({ _id: m.projection });
        return db.collection<{ _id: string }>(checkpoint!.active);
      }),
    );
    /** Looks the pending acts up by _id in each read model; returns when each was first seen. */
    const watch = (pending: Map<string, number>[], seen: Map<string, number>[]) => {
      let stopped: number | undefined;
      const loop = (async () => {
        while (stopped === undefined || pending.some((p) => p.size > 0)) {
          if (stopped !== undefined && Date.now() - stopped > 10 * 60_000)
            throw new Error(
              `acts still not in the read models 10 minutes after the last command: ${pending.map((p) => p.size).join(', ')}`,
            );
          await Promise.all(
            READ_MODELS.map(async (m, i) => {
              const ids = [...pending[i]!.keys()];
              for (let k = 0; k < ids.length; k += 25) {
                const found = await Promise.all(
                  ids.slice(k, k + 25).map((actId) => collections[i]!.findOne({ _id: m.id(actId) }, { projection: { _id: 1 } })),
                );
                const now = Date.now();
                found.forEach((doc, j) => {
                  if (!doc) return;
                  const actId = ids[k + j]!;
                  seen[i]!.set(actId, now - pending[i]!.get(actId)!);
                  pending[i]!.delete(actId);
                });
              }
            }),
          );
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      return { finish: () => ((stopped = Date.now()), loop) };
    };

    // 1. Sustainable intake: a closed loop at concurrency 8, then until every read model has every act.
    const run = Date.now().toString(36);
    const burstIds = Array.from({ length: SUSTAINED_ACTS }, (_, n) => `s-${run}-${n}`);
    const burstPending = READ_MODELS.map(() => new Map<string, number>());
    const burstSeen = READ_MODELS.map(() => new Map<string, number>());
    const burstWatch = watch(burstPending, burstSeen);
    // Who is busy while intake runs at its sustainable rate: each service, and the database server.
    const database = databaseProcess(stack.infra.mongoUrl).pid;
    const cpuPids = [
      ...processes.map((p) => ({ name: p.name as string, pid: p.pid })),
      ...(database ? [{ name: 'database server', pid: database }] : []),
    ];
    const cpuBefore = cpuPids.map((p) => cpuSeconds(p.pid) ?? NaN);
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let n = next++; n < burstIds.length; n = next++) {
          await open(burstIds[n]!);
          // Only the last tenth is watched: the time all are in is what counts here.
          if (n >= burstIds.length * 0.9) for (const p of burstPending) p.set(burstIds[n]!, Date.now());
        }
      }),
    );
    const acceptedSeconds = (Date.now() - started) / 1000;
    await burstWatch.finish();
    const visibleSeconds = (Date.now() - started) / 1000;
    const cpuShares = cpuPids.map((p, i) => ({
      name: p.name,
      percent: Math.round((((cpuSeconds(p.pid) ?? NaN) - cpuBefore[i]!) / visibleSeconds) * 100),
    }));
    const acceptedRate = SUSTAINED_ACTS / acceptedSeconds;
    const endToEndRate = SUSTAINED_ACTS / visibleSeconds;
    const sustainable = Math.min(acceptedRate, endToEndRate);

    // 2. Half that rate, open loop: a command every 1/rate s whatever the answers.
    const rate = sustainable / 2;
    const count = Math.max(20, Math.round(rate * LATENCY_SECONDS));
    const pending = READ_MODELS.map(() => new Map<string, number>());
    const seen = READ_MODELS.map(() => new Map<string, number>());
    const latencyWatch = watch(pending, seen);
    const sends: Promise<void>[] = [];
    const openLoopStarted = Date.now();
    for (let n = 0; n < count; n++) {
      const due = openLoopStarted + (n * 1000) / rate;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      const actId = `l-${run}-${n}`;
      sends.push(
        open(actId).then(() => {
          if (n % SAMPLE_EVERY === 0) for (const p of pending) p.set(actId, Date.now());
        }),
      );
    }
    await Promise.all(sends);
    const offeredSeconds = (Date.now() - openLoopStarted) / 1000;
    await latencyWatch.finish();
    const peaks = memory.stop();

    const sorted = seen.map((s) => [...s.values()].sort((a, b) => a - b));
    const toAll = [...seen[0]!.keys()].map((actId) => Math.max(...seen.map((s) => s.get(actId) ?? Infinity))).sort((a, b) => a - b);
    const p99All = percentile(toAll, 99);
    return {
      name: 'intake-latency',
      description:
        'Acts opened over REST in case intake while supervision, cross-region and public disclosure consume (four processes): the sustainable intake rate (closed loop, concurrency 8, until every read model holds every act), then acts at half that rate, open loop, and the time from the 201 to the act in each read model (sampled, looked up by _id); the highest resident memory (VmRSS) of each service process through both.',
      params: {
        broker: stack.infra.kafkaBrokers,
        database: stack.infra.mongoUrl,
        burstActs: SUSTAINED_ACTS,
        latencySeconds: LATENCY_SECONDS,
        latencyActs: count,
        sampledActs: toAll.length,
        partitions: 6,
      },
      metrics: [
        { name: 'acts accepted per second (concurrency 8)', value: Math.round(acceptedRate), unit: 'acts/s' },
        { name: 'acts in every read model per second (end to end, sustainable)', value: Math.round(endToEndRate), unit: 'acts/s' },
        ...cpuShares.map((c) => ({ name: `${c.name} CPU while sustained (100 = one core)`, value: c.percent, unit: '%' })),
        { name: 'offered rate (half the sustainable)', value: Number((count / offeredSeconds).toFixed(1)), unit: 'acts/s' },
        ...READ_MODELS.flatMap((m, i) => [
          { name: `accepted → ${m.label} p50`, value: percentile(sorted[i]!, 50), unit: 'ms' },
          { name: `accepted → ${m.label} p99`, value: percentile(sorted[i]!, 99), unit: 'ms' },
        ]),
        { name: 'accepted → every read model p50', value: percentile(toAll, 50), unit: 'ms' },
        { name: 'accepted → every read model p99', value: p99All, unit: 'ms', target: '< 1000 ms', met: p99All < 1000 },
        ...processes.map((p) => residentMemoryMetric(p.name, peaks.get(p))),
      ],
    };
  } finally {
    await stack.stop();
    for (const m of READ_MODELS)
      await mongo
        .db(stack.database(m.service))
        .dropDatabase()
        .catch(() => undefined);
    await mongo.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await intakeLatency();
  for (const m of result.metrics) console.log(`${m.name}: ${m.value} ${m.unit}${'met' in m ? ` (${m.met ? 'met' : 'missed'})` : ''}`);
  process.exit(0);
}
