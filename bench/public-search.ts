/**
 * Public search latency (执法决定公示检索): p50 / p99 and requests per second of the public
 * decision search API at a fixed concurrency, against a public-disclosure process whose read
 * model holds a county-year of published decisions.
 *
 * The decisions are the demo year's (scripts/demo-year.ts, 冷水滩区 2023 proportions) of the
 * categories whose decisions are published one by one — licensing granted or refused, penalties,
 * coercion, confirmations, awards: about 55,000 at scale 1 (benefit grants and inspections,
 * another 318,000, are left out: BENCH_SEARCH_ALL_CATEGORIES=1 takes them too). Each becomes
 * what the real path records — the entry masked by `decisionForDisclosure`, then
 * `DecisionRecordedForDisclosure` + `DecisionPublished` from the DecisionDisclosure decider
 * (published at the decision) — applied by the `rm_public_decisions` projection and the search
 * index projection (`rm_public_decision_index`, in batches of 1,000 as its consumer applies them)
 * into the read models of a fresh public-disclosure process before it starts.
 *
 *   pnpm bench public-search     (BENCH_SEARCH_SCALE=1, BENCH_SEARCH_CONCURRENCY=8, BENCH_SEARCH_REQUESTS=16 per query)
 *   BENCH_PUBLIC_DISCLOSURE_URL=http://127.0.0.1:4104 pnpm bench public-search   (a running stack: measures only)
 */
import { pathToFileURL } from 'node:url';
import { MongoClient } from 'mongodb';
import type { EventRecord } from '@lesp/core';
import { decisionDisclosureEventCodec, type actEventsV1 } from '@lesp/contracts';
import { newId } from '@lesp/core';
// By path: the root package does not depend on @lesp/event-store.
import { InMemoryEventStore, type AppendRequest } from '../packages/event-store/src/index.js';
import {
  publicDecisionsProjection,
  type PublicDecisionDocument,
} from '../services/public-disclosure/src/application/projections/public-decisions.js';
import { decisionSearchIndexProjection } from '../services/public-disclosure/src/application/projections/decision-search-index.js';
import type { ShardDocument } from '../services/public-disclosure/src/application/projections/index-shards.js';
import { demoYearRows } from '../scripts/demo-year.js';
import { parseActRow } from '../services/case-intake/src/application/import/act-row.js';
import { actRowHistory } from '../services/case-intake/src/application/import/act-row-history.js';
import { decisionForDisclosure } from '../services/public-disclosure/src/domain/decision/decision-from-act.js';
import { decisionDisclosureDecider } from '../services/public-disclosure/src/domain/decision/decision-disclosure.js';
import { DECISION_DISCLOSURE } from '../services/public-disclosure/src/application/decision-disclosure-aggregate.js';
import type { BenchResult } from './run.js';
import { publicDisclosureUnderTest } from './lib/public-disclosure.js';

const COUNTY = '431103';
const SCALE = Number(process.env['BENCH_SEARCH_SCALE'] ?? 1);
const CONCURRENCY = Number(process.env['BENCH_SEARCH_CONCURRENCY'] ?? 8);
const REQUESTS = Number(process.env['BENCH_SEARCH_REQUESTS'] ?? 16);
const ALL_CATEGORIES = process.env['BENCH_SEARCH_ALL_CATEGORIES'] === '1';
/** Under fetch's own 300-second headers timeout. */
const TIMEOUT_MS = Number(process.env['BENCH_SEARCH_TIMEOUT_MS'] ?? 280_000);
const PUBLISHED_ONE_BY_ONE = new Set(['licensing', 'penalty', 'coercion', 'confirmation', 'award']);
/** Last year: every entry is inside its retention (5 years, 2 for natural persons) today. */
const YEAR = new Date().getUTCFullYear() - 1;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** The demo year's decisions as the disclosure decider records and publishes them (at the decision), one stream each. */
function* decisionAppends(): Generator<AppendRequest> {
  const retention = { years: 5, naturalPersonYears: 2 };
  for (const row of demoYearRows({ countyCode: COUNTY, year: YEAR, scale: SCALE, seed: 'bench-public-search' })) {
    const parsed = parseActRow(COUNTY, row);
    if (!parsed.ok) continue;
    const history = actRowHistory(parsed.act);
    if (!history.ok) continue;
    let opening: actEventsV1.ActOpening | undefined;
    let decision: actEventsV1.DecisionMade | undefined;
    for (const { event } of history.events) {
      if (event.type === 'ApplicationReceived' || event.type === 'CaseFiled') opening = event.data.opening;
      if (event.type === 'DecisionMade') decision = event.data;
    }
    if (!opening || !decision || (!ALL_CATEGORIES && !PUBLISHED_ONE_BY_ONE.has(opening.category))) continue;
    const entry = decisionForDisclosure(opening, decision);
    const at = new Date(entry.decidedAt.getTime() + 3600_000);
    const events = decisionDisclosureDecider.decide(
      { type: 'RecordDecision', decision: entry, autoPublishPoint: 'decision', at, retention },
      decisionDisclosureDecider.initialState(),
    );
    yield {
      source: 'public-disclosure',
      countyCode: COUNTY,
      aggregateType: DECISION_DISCLOSURE,
      aggregateId: entry.actId,
      expectedVersion: 0,
      events: events.map((event) => ({
        ...decisionDisclosureEventCodec.encode(event),
        eventId: newId(),
        occurredAt: at,
        actor: { userId: 'public-disclosure', role: 'service', countyCode: COUNTY },
        correlationId: entry.actId,
        causationId: entry.actId,
      })),
    };
  }
}

