import { describe, expect, it } from 'vitest';
import { deadlineStages } from '../src/domain/calendar/working-days.js';
import { personDecider, type PersonState } from '../src/domain/corrections/person-decider.js';
import type { PersonEvent } from '../src/domain/corrections/person-events.js';
import { calendarPeriod } from '../src/domain/rules/calendar-period.js';
import { deadlineIdOf, evaluatePeriodEnd, evaluatePersonEvent, stageReached, type EngineDecision } from '../src/domain/rules/engine.js';
import { RULE_CATALOG } from '../src/domain/rules/rule-catalog.js';
import { COUNTY, calendar, cst, settingsOf } from './rule-harness.js';

/**
 * The community-corrections pack (社区矫正, seed 000), the engine's second rule pack: given a
 * person's events and a clock → alerts (monthly hours at the month's end, absconding at once,
 * a term over and not released).
 */
const received: PersonEvent = {
  type: 'PersonUnderCorrectionReceived',
  data: {
    personId: 'p-1',
    countyCode: COUNTY,
    category: 'probation',
    officeId: 'sfs-1',
    dutyCrime: false,
    startsAt: cst('2025-01-10'),
    endsAt: cst('2025-12-31', 0),
    receivedBy: 'sup',
  },
};
const hours = (kind: 'education' | 'community_service', month: string, n: number, at: Date): PersonEvent => ({
  type: 'CorrectionHoursRecorded',
  data: { personId: 'p-1', kind, month, hours: n, activity: '集中教育', recordedBy: 'sfs', occurredAt: at },
});
const timeOf = (event: PersonEvent): Date => {
  switch (event.type) {
    case 'PersonUnderCorrectionReceived':
      return event.data.startsAt;
    case 'CorrectionHoursRecorded':
      return event.data.occurredAt;
    case 'PersonAbsconded':
      return event.data.lostContactAt;
    case 'PersonReturnedToSupervision':
      return event.data.returnedAt;
    case 'CorrectionEnded':
      return event.data.endedAt;
  }
};
const ours = (d: EngineDecision) => d.packId === 'community-corrections';

function run(events: readonly PersonEvent[], disabled = false) {
  const settingsAt = settingsOf(
    disabled ? [{ packId: 'community-corrections', enabled: false, effectiveFrom: '2020-01-01', parameters: [] }] : [],
  );
  let state: PersonState = personDecider.initialState();
  const decisions = events.flatMap((event, i) => {
    const before = state;
    state = personDecider.evolve(before, event);
    const meta = { eventId: `ev-${i + 1}`, countyCode: COUNTY, occurredAt: timeOf(event) };
    return evaluatePersonEvent(RULE_CATALOG, settingsAt, { event, meta, before, after: state })
      .filter(ours)
      .map((decision) => ({ decision, at: meta.occurredAt }));
  });
  return { decisions, state, settingsAt };
}

/** The month-end check of `month` over the person as the events left it. */
function monthEnd(events: readonly PersonEvent[], month: string, disabled = false) {
  const { state, settingsAt } = run(events, disabled);
  const window = calendarPeriod(`${month}-01`, 1);
  return evaluatePeriodEnd(
    RULE_CATALOG,
    'correction-monthly-hours-below',
    settingsAt,
    { countyCode: COUNTY, window, agencies: [], activeAgencyIds: new Set(), explainedAgencyIds: new Set(), officers: [], persons: [state] },
    `${month}-28`,
  );
}

