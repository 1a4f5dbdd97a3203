import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actEventCodec, agencyEventCodec, alertEventCodec, officerEventCodec, type ActEvent } from '@lesp/contracts';
import { newId, streamIdOf, type EventRecord } from '@lesp/core';
import { ensureIndexes, MongoEventStore, readAllEvents } from '@lesp/event-store';
import { createTestDatabase, type TestDatabase } from '@lesp/test-infra';
import type { Collection } from 'mongodb';
import { AlertCommands } from '../src/application/alerts/alert-commands.js';
import { FACT_INDEXES, type FactDocument } from '../src/application/engine/facts-store.js';
import { DECISION_PUBLISHED, RuleEngine } from '../src/application/engine/rule-engine.js';
import { RuleSettingsService } from '../src/application/rules/rule-settings-service.js';
import { DeadlineTimerStore } from '../src/application/timers/deadline-timers.js';
import { recordOf, sample } from './bench/rule-engine-bench.js';
import { calendar, COUNTY, cst, decided, filed, officerRegistered } from './rule-harness.js';

/**
 * The rule engine judging a batch (`applyBatch`: facts read ahead and written once, decisions
 * carried out in rounds) leaves exactly what judging the same events one by one (`apply`)
 * leaves: the same facts, deadlines and alerts, whatever the batches' size and however they
 * cut through an act's events, an officer's registration or a publication, and a redelivered
 * batch changes nothing.
 */
const NOW = cst('2025-12-31', 12);

interface Platform {
  readonly test: TestDatabase;
  readonly facts: Collection<FactDocument>;
  readonly store: MongoEventStore;
  readonly timers: ObservedTimers;
  readonly engine: RuleEngine;
}

/** Deadline timers with a hook run at the start of the next `scheduleDeadlines` and a look at each period scheduled. */
class ObservedTimers extends DeadlineTimerStore {
  beforeNextStarts?: () => Promise<void>;
  onPeriod?: (countyCode: string, at: Date) => Promise<void>;

  override async scheduleDeadlines(...args: Parameters<DeadlineTimerStore['scheduleDeadlines']>): Promise<boolean[]> {
    const before = this.beforeNextStarts;
    this.beforeNextStarts = undefined;
    await before?.();
    return super.scheduleDeadlines(...args);
  }

  override async schedulePeriod(...args: Parameters<DeadlineTimerStore['schedulePeriod']>): Promise<boolean> {
    await this.onPeriod?.(args[0], args[3]);
    return super.schedulePeriod(...args);
  }
}

async function platform(label: string): Promise<Platform> {
  const test = await createTestDatabase(label);
  const facts = test.db.collection<FactDocument>('facts');
  await ensureIndexes(
    facts,
    FACT_INDEXES.map((index) => ({ ...index, key: { ...index.key } })),
  );
  const store = new MongoEventStore(test.db, () => NOW);
  await store.ensureIndexes();
  const timers = new ObservedTimers(test.db);
  await timers.ensureIndexes();
  const engine = new RuleEngine();
  engine.bind({
    alerts: new AlertCommands(
      store,
      () => {},
      () => NOW,
    ),
    timers,
    settings: new RuleSettingsService(store),
    calendar: () => calendar,
    clock: () => NOW,
    facts: async () => facts,
  });
  return { test, facts, store, timers, engine };
}

const versions = new Map<string, number>();
function actRecord(actId: string, event: ActEvent, at: Date): EventRecord {
  const streamId = streamIdOf(COUNTY, 'EnforcementAct', actId);
  const version = (versions.get(streamId) ?? 0) + 1;
  versions.set(streamId, version);
  return recordOf('EnforcementAct', actId, version, actEventCodec.encode(event), at);
}

