import { ConflictError, NotFoundError, ValidationError, assertNever, isCountyCode, type Decider } from '@lesp/core';
import { SUPERVISION_FORMS, isSupervisionForm, type SupervisionForm } from '../shared/supervision-forms.js';
import { MAX_SHORT_TEXT, idViolations, requiredText, type Period } from '../shared/text-rules.js';
import { checklistViolations, type Checklist } from './checklist.js';
import { recurrenceViolations, roundPeriod, type ReviewRecurrence } from './review-schedule.js';
import { criteriaViolations, type SampleCriteria } from './sample.js';

/** What every round of a definition samples: the criteria less the period, which each round has its own of. */
export type RoundCriteria = Omit<SampleCriteria, 'period'>;

/**
 * A case-file review definition (评查方案), one-off or recurring. It only schedules rounds; each
 * round is a CaseFileReview of its own (opened by the application from the scheduled event),
 * so a monthly review over years does not grow one stream without end.
 */
export type ReviewDefinitionCommand =
  | {
      readonly type: 'DefineCaseFileReview';
      readonly data: {
        readonly definitionId: string;
        readonly countyCode: string;
        readonly title: string;
        readonly supervisionForm: SupervisionForm;
        readonly recurrence: ReviewRecurrence;
        readonly criteria: RoundCriteria;
        readonly checklist: Checklist;
        readonly definedBy: string;
        readonly definedAt: Date;
      };
    }
  | {
      /** Sent by a timer (or a supervisor) once a round's period has ended. */
      readonly type: 'ScheduleCaseFileReviewRound';
      readonly data: { readonly definitionId: string; readonly reviewId: string; readonly roundNumber: number; readonly scheduledAt: Date };
    }
  | {
      readonly type: 'RetireCaseFileReviewDefinition';
      readonly data: { readonly definitionId: string; readonly reason: string; readonly retiredAt: Date };
    };

export type ReviewDefinitionEvent =
  | {
      readonly type: 'CaseFileReviewDefined';
      readonly data: {
        readonly definitionId: string;
        readonly countyCode: string;
        readonly title: string;
        readonly supervisionForm: SupervisionForm;
        readonly recurrence: ReviewRecurrence;
        readonly criteria: RoundCriteria;
        readonly checklist: Checklist;
        readonly definedBy: string;
        readonly definedAt: Date;
      };
    }
  | {
      /** Carries all the application needs to open the round's review (OpenCaseFileReview). */
      readonly type: 'CaseFileReviewRoundScheduled';
      readonly data: {
        readonly definitionId: string;
        readonly countyCode: string;
        readonly reviewId: string;
        readonly roundNumber: number;
        readonly title: string;
        readonly supervisionForm: SupervisionForm;
        readonly criteria: SampleCriteria;
        readonly checklist: Checklist;
        readonly scheduledAt: Date;
      };
    }
  | {
      readonly type: 'CaseFileReviewDefinitionRetired';
      readonly data: { readonly definitionId: string; readonly reason: string; readonly retiredAt: Date };
    };

export type ReviewDefinitionState =
  | { readonly status: 'none' }
  | {
      readonly status: 'active' | 'retired';
      readonly definition: Extract<ReviewDefinitionEvent, { type: 'CaseFileReviewDefined' }>['data'];
      readonly roundsScheduled: number;
    };

/** A placeholder period to validate round criteria with (each round brings its real one). */
const ANY_PERIOD: Period = { from: new Date(0), to: new Date(1) };

