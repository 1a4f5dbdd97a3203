import { ConflictError, NotFoundError, ValidationError, assertNever, type Decider } from '@lesp/core';
import { MAX_SHORT_TEXT, idViolations, requiredText } from '../shared/text-rules.js';
import { evaluateAgency, type EvaluationInput, type EvaluationResult } from './evaluate-agency.js';
import type { EvaluationScheme } from './evaluation-scheme.js';

/**
 * One agency's evaluation of one year, kept as events so that the published grade can always
 * be traced to the scheme, figures and scores it came from. The scoring itself is the pure
 * `evaluateAgency`; the decider records it, lets it be revised with a reason until it is
 * published, and publishes it.
 */
export type EvaluationCommand =
  | {
      readonly type: 'RecordEvaluation';
      readonly data: {
        readonly evaluationId: string;
        readonly scheme: EvaluationScheme;
        readonly input: EvaluationInput;
        readonly evaluatedBy: string;
        readonly evaluatedAt: Date;
      };
    }
  | {
      readonly type: 'ReviseEvaluation';
      readonly data: {
        readonly evaluationId: string;
        readonly input: EvaluationInput;
        readonly reason: string;
        readonly revisedBy: string;
        readonly revisedAt: Date;
      };
    }
  | {
      readonly type: 'PublishEvaluation';
      readonly data: { readonly evaluationId: string; readonly publishedBy: string; readonly publishedAt: Date };
    };

export type EvaluationEvent =
  | {
      readonly type: 'AgencyEvaluated';
      readonly data: {
        readonly evaluationId: string;
        readonly scheme: EvaluationScheme;
        readonly input: EvaluationInput;
        readonly result: EvaluationResult;
        readonly evaluatedBy: string;
        readonly evaluatedAt: Date;
      };
    }
  | {
      readonly type: 'AgencyEvaluationRevised';
      readonly data: {
        readonly evaluationId: string;
        readonly input: EvaluationInput;
        readonly result: EvaluationResult;
        readonly reason: string;
        readonly revisedBy: string;
        readonly revisedAt: Date;
      };
    }
  | {
      readonly type: 'AgencyEvaluationPublished';
      readonly data: { readonly evaluationId: string; readonly publishedBy: string; readonly publishedAt: Date };
    };

export type EvaluationState =
  | { readonly status: 'none' }
  | {
      readonly status: 'recorded' | 'published';
      readonly evaluationId: string;
      readonly scheme: EvaluationScheme;
      readonly result: EvaluationResult;
      readonly revisions: number;
    };

function check(violations: ReturnType<typeof requiredText>): void {
  if (violations.length > 0) throw new ValidationError(violations);
}

function decide(command: EvaluationCommand, state: EvaluationState): readonly EvaluationEvent[] {
  switch (command.type) {
    case 'RecordEvaluation': {
      const d = command.data;
      if (state.status !== 'none')
        throw new ConflictError('EVALUATION_ALREADY_RECORDED', `评议考核 ${d.evaluationId} 已记录，如需更正请修订`);
      check([
        ...idViolations('evaluationId', d.evaluationId, '评议考核'),
        ...requiredText('evaluatedBy', d.evaluatedBy, '评议考核组', 'EVALUATED_BY', MAX_SHORT_TEXT),
      ]);
      return [{ type: 'AgencyEvaluated', data: { ...d, result: evaluateAgency(d.scheme, d.input) } }];
    }
    case 'ReviseEvaluation': {
      const d = command.data;
      if (state.status === 'none') throw new NotFoundError('EVALUATION_NOT_FOUND', `评议考核 ${d.evaluationId} 不存在`);
      if (state.status === 'published') throw new ConflictError('EVALUATION_PUBLISHED', '评议考核结果已公布，不能修订');
      if (d.input.agencyId !== state.result.agencyId || d.input.year !== state.result.year) {
        throw new ConflictError('EVALUATION_OTHER_AGENCY', '修订不能改变被考核单位或考核年度');
      }
      check([
        ...requiredText('reason', d.reason, '修订理由', 'REASON'),
        ...requiredText('revisedBy', d.revisedBy, '修订人', 'REVISED_BY', MAX_SHORT_TEXT),
      ]);
      return [{ type: 'AgencyEvaluationRevised', data: { ...d, result: evaluateAgency(state.scheme, d.input) } }];
    }
    case 'PublishEvaluation': {
      const d = command.data;
      if (state.status === 'none') throw new NotFoundError('EVALUATION_NOT_FOUND', `评议考核 ${d.evaluationId} 不存在`);
      if (state.status === 'published') throw new ConflictError('EVALUATION_PUBLISHED', '评议考核结果已公布');
      check(requiredText('publishedBy', d.publishedBy, '公布人', 'PUBLISHED_BY', MAX_SHORT_TEXT));
      return [{ type: 'AgencyEvaluationPublished', data: { ...d } }];
    }
    default:
      return assertNever(command, 'evaluation command');
  }
}

function evolve(state: EvaluationState, event: EvaluationEvent): EvaluationState {
  switch (event.type) {
    case 'AgencyEvaluated':
      return {
        status: 'recorded',
        evaluationId: event.data.evaluationId,
        scheme: event.data.scheme,
        result: event.data.result,
        revisions: 0,
      };
    case 'AgencyEvaluationRevised':
      return state.status === 'none' ? state : { ...state, result: event.data.result, revisions: state.revisions + 1 };
    case 'AgencyEvaluationPublished':
      return state.status === 'none' ? state : { ...state, status: 'published' };
    default:
      return assertNever(event, 'evaluation event');
  }
}

export const evaluationDecider: Decider<EvaluationCommand, EvaluationEvent, EvaluationState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
