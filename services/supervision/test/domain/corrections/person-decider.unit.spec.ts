import { describe, expect, it } from 'vitest';
import { deciderSpec } from '@lesp/core';
import type { PersonCommand } from '../../../src/domain/corrections/person-commands.js';
import { personDecider } from '../../../src/domain/corrections/person-decider.js';
import type { PersonEvent } from '../../../src/domain/corrections/person-events.js';
import { abscondingFinding, monthlyHoursFinding, termEndNotProcessedFinding } from '../../../src/domain/corrections/correction-checks.js';

const spec = deciderSpec(personDecider);
/** Beijing time. */
const cst = (year: number, month: number, day: number, hour = 10) => new Date(Date.UTC(year, month - 1, day, hour - 8));

const reception = {
  personId: 'jz-001',
  countyCode: '411722',
  category: 'probation' as const,
  officeId: 'sfs-dongan',
  dutyCrime: true,
  startsAt: cst(2024, 1, 10),
  endsAt: cst(2025, 1, 9),
  receivedBy: '东岸司法所 李某',
};
const received: PersonEvent = { type: 'PersonUnderCorrectionReceived', data: reception };
const hours = (kind: 'education' | 'community_service', month: string, h: number): PersonEvent => ({
  type: 'CorrectionHoursRecorded',
  data: {
    personId: 'jz-001',
    kind,
    month,
    hours: h,
    activity: kind === 'education' ? '法治教育' : '社区公益劳动',
    recordedBy: '李某',
    occurredAt: cst(2024, 3, 15),
  },
});
const absconded: PersonEvent = {
  type: 'PersonAbsconded',
  data: { personId: 'jz-001', lostContactAt: cst(2024, 4, 3), measures: '电话联系、走访家属，已通报公安机关', reportedBy: '李某' },
};
const stateOf = (events: PersonEvent[]) => events.reduce(personDecider.evolve, personDecider.initialState());

describe('community corrections: a person is received', () => {
  it('once, in a known category, with a term that ends after it starts', () => {
    spec.given([]).when({ type: 'ReceivePersonUnderCorrection', data: reception }).then([received]);
    spec.given([received]).when({ type: 'ReceivePersonUnderCorrection', data: reception }).thenThrows('PERSON_ALREADY_RECEIVED');
    spec
      .given([])
      .when({ type: 'ReceivePersonUnderCorrection', data: { ...reception, category: 'house_arrest' as never } })
      .thenThrows('CORRECTION_CATEGORY_UNKNOWN', ['category']);
    spec
      .given([])
      .when({ type: 'ReceivePersonUnderCorrection', data: { ...reception, endsAt: cst(2024, 1, 1) } })
      .thenThrows('TERM_ENDS_BEFORE_START', ['endsAt']);
  });
});

describe('community corrections: monthly education and community-service hours', () => {
  it('are recorded in half hours, for months within the term', () => {
    const record = (h: number, month = '2024-03'): PersonCommand => ({
      type: 'RecordCorrectionHours',
      data: (hours('education', month, h) as Extract<PersonEvent, { type: 'CorrectionHoursRecorded' }>).data,
    });
    spec
      .given([received])
      .when(record(2.5))
      .then([hours('education', '2024-03', 2.5)]);
    spec.given([received]).when(record(0.2)).thenThrows('HOURS_RANGE', ['hours']);
    spec.given([received]).when(record(13)).thenThrows('HOURS_RANGE', ['hours']);
    spec.given([received]).when(record(2, '2023-12')).thenThrows('MONTH_OUTSIDE_CORRECTION');
    spec.given([received]).when(record(2, '2024-3')).thenThrows('MONTH_FORMAT', ['month']);
    spec.given([]).when(record(2)).thenThrows('PERSON_NOT_FOUND');
  });

  it('a full month short of 8 and 8 is a finding; the month of reception is not held against the person', () => {
    const state = stateOf([
      received,
      hours('education', '2024-03', 4),
      hours('education', '2024-03', 4),
      hours('community_service', '2024-03', 6),
    ]);
    expect(monthlyHoursFinding(state, '2024-01')).toBeUndefined();
    expect(monthlyHoursFinding(state, '2024-03')).toEqual({
      rule: 'CORRECTION_MONTHLY_HOURS_BELOW_REQUIREMENT',
      category: 'hours_below_eight',
      personId: 'jz-001',
      countyCode: '411722',
      officeId: 'sfs-dongan',
      month: '2024-03',
      education: 8,
      communityService: 6,
      message: '社区矫正对象 jz-001 2024-03 社区服务 6 小时（应不少于 8 小时）',
    });
    const met = stateOf([received, hours('education', '2024-03', 8), hours('community_service', '2024-03', 8)]);
    expect(monthlyHoursFinding(met, '2024-03')).toBeUndefined();
    // A county's pack may ask for more.
    expect(monthlyHoursFinding(met, '2024-03', { education: 10, communityService: 8 })?.message).toContain(
      '教育学习 8 小时（应不少于 10 小时）',
    );
  });
});

