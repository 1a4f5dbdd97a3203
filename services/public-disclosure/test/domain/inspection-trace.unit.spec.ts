import { describe, it } from 'vitest';
import { deciderSpec } from '@lesp/core';
import { inspectionTraceDecider, type InspectionTraceEvent, type TraceCommand } from '../../src/domain/trace/inspection-trace.js';

const CODE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const AT = new Date('2026-11-02T02:00:00Z');
const issue: TraceCommand = {
  type: 'IssueTrace',
  actId: 'a1',
  agencyId: 'scjgj',
  code: CODE,
  title: '食品安全检查',
  officerIds: ['o1', 'o2'],
  inspectedAt: AT,
  enterpriseName: '某食品有限公司',
  enterpriseCreditCode: '91350100M000100Y43',
};
const issued: InspectionTraceEvent = {
  type: 'InspectionTraceIssued',
  data: {
    actId: 'a1',
    agencyId: 'scjgj',
    code: CODE,
    title: '食品安全检查',
    officerIds: ['o1', 'o2'],
    inspectedAt: AT,
    enterpriseName: '某食品有限公司',
    enterpriseCreditCode: '91350100M000100Y43',
  },
};
const spec = deciderSpec(inspectionTraceDecider);

describe('inspection trace (扫码留痕)', () => {
  it('issues one code per inspection; a redelivered opening issues nothing', () => {
    spec.given([]).when(issue).then([issued]);
    spec
      .given([issued])
      .when({ ...issue, code: 'ZZZZZZZZZZZZZZZZZZZZZZZZZZ' })
      .then([]);
    spec
      .given([])
      .when({ ...issue, code: 'short' })
      .thenThrows('TRACE_CODE_INVALID', ['code']);
  });

  it('the enterprise confirms and rates once, with the right code and a rating of 1 to 5', () => {
    spec
      .given([issued])
      .when({ type: 'ConfirmVisit', code: CODE, rating: 4, at: AT })
      .then([{ type: 'InspectionVisitConfirmed', data: { actId: 'a1', rating: 4, confirmedAt: AT } }]);
    spec
      .given([issued])
      .when({ type: 'ConfirmVisit', code: 'ZZZZZZZZZZZZZZZZZZZZZZZZZZ', rating: 4, at: AT })
      .thenThrows('TRACE_NOT_FOUND');
    spec.given([issued]).when({ type: 'ConfirmVisit', code: CODE, rating: 6, at: AT }).thenThrows('RATING_RANGE', ['rating']);
    spec
      .given([issued, { type: 'InspectionVisitConfirmed', data: { actId: 'a1', rating: 4, confirmedAt: AT } }])
      .when({ type: 'ConfirmVisit', code: CODE, rating: 5, at: AT })
      .thenThrows('TRACE_ALREADY_CONFIRMED');
  });
});
