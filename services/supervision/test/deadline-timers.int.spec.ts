import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertEventCodec } from '@lesp/contracts';
import { MongoEventStore } from '@lesp/event-store';
import { createTestDatabase, type TestDatabase } from '@lesp/test-infra';
import { chineseDaysYears } from '../src/adapters/calendar/chinese-days-seed.js';
import { AlertCommands } from '../src/application/alerts/alert-commands.js';
import { RuleEngine } from '../src/application/engine/rule-engine.js';
import type { FactDocument } from '../src/application/engine/facts-store.js';
import { RuleSettingsService } from '../src/application/rules/rule-settings-service.js';
import { DeadlineTimerRunner, DeadlineTimerStore, type TimerDocument } from '../src/application/timers/deadline-timers.js';
import { WorkingDayCalendar } from '../src/domain/calendar/working-days.js';
import { alertIdOf, deadlineIdOf, type EngineDecision } from '../src/domain/rules/engine.js';

const COUNTY = '431103';
const cst = (day: string, hour = 9) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
const seedYears = chineseDaysYears().map((y) => ({ ...y, version: 1 }));

/** One replica: its own event store client, alert commands, engine and timer runner, over the shared database. */
function replica(test: TestDatabase, name: string, clock: () => Date, calendar: () => WorkingDayCalendar, crashAfterFire = false) {
  const store = new MongoEventStore(test.db);
  const timers = new DeadlineTimerStore(test.db);
  const alerts = new AlertCommands(store, () => {}, clock);
  const engine = new RuleEngine();
  engine.bind({
    alerts,
    timers,
    settings: new RuleSettingsService(store),
    calendar,
    clock,
    facts: async () => test.db.collection<FactDocument>('facts'),
  });
  const runner = new DeadlineTimerRunner(timers, {
    owner: name,
    clock,
    claimMs: 60_000,
    fire: async (timer, stage) => {
      await engine.fire(timer, stage);
      // A replica that dies after appending, before it advances the timer.
      if (crashAfterFire) throw new Error(`${name} crashed`);
    },
  });
  return { store, timers, engine, runner };
}

function disclosureDeadline(actId: string, decidedAt: Date): EngineDecision {
  return {
    type: 'start-deadline',
    ruleId: 'decision-not-disclosed',
    ruleVersion: 1,
    packId: 'standard',
    kind: 'deadline',
    title: '执法决定未按期公示',
    countyCode: COUNTY,
    alertId: alertIdOf(COUNTY, 'decision-not-disclosed', actId),
    subjectKey: actId,
    subject: { type: 'act', id: actId },
    agencyId: 'scjgj',
    anchor: decidedAt,
    limit: { amount: 7, unit: 'working_days' },
    evidence: [`ev-${actId}`],
    message: `行政处罚案件 ${actId}：决定应在作出后 7 个工作日内公示`,
  };
}

async function alertEvents(store: MongoEventStore, actId: string): Promise<string[]> {
  const records = await store.readStream(COUNTY, 'Alert', alertIdOf(COUNTY, 'decision-not-disclosed', actId));
  return records.map((r) => {
    const event = alertEventCodec.decode(r.eventType, r.schemaVersion, r.payload);
    return event.type === 'AlertRaised'
      ? `raised:${event.data.level}`
      : event.type === 'AlertEscalated'
        ? `escalated:${event.data.level}`
        : event.type;
  });
}