describe('community corrections: absconding (脱管) and the end of correction', () => {
  it('absconds, returns, absconds again; not twice at once', () => {
    spec.given([received]).when({ type: 'ReportAbsconding', data: absconded.data }).then([absconded]);
    spec.given([received, absconded]).when({ type: 'ReportAbsconding', data: absconded.data }).thenThrows('ALREADY_ABSCONDED');
    const back = { personId: 'jz-001', returnedAt: cst(2024, 4, 20), note: '本人到所报到' };
    spec.given([received]).when({ type: 'ReportReturnedToSupervision', data: back }).thenThrows('NOT_ABSCONDED');
    spec
      .given([received, absconded])
      .when({ type: 'ReportReturnedToSupervision', data: back })
      .then([{ type: 'PersonReturnedToSupervision', data: back }]);
    spec
      .given([received, absconded])
      .when({ type: 'ReportReturnedToSupervision', data: { ...back, returnedAt: cst(2024, 4, 1) } })
      .thenThrows('RETURNED_BEFORE_LOST', ['returnedAt']);
  });

  it('the rule-engine check: absconded at a date, from when', () => {
    const state = stateOf([
      received,
      absconded,
      { type: 'PersonReturnedToSupervision', data: { personId: 'jz-001', returnedAt: cst(2024, 4, 20), note: '' } },
    ]);
    expect(abscondingFinding(state, cst(2024, 4, 2))).toBeUndefined();
    expect(abscondingFinding(state, cst(2024, 4, 10))).toMatchObject({
      rule: 'CORRECTION_PERSON_ABSCONDED',
      category: 'absconded_or_missed',
      since: cst(2024, 4, 3),
    });
    expect(abscondingFinding(state, cst(2024, 4, 21))).toBeUndefined();
  });

  it('ends once; nothing more is reported after', () => {
    const end = { personId: 'jz-001', reason: 'revoked' as const, endedAt: cst(2024, 6, 1), note: '撤销缓刑，收监执行' };
    spec
      .given([received, absconded])
      .when({ type: 'EndCorrection', data: end })
      .then([{ type: 'CorrectionEnded', data: end }]);
    const ended: PersonEvent[] = [received, absconded, { type: 'CorrectionEnded', data: end }];
    expect(stateOf(ended)).toMatchObject({ status: 'ended', abscondings: [{ from: cst(2024, 4, 3), to: cst(2024, 6, 1) }] });
    spec.given(ended).when({ type: 'EndCorrection', data: end }).thenThrows('CORRECTION_ENDED');
    spec.given(ended).when({ type: 'ReportAbsconding', data: absconded.data }).thenThrows('CORRECTION_ENDED');
    // Hours of May may still be recorded late; hours of July may not.
    spec
      .given(ended)
      .when({ type: 'RecordCorrectionHours', data: hours('education', '2024-05', 8).data as never })
      .then([hours('education', '2024-05', 8)]);
    spec
      .given(ended)
      .when({ type: 'RecordCorrectionHours', data: hours('education', '2024-07', 8).data as never })
      .thenThrows('MONTH_OUTSIDE_CORRECTION');
  });
});

describe('community corrections: a term that ended without release', () => {
  it('is a finding once the term is over (after the grace days given), until the end is recorded', () => {
    const state = stateOf([received]);
    expect(termEndNotProcessedFinding(state, cst(2025, 1, 8))).toBeUndefined();
    expect(termEndNotProcessedFinding(state, cst(2025, 1, 9, 11))).toMatchObject({
      rule: 'CORRECTION_TERM_END_NOT_PROCESSED',
      category: 'term_end_not_processed',
      endsAt: cst(2025, 1, 9),
    });
    expect(termEndNotProcessedFinding(state, cst(2025, 1, 11), 3)).toBeUndefined();
    const released = stateOf([
      received,
      { type: 'CorrectionEnded', data: { personId: 'jz-001', reason: 'term_completed', endedAt: cst(2025, 1, 9), note: '期满解除' } },
    ]);
    expect(termEndNotProcessedFinding(released, cst(2025, 2, 1))).toBeUndefined();
  });
});
