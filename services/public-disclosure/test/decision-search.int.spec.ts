import { afterAll, describe, expect, it } from 'vitest';
import { decisionDisclosureEventCodec } from '@lesp/contracts';
import { newId, type EventRecord } from '@lesp/core';
import { InMemoryEventStore } from '@lesp/event-store';
import { ProjectionRunner } from '@lesp/projection-runner';
import { createTestDatabase, type TestDatabase } from '@lesp/test-infra';
import {
  decisionDisclosureDecider,
  type DisclosureCommand,
  type DisclosureState,
  type DecisionForDisclosure,
} from '../src/domain/decision/decision-disclosure.js';
import { DECISION_DISCLOSURE } from '../src/application/decision-disclosure-aggregate.js';
import { publicDecisionsProjection } from '../src/application/projections/public-decisions.js';
import { publicAgenciesProjection } from '../src/application/projections/public-agencies.js';
import { decisionSearchIndex, decisionSearchIndexProjection, entryShards } from '../src/application/projections/decision-search-index.js';
import { COMPACT_AFTER, type ShardDocument } from '../src/application/projections/index-shards.js';
import { PublicDecisionQueries, type DecisionSearch } from '../src/application/public-decision-queries.js';

/**
 * Public decision search over the real database: the search index (shards read by `_id`) and
 * the decisions it leads to, fed by the disclosure events as the service's runner feeds them.
 */
const COUNTY = '431103';
const OTHER = '433124';
const NOW = new Date('2024-06-15T00:00:00Z');
const retention = { years: 5, naturalPersonYears: 2 };
const databases: TestDatabase[] = [];
afterAll(async () => Promise.all(databases.map((d) => d.drop())));

/** `foldAt`: the index's clock (what its folds judge past retention); queries read at NOW. */
async function fixture(foldAt: Date = NOW) {
  const database = await createTestDatabase('decision_search');
  databases.push(database);
  const runner = new ProjectionRunner(database.db, [
    publicAgenciesProjection,
    publicDecisionsProjection,
    decisionSearchIndex(() => foldAt),
  ]);
  await runner.init();
  const store = new InMemoryEventStore();
  const states = new Map<string, DisclosureState>();
  /** Runs a command on an act's disclosure stream and returns the records it appended. */
  const run = async (countyCode: string, actId: string, command: DisclosureCommand): Promise<EventRecord[]> => {
    const key = `${countyCode}/${actId}`;
    const state = states.get(key) ?? decisionDisclosureDecider.initialState();
    const events = decisionDisclosureDecider.decide(command, state);
    states.set(key, events.reduce(decisionDisclosureDecider.evolve, state));
    const history = await store.readStream(countyCode, DECISION_DISCLOSURE, actId);
    const { records } = await store.append({
      source: 'public-disclosure',
      countyCode,
      aggregateType: DECISION_DISCLOSURE,
      aggregateId: actId,
      expectedVersion: history.length,
      events: events.map((event) => ({
        ...decisionDisclosureEventCodec.encode(event),
        eventId: newId(),
        occurredAt: command.at,
        actor: { userId: 'clerk', role: 'agency_clerk', countyCode },
        correlationId: actId,
        causationId: actId,
      })),
    });
    return [...records];
  };
  const publish = (countyCode: string, decision: Partial<DecisionForDisclosure> & { actId: string; decidedAt: Date }) =>
    run(countyCode, decision.actId, {
      type: 'RecordDecision',
      decision: {
        agencyId: 'ag-1',
        category: 'penalty',
        caseNumber: `冷市监罚〔2024〕${decision.actId}号`,
        title: '某商行销售过期食品案',
        itemCode: 'P-001',
        target: { kind: 'legal_person', name: '某商行', creditCode: '91431103MA4L000001', enterprise: true },
        decisionNumber: `冷市监罚决〔2024〕${decision.actId}号`,
        outcome: '罚款',
        legalBasis: '《中华人民共和国食品安全法》第一百二十四条',
        content: '销售超过保质期的食品',
        fineFen: 500000,
        confiscationFen: 0,
        ...decision,
      },
      autoPublishPoint: 'decision',
      at: new Date(decision.decidedAt.getTime() + 3600_000),
      retention,
    });
  const queries = new PublicDecisionQueries(runner, () => NOW);
  const fixtureQueries = (scanBudget: number) => new PublicDecisionQueries(runner, () => NOW, scanBudget);
  const ids = async (countyCode: string, search: DecisionSearch) => (await queries.search(countyCode, search)).items.map((d) => d.actId);
  return { database, runner, run, publish, queries, fixtureQueries, ids };
}

