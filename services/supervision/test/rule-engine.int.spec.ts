import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actEventCodec,
  agencyEventCodec,
  alertEventCodec,
  officerEventCodec,
  supervisionRegistryEventCodec,
  type ActEvent,
  type AgencyEvent,
  type OfficerEvent,
  type SupervisionRegistryEvent,
} from '@lesp/contracts';
import { newId, streamIdOf, type DomainEvent, type EventCodec, type EventRecord } from '@lesp/core';
import { ensureIndexes, MongoEventStore, readAllEvents } from '@lesp/event-store';
import { createTestDatabase, type TestDatabase } from '@lesp/test-infra';
import type { Collection } from 'mongodb';
import { chineseDaysYears } from '../src/adapters/calendar/chinese-days-seed.js';
import { AlertCommands } from '../src/application/alerts/alert-commands.js';
import { FACT_INDEXES, type FactDocument } from '../src/application/engine/facts-store.js';
import { RuleEngine } from '../src/application/engine/rule-engine.js';
import { migrateInspectionDaysToMonths } from '../src/application/engine/inspection-months.js';
import { normativeDocumentCodec } from '../src/application/governance/governance-codec.js';
import type { NormativeDocumentEvent } from '../src/domain/normative-document/normative-document-events.js';
import { RuleSettingsService } from '../src/application/rules/rule-settings-service.js';
import { DeadlineTimerRunner, DeadlineTimerStore } from '../src/application/timers/deadline-timers.js';
import { WorkingDayCalendar } from '../src/domain/calendar/working-days.js';
import { cst, decided, filed, officerRegistered, opening } from './rule-harness.js';

/**
 * The rule engine as a projection over real MongoDB (FerretDB): facts stored per stream
 * version, a redelivered event changes nothing, two counties with the same ids stay apart,
 * and a period timer judges zero enforcement from the stored facts.
 */
const versions = new Map<string, number>();
function record<E extends DomainEvent>(
  codec: EventCodec<E>,
  source: string,
  countyCode: string,
  aggregateType: string,
  aggregateId: string,
  event: E,
  occurredAt: Date,
): EventRecord {
  const streamId = streamIdOf(countyCode, aggregateType, aggregateId);
  const version = (versions.get(streamId) ?? 0) + 1;
  versions.set(streamId, version);
  const encoded = codec.encode(event);
  return {
    ...encoded,
    eventId: newId(),
    source,
    countyCode,
    aggregateType,
    aggregateId,
    streamId,
    version,
    occurredAt,
    recordedAt: occurredAt,
    actor: { userId: 'test', role: 'agency_clerk', countyCode },
    correlationId: 'c',
    causationId: 'c',
    previousHash: '',
    hash: '',
  };
}
const agency = (county: string, agencyId: string, at: Date) =>
  record<AgencyEvent>(
    agencyEventCodec,
    'case-intake',
    county,
    'Agency',
    agencyId,
    {
      type: 'AgencyRegistered',
      data: { agencyId, name: `${agencyId} 局`, creditCode: '11431103MB1A23456Q', kind: '行政机关', legalBasis: '' },
    },
    at,
  );
const officer = (county: string, event: OfficerEvent) =>
  record<OfficerEvent>(officerEventCodec, 'case-intake', county, 'Officer', event.data.officerId, event, cst('2024-01-01'));
const act = (county: string, actId: string, event: ActEvent, at: Date) =>
  record<ActEvent>(actEventCodec, 'case-intake', county, 'EnforcementAct', actId, event, at);

