import { ConflictError, ValidationError, assertNever, isCountyCode, type Decider, type Violation } from '@lesp/core';
import { idViolations, requiredText } from '../shared/text-rules.js';
import {
  HALF_YEAR_FINDING_CATEGORIES,
  MONTHLY_FINDING_CATEGORIES,
  type HalfYearFindingCategory,
  type MonthlyFindingCategory,
} from './correction-categories.js';

/**
 * A correction found by the supervisors (纠正违法) in community corrections: the categories of the
 * seed's monthly table (on courts, prisons, detention houses and justice bureaus) and of its
 * half-year table (sentence reductions, revocations). The rule pack finds hours, absconding and
 * terms not processed by itself; everything else is recorded here, one stream per finding.
 */
export type FindingCategory = MonthlyFindingCategory | HalfYearFindingCategory;
export const FINDING_CATEGORIES: readonly FindingCategory[] = [
  ...(Object.keys(MONTHLY_FINDING_CATEGORIES) as MonthlyFindingCategory[]),
  ...(Object.keys(HALF_YEAR_FINDING_CATEGORIES) as HalfYearFindingCategory[]),
];

export type FindingCommand = {
  readonly type: 'RecordCorrectionFinding';
  readonly data: {
    readonly findingId: string;
    readonly countyCode: string;
    readonly category: FindingCategory;
    /** The person concerned, when one is (ids only). */
    readonly personId?: string;
    readonly description: string;
    /** Decides the month or half-year it is counted in. */
    readonly foundAt: Date;
    readonly recordedBy: string;
  };
};

export type FindingEvent = { readonly type: 'CorrectionFindingRecorded'; readonly data: FindingCommand['data'] };

export type FindingState =
  | { readonly status: 'none' }
  | { readonly status: 'recorded'; readonly findingId: string; readonly category: FindingCategory; readonly foundAt: Date };

function decide(command: FindingCommand, state: FindingState): readonly FindingEvent[] {
  switch (command.type) {
    case 'RecordCorrectionFinding': {
      const d = command.data;
      if (state.status !== 'none') throw new ConflictError('FINDING_ALREADY_RECORDED', `纠正违法情况 ${d.findingId} 已记录`);
      const violations: Violation[] = [
        ...idViolations('findingId', d.findingId, '纠正违法情况'),
        ...(d.personId !== undefined ? idViolations('personId', d.personId, '社区矫正对象') : []),
        ...(isCountyCode(d.countyCode)
          ? []
          : [{ field: 'countyCode', code: 'COUNTY_CODE_FORMAT', message: '须为 6 位行政区划代码（GB/T 2260）' }]),
        ...requiredText('description', d.description, '纠正违法情况说明', 'DESCRIPTION'),
      ];
      if (!FINDING_CATEGORIES.includes(d.category)) {
        violations.push({
          field: 'category',
          code: 'FINDING_CATEGORY_UNKNOWN',
          message: `纠正违法类别应为：${FINDING_CATEGORIES.join('、')}`,
        });
      }
      if (!(d.foundAt instanceof Date) || Number.isNaN(d.foundAt.getTime())) {
        violations.push({ field: 'foundAt', code: 'DATE_INVALID', message: '日期无效' });
      }
      if (violations.length > 0) throw new ValidationError(violations);
      return [{ type: 'CorrectionFindingRecorded', data: { ...d } }];
    }
    default:
      return assertNever(command.type, 'correction finding command');
  }
}

function evolve(state: FindingState, event: FindingEvent): FindingState {
  switch (event.type) {
    case 'CorrectionFindingRecorded':
      return { status: 'recorded', findingId: event.data.findingId, category: event.data.category, foundAt: event.data.foundAt };
    default:
      return assertNever(event.type, 'correction finding event');
  }
}

export const findingDecider: Decider<FindingCommand, FindingEvent, FindingState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
