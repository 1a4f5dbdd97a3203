import { describe, expect, it } from 'vitest';
import { deciderSpec } from '@lesp/core';
import {
  decisionDisclosureDecider,
  retainUntil,
  type DecisionDisclosureEvent,
  type DecisionForDisclosure,
  type DisclosureCommand,
} from '../../src/domain/decision/decision-disclosure.js';

const DECIDED = new Date('2026-03-02T02:00:00Z');
const NOW = new Date('2026-03-04T03:00:00Z');
const RETENTION = { years: 5, naturalPersonYears: 2 };

const decision: DecisionForDisclosure = {
  actId: 'act-1',
  agencyId: 'cgj',
  category: 'penalty',
  caseNumber: '冷城管罚〔2026〕1号',
  title: '张*三占道经营案',
  itemCode: 'CG-001',
  target: { kind: 'natural_person', name: '张*三', creditCode: '', enterprise: false },
  decisionNumber: '冷城管罚决〔2026〕1号',
  outcome: 'penalized',
  legalBasis: '《城市市容和环境卫生管理条例》第三十六条',
  content: '罚款 200 元',
  fineFen: 20000,
  confiscationFen: 0,
  decidedAt: DECIDED,
};

const record = (point: '' | 'decision' | 'service' = ''): DisclosureCommand => ({
  type: 'RecordDecision',
  decision,
  autoPublishPoint: point,
  at: NOW,
  retention: RETENTION,
});

const recorded = (point: '' | 'decision' | 'service' = ''): DecisionDisclosureEvent => ({
  type: 'DecisionRecordedForDisclosure',
  data: { ...decision, target: { ...decision.target }, deadlineWorkingDays: 7, autoPublishPoint: point },
});

const publishedBy = (mode: 'automatic' | 'reviewer', reviewer = '', point: '' | 'decision' | 'service' = ''): DecisionDisclosureEvent => ({
  type: 'DecisionPublished',
  data: {
    actId: 'act-1',
    agencyId: 'cgj',
    category: 'penalty',
    decidedAt: DECIDED,
    publishedAt: NOW,
    mode,
    reviewedBy: reviewer,
    retainUntil: new Date('2028-03-04T03:00:00Z'),
    entry: recorded(point).data as never,
    correctionNote: '',
    correctedAt: undefined,
  },
});

const spec = deciderSpec(decisionDisclosureDecider);

