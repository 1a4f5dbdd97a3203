import { describe, expect, it } from 'vitest';
import { deciderSpec } from '@lesp/core';
import type { DisputeCommand } from '../../../src/domain/dispute/dispute-commands.js';
import {
  createDisputeDecider,
  disputeFigures,
  disputeOverdue,
  type DueAfterWorkingDays,
} from '../../../src/domain/dispute/dispute-decider.js';
import type { DisputeEvent } from '../../../src/domain/dispute/dispute-events.js';

const DAY = 86_400_000;
const OFFSET = 8 * 3_600_000;
/** Beijing time. */
const cst = (year: number, month: number, day: number, hour = 10) => new Date(Date.UTC(year, month - 1, day, hour - 8));
const key = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * A stand-in for the calendar module: National Day 2023 (29 Sep – 6 Oct off, Saturday 7 and
 * Sunday 8 Oct worked), Monday to Friday otherwise; the day of filing is not counted.
 */
const HOLIDAYS = new Set(['2023-09-29', '2023-09-30', '2023-10-01', '2023-10-02', '2023-10-03', '2023-10-04', '2023-10-05', '2023-10-06']);
const WORKED_WEEKENDS = new Set(['2023-10-07', '2023-10-08']);
const calls: [Date, number, string][] = [];
const dueAfterWorkingDays: DueAfterWorkingDays = (from, workingDays, countyCode) => {
  calls.push([from, workingDays, countyCode]);
  let day = Math.floor((from.getTime() + OFFSET) / DAY) * DAY;
  for (let counted = 0; counted < workingDays;) {
    day += DAY;
    const weekday = new Date(day).getUTCDay();
    const k = key(day);
    if (!HOLIDAYS.has(k) && (WORKED_WEEKENDS.has(k) || (weekday !== 0 && weekday !== 6))) counted++;
  }
  return new Date(day + DAY - OFFSET);
};

const decider = createDisputeDecider(dueAfterWorkingDays);
const spec = deciderSpec(decider);

const filing = {
  disputeId: 'zy-2023-3',
  countyCode: '431103',
  kind: 'declined' as const,
  agencyIds: ['cgj', 'scjgj'],
  matter: '校园周边流动摊贩无证经营的查处',
  description: '城管执法局与市场监管局均认为不属本部门职责',
  actIds: [],
  filedBy: '区司法局 执法协调科',
  filedAt: cst(2023, 9, 27),
};
const filed: DisputeEvent = { type: 'DisputeFiled', data: { ...filing, workingDays: 7, dueAt: cst(2023, 10, 13, 0) } };
const decision = {
  disputeId: 'zy-2023-3',
  competentAgencyId: 'cgj',
  assistingAgencyIds: ['scjgj'],
  reasoning: '占道经营由城管执法局查处，涉及食品安全的由市场监管局配合',
  legalBasis: '《湖南省城市综合管理条例》',
  decidedBy: '冷水滩区人民政府',
};
const decide = (decidedAt: Date): DisputeCommand => ({ type: 'DecideDispute', data: { ...decision, decidedAt } });
const decided = (decidedAt: Date, late: boolean): DisputeEvent => ({ type: 'DisputeDecided', data: { ...decision, decidedAt, late } });
const stateOf = (events: DisputeEvent[]) => events.reduce(decider.evolve, decider.initialState());

describe('competence dispute: filed, due within 7 working days of the county’s calendar', () => {
  it('filed on the Wednesday before National Day: 28 September, the two worked weekend days, and 9–12 October make 7', () => {
    spec.given([]).when({ type: 'FileDispute', data: filing }).then([filed]);
    expect(calls.at(-1)).toEqual([filing.filedAt, 7, '431103']);
  });

  it('needs two distinct agencies, a known kind, a matter', () => {
    spec
      .given([])
      .when({ type: 'FileDispute', data: { ...filing, agencyIds: ['cgj'] } })
      .thenThrows('ID_COUNT_RANGE', ['agencyIds']);
    spec
      .given([])
      .when({ type: 'FileDispute', data: { ...filing, agencyIds: ['cgj', 'cgj'], matter: '', kind: 'other' as never } })
      .thenThrows('VALIDATION_FAILED', ['kind', 'agencyIds', 'matter']);
    spec.given([filed]).when({ type: 'FileDispute', data: filing }).thenThrows('DISPUTE_ALREADY_FILED');
  });
});