describe('durable deadline timers (MongoDB)', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase('deadline_timers');
    await new DeadlineTimerStore(test.db).ensureIndexes();
    await new MongoEventStore(test.db).ensureIndexes();
  });
  afterAll(async () => test.drop());

  it('two replicas and a restart in between: each deadline stage fires exactly once, late-but-once after downtime', async () => {
    let now = cst('2025-09-30', 17);
    const clock = () => now;
    const calendar = new WorkingDayCalendar(seedYears);
    const a = replica(test, 'replica-a', clock, () => calendar);
    const b = replica(test, 'replica-b', clock, () => calendar, true);

    // Six decisions on the working day before the National Day holiday: 7th working day 2025-10-16.
    const acts = ['act-1', 'act-2', 'act-3', 'act-4', 'act-5', 'act-6'];
    await a.engine.execute(
      acts.map((actId) => disclosureDeadline(actId, cst('2025-09-30', 16))),
      { eventId: 'ev-cause', correlationId: 'c-1' },
    );
    // The same decisions redelivered to the other replica start nothing new.
    await b.engine.execute(
      acts.map((actId) => disclosureDeadline(actId, cst('2025-09-30', 16))),
      { eventId: 'ev-cause', correlationId: 'c-1' },
    );
    expect(await test.db.collection('deadline_timers').countDocuments({ type: 'deadline' })).toBe(6);

    // Nothing is due during the holiday.
    now = cst('2025-10-08', 12);
    expect((await Promise.all([a.runner.tick(), b.runner.tick()])).reduce((x, y) => x + y, 0)).toBe(0);

    // Blue on 15 October: both replicas race; replica B dies after appending each stage it took.
    now = cst('2025-10-15', 8);
    await Promise.all([a.runner.tick(), b.runner.tick(), a.runner.tick()]);
    for (const actId of acts) expect(await alertEvents(a.store, actId)).toEqual(['raised:blue']);

    // Both replicas go down over the due day; two fresh replicas start long after the claims expired.
    now = cst('2025-10-20', 10);
    const a2 = replica(test, 'replica-a2', clock, () => calendar);
    const b2 = replica(test, 'replica-b2', clock, () => calendar);
    await Promise.all([a2.runner.tick(), b2.runner.tick(), a2.runner.tick(), b2.runner.tick()]);

    for (const actId of acts) {
      // Yellow was missed during the downtime: the timer fires once, at the level reached (red).
      expect(await alertEvents(a.store, actId)).toEqual(['raised:blue', 'escalated:red']);
      // Its last stage fired: the timer is gone, and so are the claims.
      expect(await a2.timers.get(deadlineIdOf(COUNTY, 'decision-not-disclosed', actId))).toBeNull();
    }
    // Ticking again fires nothing; only replica B's abandoned claim of the blue stage was left, and it was taken over.
    expect(await a2.runner.tick()).toBe(0);
    expect(await test.db.collection('deadline_timer_claims').countDocuments({ _id: { $regex: /decision-not-disclosed/ } } as never)).toBe(
      0,
    );
  });

  it('an amended calendar moves running deadlines; a cured deadline never fires', async () => {
    let now = cst('2025-09-30', 17);
    const clock = () => now;
    let calendar = new WorkingDayCalendar(seedYears);
    const a = replica(test, 'replica-c', clock, () => calendar);
    await a.engine.execute(
      [disclosureDeadline('act-moved', cst('2025-09-30', 16)), disclosureDeadline('act-cured', cst('2025-09-30', 16))],
      {
        eventId: 'ev-cause-2',
        correlationId: 'c-2',
      },
    );
    // 2025-10-09 becomes a holiday (an amendment of the year's calendar): the 7th working day moves to 17 October.
    const y2025 = seedYears.find((y) => y.year === 2025)!;
    calendar = new WorkingDayCalendar([
      ...seedYears.filter((y) => y.year !== 2025),
      { ...y2025, holidays: [...y2025.holidays, '2025-10-09'], version: 2 },
    ]);
    expect(await a.timers.recompute(calendar)).toBeGreaterThanOrEqual(2);
    const moved = (await a.timers.get(deadlineIdOf(COUNTY, 'decision-not-disclosed', 'act-moved'))) as Extract<
      TimerDocument,
      { type: 'deadline' }
    >;
    expect(moved.lastDay).toBe('2025-10-17');
    expect(moved.dueAt).toEqual(cst('2025-10-18', 0));
    expect(await a.timers.recompute(calendar)).toBe(0);

    await a.engine.execute(
      [
        {
          type: 'cure',
          ruleId: 'decision-not-disclosed',
          ruleVersion: 1,
          packId: 'standard',
          kind: 'deadline',
          title: '执法决定未按期公示',
          countyCode: COUNTY,
          alertId: alertIdOf(COUNTY, 'decision-not-disclosed', 'act-cured'),
          subjectKey: 'act-cured',
          curingEventId: 'ev-published',
          reason: '决定已公示',
        },
      ],
      { eventId: 'ev-published', correlationId: 'c-3' },
    );
    now = cst('2025-10-17', 12);
    await a.runner.tick();
    expect(await alertEvents(a.store, 'act-moved')).toEqual(['raised:yellow']);
    expect(await alertEvents(a.store, 'act-cured')).toEqual([]);
  });

  it('four replicas racing over forty due timers: each is fired by exactly one of them', async () => {
    const now = cst('2025-11-01', 9);
    const store = new DeadlineTimerStore(test.db);
    for (let i = 0; i < 40; i++) {
      await store.schedulePeriod(
        '433124',
        'zero-enforcement-unexplained',
        { key: `race-${i}`, start: '2025-07-01', endExclusive: '2025-10-01' },
        cst('2025-10-01', 0),
        now,
      );
    }
    const calls: string[] = [];
    const runners = ['r1', 'r2', 'r3', 'r4'].map(
      (owner) =>
        new DeadlineTimerRunner(new DeadlineTimerStore(test.db), {
          owner,
          clock: () => now,
          fire: async (timer) => {
            calls.push(timer._id);
            await new Promise((resolve) => setTimeout(resolve, 5));
          },
        }),
    );
    await Promise.all(runners.map((runner) => runner.tick()));
    await Promise.all(runners.map((runner) => runner.tick()));
    const raced = calls.filter((id) => id.includes('/race-'));
    expect(raced).toHaveLength(40);
    expect(new Set(raced).size).toBe(40);
  });
});
