/**
 * A demo year imported and projected everywhere (issue 9: a county-year, about 370,000 acts,
 * within 15 minutes). The four services run as processes of their own (BenchStack: fresh
 * databases, own topic prefix); the demo roster is seeded into case intake and a generated demo
 * year of BENCH_EVERYWHERE_ACTS acts (default 20,000) goes through its import API. Timed from
 * the upload: the import job completed (every row stored); for each service, when its consumer
 * group's committed offsets are at the end of every topic it reads with nothing left in the
 * outboxes of the services writing them; and "projected everywhere": every group at the end and
 * every outbox empty, seen twice in a row (events the consumers append themselves, such as
 * supervision's alerts and public disclosure's publications, count). The wait is bounded
 * (BENCH_EVERYWHERE_TIMEOUT_S, default 3600; and BENCH_EVERYWHERE_STALL_S, default 600, for
 * services behind that commit nothing); past it the figures so far are reported.
 * Figures only: nothing here asserts a timing.
 *
 *   node --import tsx bench/import-everywhere.ts      (or: pnpm bench import-everywhere)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { startImport, waitForImport, type ImportJobView } from '../scripts/import-client.js';
import type { BenchMetric, BenchResult } from './run.js';
import { CatchUpProbe, LOOK_EVERY_MS, settle, watch } from './lib/catch-up.js';
import { COUNTY_YEAR_ACTS, importToken, seedDemoRoster, writeDemoYear } from './lib/demo-import.js';
import { databaseProcess } from './lib/sampler.js';
import { residentMemoryMetric } from './lib/deployment-env.js';
import { databaseProfileTable, databaseUsage, type DatabaseUsage } from './lib/database-profile.js';
import { BenchStack, cpuSeconds, peakResidentMemory, type BenchService } from './lib/services.js';

const SERVICES: readonly BenchService[] = ['case-intake', 'supervision', 'public-disclosure', 'cross-region'];
const TARGET_MINUTES = 15;
const PARTITIONS = 4;

const load1 = () => Number(loadavg()[0]!.toFixed(2));
/** The promise's outcome, or nothing after `ms` (failures ignored): for cleanup that must not hang. */
const within = (ms: number, work: Promise<unknown>) =>
  Promise.race([work.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, ms))]);