describe('competence dispute: decided', () => {
  it('on the last working day is on time; the day after is late', () => {
    spec
      .given([filed])
      .when(decide(cst(2023, 10, 12, 17)))
      .then([decided(cst(2023, 10, 12, 17), false)]);
    spec
      .given([filed])
      .when(decide(cst(2023, 10, 13, 9)))
      .then([decided(cst(2023, 10, 13, 9), true)]);
  });

  it('after a referral to a superior the 7 working days no longer bind', () => {
    const referred: DisputeEvent = {
      type: 'DisputeReferredToSuperior',
      data: { disputeId: 'zy-2023-3', superior: '永州市司法局', reason: '涉及市级事权划分', referredAt: cst(2023, 10, 9) },
    };
    spec.given([filed]).when({ type: 'ReferDisputeToSuperior', data: referred.data }).then([referred]);
    spec
      .given([filed, referred])
      .when(decide(cst(2023, 11, 20)))
      .then([decided(cst(2023, 11, 20), false)]);
    expect(disputeOverdue(stateOf([filed, referred]), cst(2023, 11, 1))).toBeUndefined();
  });

  it('once; never before it was filed; the competent agency does not also assist', () => {
    spec
      .given([filed, decided(cst(2023, 10, 9), false)])
      .when(decide(cst(2023, 10, 10)))
      .thenThrows('DISPUTE_ALREADY_DECIDED');
    spec
      .given([filed])
      .when(decide(cst(2023, 9, 26)))
      .thenThrows('TIME_BEFORE_PREVIOUS_STEP', ['decidedAt']);
    spec
      .given([filed])
      .when({ type: 'DecideDispute', data: { ...decision, assistingAgencyIds: ['cgj'], decidedAt: cst(2023, 10, 9) } })
      .thenThrows('COMPETENT_ALSO_ASSISTING', ['assistingAgencyIds']);
    spec
      .given([])
      .when(decide(cst(2023, 10, 9)))
      .thenThrows('DISPUTE_NOT_FOUND');
  });

  it('the rule-engine check: overdue once the time limit has passed undecided', () => {
    expect(disputeOverdue(stateOf([filed]), cst(2023, 10, 12, 23))).toBeUndefined();
    expect(disputeOverdue(stateOf([filed]), cst(2023, 10, 13, 0))).toEqual({
      rule: 'DISPUTE_NOT_DECIDED_WITHIN_7_WORKING_DAYS',
      disputeId: 'zy-2023-3',
      countyCode: '431103',
      dueAt: cst(2023, 10, 13, 0),
      message: '执法争议“校园周边流动摊贩无证经营的查处”受理后7个工作日内未作出协调决定',
    });
    expect(disputeOverdue(stateOf([filed, decided(cst(2023, 10, 16), true)]), cst(2023, 10, 20))).toBeUndefined();
  });
});

describe('competence dispute: tracked to implementation', () => {
  const history = [filed, decided(cst(2023, 10, 9), false)];
  it('follow-ups only after the decision; implementation confirmed by the competent agency only', () => {
    const followUp = { disputeId: 'zy-2023-3', note: '城管执法局已安排中队巡查', recordedBy: '执法协调科', recordedAt: cst(2023, 10, 16) };
    spec.given([filed]).when({ type: 'RecordDisputeFollowUp', data: followUp }).thenThrows('DISPUTE_NOT_DECIDED');
    spec
      .given(history)
      .when({ type: 'RecordDisputeFollowUp', data: followUp })
      .then([{ type: 'DisputeFollowUpRecorded', data: followUp }]);
    const confirm = (agencyId: string): DisputeCommand => ({
      type: 'ConfirmDisputeImplemented',
      data: {
        disputeId: 'zy-2023-3',
        agencyId,
        summary: '已立案查处 3 起',
        actIds: ['act-1', 'act-2', 'act-3'],
        confirmedAt: cst(2023, 10, 30),
      },
    });
    spec.given(history).when(confirm('scjgj')).thenThrows('NOT_THE_COMPETENT_AGENCY');
    spec
      .given(history)
      .when(confirm('cgj'))
      .then([{ type: 'DisputeImplemented', data: confirm('cgj').data as never }]);
    const done = [...history, { type: 'DisputeImplemented', data: confirm('cgj').data } as DisputeEvent];
    expect(stateOf(done)).toMatchObject({ status: 'implemented', closedAt: cst(2023, 10, 30) });
    spec.given(done).when({ type: 'RecordDisputeFollowUp', data: followUp }).thenThrows('DISPUTE_CLOSED');
  });

  it('withdrawn when the agencies agree before a decision, not after', () => {
    const withdraw: DisputeCommand = {
      type: 'WithdrawDispute',
      data: { disputeId: 'zy-2023-3', reason: '双方协商一致', withdrawnAt: cst(2023, 9, 28) },
    };
    spec
      .given([filed])
      .when(withdraw)
      .then([{ type: 'DisputeWithdrawn', data: withdraw.data as never }]);
    spec.given(history).when(withdraw).thenThrows('DISPUTE_ALREADY_DECIDED');
  });
});

describe('competence disputes: a county’s figures', () => {
  it('filed in the period: decided, on time, referred, implemented, withdrawn, overdue', () => {
    const filedAs = (disputeId: string, filedAt = cst(2023, 9, 27)): DisputeEvent => ({
      type: 'DisputeFiled',
      data: { ...filing, disputeId, filedAt, workingDays: 7, dueAt: dueAfterWorkingDays(filedAt, 7, '431103') },
    });
    const decidedAs = (disputeId: string, decidedAt: Date, late: boolean): DisputeEvent => ({
      type: 'DisputeDecided',
      data: { ...decision, disputeId, decidedAt, late },
    });
    const states = [
      [filedAs('a'), decidedAs('a', cst(2023, 10, 9), false)],
      [filedAs('b'), decidedAs('b', cst(2023, 10, 20), true)],
      [
        filedAs('c'),
        decidedAs('c', cst(2023, 10, 9), false),
        {
          type: 'DisputeImplemented',
          data: { disputeId: 'c', agencyId: 'cgj', summary: '已查处', actIds: [], confirmedAt: cst(2023, 10, 30) },
        },
      ],
      [
        filedAs('d'),
        { type: 'DisputeReferredToSuperior', data: { disputeId: 'd', superior: '市司法局', reason: '请示', referredAt: cst(2023, 10, 9) } },
      ],
      [filedAs('e'), { type: 'DisputeWithdrawn', data: { disputeId: 'e', reason: '协商一致', withdrawnAt: cst(2023, 9, 28) } }],
      [filedAs('f')],
      [filedAs('g', cst(2024, 1, 3))],
    ].map((events) => stateOf(events as DisputeEvent[]));
    expect(disputeFigures(states, '431103', { from: cst(2023, 1, 1, 0), to: cst(2024, 1, 1, 0) }, cst(2023, 12, 31))).toEqual({
      filed: 6,
      decided: 3,
      decidedOnTime: 2,
      referred: 1,
      implemented: 1,
      withdrawn: 1,
      overdue: 1,
    });
  });
});