/** A recorded stream with everything a batch must get right, in the order case intake and public disclosure would deliver it. */
function recordedStream(): EventRecord[] {
  const data = sample(48);
  const stream: EventRecord[] = [];
  for (const id of ['hbj', 'scj'])
    stream.push(
      recordOf(
        'Agency',
        id,
        1,
        agencyEventCodec.encode({
          type: 'AgencyRegistered',
          data: { agencyId: id, name: `${id} 局`, creditCode: '11431103MB1A23456Q', kind: '行政机关', legalBasis: '' },
        }),
        cst('2024-12-01'),
      ),
    );
  for (const officer of data.officers)
    stream.push(recordOf('Officer', officer.data.officerId, 1, officerEventCodec.encode(officer), cst('2024-01-01')));
  for (const [i, act] of data.acts.entries()) {
    act.events.forEach((event) => stream.push(actRecord(act.actId, event, cst('2025-01-02'))));
    if (i === 20) {
      // An officer registered between acts, acting in the next ones: act events after it must see it.
      const late = officerRegistered('o-late', cst('2025-03-01'), cst('2030-01-01'));
      stream.push(recordOf('Officer', 'o-late', 1, officerEventCodec.encode(late), cst('2025-03-01')));
      stream.push(
        actRecord('late-1', filed({ actId: 'late-1', officerIds: ['o-late', 'o-1'], occurredAt: cst('2025-03-02') }), cst('2025-03-02')),
      );
    }
  }
  // Two agencies inspecting one enterprise within 30 days, side by side in the stream (one batch, mostly).
  const inspection = (actId: string, agencyId: string, day: string) =>
    actRecord(actId, filed({ actId, agencyId, category: 'inspection', occurredAt: cst(day) }), cst(day));
  stream.push(inspection('insp-1', 'hbj', '2025-09-02'), inspection('insp-2', 'scj', '2025-09-20'));
  // A decision published before supervision heard of it: its deadline starts cured.
  const opened = actRecord('pub-1', filed({ actId: 'pub-1', occurredAt: cst('2025-09-01') }), cst('2025-09-01'));
  stream.push(opened, {
    ...opened,
    eventId: newId(),
    eventType: DECISION_PUBLISHED,
    source: 'public-disclosure',
    aggregateType: 'DecisionDisclosure',
    streamId: streamIdOf(COUNTY, 'DecisionDisclosure', 'pub-1'),
    version: 1,
    occurredAt: cst('2025-09-03'),
    payload: new Uint8Array(),
  });
  stream.push(actRecord('pub-1', decided(cst('2025-09-02')), cst('2025-09-02')));
  // A redelivered event inside the stream.
  stream.push(stream[40]!);
  return stream;
}

/** What the engine left: facts and deadlines as stored, alerts as their events (ids and times aside). */
async function outcome(p: Platform) {
  const facts = await p.facts.find({}).sort({ _id: 1 }).toArray();
  const timers = await p.timers.timers.find({}).sort({ _id: 1 }).toArray();
  const alerts = new Map<string, unknown[]>();
  for await (const record of readAllEvents(p.store, { countyCode: COUNTY })) {
    const event = alertEventCodec.decode(record.eventType, record.schemaVersion, record.payload);
    alerts.set(record.aggregateId, [
      ...(alerts.get(record.aggregateId) ?? []),
      { version: record.version, causation: record.causationId, ...event },
    ]);
  }
  return { facts, timers, alerts: [...alerts.entries()].sort(([a], [b]) => a.localeCompare(b)) };
}