export default async function importEverywhere(): Promise<BenchResult> {
  const acts = Number(process.env['BENCH_EVERYWHERE_ACTS'] ?? 20_000);
  const timeoutMs = Number(process.env['BENCH_EVERYWHERE_TIMEOUT_S'] ?? 3600) * 1000;
  const stallMs = Number(process.env['BENCH_EVERYWHERE_STALL_S'] ?? 600) * 1000;
  const countyCode = process.env['BENCH_COUNTY'] ?? '431103';
  const stack = new BenchStack(`every-${Date.now().toString(36)}`, { KAFKA_PARTITIONS: String(PARTITIONS) });
  const kafka = new Kafka({ clientId: `${stack.prefix}-bench`, brokers: stack.infra.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const mongo = new MongoClient(stack.infra.mongoUrl);
  const dir = mkdtempSync(join(tmpdir(), 'lesp-bench-everywhere-'));
  await admin.connect();
  await mongo.connect();
  try {
    const processes = await Promise.all(SERVICES.map((service) => stack.start(service)));
    const probe = new CatchUpProbe(stack, admin, mongo, SERVICES);
    await probe.waitForAssignments(120_000);
    const caseIntake = processes[0]!;
    seedDemoRoster(caseIntake.url, stack.issuerDir);
    const token = await importToken(stack.issuerDir, countyCode);
    const file = join(dir, 'acts.csv');
    const generated = await writeDemoYear(file, { acts, countyCode });
    // The roster's events go everywhere first, so the clock starts on a quiet stack.
    await settle(probe, 300_000);

    const database = databaseProcess(stack.infra.mongoUrl);
    const measured = [...processes, ...(database.pid ? [{ name: 'database', pid: database.pid }] : [])];
    const cpuAtStart = new Map(measured.map((p) => [p.name, cpuSeconds(p.pid) ?? 0]));
    const usageAtStart = await Promise.all(processes.map((p) => databaseUsage(p.url)));
    const memory = peakResidentMemory(processes, 1000);
    const loadAtStart = load1();
    const started = Date.now();
    const notes: string[] = [];

    // The watch looks from the upload on, so each service's catching up is seen when it happens.
    let storedAt: number | undefined;
    const importEnded: { at?: number } = {};
    const watching = watch(probe, { started, deadline: started + timeoutMs, stallMs, stored: () => importEnded.at });
    let done: ImportJobView | undefined;
    try {
      const job = await startImport(caseIntake.url, countyCode, token, file);
      done = await waitForImport(caseIntake.url, countyCode, token, job.jobId, { intervalMs: 500, timeoutMs });
      if (done.status === 'completed') storedAt = Date.now();
      else notes.push(`The import ended ${done.status}: ${done.error?.code ?? ''} ${done.error?.message ?? ''}.`);
    } catch (error) {
      notes.push(`The import did not complete: ${(error as Error).message}.`);
    }
    importEnded.at = Date.now();
    const loadAtStored = load1();
    const watched = await watching;
    const endedAt = Date.now();
    const peaks = memory.stop();
    const usageAtEnd = await Promise.all(processes.map((p) => databaseUsage(p.url).catch(() => new Map() as DatabaseUsage)));
    const loadAtEnd = load1();
    const cpu = new Map(measured.map((p) => [p.name, Number(((cpuSeconds(p.pid) ?? 0) - (cpuAtStart.get(p.name) ?? 0)).toFixed(1))]));
    const deadLetters = await probe.deadLetters().catch(() => new Map<BenchService, number>());
    const groups = await probe.groups().catch(() => new Map<BenchService, string>());

    const imported = done?.imported ?? 0;
    const seconds = (at: number | undefined) => (at === undefined ? undefined : Number(((at - started) / 1000).toFixed(1)));
    // A failed import's rows are projected too, but that is not the figure asked for.
    const everywhere = storedAt === undefined ? undefined : seconds(watched.everywhereAt);
    const last = watched.last;
    if (everywhere === undefined && storedAt !== undefined) {
      const behind = SERVICES.filter((s) => !last?.services.get(s)?.caughtUp)
        .map((s) => {
          const seen = last?.services.get(s);
          const still = watched.stalled?.get(s);
          return `${s} (lag ${seen?.lag ?? '?'} messages, outbox ${seen?.outbox ?? 'no answer'}${still === undefined ? '' : `, its group has committed nothing since ${seconds(still)} s after the upload`})`;
        })
        .join(', ');
      const why = watched.stalled
        ? `the services behind committed nothing for BENCH_EVERYWHERE_STALL_S = ${stallMs / 1000} s; given up after ${seconds(endedAt)} s`
        : `not within BENCH_EVERYWHERE_TIMEOUT_S = ${timeoutMs / 1000} s`;
      notes.push(
        `NOT projected everywhere: ${why}. Behind at the last look: ${behind || 'none, but not twice in a row'}. The figures are partial.`,
      );
    }
    for (const [service, since] of probe.silentSince)
      notes.push(
        `${service}'s database (${stack.database(service)}) had left a count of its outbox unanswered for ${Math.round((endedAt - since) / 1000)} s at the end.`,
      );

    // Not everywhere: the slowest of the services that did catch up still bounds a county-year from below.
    // Projected everywhere needs every group at the end at once, after the import: each service's first time there bounds it.
    const caughtUp = SERVICES.map((s) => watched.firstCaughtUp.get(s) ?? watched.firstAtEnd.get(s)).filter(
      (at): at is number => at !== undefined,
    );
    const lowerBound =
      everywhere === undefined && storedAt !== undefined && caughtUp.length > 0 ? seconds(Math.max(...caughtUp)) : undefined;
    const rate = everywhere ? imported / everywhere : undefined;
    const countyYearMinutes = (secondsTaken: number | undefined) =>
      secondsTaken ? Number((COUNTY_YEAR_ACTS / (imported / secondsTaken) / 60).toFixed(1)) : undefined;
    const measuredCountyYear = acts >= COUNTY_YEAR_ACTS;
    if (!measuredCountyYear && rate !== undefined)
      notes.push(
        `The county-year figure is an EXTRAPOLATION, not a measurement: ${COUNTY_YEAR_ACTS.toLocaleString('en')} acts at this run's end-to-end rate over ${imported.toLocaleString('en')} acts (${rate.toFixed(1)} acts/s), as if the rate held while the stores grow. BENCH_EVERYWHERE_ACTS=${COUNTY_YEAR_ACTS} measures it.`,
      );
    if (lowerBound !== undefined)
      notes.push(
        `The county-year lower bound is an EXTRAPOLATION from the services that reached the end of their topics (the last of them after ${lowerBound} s): ${COUNTY_YEAR_ACTS.toLocaleString('en')} acts at ${(imported / lowerBound).toFixed(1)} acts/s; the services that never did would only add to it.`,
      );
    notes.push(
      `A service is at the end of its topics when its group's committed offsets are at the end offsets of every topic it reads, and caught up when, besides, the outboxes of the services writing those topics are empty (case intake reads its own topic for act search, so it is timed too). "First caught up" is the first such look after the import was stored; "caught up for good" the start of its last run of such looks (it falls behind again when others' reactions, e.g. alerts, come). Projected everywhere is the first of two consecutive looks (every ${LOOK_EVERY_MS / 1000} s) with every group at the end and every outbox empty. CPU s is each process's user + system time from the upload to the end; the ${processes.length} services, Kafka and the database share this machine's cores with whatever else runs (see the load average).`,
    );

    const perService = (s: BenchService): BenchMetric => {
      const good = everywhere === undefined ? undefined : watched.lastCaughtUp.get(s);
      const first = watched.firstCaughtUp.get(s);
      if (good !== undefined) return { name: `${s} caught up for good after`, value: seconds(good)!, unit: 's' };
      if (first !== undefined) return { name: `${s} first caught up after`, value: seconds(first)!, unit: 's' };
      const atEnd = watched.firstAtEnd.get(s);
      if (atEnd !== undefined)
        return {
          name: `${s} at the end of its topics after (never caught up: an outbox it reads from not empty)`,
          value: seconds(atEnd)!,
          unit: 's',
        };
      return { name: `${s} NEVER caught up, lag at the end`, value: last?.services.get(s)?.lag ?? NaN, unit: 'messages' };
    };
    const metrics: BenchMetric[] = [
      { name: 'acts imported', value: imported, unit: 'acts' },
      { name: 'rows rejected', value: done?.rejected ?? 0, unit: 'rows' },
      ...(storedAt ? [{ name: 'until stored (import job completed)', value: seconds(storedAt)!, unit: 's' }] : []),
      everywhere !== undefined
        ? {
            name: 'until projected everywhere (every service caught up, every outbox empty)',
            value: everywhere,
            unit: 's',
            ...(measuredCountyYear
              ? { target: `≤ ${TARGET_MINUTES * 60} s (${TARGET_MINUTES} min) for a county-year`, met: everywhere <= TARGET_MINUTES * 60 }
              : {}),
          }
        : {
            name: `NOT projected everywhere (${TARGET_MINUTES}-minute county-year target); gave up after`,
            value: seconds(endedAt)!,
            unit: 's',
            target: `every service caught up; ≤ ${TARGET_MINUTES} min for a county-year`,
            met: false,
          },
      ...(rate ? [{ name: 'acts per second, upload to projected everywhere', value: Number(rate.toFixed(1)), unit: 'acts/s' }] : []),
      ...SERVICES.map(perService),
      ...processes.map((p) => residentMemoryMetric(p.name, peaks.get(p))),
      ...(rate !== undefined
        ? [
            {
              name: measuredCountyYear
                ? `county-year projected everywhere (${TARGET_MINUTES}-minute target)`
                : `county-year (${COUNTY_YEAR_ACTS.toLocaleString('en')} acts) projected everywhere, EXTRAPOLATED from ${imported.toLocaleString('en')} acts (${TARGET_MINUTES}-minute target)`,
              value: countyYearMinutes(everywhere)!,
              unit: 'min',
              target: `≤ ${TARGET_MINUTES} min for a county-year${measuredCountyYear ? '' : ' (extrapolated, not measured)'}`,
              met: countyYearMinutes(everywhere)! <= TARGET_MINUTES,
            },
          ]
        : []),
      ...(lowerBound !== undefined
        ? [
            {
              name: `county-year (${COUNTY_YEAR_ACTS.toLocaleString('en')} acts) projected everywhere, EXTRAPOLATED lower bound from the services that reached the end of their topics (${TARGET_MINUTES}-minute target)`,
              value: countyYearMinutes(lowerBound)!,
              unit: 'min',
              target: `≤ ${TARGET_MINUTES} min for a county-year (extrapolated lower bound)`,
              met: false,
            },
          ]
        : []),
    ];

    return {
      name: 'import-everywhere',
      description: `A generated demo year imported through case intake's import API with all four services running (own databases and topics), timed until every row is stored and until every service has projected everything: each consumer group at the end of the topics it reads and every outbox empty, seen twice in a row (issue 9: a county-year, about 370,000 acts, imported and projected everywhere within ${TARGET_MINUTES} minutes).`,
      params: {
        acts: generated.rows,
        countyCode,
        partitions: PARTITIONS,
        timeoutSeconds: timeoutMs / 1000,
        stallSeconds: stallMs / 1000,
        broker: stack.infra.kafkaBrokers,
        database: `${stack.infra.mongoUrl}${database.command ? ` (${database.command})` : ''}`,
        loadAverage1m: `${loadAtStart} at start, ${loadAtStored} when the import ended, ${loadAtEnd} at the end (2 cores)`,
      },
      metrics,
      table: {
        columns: [
          'service',
          'topics read',
          'at the end of its topics after s',
          'first caught up after s',
          'caught up for good after s',
          'lag at the end (messages)',
          'outbox at the end',
          'dead letters',
          'group state, members at the end',
          'CPU s',
          'peak resident MB',
        ],
        rows: [
          ...processes.map((p) => [
            p.name,
            probe
              .topics(p.name)
              .map((t) => t.slice(stack.prefix.length + 1).replace(/\.events$/, ''))
              .join(', '),
            seconds(watched.firstAtEnd.get(p.name)) ?? 'never',
            seconds(watched.firstCaughtUp.get(p.name)) ?? 'never',
            (everywhere === undefined ? undefined : seconds(watched.lastCaughtUp.get(p.name))) ?? '–',
            last?.services.get(p.name)?.lag ?? '?',
            last?.services.get(p.name)?.outbox ?? 'no answer',
            deadLetters.get(p.name) ?? '?',
            groups.get(p.name) ?? '?',
            cpu.get(p.name) ?? '?',
            peaks.get(p) ?? '?',
          ]),
          ...(database.pid ? [['database', '', '', '', '', '', '', '', '', cpu.get('database') ?? '?', '']] : []),
        ],
      },
      tables: [
        {
          title:
            'Database time by collection (each service’s database commands during the run, timed by its driver: `lesp_db_command_duration_seconds`; the busiest first)',
          ...databaseProfileTable(
            processes.map((p, i) => ({ service: p.name, before: usageAtStart[i]!, after: usageAtEnd[i]! })),
            { count: Math.max(imported, 1), unit: 'act' },
          ),
        },
      ],
      notes,
    };
  } finally {
    await stack.stop();
    // Bounded: a database that stopped answering must not hold the run.
    for (const service of SERVICES) await within(30_000, mongo.db(stack.database(service)).dropDatabase());
    // Writes a hung database was holding may land after its drop and create it again: drop what is still there.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const left = await within(10_000, mongo.db('admin').admin().listDatabases({ nameOnly: true }));
    for (const { name } of (left as { databases?: { name: string }[] } | undefined)?.databases ?? [])
      if (SERVICES.some((service) => stack.database(service) === name)) await within(30_000, mongo.db(name).dropDatabase());
    // The run's topics and consumer groups go with it (only this stack's prefix).
    const topics = (await admin.listTopics().catch(() => [] as string[])).filter((t) => t.startsWith(`${stack.prefix}.`));
    if (topics.length > 0) await within(30_000, admin.deleteTopics({ topics }));
    await within(30_000, admin.deleteGroups(SERVICES.map((s) => `${stack.prefix}.${s}`)));
    await within(10_000, mongo.close());
    await admin.disconnect();
    rmSync(dir, { recursive: true, force: true });
    rmSync(stack.issuerDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await importEverywhere(), null, 2));
  process.exit(0);
}
