import { describe, expect, it } from 'vitest';
import { accountabilityViolations } from '../src/domain/accountability-form.js';
import { decisionViolations, holdViolations, scheduleViolations, taskReportViolations } from '../src/domain/meeting-form.js';
import { rebuildPercent, reportPercent } from '../src/domain/progress.js';

const codes = (violations: { field: string; code: string }[]) => violations.map((v) => `${v.field}:${v.code}`);
const MEMBERS = ['433124', '522229', '500241'];
const now = new Date('2026-11-26T04:00:00Z');

describe('joint meeting forms (as cross-region’s meeting decider checks them)', () => {
  it('a schedule needs a time and 1 to 50 agenda items of at most 200 characters', () => {
    expect(scheduleViolations({ agreementId: 'a', scheduledFor: '2026-12-01T09:00:00+08:00', agenda: ['通报'] })).toEqual([]);
    expect(codes(scheduleViolations({ agreementId: 'a', scheduledFor: 'soon', agenda: [] }))).toEqual([
      'scheduledFor:DATE_INVALID',
      'agenda:FIELD_REQUIRED',
    ]);
    expect(codes(scheduleViolations({ agreementId: 'a', scheduledFor: '2026-12-01', agenda: ['议'.repeat(201)] }))).toEqual([
      'agenda:TEXT_INVALID',
    ]);
    expect(codes(scheduleViolations({ agreementId: 'a', scheduledFor: '2026-12-01', agenda: Array(51).fill('议程') }))).toEqual([
      'agenda:LIST_TOO_LONG',
    ]);
  });

  it('a held meeting: not after now, attendees of member counties (each once, with names), minutes', () => {
    const held = { heldAt: '2026-11-26T09:00:00+08:00', attendees: [{ countyCode: '433124', names: ['张三'] }], minutes: '纪要' };
    expect(holdViolations(held, MEMBERS, now)).toEqual([]);
    expect(
      codes(
        holdViolations(
          {
            heldAt: '2026-11-27T09:00:00+08:00',
            attendees: [
              { countyCode: '431103', names: ['某'] },
              { countyCode: '433124', names: [] },
              { countyCode: '433124', names: ['甲'] },
            ],
            minutes: ' ',
          },
          MEMBERS,
          now,
        ),
      ),
    ).toEqual([
      'heldAt:TIME_IN_FUTURE',
      'attendees[0].countyCode:NOT_AGREEMENT_MEMBER',
      'attendees[1].names:FIELD_REQUIRED',
      'attendees[2].countyCode:COUNTY_DUPLICATE',
      'minutes:FIELD_REQUIRED',
    ]);
    expect(codes(holdViolations({ ...held, attendees: [] }, MEMBERS, now))).toEqual(['attendees:ATTENDEES_REQUIRED']);
  });

  it('a decision: a task names a member and a due date no earlier than the meeting; a due date needs a task', () => {
    const heldAt = new Date('2026-11-20T01:00:00Z');
    expect(decisionViolations({ decision: '决定' }, MEMBERS, heldAt)).toEqual([]);
    expect(decisionViolations({ decision: '决定', assigneeCounty: '433124', dueAt: '2026-12-31T09:00:00+08:00' }, MEMBERS, heldAt)).toEqual(
      [],
    );
    expect(codes(decisionViolations({ decision: '决定', assigneeCounty: '433124' }, MEMBERS, heldAt))).toEqual(['dueAt:DATE_INVALID']);
    expect(
      codes(decisionViolations({ decision: '决定', assigneeCounty: '433124', dueAt: '2026-11-19T09:00:00+08:00' }, MEMBERS, heldAt)),
    ).toEqual(['dueAt:TIME_BEFORE_PREVIOUS_STEP']);
    expect(codes(decisionViolations({ decision: '', dueAt: '2026-12-31' }, MEMBERS, heldAt))).toEqual([
      'decision:FIELD_REQUIRED',
      'assigneeCounty:ASSIGNEE_REQUIRED',
    ]);
    expect(codes(decisionViolations({ decision: '决定', assigneeCounty: '431103', dueAt: '2026-12-31' }, MEMBERS, heldAt))).toEqual([
      'assigneeCounty:NOT_AGREEMENT_MEMBER',
    ]);
    expect(codes(taskReportViolations('长'.repeat(5001)))).toEqual(['report:TEXT_TOO_LONG']);
  });
});

describe('accountability form (as supervision checks it)', () => {
  const valid = {
    decidedBy: '区纪委监委',
    measure: '诫勉谈话',
    persons: ['执法员甲'],
    basis: '依据',
    decidedAt: '2026-11-20T09:00:00+08:00',
  };
  it('takes the decision maker, measure, 1 to 50 persons, the basis and a date', () => {
    expect(accountabilityViolations(valid)).toEqual([]);
    expect(codes(accountabilityViolations({ decidedBy: ' ', measure: '长'.repeat(201), persons: [], basis: '', decidedAt: 'x' }))).toEqual([
      'decidedBy:FIELD_REQUIRED',
      'measure:TEXT_TOO_LONG',
      'persons:FIELD_REQUIRED',
      'basis:FIELD_REQUIRED',
      'decidedAt:DATE_INVALID',
    ]);
    expect(codes(accountabilityViolations({ ...valid, persons: Array(51).fill('某人') }))).toEqual(['persons:LIST_TOO_LONG']);
  });
});

describe('progress percentages', () => {
  const report = (stage: string, stageNumber: number, recordsRead = 0, recordsEstimate = 0) => ({
    stage,
    stageNumber,
    stageCount: 6,
    recordsRead,
    recordsEstimate,
  });
  it('a report grows stage by stage, by acts read within the acts stage, and reaches 100 only when done', () => {
    expect(reportPercent(report('queued', 0))).toBe(0);
    expect(reportPercent(report('act_summaries', 1, 0, 1000))).toBe(0);
    expect(reportPercent(report('act_summaries', 1, 500, 1000))).toBe(8);
    // An estimate exceeded (appends meanwhile) never carries the bar past its stage.
    expect(reportPercent(report('act_summaries', 1, 5000, 1000))).toBe(15);
    expect(reportPercent(report('computing', 5))).toBe(66);
    expect(reportPercent(report('done', 6))).toBe(100);
  });
  it('a rebuild: nothing while waiting, records read of the estimate while replaying, 99 while switching', () => {
    expect(rebuildPercent({ status: 'running', stage: 'waiting', recordsRead: 0, recordsEstimate: 10 })).toBe(0);
    expect(rebuildPercent({ status: 'running', stage: 'event_store', recordsRead: 5, recordsEstimate: 10 })).toBe(50);
    expect(rebuildPercent({ status: 'running', stage: 'inbox', recordsRead: 20, recordsEstimate: 10 })).toBe(95);
    expect(rebuildPercent({ status: 'running', stage: 'switching', recordsRead: 10, recordsEstimate: 10 })).toBe(99);
    expect(rebuildPercent({ status: 'completed', stage: 'done', recordsRead: 10, recordsEstimate: 10 })).toBe(100);
  });
});
