import { describe, expect, it } from 'vitest';
import { deciderSpec } from '@lesp/core';
import { evaluateAgency, type EvaluationInput } from '../../../src/domain/evaluation/evaluate-agency.js';
import { evaluationDecider, type EvaluationEvent } from '../../../src/domain/evaluation/evaluation-decider.js';
import { defaultScheme } from '../../../src/domain/evaluation/evaluation-scheme.js';

const spec = deciderSpec(evaluationDecider);
const scheme = defaultScheme(2023);
const input: EvaluationInput = {
  countyCode: '431103',
  agencyId: 'scjgj',
  year: 2023,
  figures: { closingRate: { kind: 'ratio', numerator: 9, denominator: 10 } },
  supervisorScores: [{ supervisorId: 's-1', indicatorCode: 'assessment', centipoints: 8000 }],
  lostLawsuits: 0,
  headAbsentFromCourt: 0,
  vetoes: [],
};
const at = new Date('2023-12-20T02:00:00Z');
const evaluated: EvaluationEvent = {
  type: 'AgencyEvaluated',
  data: {
    evaluationId: 'pk-2023-scjgj',
    scheme,
    input,
    result: evaluateAgency(scheme, input),
    evaluatedBy: '区司法局评议考核组',
    evaluatedAt: at,
  },
};

describe('evaluation record: recorded, revised until published, published', () => {
  it('records the score with the scheme and the input it came from', () => {
    spec
      .given([])
      .when({
        type: 'RecordEvaluation',
        data: { evaluationId: 'pk-2023-scjgj', scheme, input, evaluatedBy: '区司法局评议考核组', evaluatedAt: at },
      })
      .then([evaluated]);
    // (90×15 + 80×40) / 55 = 82.73: figures without data are left out.
    expect(evaluated.type === 'AgencyEvaluated' && evaluated.data.result.centipoints).toBe(8273);
  });

  it('a revision needs a reason, keeps the agency and year, and rescores', () => {
    const revised = { ...input, vetoes: [{ code: 'SEVERE', reason: '暗访发现粗暴执法造成恶劣影响' }] };
    const command = {
      type: 'ReviseEvaluation' as const,
      data: { evaluationId: 'pk-2023-scjgj', input: revised, reason: '补充暗访结果', revisedBy: '考核组', revisedAt: at },
    };
    spec
      .given([evaluated])
      .when(command)
      .then([{ type: 'AgencyEvaluationRevised', data: { ...command.data, result: evaluateAgency(scheme, revised) } }]);
    spec
      .given([evaluated])
      .when({ ...command, data: { ...command.data, reason: '' } })
      .thenThrows('REASON_REQUIRED', ['reason']);
    spec
      .given([evaluated])
      .when({ ...command, data: { ...command.data, input: { ...revised, agencyId: 'cgj' } } })
      .thenThrows('EVALUATION_OTHER_AGENCY');
  });

  it('once published it is neither revised nor published again; nothing happens to one never recorded', () => {
    const published: EvaluationEvent = {
      type: 'AgencyEvaluationPublished',
      data: { evaluationId: 'pk-2023-scjgj', publishedBy: '区司法局', publishedAt: at },
    };
    spec.given([evaluated]).when({ type: 'PublishEvaluation', data: published.data }).then([published]);
    spec.given([evaluated, published]).when({ type: 'PublishEvaluation', data: published.data }).thenThrows('EVALUATION_PUBLISHED');
    spec
      .given([evaluated, published])
      .when({
        type: 'ReviseEvaluation',
        data: { evaluationId: 'pk-2023-scjgj', input, reason: '更正', revisedBy: '考核组', revisedAt: at },
      })
      .thenThrows('EVALUATION_PUBLISHED');
    spec.given([]).when({ type: 'PublishEvaluation', data: published.data }).thenThrows('EVALUATION_NOT_FOUND');
    spec
      .given([evaluated])
      .when({ type: 'RecordEvaluation', data: { evaluationId: 'pk-2023-scjgj', scheme, input, evaluatedBy: '考核组', evaluatedAt: at } })
      .thenThrows('EVALUATION_ALREADY_RECORDED');
  });
});