interface Query {
  readonly name: string;
  readonly query: Record<string, string>;
  /** Follow nextCursor this many pages (each page is one measured request). */
  readonly pages?: number;
}

export default async function publicSearch(): Promise<BenchResult> {
  const given = process.env['BENCH_PUBLIC_DISCLOSURE_URL'];
  let loaded = 0;
  let loadS = 0;
  const stack = await publicDisclosureUnderTest('search', { PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' }, async (mongoUrl, db) => {
    // Before the service starts, into the read model its runner will find as generation 1: the
    // projection's own apply over the decider's events, as its consumer would (Kafka and the
    // relay left out: an import of a year through them is what import-acts measures).
    const mongo = new MongoClient(mongoUrl);
    await mongo.connect();
    try {
      const target = mongo.db(db).collection<PublicDecisionDocument>(`${publicDecisionsProjection.readModel}__1`);
      const index = mongo.db(db).collection<ShardDocument>(`${decisionSearchIndexProjection.readModel}__1`);
      const store = new InMemoryEventStore();
      const started = performance.now();
      let batch: EventRecord[] = [];
      const flush = async () => {
        let next = 0;
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            for (let i = next++; i < batch.length; i = next++) await publicDecisionsProjection.apply(batch[i]!, target);
          }),
        );
        await decisionSearchIndexProjection.applyBatch!(batch, index);
        batch = [];
      };
      for (const append of decisionAppends()) {
        batch.push(...(await store.append(append)).records);
        loaded++;
        if (batch.length >= 1000) await flush();
        if (loaded % 10_000 === 0) console.log(`  public-search: ${loaded} decisions projected`);
      }
      await flush();
      loadS = (performance.now() - started) / 1000;
    } finally {
      await mongo.close();
    }
  });
  try {
    const first = (await get(stack.url, {}, 1)).decisions[0];
    const agencyId = first?.agencyId ?? 'demo-1';
    const queries: Query[] = [
      { name: 'newest first, no filter', query: {} },
      { name: 'category filter (penalty)', query: { category: 'penalty' } },
      { name: 'agency filter', query: { agencyId } },
      { name: 'decision date range (one month)', query: { from: `${YEAR}-06-01`, to: `${YEAR}-06-30` } },
      { name: 'keyword, common (食品)', query: { keyword: '食品' } },
      { name: 'keyword, rare (超限超载运输)', query: { keyword: '超限超载运输' } },
      {
        name: 'keyword + category + dates (排污许可)',
        query: { keyword: '排污许可', category: 'licensing', from: `${YEAR}-01-01`, to: `${YEAR}-12-31` },
      },
      { name: 'keyword, 3 pages by cursor (许可)', query: { keyword: '许可' }, pages: 3 },
    ];
    const metrics: BenchResult['metrics'][number][] = [];
    const all: number[] = [];
    let timedOut = 0;
    const wallStarted = performance.now();
    for (const q of queries) {
      const measured = await measure(stack.url, q);
      const latencies = measured.latencies;
      timedOut += measured.timedOut;
      all.push(...latencies);
      const sorted = [...latencies].sort((a, b) => a - b);
      metrics.push({ name: `${q.name}: p50`, value: Math.round(percentile(sorted, 50)), unit: 'ms' });
      metrics.push({ name: `${q.name}: p99`, value: Math.round(percentile(sorted, 99)), unit: 'ms' });
    }
    const wallS = (performance.now() - wallStarted) / 1000;
    const sorted = [...all].sort((a, b) => a - b);
    return {
      // One entry per size and concurrency in bench/results, so runs at different sizes stand side by side.
      name: SCALE === 1 && CONCURRENCY === 8 ? 'public-search' : `public-search (scale ${SCALE}, concurrency ${CONCURRENCY})`,
      description:
        `Public decision search (GET /api/v1/public/counties/${COUNTY}/decisions) at concurrency ${CONCURRENCY}: ${REQUESTS} requests per query ` +
        '(the cursor query: that many 3-page walks), newest first, filters, Chinese keywords (substrings, through the search index read by _id), cursor paging; ' +
        (given
          ? 'a running public-disclosure service.'
          : `its own public-disclosure process on a fresh database holding the published decisions of a demo county-year at scale ${SCALE} (${loaded} decisions).`),
      params: {
        countyCode: COUNTY,
        publishedDecisions: given ? 'as loaded' : loaded,
        scale: SCALE,
        categories: ALL_CATEGORIES ? 'all' : [...PUBLISHED_ONE_BY_ONE].join(','),
        concurrency: CONCURRENCY,
        requestsPerQuery: REQUESTS,
        target: given ? given : 'own public-disclosure process, fresh database',
      },
      metrics: [
        { name: 'requests per second, all queries', value: Math.round((all.length / wallS) * 1000) / 1000, unit: 'req/s' },
        { name: 'all queries: p50', value: Math.round(percentile(sorted, 50)), unit: 'ms' },
        { name: 'all queries: p99', value: Math.round(percentile(sorted, 99)), unit: 'ms' },
        { name: `requests not answered within ${TIMEOUT_MS / 1000} s (counted as that long)`, value: timedOut, unit: 'requests' },
        ...metrics,
        ...(given
          ? []
          : [{ name: 'decisions projected into the read model (not part of the search figures)', value: Math.round(loadS), unit: 's' }]),
      ],
    };
  } finally {
    await stack.stop();
  }
}