const day = (iso: string) => new Date(`${iso}T02:00:00Z`);

describe('public decision search (real database)', () => {
  it('pages newest first across months by a stable cursor, and filters by agency, category, dates and keyword', async () => {
    const { runner, publish, queries, ids } = await fixture();
    const records: EventRecord[] = [];
    // 30 decisions over three months, one batch per ten as a consumer would apply them.
    for (let i = 0; i < 30; i++) {
      const month = ['2024-03', '2024-04', '2024-05'][i % 3]!;
      records.push(
        ...(await publish(COUNTY, {
          actId: `act-${String(i).padStart(2, '0')}`,
          decidedAt: day(`${month}-${String(1 + i).padStart(2, '0')}`),
          agencyId: i % 2 === 0 ? 'ag-even' : 'ag-odd',
          category: i % 5 === 0 ? 'licensing' : 'penalty',
          content: i === 7 ? '超限超载运输，责令改正' : '销售超过保质期的食品',
        })),
      );
      if (records.length >= 10) await runner.applyBatch(records.splice(0));
    }
    await runner.applyBatch(records.splice(0));
    // Another county's decisions never show here.
    await runner.applyBatch(await publish(OTHER, { actId: 'other-1', decidedAt: day('2024-05-30') }));

    const all = [...Array(30).keys()]
      .map((i) => ({
        id: `act-${String(i).padStart(2, '0')}`,
        at: day(`${['2024-03', '2024-04', '2024-05'][i % 3]}-${String(1 + i).padStart(2, '0')}`),
      }))
      .sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : -1))
      .map((d) => d.id);
    const walked: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await queries.search(COUNTY, { limit: 7, ...(cursor ? { cursor } : {}) });
      walked.push(...page.items.map((d) => d.actId));
      cursor = page.nextCursor || undefined;
      pages++;
    } while (cursor);
    expect(walked).toEqual(all);
    expect(pages).toBe(5);

    expect(await ids(COUNTY, { agencyId: 'ag-odd', limit: 100 })).toEqual(all.filter((id) => Number(id.slice(4)) % 2 === 1));
    expect(await ids(COUNTY, { category: 'licensing', limit: 100 })).toEqual(all.filter((id) => Number(id.slice(4)) % 5 === 0));
    expect(
      await ids(COUNTY, { decidedFrom: new Date('2024-04-01T00:00:00Z'), decidedTo: new Date('2024-05-01T00:00:00Z'), limit: 100 }),
    ).toEqual(all.filter((id) => Number(id.slice(4)) % 3 === 1));
    expect(await ids(COUNTY, { keyword: '超限超载' })).toEqual(['act-07']);
    // Characters in another order, or across two texts, are no match.
    expect(await ids(COUNTY, { keyword: '超载超限' })).toEqual([]);
    expect(await ids(COUNTY, { keyword: '某商行销售过期食品案冷' })).toEqual([]);
    expect(await ids(COUNTY, { keyword: '食品安全法', limit: 100 })).toHaveLength(30);
    expect(await ids(OTHER, {})).toEqual(['other-1']);
    expect(await queries.countForAgency(COUNTY, 'ag-even')).toBe(15);
  });

  it('drops withdrawn decisions, shows a republished one once, lists typical cases and hides entries past retention', async () => {
    const { runner, run, publish, ids, queries } = await fixture();
    await runner.applyBatch([
      ...(await publish(COUNTY, { actId: 'kept', decidedAt: day('2024-05-01') })),
      ...(await publish(COUNTY, { actId: 'withdrawn', decidedAt: day('2024-05-02') })),
      ...(await publish(COUNTY, { actId: 'typical', decidedAt: day('2024-05-03') })),
      // Published long ago: retained five years from publication, so gone by now.
      ...(await publish(COUNTY, { actId: 'expired', decidedAt: day('2019-01-02') })),
    ]);
    expect(await ids(COUNTY, {})).toEqual(['typical', 'withdrawn', 'kept']);
    await runner.applyBatch([
      ...(await run(COUNTY, 'withdrawn', {
        type: 'WithdrawDecision',
        agencyId: 'ag-1',
        by: 'clerk',
        reason: '来源错误',
        at: day('2024-05-10'),
      })),
      ...(await run(COUNTY, 'typical', {
        type: 'MarkTypicalCase',
        agencyId: 'ag-1',
        by: 'clerk',
        note: '以案释法',
        at: day('2024-05-10'),
      })),
    ]);
    expect(await ids(COUNTY, {})).toEqual(['typical', 'kept']);
    expect(await ids(COUNTY, { typical: true })).toEqual(['typical']);
    expect(await queries.countForAgency(COUNTY, 'ag-1')).toBe(2);
    // Redelivered: nothing changes.
    const again = await publish(OTHER, { actId: 'o', decidedAt: day('2024-05-01') });
    await runner.applyBatch(again);
    await runner.applyBatch(again);
    expect(await ids(OTHER, {})).toEqual(['o']);
  });

  it('keeps every entry when writers append to one shard at once, and folds runs into bases that readers use', async () => {
    // Folds judge retention at the start of 2027: past a natural person's two years from May 2024, within five years.
    const { database, runner, run, publish, ids } = await fixture(new Date('2027-01-01T00:00:00Z'));
    // Published then withdrawn, before the others: the first fold drops its entry (and its text).
    await runner.applyBatch(await publish(COUNTY, { actId: 'gone', decidedAt: new Date(Date.UTC(2024, 4, 3)) }));
    await runner.applyBatch(
      await run(COUNTY, 'gone', { type: 'WithdrawDecision', agencyId: 'ag-1', by: 'clerk', reason: '来源错误', at: day('2024-05-10') }),
    );
    const batches: EventRecord[][] = [];
    // First, alone: a natural person's decision of May 2024, retained two years from publication, so
    // past when the folds judge it: the first fold, which holds it, drops it.
    await runner.applyBatch(
      await publish(COUNTY, {
        actId: 'person',
        decidedAt: new Date(Date.UTC(2024, 4, 2)),
        target: { kind: 'natural_person', name: '张*三', creditCode: '', enterprise: false },
      }),
    );
    const total = COMPACT_AFTER * 3 + 5;
    for (let i = 0; i < total; i++)
      batches.push(await publish(COUNTY, { actId: `c-${i}`, decidedAt: new Date(Date.UTC(2024, 4, 1, 0, i)) }));
    // Four writers at once on the same month (as replicas or concurrent partitions would).
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = next++; i < batches.length; i = next++) await runner.applyBatch(batches[i]!);
      }),
    );
    const found = await ids(COUNTY, { limit: 100 });
    expect(new Set(found).size).toBe(total);
    expect(found).toEqual([...Array(total).keys()].reverse().map((i) => `c-${i}`));
    const index = database.db.collection<ShardDocument>(`${decisionSearchIndexProjection.readModel}__1`);
    // Compacted: a base generation exists and the shard still reads whole.
    expect(await index.findOne({ _id: `${COUNTY}|2024-05|base|1` })).not.toBeNull();
    const shard = await entryShards(index).read(COUNTY, '2024-05');
    expect(shard.map((entry) => entry.a).sort()).toEqual([...Array(total).keys()].map((i) => `c-${i}`).sort());
  });

  it('stops a search at its scan budget with a cursor that goes on below the months read', async () => {
    const { runner, publish, fixtureQueries } = await fixture();
    // The newest two months hold more entries than the budget, none matching; the match is older.
    const budget = 12;
    const decisions: EventRecord[] = [];
    for (let i = 0; i < 2 * budget; i++) {
      decisions.push(
        ...(await publish(COUNTY, { actId: `f-${i}`, decidedAt: day(`2024-0${4 + (i % 2)}-${String(1 + (i % 28)).padStart(2, '0')}`) })),
      );
    }
    decisions.push(...(await publish(COUNTY, { actId: 'rare', decidedAt: day('2024-02-01'), content: '非法采砂' })));
    await runner.applyBatch(decisions);
    const queries = fixtureQueries(budget);
    const walk: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await queries.search(COUNTY, { keyword: '非法采砂', ...(cursor ? { cursor } : {}) });
      walk.push(page.items.map((d) => d.actId));
      cursor = page.nextCursor || undefined;
    } while (cursor && walk.length < 10);
    // May 12 entries (budget spent: stop), April 12 (spent again), then February: found, the end.
    expect(walk).toEqual([[], [], ['rare']]);
    // Without a keyword the first month fills the page: the budget never cuts a full page.
    expect((await queries.search(COUNTY, { limit: 5 })).items).toHaveLength(5);
  });
});