function decide(command: ReviewDefinitionCommand, state: ReviewDefinitionState): readonly ReviewDefinitionEvent[] {
  switch (command.type) {
    case 'DefineCaseFileReview': {
      const d = command.data;
      if (state.status !== 'none') throw new ConflictError('REVIEW_DEFINITION_EXISTS', `评查方案 ${d.definitionId} 已存在`);
      const violations = [
        ...idViolations('definitionId', d.definitionId, '评查方案'),
        ...(isCountyCode(d.countyCode)
          ? []
          : [{ field: 'countyCode', code: 'COUNTY_CODE_INVALID', message: '行政区划代码应为 6 位数字（GB/T 2260）' }]),
        ...requiredText('title', d.title, '评查名称', 'TITLE', MAX_SHORT_TEXT),
        ...(isSupervisionForm(d.supervisionForm)
          ? []
          : [
              {
                field: 'supervisionForm',
                code: 'SUPERVISION_FORM_UNKNOWN',
                message: `监督方式应为：${Object.values(SUPERVISION_FORMS).join('、')}`,
              },
            ]),
        ...recurrenceViolations('recurrence', d.recurrence),
        ...criteriaViolations('criteria', { ...d.criteria, period: ANY_PERIOD }),
        ...checklistViolations('checklist', d.checklist),
      ];
      if (violations.length > 0) throw new ValidationError(violations);
      return [{ type: 'CaseFileReviewDefined', data: { ...d, title: d.title.trim() } }];
    }
    case 'ScheduleCaseFileReviewRound': {
      const { definitionId, reviewId, roundNumber, scheduledAt } = command.data;
      if (state.status === 'none') throw new NotFoundError('REVIEW_DEFINITION_NOT_FOUND', `评查方案 ${definitionId} 不存在`);
      if (state.status === 'retired') throw new ConflictError('REVIEW_DEFINITION_RETIRED', '评查方案已停止执行');
      // Rounds in order and each once: a timer firing twice asks for a round already scheduled.
      if (roundNumber <= state.roundsScheduled) throw new ConflictError('REVIEW_ROUND_ALREADY_SCHEDULED', `第 ${roundNumber} 轮评查已安排`);
      if (roundNumber !== state.roundsScheduled + 1)
        throw new ConflictError('REVIEW_ROUND_OUT_OF_ORDER', `下一轮应为第 ${state.roundsScheduled + 1} 轮`);
      const period = roundPeriod(state.definition.recurrence, roundNumber);
      if (!period) throw new ConflictError('REVIEW_ROUNDS_EXHAUSTED', '评查方案已无后续轮次');
      // A review looks at closed files of its period: it cannot start before the period is over.
      if (scheduledAt.getTime() <= period.to.getTime()) throw new ConflictError('REVIEW_PERIOD_NOT_ENDED', '本轮评查期间尚未结束');
      const violations = idViolations('reviewId', reviewId, '评查');
      if (violations.length > 0) throw new ValidationError(violations);
      const { countyCode, title, supervisionForm, criteria, checklist } = state.definition;
      return [
        {
          type: 'CaseFileReviewRoundScheduled',
          data: {
            definitionId,
            countyCode,
            reviewId,
            roundNumber,
            title: state.definition.recurrence.kind === 'once' ? title : `${title}（第 ${roundNumber} 轮）`,
            supervisionForm,
            criteria: { ...criteria, period },
            checklist,
            scheduledAt,
          },
        },
      ];
    }
    case 'RetireCaseFileReviewDefinition': {
      const { definitionId, reason, retiredAt } = command.data;
      if (state.status === 'none') throw new NotFoundError('REVIEW_DEFINITION_NOT_FOUND', `评查方案 ${definitionId} 不存在`);
      if (state.status === 'retired') throw new ConflictError('REVIEW_DEFINITION_RETIRED', '评查方案已停止执行');
      const violations = requiredText('reason', reason, '停止理由', 'RETIRE_REASON');
      if (violations.length > 0) throw new ValidationError(violations);
      return [{ type: 'CaseFileReviewDefinitionRetired', data: { definitionId, reason: reason.trim(), retiredAt } }];
    }
    default:
      return assertNever(command, 'review definition command');
  }
}

function evolve(state: ReviewDefinitionState, event: ReviewDefinitionEvent): ReviewDefinitionState {
  if (event.type === 'CaseFileReviewDefined') return { status: 'active', definition: event.data, roundsScheduled: 0 };
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'CaseFileReviewRoundScheduled':
      return { ...state, roundsScheduled: event.data.roundNumber };
    case 'CaseFileReviewDefinitionRetired':
      return { ...state, status: 'retired' };
    default:
      return assertNever(event, 'review definition event');
  }
}

/** Aggregate type in the stream id `${countyCode}/CaseFileReviewDefinition/${definitionId}`. */
export const REVIEW_DEFINITION_AGGREGATE = 'CaseFileReviewDefinition';

export const reviewDefinitionDecider: Decider<ReviewDefinitionCommand, ReviewDefinitionEvent, ReviewDefinitionState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};

/**
 * When the next round can be scheduled: the end of its period (a timer due then sends
 * ScheduleCaseFileReviewRound). Undefined when retired or when the rounds are exhausted.
 */
export function nextRoundDueAt(state: ReviewDefinitionState): { readonly roundNumber: number; readonly dueAt: Date } | undefined {
  if (state.status !== 'active') return undefined;
  const roundNumber = state.roundsScheduled + 1;
  const period = roundPeriod(state.definition.recurrence, roundNumber);
  return period ? { roundNumber, dueAt: new Date(period.to.getTime() + 1) } : undefined;
}