interface SearchPage {
  decisions: { actId: string; agencyId: string }[];
  nextCursor: string;
}

async function get(url: string, query: Record<string, string>, limit = 20): Promise<SearchPage> {
  const params = new URLSearchParams({ ...query, limit: String(limit) });
  const response = await fetch(`${url}/api/v1/public/counties/${COUNTY}/decisions?${params.toString()}`, {
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (response.status !== 200) throw new Error(`search ${params.toString()}: ${response.status} ${await response.text()}`);
  return (await response.json()) as SearchPage;
}

/**
 * REQUESTS runs of the query by CONCURRENCY clients; the latency of every request (each page of
 * a walk). A request not answered within TIMEOUT_MS counts as that long (a lower bound) and ends its walk.
 */
async function measure(url: string, q: Query): Promise<{ latencies: number[]; timedOut: number }> {
  const latencies: number[] = [];
  let timedOut = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < REQUESTS) {
        let cursor = '';
        for (let page = 0; page < (q.pages ?? 1); page++) {
          const started = performance.now();
          const result = await get(url, { ...q.query, ...(cursor ? { cursor } : {}) }).catch((error: unknown) => {
            if (!(error instanceof DOMException && error.name === 'TimeoutError')) throw error;
            timedOut++;
            return undefined;
          });
          latencies.push(result ? performance.now() - started : TIMEOUT_MS);
          cursor = result?.nextCursor ?? '';
          if (!cursor) break;
        }
      }
    }),
  );
  console.log(
    `  public-search: ${q.name}: ${latencies.length} requests${timedOut > 0 ? `, ${timedOut} not answered in ${TIMEOUT_MS / 1000} s` : ''}`,
  );
  return { latencies, timedOut };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await publicSearch();
  for (const m of result.metrics) console.log(`${m.name}: ${m.value} ${m.unit}`);
}
