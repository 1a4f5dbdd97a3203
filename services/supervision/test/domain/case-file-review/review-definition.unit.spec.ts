import { describe, expect, it } from 'vitest';
import { deciderSpec } from '@lesp/core';
import {
  DEFAULT_CASE_FILE_CHECKLIST,
  nextRoundDueAt,
  reviewDefinitionDecider,
  roundPeriod,
  type ReviewDefinitionCommand,
  type ReviewDefinitionEvent,
} from '../../../src/domain/case-file-review/index.js';

const spec = deciderSpec(reviewDefinitionDecider);
const ID = 'monthly-penalties';
const roundCriteria = {
  agencyIds: ['cgj', 'jtj'],
  categories: ['penalty' as const],
  size: { kind: 'per_agency' as const, count: 5 },
  minEnterpriseShare: 0.3,
};
const define: ReviewDefinitionCommand = {
  type: 'DefineCaseFileReview',
  data: {
    definitionId: ID,
    countyCode: '431103',
    title: '行政处罚案卷月度抽查',
    supervisionForm: 'routine',
    recurrence: { kind: 'every', months: 1, firstMonth: '2026-01' },
    criteria: roundCriteria,
    checklist: DEFAULT_CASE_FILE_CHECKLIST,
    definedBy: 'sup-1',
    definedAt: new Date('2025-12-20T01:00:00Z'),
  },
};
const defined: ReviewDefinitionEvent = {
  type: 'CaseFileReviewDefined',
  data: define.data as Extract<ReviewDefinitionEvent, { type: 'CaseFileReviewDefined' }>['data'],
};
const JANUARY = { from: new Date('2025-12-31T16:00:00Z'), to: new Date('2026-01-31T15:59:59.999Z') };
const schedule = (roundNumber: number, scheduledAt = new Date('2026-02-02T01:00:00Z')): ReviewDefinitionCommand => ({
  type: 'ScheduleCaseFileReviewRound',
  data: { definitionId: ID, reviewId: `${ID}-${roundNumber}`, roundNumber, scheduledAt },
});
const round1: ReviewDefinitionEvent = {
  type: 'CaseFileReviewRoundScheduled',
  data: {
    definitionId: ID,
    countyCode: '431103',
    reviewId: `${ID}-1`,
    roundNumber: 1,
    title: '行政处罚案卷月度抽查（第 1 轮）',
    supervisionForm: 'routine',
    criteria: { ...roundCriteria, period: JANUARY },
    checklist: DEFAULT_CASE_FILE_CHECKLIST,
    scheduledAt: new Date('2026-02-02T01:00:00Z'),
  },
};

describe('review schedule', () => {
  it('monthly rounds are calendar months in China Standard Time, February included', () => {
    const recurrence = { kind: 'every' as const, months: 1 as const, firstMonth: '2026-01' };
    expect(roundPeriod(recurrence, 1)).toEqual(JANUARY);
    expect(roundPeriod(recurrence, 2)).toEqual({ from: new Date('2026-01-31T16:00:00Z'), to: new Date('2026-02-28T15:59:59.999Z') });
    expect(roundPeriod(recurrence, 12)?.to).toEqual(new Date('2026-12-31T15:59:59.999Z'));
    expect(roundPeriod(recurrence, 13)?.from).toEqual(new Date('2026-12-31T16:00:00Z'));
  });

  it('quarterly rounds stop after the last month; a one-off has one round', () => {
    const quarterly = { kind: 'every' as const, months: 3 as const, firstMonth: '2026-01', lastMonth: '2026-06' };
    expect(roundPeriod(quarterly, 2)?.from).toEqual(new Date('2026-03-31T16:00:00Z'));
    expect(roundPeriod(quarterly, 3)).toBeUndefined();
    const once = { kind: 'once' as const, period: JANUARY };
    expect(roundPeriod(once, 1)).toEqual(JANUARY);
    expect(roundPeriod(once, 2)).toBeUndefined();
  });
});

describe('review definition decider', () => {
  it('defines a recurring review', () => {
    spec.given([]).when(define).then([defined]);
  });

  it('refuses a bad recurrence and criteria', () => {
    spec
      .given([])
      .when({
        ...define,
        data: {
          ...define.data,
          recurrence: { kind: 'every', months: 2 as never, firstMonth: '2026-13' },
          criteria: { ...roundCriteria, agencyIds: [] },
        },
      })
      .thenThrows('VALIDATION_FAILED', ['recurrence.months', 'recurrence.firstMonth', 'criteria.agencyIds']);
  });

  it('schedules round 1 once January is over, with everything the round’s review needs', () => {
    spec.given([defined]).when(schedule(1)).then([round1]);
  });

  it('refuses a round before its period ends, twice (a timer firing again), or out of order', () => {
    spec
      .given([defined])
      .when(schedule(1, new Date('2026-01-31T12:00:00Z')))
      .thenThrows('REVIEW_PERIOD_NOT_ENDED');
    spec.given([defined, round1]).when(schedule(1)).thenThrows('REVIEW_ROUND_ALREADY_SCHEDULED');
    spec
      .given([defined])
      .when(schedule(3, new Date('2026-04-02T00:00:00Z')))
      .thenThrows('REVIEW_ROUND_OUT_OF_ORDER');
  });

  it('the next round is due when its period ends', () => {
    const state = [defined, round1].reduce(reviewDefinitionDecider.evolve, reviewDefinitionDecider.initialState());
    expect(nextRoundDueAt(state)).toEqual({ roundNumber: 2, dueAt: new Date('2026-02-28T16:00:00Z') });
    spec
      .given([defined, round1])
      .when(schedule(2, new Date('2026-02-28T16:00:00Z')))
      .then([
        {
          type: 'CaseFileReviewRoundScheduled',
          data: {
            ...(round1.data as Extract<ReviewDefinitionEvent, { type: 'CaseFileReviewRoundScheduled' }>['data']),
            reviewId: `${ID}-2`,
            roundNumber: 2,
            title: '行政处罚案卷月度抽查（第 2 轮）',
            criteria: { ...roundCriteria, period: { from: new Date('2026-01-31T16:00:00Z'), to: new Date('2026-02-28T15:59:59.999Z') } },
            scheduledAt: new Date('2026-02-28T16:00:00Z'),
          },
        },
      ]);
  });

  it('a retired definition schedules nothing more', () => {
    const retired: ReviewDefinitionEvent = {
      type: 'CaseFileReviewDefinitionRetired',
      data: { definitionId: ID, reason: '并入年度评议考核', retiredAt: new Date('2026-03-01T00:00:00Z') },
    };
    spec
      .given([defined, round1])
      .when({
        type: 'RetireCaseFileReviewDefinition',
        data: { definitionId: ID, reason: ' 并入年度评议考核 ', retiredAt: new Date('2026-03-01T00:00:00Z') },
      })
      .then([retired]);
    spec
      .given([defined, round1, retired])
      .when(schedule(2, new Date('2026-03-02T00:00:00Z')))
      .thenThrows('REVIEW_DEFINITION_RETIRED');
  });
});