describe('rule engine in batches (MongoDB)', () => {
  const stream = recordedStream();
  let oneByOne: Platform;
  let expected: Awaited<ReturnType<typeof outcome>>;

  beforeAll(async () => {
    oneByOne = await platform('rule_batch_one');
    for (const record of stream) await oneByOne.engine.apply(record, oneByOne.facts);
    expected = await outcome(oneByOne);
  });
  afterAll(async () => oneByOne.test.drop());

  it('the reference run is not trivial: alerts, running deadlines, an enterprise inspected by two agencies', () => {
    expect(expected.alerts.length).toBeGreaterThan(20);
    expect(expected.timers.length).toBeGreaterThan(10);
    const ruleIds = new Set(expected.alerts.flatMap(([, events]) => events.map((e) => (e as { data: { ruleId?: string } }).data.ruleId)));
    expect(ruleIds).toContain('enterprise-inspected-by-several-agencies');
    expect(expected.facts.find((f) => f._id === `act:${streamIdOf(COUNTY, 'EnforcementAct', 'late-1')}`)?.act).toBeDefined();
    expect(expected.timers.find((t) => t._id === `${COUNTY}/decision-not-disclosed/pub-1`)).toBeUndefined();
  });

  it.each([2, 7, 64, 1_000])(
    'batches of %i leave the same facts, deadlines and alerts as one by one, and again when redelivered',
    async (size) => {
      const batched = await platform(`rule_batch_${size}`);
      try {
        for (let start = 0; start < stream.length; start += size)
          await batched.engine.applyBatch(stream.slice(start, start + size), batched.facts);
        expect(await outcome(batched)).toEqual(expected);
        // The whole stream again (a consumer group rewound): nothing changes.
        await batched.engine.applyBatch(stream, batched.facts);
        expect(await outcome(batched)).toEqual(expected);
      } finally {
        await batched.test.drop();
      }
    },
  );

  it('a batch over more than a hundred stored acts is written (FerretDB v1 hangs on an update command of about 100)', async () => {
    const acts = sample(120).acts;
    const [openings, evidence] = [0, 1].map((index) =>
      acts.map((act) => recordOf('EnforcementAct', act.actId, index + 1, actEventCodec.encode(act.events[index]!), cst('2025-06-01'))),
    ) as [EventRecord[], EventRecord[]];
    const officers = sample(1).officers.map((o) =>
      recordOf('Officer', o.data.officerId, 1, officerEventCodec.encode(o), cst('2024-01-01')),
    );
    const [reference, batched] = [await platform('rule_batch_many_ref'), await platform('rule_batch_many')];
    try {
      for (const record of [...officers, ...openings, ...evidence]) await reference.engine.apply(record, reference.facts);
      await batched.engine.applyBatch(officers, batched.facts);
      // The openings create 120 acts' facts; the evidence then changes all 120 in one batch.
      await batched.engine.applyBatch(openings, batched.facts);
      await batched.engine.applyBatch(evidence, batched.facts);
      expect(await outcome(batched)).toEqual(await outcome(reference));
    } finally {
      await reference.test.drop();
      await batched.test.drop();
    }
  });

  it('a publication handled while the batch starts its deadlines still cures the disclosure deadline', async () => {
    const p = await platform('rule_batch_publication');
    try {
      const opened = actRecord('pub-race', filed({ actId: 'pub-race', occurredAt: cst('2025-10-01') }), cst('2025-10-01'));
      const decision = actRecord('pub-race', decided(cst('2025-10-02')), cst('2025-10-02'));
      const published: EventRecord = {
        ...decision,
        eventId: newId(),
        eventType: DECISION_PUBLISHED,
        source: 'public-disclosure',
        aggregateType: 'DecisionDisclosure',
        streamId: streamIdOf(COUNTY, 'DecisionDisclosure', 'pub-race'),
        version: 1,
        occurredAt: cst('2025-10-03'),
        payload: new Uint8Array(),
      };
      for (const officer of sample(1).officers)
        await p.engine.apply(recordOf('Officer', officer.data.officerId, 1, officerEventCodec.encode(officer), cst('2024-01-01')), p.facts);
      // Another partition's publication, handled after the batch read its facts and before it starts the deadline.
      p.timers.beforeNextStarts = () => p.engine.apply(published, p.facts);
      await p.engine.applyBatch([opened, decision], p.facts);
      expect(p.timers.beforeNextStarts).toBeUndefined();
      expect(await p.timers.get(`${COUNTY}/decision-not-disclosed/pub-race`)).toBeNull();
    } finally {
      await p.test.drop();
    }
  });

  it("a period timer is scheduled only once the act's month marker is stored (a due one fires at once and reads the markers)", async () => {
    const p = await platform('rule_batch_periods');
    try {
      const seen: boolean[] = [];
      p.timers.onPeriod = async () => {
        seen.push((await p.facts.findOne({ _id: `activity:${COUNTY}/agency-q/2024-02` })) !== null);
      };
      const records = ['q-1', 'q-2'].map((actId) =>
        actRecord(actId, filed({ actId, agencyId: 'agency-q', occurredAt: cst('2024-02-05') }), cst('2024-02-05')),
      );
      await p.engine.applyBatch(records, p.facts);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every(Boolean)).toBe(true);
    } finally {
      await p.test.drop();
    }
  });
});