describe('community-corrections pack: monthly education and community-service hours (8 and 8)', () => {
  it('at the end of a whole month under correction, too few hours of either kind raise a yellow alert to the judicial office', () => {
    const events = [
      received,
      hours('education', '2025-03', 8, cst('2025-03-05')),
      hours('community_service', '2025-03', 6, cst('2025-03-20')),
    ];
    expect(monthEnd(events, '2025-03').map((d) => (d.type === 'raise' ? [d.type, d.subjectKey, d.agencyId, d.level] : [d.type]))).toEqual([
      ['raise', 'p-1:2025-03', 'sfs-1', 'yellow'],
    ]);
    const [raised] = monthEnd(events, '2025-03');
    expect(raised).toMatchObject({ message: '社区矫正对象 p-1 2025-03 社区服务 6 小时（应不少于 8 小时）' });
    // The month of reception is partial and not held against the person.
    expect(monthEnd(events, '2025-01')).toEqual([]);
  });

  it('both kinds at 8 raise nothing; hours recorded late that reach 8 cure the month', () => {
    const full = [
      received,
      hours('education', '2025-04', 8, cst('2025-04-05')),
      hours('community_service', '2025-04', 8, cst('2025-04-20')),
    ];
    expect(monthEnd(full, '2025-04')).toEqual([]);
    const cures = run(full).decisions.filter((d) => d.decision.type === 'cure');
    expect(cures.map((d) => d.decision.subjectKey)).toEqual(['p-1:2025-04']);
  });

  it('a county may require other hours; a county that disabled the pack gets none', () => {
    const events = [
      received,
      hours('education', '2025-03', 8, cst('2025-03-05')),
      hours('community_service', '2025-03', 8, cst('2025-03-20')),
    ];
    const strict = evaluatePeriodEnd(
      RULE_CATALOG,
      'correction-monthly-hours-below',
      settingsOf([
        {
          packId: 'community-corrections',
          enabled: true,
          effectiveFrom: '2025-01-01',
          parameters: [{ name: 'correctionEducationHours', value: 10 }],
        },
      ]),
      {
        countyCode: COUNTY,
        window: calendarPeriod('2025-03-01', 1),
        agencies: [],
        activeAgencyIds: new Set(),
        explainedAgencyIds: new Set(),
        officers: [],
        persons: [run(events).state],
      },
      '2025-03-31',
    );
    expect(strict.map((d) => d.subjectKey)).toEqual(['p-1:2025-03']);
    expect(monthEnd([received], '2025-03', true)).toEqual([]);
  });
});

describe('community-corrections pack: absconding (脱管) and a term over not released', () => {
  it('absconding raises a red alert at once; the return to supervision cures it', () => {
    const absconded: PersonEvent = {
      type: 'PersonAbsconded',
      data: { personId: 'p-1', lostContactAt: cst('2025-05-03', 20), measures: '电话、走访查找', reportedBy: 'sfs' },
    };
    const back: PersonEvent = {
      type: 'PersonReturnedToSupervision',
      data: { personId: 'p-1', returnedAt: cst('2025-05-06'), note: '已归案' },
    };
    const { decisions } = run([received, absconded, back]);
    const absconding = decisions.filter((d) => d.decision.ruleId === 'correction-person-absconded').map((d) => d.decision);
    expect(absconding.map((d) => [d.type, d.subjectKey])).toEqual([
      ['raise', 'p-1:2025-05-03T12:00:00.000Z'],
      ['cure', 'p-1:2025-05-03T12:00:00.000Z'],
    ]);
    expect(absconding[0]).toMatchObject({ level: 'red', agencyId: 'sfs-1', message: '社区矫正对象 p-1 自 2025-05-03 起脱管，失去联系' });
  });

  it('the term ends on 31 December: red from 1 January unless released; the release cures it', () => {
    const { decisions } = run([received]);
    const deadline = decisions.find((d) => d.decision.type === 'start-deadline')!.decision;
    if (deadline.type !== 'start-deadline') throw new Error('no deadline');
    const stages = deadlineStages(calendar, deadline.anchor, deadline.limit);
    expect(stageReached(stages, cst('2025-12-31', 23))).toBeUndefined();
    expect(stageReached(stages, cst('2026-01-01', 0))).toMatchObject({ level: 'red' });
    const ended: PersonEvent = {
      type: 'CorrectionEnded',
      data: { personId: 'p-1', reason: 'term_completed', endedAt: cst('2025-12-31', 0), note: '' },
    };
    const cure = run([received, ended]).decisions.find((d) => d.decision.type === 'cure')!.decision;
    expect(deadlineIdOf(cure.countyCode, cure.ruleId, cure.subjectKey)).toBe(
      deadlineIdOf(COUNTY, 'correction-term-end-not-processed', 'p-1'),
    );
  });
});