describe('decision disclosure (谁执法谁公示)', () => {
  it('a decision waits for the owning agency reviewer by default', () => {
    spec.given([]).when(record()).then([recorded()]);
  });

  it('publishes itself at the decision when so configured, with publication time and retention', () => {
    spec
      .given([])
      .when(record('decision'))
      .then([recorded('decision'), publishedBy('automatic', '', 'decision')]);
  });

  it('publishes itself at the service (送达) when so configured, and only then', () => {
    const reach: DisclosureCommand = { type: 'ReachPublicationPoint', point: 'service', at: NOW, retention: RETENTION };
    spec
      .given([recorded('service')])
      .when(reach)
      .then([publishedBy('automatic', '', 'service')]);
    spec
      .given([recorded('')])
      .when(reach)
      .then([]);
    spec
      .given([recorded('service'), publishedBy('automatic', '', 'service')])
      .when(reach)
      .then([]);
  });

  it('a redelivered decision records nothing', () => {
    spec.given([recorded()]).when(record()).then([]);
  });

  it('the reviewer of the owning agency approves (保密审查); another agency may not', () => {
    spec
      .given([recorded()])
      .when({ type: 'ApproveDisclosure', agencyId: 'cgj', reviewer: 'u1', at: NOW, retention: RETENTION })
      .then([publishedBy('reviewer', 'u1')]);
    spec
      .given([recorded()])
      .when({ type: 'ApproveDisclosure', agencyId: 'scjgj', reviewer: 'u2', at: NOW, retention: RETENTION })
      .thenThrows('DISCLOSURE_NOT_OWN_AGENCY');
    spec
      .given([])
      .when({ type: 'ApproveDisclosure', agencyId: 'cgj', reviewer: 'u1', at: NOW, retention: RETENTION })
      .thenThrows('DISCLOSURE_NOT_FOUND');
    spec
      .given([recorded(), publishedBy('reviewer', 'u1')])
      .when({ type: 'ApproveDisclosure', agencyId: 'cgj', reviewer: 'u1', at: NOW, retention: RETENTION })
      .thenThrows('DISCLOSURE_ALREADY_PUBLISHED');
  });

  it('a refusal needs a reason and only a pending entry can be refused', () => {
    spec
      .given([recorded()])
      .when({ type: 'RefuseDisclosure', agencyId: 'cgj', reviewer: 'u1', reason: ' ', at: NOW })
      .thenThrows('REASON_REQUIRED', ['reason']);
    spec
      .given([recorded()])
      .when({ type: 'RefuseDisclosure', agencyId: 'cgj', reviewer: 'u1', reason: '涉及国家秘密', at: NOW })
      .then([{ type: 'DisclosureRefused', data: { actId: 'act-1', reason: '涉及国家秘密', refusedBy: 'u1', refusedAt: NOW } }]);
    spec
      .given([recorded(), publishedBy('reviewer', 'u1')])
      .when({ type: 'RefuseDisclosure', agencyId: 'cgj', reviewer: 'u1', reason: '涉密', at: NOW })
      .thenThrows('DISCLOSURE_NOT_PENDING');
  });

  it('the owning agency withdraws a published entry with a reason', () => {
    spec
      .given([recorded(), publishedBy('reviewer', 'u1')])
      .when({ type: 'WithdrawDecision', agencyId: 'cgj', by: 'u1', reason: '来源数据有误', at: NOW })
      .then([
        {
          type: 'DecisionWithdrawn',
          data: {
            actId: 'act-1',
            cause: 'agency',
            reason: '来源数据有误',
            body: '',
            withdrawnBy: 'u1',
            withdrawnAt: NOW,
            wasPublished: true,
          },
        },
      ]);
  });

  it('revoked on review or in court: withdrawn; changed or confirmed illegal: corrected; upheld: nothing', () => {
    const outcome = (via: 'reconsideration' | 'litigation', o: string): DisclosureCommand => ({
      type: 'RecordReviewOutcome',
      via,
      body: '永州市人民政府',
      outcome: o,
      at: NOW,
    });
    const published = [recorded(), publishedBy('reviewer', 'u1')];
    spec
      .given(published)
      .when(outcome('reconsideration', 'revoked'))
      .then([
        {
          type: 'DecisionWithdrawn',
          data: {
            actId: 'act-1',
            cause: 'reconsideration',
            reason: '经行政复议撤销',
            body: '永州市人民政府',
            withdrawnBy: '',
            withdrawnAt: NOW,
            wasPublished: true,
          },
        },
      ]);
    spec
      .given(published)
      .when(outcome('litigation', 'changed'))
      .then([
        {
          type: 'DecisionCorrected',
          data: {
            actId: 'act-1',
            cause: 'litigation',
            outcome: 'changed',
            body: '永州市人民政府',
            note: '该决定已于 2026-03-04 经行政诉讼（永州市人民政府）变更。',
            correctedAt: NOW,
          },
        },
      ]);
    spec.given(published).when(outcome('litigation', 'upheld')).then([]);
    spec.given([]).when(outcome('litigation', 'revoked')).then([]);
  });

  it('a correction before publication travels with the publication', () => {
    const state = [
      recorded(),
      {
        type: 'DecisionCorrected',
        data: { actId: 'act-1', cause: 'litigation', outcome: 'changed', body: '', note: '已变更', correctedAt: NOW },
      },
    ] as DecisionDisclosureEvent[];
    const events = decisionDisclosureDecider.decide(
      { type: 'ApproveDisclosure', agencyId: 'cgj', reviewer: 'u1', at: NOW, retention: RETENTION },
      state.reduce(decisionDisclosureDecider.evolve, decisionDisclosureDecider.initialState()),
    );
    expect(events[0]?.type === 'DecisionPublished' && events[0].data.correctionNote).toBe('已变更');
  });

  it('典型案例: the owning agency marks a published decision, with a note', () => {
    const mark = (note: string): DisclosureCommand => ({ type: 'MarkTypicalCase', agencyId: 'cgj', by: 'u1', note, at: NOW });
    spec
      .given([recorded(), publishedBy('reviewer', 'u1')])
      .when(mark('两人以上执法、全程记录的规范案例'))
      .then([
        {
          type: 'DecisionMarkedTypical',
          data: { actId: 'act-1', note: '两人以上执法、全程记录的规范案例', markedBy: 'u1', markedAt: NOW },
        },
      ]);
    spec.given([recorded()]).when(mark('说明')).thenThrows('DISCLOSURE_NOT_PUBLISHED');
    spec
      .given([recorded(), publishedBy('reviewer', 'u1')])
      .when(mark(' '))
      .thenThrows('NOTE_REQUIRED', ['note']);
  });

  it('retention: 5 years, 2 for natural persons', () => {
    expect(retainUntil(NOW, false, RETENTION).toISOString()).toBe('2031-03-04T03:00:00.000Z');
    expect(retainUntil(NOW, true, RETENTION).toISOString()).toBe('2028-03-04T03:00:00.000Z');
  });
});