describe('rule engine projection (MongoDB)', () => {
  let test: TestDatabase;
  let facts: Collection<FactDocument>;
  let store: MongoEventStore;
  let engine: RuleEngine;
  let timers: DeadlineTimerStore;
  let now = cst('2025-08-20');

  beforeAll(async () => {
    test = await createTestDatabase('rule_engine');
    facts = test.db.collection<FactDocument>('facts');
    await ensureIndexes(
      facts,
      FACT_INDEXES.map((index) => ({ ...index, key: { ...index.key } })),
    );
    store = new MongoEventStore(test.db);
    await store.ensureIndexes();
    timers = new DeadlineTimerStore(test.db);
    await timers.ensureIndexes();
    const calendar = new WorkingDayCalendar(chineseDaysYears().map((y) => ({ ...y, version: 1 })));
    engine = new RuleEngine();
    engine.bind({
      alerts: new AlertCommands(
        store,
        () => {},
        () => now,
      ),
      timers,
      settings: new RuleSettingsService(store),
      calendar: () => calendar,
      clock: () => now,
      facts: async () => facts,
    });
  });
  afterAll(async () => test.drop());

  const alertsOf = async (county: string) => {
    const out: string[] = [];
    for await (const r of readAllEvents(store, { countyCode: county })) {
      if (r.eventType !== 'AlertRaised') continue;
      const event = alertEventCodec.decode(r.eventType, r.schemaVersion, r.payload);
      if (event.type === 'AlertRaised') out.push(`${event.data.ruleId}:${event.data.subjectId}`);
    }
    return out.sort();
  };

  it('stores facts per stream version; a redelivered event raises nothing twice; two counties with the same ids stay apart', async () => {
    for (const county of ['431103', '433124']) {
      await engine.apply(agency(county, 'busy', cst('2025-01-01')), facts);
      await engine.apply(officer(county, officerRegistered('o-1', cst('2024-01-01'), cst('2030-01-01'))), facts);
    }
    const opened = act(
      '431103',
      'act-1',
      filed({ actId: 'act-1', agencyId: 'busy', officerIds: ['o-1'], occurredAt: cst('2025-08-18') }),
      cst('2025-08-18'),
    );
    await engine.apply(opened, facts);
    await engine.apply(opened, facts);
    const other = act(
      '433124',
      'act-1',
      filed({ actId: 'act-1', agencyId: 'busy', officerIds: ['o-1', 'o-1'], occurredAt: cst('2025-08-18') }),
      cst('2025-08-18'),
    );
    await engine.apply(other, facts);

    expect(await alertsOf('431103')).toEqual(['fewer-than-two-officers:act-1']);
    // The same officer named twice is still one officer.
    expect(await alertsOf('433124')).toEqual(['fewer-than-two-officers:act-1']);
    const doc = await facts.findOne({ _id: `act:${opened.streamId}` });
    expect(doc).toMatchObject({
      _v: 1,
      countyCode: '431103',
      kind: 'act',
      agencyId: 'busy',
      act: { category: 'penalty', openingEventId: opened.eventId },
    });
    expect(await timers.get('431103/act-open-past-time-limit/act-1')).toMatchObject({ status: 'pending', lastDay: '2025-11-16' });
  });

  it('at the end of the quarter, the period timer raises zero enforcement for the idle agency only', async () => {
    await engine.apply(agency('431103', 'idle', cst('2025-01-01')), facts);
    await engine.apply(agency('431103', 'explained', cst('2025-01-01')), facts);
    await engine.apply(
      record<SupervisionRegistryEvent>(
        supervisionRegistryEventCodec,
        'supervision',
        '431103',
        'ZeroEnforcementExplanation',
        'explained_2025-Q3',
        {
          type: 'ZeroEnforcementExplained',
          data: { agencyId: 'explained', period: '2025-Q3', explanation: '本季度无执法事项' },
        },
        cst('2025-09-20'),
      ),
      facts,
    );
    now = cst('2025-10-01', 8);
    const runner = new DeadlineTimerRunner(timers, { owner: 'test', clock: () => now, fire: (timer, stage) => engine.fire(timer, stage) });
    await runner.tick();
    const zero = (await alertsOf('431103')).filter((a) => a.startsWith('zero-enforcement'));
    expect(zero).toEqual(['zero-enforcement-unexplained:idle']);
    expect(await timers.get('period/431103/zero-enforcement-unexplained/2025-Q4')).toMatchObject({ status: 'pending' });
    expect(await timers.get('period/431103/zero-enforcement-unexplained/2025-Q3')).toBeNull();
  });

  it('enterprise inspections: a filing beforehand silences "not filed"; a second agency within 30 days suggests 综合查一次', async () => {
    const county = '522229';
    const credit = '91350100M000100Y43';
    for (const id of ['hbj', 'scj']) await engine.apply(agency(county, id, cst('2025-01-01')), facts);
    for (const id of ['o-1', 'o-2'])
      await engine.apply(officer(county, officerRegistered(id, cst('2024-01-01'), cst('2030-01-01'))), facts);
    await engine.apply(
      record<SupervisionRegistryEvent>(
        supervisionRegistryEventCodec,
        'supervision',
        county,
        'InspectionFiling',
        'f-1',
        {
          type: 'InspectionFiled',
          data: {
            filingId: 'f-1',
            agencyId: 'hbj',
            enterpriseCreditCode: credit,
            enterpriseName: '某公司',
            plannedFrom: cst('2025-09-01'),
            plannedTo: cst('2025-09-05'),
            purpose: '环保检查',
          },
        },
        cst('2025-08-28'),
      ),
      facts,
    );
    const inspection = (actId: string, agencyId: string, day: string) =>
      act(county, actId, filed({ actId, agencyId, category: 'inspection', occurredAt: cst(day) }), cst(day));
    await engine.apply(inspection('i-1', 'hbj', '2025-09-02'), facts);
    const second = inspection('i-2', 'scj', '2025-09-20');
    await engine.apply(second, facts);
    await engine.apply(second, facts);
    expect(await alertsOf(county)).toEqual(['enterprise-inspected-by-several-agencies:' + credit, 'enterprise-inspection-not-filed:i-2']);
  });

  it('several agencies: a window across a month end counts both months; an inspection before the window does not count', async () => {
    const county = '522230';
    const [across, apart] = ['91350100M000200Y43', '91350100M000300Y43'];
    for (const id of ['hbj', 'scj']) await engine.apply(agency(county, id, cst('2025-01-01')), facts);
    for (const id of ['o-1', 'o-2'])
      await engine.apply(officer(county, officerRegistered(id, cst('2024-01-01'), cst('2030-01-01'))), facts);
    const inspection = (actId: string, agencyId: string, creditCode: string, day: string) =>
      act(
        county,
        actId,
        filed({ actId, agencyId, category: 'inspection', target: { ...opening().target!, creditCode }, occurredAt: cst(day) }),
        cst(day),
      );
    // 9-28 and 10-05: a week apart, in two months.
    await engine.apply(inspection('x-1', 'hbj', across, '2025-09-28'), facts);
    await engine.apply(inspection('x-2', 'scj', across, '2025-10-05'), facts);
    // 8-01 and 9-20: 50 days apart, past the 30-day window.
    await engine.apply(inspection('y-1', 'hbj', apart, '2025-08-01'), facts);
    await engine.apply(inspection('y-2', 'scj', apart, '2025-09-20'), facts);
    const several = (await alertsOf(county)).filter((a) => a.startsWith('enterprise-inspected-by-several-agencies'));
    expect(several).toEqual([`enterprise-inspected-by-several-agencies:${across}`]);
  });

  it('inspections an earlier release kept per day are moved into their months at start-up, and count', async () => {
    const county = '522231';
    const credit = '91350100M000400Y43';
    for (const id of ['hbj', 'scj']) await engine.apply(agency(county, id, cst('2025-01-01')), facts);
    for (const id of ['o-1', 'o-2'])
      await engine.apply(officer(county, officerRegistered(id, cst('2024-01-01'), cst('2030-01-01'))), facts);
    // What the earlier release stored for an inspection on 11-03: a document for that day.
    const dayId = `inspections:${county}/${credit}/2025-11-03`;
    await facts.insertOne({
      _id: dayId,
      countyCode: county,
      kind: 'inspections',
      inspections: [{ actId: 'old-1', agencyId: 'hbj', creditCode: credit, at: cst('2025-11-03'), eventId: 'e-old-1' }],
    });
    const migrated = test.db.collection<FactDocument>('facts_migrated');
    await migrated.insertMany((await facts.find({}).toArray()) as never);

    expect(await migrateInspectionDaysToMonths(migrated)).toBe(1);
    expect(await migrated.findOne({ _id: dayId })).toBeNull();
    expect((await migrated.findOne({ _id: `inspections:${county}/${credit}/2025-11` }))?.inspections).toHaveLength(1);
    // Once done, a start looks at its mark only.
    await migrated.insertOne({
      _id: `inspections:${county}/${credit}/2025-11-04`,
      countyCode: county,
      kind: 'inspections',
      inspections: [],
    });
    expect(await migrateInspectionDaysToMonths(migrated)).toBe(0);

    const second = act(
      county,
      'new-1',
      filed({
        actId: 'new-1',
        agencyId: 'scj',
        category: 'inspection',
        target: { ...opening().target!, creditCode: credit },
        occurredAt: cst('2025-11-10'),
      }),
      cst('2025-11-10'),
    );
    // Without the move, the day document is not read: nothing suggested.
    await engine.apply(second, facts);
    expect((await alertsOf(county)).filter((a) => a.startsWith('enterprise-inspected-by-several-agencies'))).toEqual([]);
    await engine.apply(second, migrated);
    expect((await alertsOf(county)).filter((a) => a.startsWith('enterprise-inspected-by-several-agencies'))).toEqual([
      `enterprise-inspected-by-several-agencies:${credit}`,
    ]);
  });

  it("a decision published before supervision heard of it: the disclosure deadline starts cured (public disclosure's DecisionPublished)", async () => {
    const county = '500241';
    for (const id of ['o-1', 'o-2'])
      await engine.apply(officer(county, officerRegistered(id, cst('2024-01-01'), cst('2030-01-01'))), facts);
    const opened = act(county, 'pub-1', filed({ actId: 'pub-1', occurredAt: cst('2025-09-01') }), cst('2025-09-01'));
    await engine.apply(opened, facts);
    const published: EventRecord = {
      ...opened,
      eventId: newId(),
      eventType: 'DecisionPublished',
      source: 'public-disclosure',
      aggregateType: 'DecisionDisclosure',
      streamId: streamIdOf(county, 'DecisionDisclosure', 'pub-1'),
      version: 1,
      occurredAt: cst('2025-09-03'),
      payload: new Uint8Array(),
    };
    await engine.apply(published, facts);
    await engine.apply(act(county, 'pub-1', decided(cst('2025-09-02')), cst('2025-09-02')), facts);
    expect(await timers.get(`${county}/decision-not-disclosed/pub-1`)).toBeNull();
    // The late-arriving decision still started (and stopped) the time-limit cure as usual.
    expect(await timers.get(`${county}/act-open-past-time-limit/pub-1`)).toBeNull();
  });

  it('a normative document not filed within 30 days of issue: the deadline of the body not filed turns red, the late filing resolves it', async () => {
    const county = '431102';
    const doc = (event: NormativeDocumentEvent, at: Date) =>
      record<NormativeDocumentEvent>(normativeDocumentCodec, 'supervision', county, 'NormativeDocument', 'nd-1', event, at);
    const filing = (filedWith: 'government' | 'standing_committee', filedAt: Date, late: boolean) =>
      doc(
        {
          type: 'NormativeDocumentFiled',
          data: { documentId: 'nd-1', filedWith, recipient: '备案机关', filingNumber: `备-${filedWith}`, filedAt, late },
        },
        filedAt,
      );
    const registered = doc(
      {
        type: 'NormativeDocumentRegistered',
        data: {
          documentId: 'nd-1',
          countyCode: county,
          issuer: '零陵区人民政府办公室',
          documentNumber: '零政办发〔2025〕7号',
          title: '行政执法全过程记录办法',
          issuedAt: cst('2025-06-01', 10),
          effectiveFrom: cst('2025-06-01', 10),
          validUntil: cst('2028-05-31'),
          registeredBy: 'sup',
        },
      },
      cst('2025-06-01', 10),
    );
    await engine.apply(registered, facts);
    await engine.apply(registered, facts);
    await engine.apply(filing('government', cst('2025-06-10'), false), facts);
    expect(await timers.get(`${county}/normative-document-not-filed/nd-1@2025-06-01:government`)).toBeNull();
    expect(await timers.get(`${county}/normative-document-not-filed/nd-1@2025-06-01:standing_committee`)).toMatchObject({
      lastDay: '2025-07-01',
    });
    now = cst('2025-07-05');
    await new DeadlineTimerRunner(timers, { owner: 'test', clock: () => now, fire: (timer, stage) => engine.fire(timer, stage) }).tick();
    const raised = async () => {
      const out: { level: string; subjectId: string; message: string; status: string }[] = [];
      const byAlert = new Map<string, { level: string; subjectId: string; message: string; status: string }>();
      for await (const r of readAllEvents(store, { countyCode: county })) {
        if (!alertEventCodec.handles(r.eventType)) continue;
        const event = alertEventCodec.decode(r.eventType, r.schemaVersion, r.payload);
        if (event.type === 'AlertRaised' && event.data.ruleId === 'normative-document-not-filed') {
          const alert = { level: event.data.level, subjectId: event.data.subjectId, message: event.data.message, status: 'open' };
          byAlert.set(event.data.alertId, alert);
          out.push(alert);
        }
        if (event.type === 'AlertResolved') byAlert.get(event.data.alertId)!.status = 'resolved';
      }
      return out;
    };
    expect(await raised()).toEqual([
      {
        level: 'red',
        subjectId: 'nd-1',
        status: 'open',
        message:
          '《行政执法全过程记录办法》（零政办发〔2025〕7号）：应自印发之日起 30 日内向人大常委会备案（制定机关：零陵区人民政府办公室）（期限 2025-07-01，已超期）',
      },
    ]);
    await engine.apply(filing('standing_committee', cst('2025-07-08'), true), facts);
    expect((await raised()).map((a) => a.status)).toEqual(['resolved']);
  });
});
