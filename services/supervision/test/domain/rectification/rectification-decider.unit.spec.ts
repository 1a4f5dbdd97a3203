import { describe, expect, it } from 'vitest';
import { deciderSpec, type ValidationError } from '@lesp/core';
import {
  rectificationDecider,
  type Accountability,
  type RectificationCommand,
  type RectificationEvent,
} from '../../../src/domain/rectification/index.js';

const spec = deciderSpec(rectificationDecider);
const ID = 'rect-2026-003';
const ISSUED_AT = new Date('2026-03-02T02:00:00Z');
const DEADLINE = new Date('2026-03-16T09:30:00Z'); // 10 working days later, counted by the application
const REPLIED_AT = new Date('2026-03-13T03:00:00Z');

type Issue = Extract<RectificationCommand, { type: 'IssueRectificationNotice' }>['data'];
const notice: Issue = {
  rectificationId: ID,
  countyCode: '431103',
  documentKind: 'notice',
  documentNumber: ' 冷司监通〔2026〕3号 ',
  supervisionForm: 'routine',
  agencyId: 'cgj',
  grounds: [
    { kind: 'alert', alertId: 'al-1', agencyId: 'cgj', found: true },
    { kind: 'case_file_problem', reviewId: 'rv-1', problemId: 'f-7#1', agencyId: 'cgj', description: ' 音像记录缺少记录人 ' },
  ],
  findings: ' 2 件行政处罚决定未在 7 个工作日内公示；案卷音像记录要素不全。 ',
  requirements: ' 立即补充公示，完善音像记录管理制度。 ',
  deadline: DEADLINE,
  copiedTo: [{ name: ' 冷水滩区人民政府 ', relation: '本级人民政府' }],
  issuedBy: 'sup-1',
  issuedAt: ISSUED_AT,
};
const issue = (data: Partial<Issue> = {}): RectificationCommand => ({ type: 'IssueRectificationNotice', data: { ...notice, ...data } });

const issued: RectificationEvent = {
  type: 'RectificationNoticeIssued',
  data: {
    rectificationId: ID,
    countyCode: '431103',
    documentKind: 'notice',
    documentNumber: '冷司监通〔2026〕3号',
    supervisionForm: 'routine',
    agencyId: 'cgj',
    grounds: [
      { kind: 'alert', alertId: 'al-1' },
      { kind: 'case_file_problem', reviewId: 'rv-1', problemId: 'f-7#1', description: '音像记录缺少记录人' },
    ],
    findings: '2 件行政处罚决定未在 7 个工作日内公示；案卷音像记录要素不全。',
    requirements: '立即补充公示，完善音像记录管理制度。',
    deadline: DEADLINE,
    copiedTo: [{ name: '冷水滩区人民政府', relation: '本级人民政府' }],
    issuedBy: 'sup-1',
    issuedAt: ISSUED_AT,
  },
};

const reply = (agencyId = 'cgj', repliedAt = REPLIED_AT): RectificationCommand => ({
  type: 'ReplyToRectification',
  data: {
    rectificationId: ID,
    agencyId,
    measures: [' 已补充公示 2 件 ', '修订音像记录制度'],
    explanation: '',
    repliedBy: 'clerk-1',
    repliedAt,
  },
});
const replied = (repliedAt = REPLIED_AT, late = false): RectificationEvent => ({
  type: 'RectificationReplied',
  data: {
    rectificationId: ID,
    agencyId: 'cgj',
    measures: ['已补充公示 2 件', '修订音像记录制度'],
    explanation: '',
    repliedBy: 'clerk-1',
    repliedAt,
    late,
  },
});
const ACCEPTED_AT = new Date('2026-03-18T02:00:00Z');
const accept: RectificationCommand = {
  type: 'AcceptRectification',
  data: { rectificationId: ID, opinion: ' 整改到位 ', acceptedBy: 'sup-1', acceptedAt: ACCEPTED_AT },
};
const accepted: RectificationEvent = {
  type: 'RectificationAccepted',
  data: { rectificationId: ID, opinion: '整改到位', acceptedBy: 'sup-1', acceptedAt: ACCEPTED_AT },
};
const RETURNED_AT = new Date('2026-03-16T02:00:00Z');
const SECOND_DEADLINE = new Date('2026-03-30T09:30:00Z');
const returnIt = (newDeadline = SECOND_DEADLINE): RectificationCommand => ({
  type: 'ReturnRectification',
  data: { rectificationId: ID, reason: ' 制度未附文本 ', newDeadline, returnedBy: 'sup-1', returnedAt: RETURNED_AT },
});
const returned: RectificationEvent = {
  type: 'RectificationReturned',
  data: {
    rectificationId: ID,
    reason: '制度未附文本',
    newDeadline: SECOND_DEADLINE,
    round: 1,
    returnedBy: 'sup-1',
    returnedAt: RETURNED_AT,
  },
};
const superiors = [{ name: '冷水滩区人民政府', relation: '本级人民政府' }];
const OVERDUE_AT = new Date('2026-03-17T00:00:00Z');
const escalate = (escalatedAt = OVERDUE_AT, newDeadline?: Date): RectificationCommand => ({
  type: 'EscalateOverdueRectification',
  data: { rectificationId: ID, reportedTo: superiors, escalatedAt, ...(newDeadline ? { newDeadline } : {}) },
});
const escalated = (level = 1, overdueSince = DEADLINE, newDeadline?: Date, escalatedAt = OVERDUE_AT): RectificationEvent => ({
  type: 'RectificationEscalated',
  data: {
    rectificationId: ID,
    agencyId: 'cgj',
    level,
    overdueSince,
    reportedTo: superiors,
    ...(newDeadline ? { newDeadline } : {}),
    escalatedAt,
  },
});
const CLOSED_AT = new Date('2026-03-19T02:00:00Z');
const accountability: Accountability = {
  decidedBy: ' 冷水滩区纪委监委 ',
  measure: '诫勉谈话',
  persons: ['o-17'],
  basis: '《湖南省行政执法过错责任追究办法》',
  decidedAt: new Date('2026-03-19T01:00:00Z'),
};
const close = (outcome: 'rectified' | 'not_rectified' = 'rectified', withAccountability?: Accountability): RectificationCommand => ({
  type: 'CloseRectification',
  data: {
    rectificationId: ID,
    outcome,
    publicSummary: ' 区城管局已补充公示并修订制度。 ',
    closedBy: 'sup-1',
    closedAt: CLOSED_AT,
    ...(withAccountability ? { accountability: withAccountability } : {}),
  },
});
const published = (outcome: 'rectified' | 'not_rectified', accountabilityRecorded: boolean): RectificationEvent => ({
  type: 'RectificationMarkedForPublication',
  data: {
    rectificationId: ID,
    countyCode: '431103',
    agencyId: 'cgj',
    documentKind: 'notice',
    documentNumber: '冷司监通〔2026〕3号',
    outcome,
    publicSummary: '区城管局已补充公示并修订制度。',
    accountabilityRecorded,
    closedAt: CLOSED_AT,
  },
});
const closedEvent = (outcome: 'rectified' | 'not_rectified'): RectificationEvent => ({
  type: 'RectificationClosed',
  data: { rectificationId: ID, outcome, publicSummary: '区城管局已补充公示并修订制度。', closedBy: 'sup-1', closedAt: CLOSED_AT },
});
const trimmedAccountability: Accountability = { ...accountability, decidedBy: '冷水滩区纪委监委' };

describe('rectification: issuing a notice, opinion or decision', () => {
  it('issues a notice from an alert and a case-file problem, trimmed, copied to the county government', () => {
    spec.given([]).when(issue()).then([issued]);
  });

  it('issues a decision in special supervision from a supervisor’s own finding, copied to no one', () => {
    const [event] = rectificationDecider.decide(
      issue({
        documentKind: 'decision',
        supervisionForm: 'special',
        grounds: [{ kind: 'finding', description: '趋利性执法' }],
        copiedTo: [],
      }),
      rectificationDecider.initialState(),
    );
    expect(
      event?.type === 'RectificationNoticeIssued' && [event.data.documentKind, event.data.supervisionForm, event.data.grounds],
    ).toEqual(['decision', 'special', [{ kind: 'finding', description: '趋利性执法' }]]);
  });

  it('refuses grounds that are missing, unknown, of another agency or named twice', () => {
    spec
      .given([])
      .when(issue({ grounds: [] }))
      .thenThrows('GROUNDS_COUNT_RANGE', ['grounds']);
    spec
      .given([])
      .when(
        issue({
          grounds: [
            { kind: 'alert', alertId: 'al-x', agencyId: 'cgj', found: false },
            { kind: 'alert', alertId: 'al-2', agencyId: 'scjgj', found: true },
            { kind: 'inspection_finding', planId: 'p-1', targetId: 't-1', agencyId: 'cgj', description: '无证经营' },
            { kind: 'inspection_finding', planId: 'p-1', targetId: 't-1', agencyId: 'cgj', description: '无证经营' },
          ],
        }),
      )
      .thenThrows('VALIDATION_FAILED', ['grounds[0].alertId', 'grounds[1].agencyId', 'grounds[3]']);
  });

  it('refuses a dismissed alert as a ground', () => {
    spec
      .given([])
      .when(issue({ grounds: [{ kind: 'alert', alertId: 'al-1', agencyId: 'cgj', found: true, dismissed: true }] }))
      .thenThrows('ALERT_DISMISSED', ['grounds[0].alertId']);
  });

  it('names every broken rule at once: county, kind, form, texts, deadline, copy recipients', () => {
    const error = spec
      .given([])
      .when(
        issue({
          countyCode: '43110',
          documentKind: 'letter' as never,
          supervisionForm: 'weekly' as never,
          findings: ' ',
          requirements: '',
          deadline: ISSUED_AT,
          copiedTo: [
            { name: '区政府', relation: '' },
            { name: '区政府', relation: '本级' },
          ],
        }),
      )
      .thenThrows('VALIDATION_FAILED', [
        'countyCode',
        'documentKind',
        'supervisionForm',
        'findings',
        'requirements',
        'deadline',
        'copiedTo[0].relation',
        'copiedTo',
      ]);
    expect((error as ValidationError).message).toContain('整改期限应晚于签发或退回时间');
  });

  it('refuses a deadline more than a year away, and issuing twice', () => {
    spec
      .given([])
      .when(issue({ deadline: new Date('2027-03-10T00:00:00Z') }))
      .thenThrows('DEADLINE_TOO_FAR', ['deadline']);
    spec.given([issued]).when(issue()).thenThrows('RECTIFICATION_ALREADY_ISSUED');
  });
});

describe('rectification: reply, accept, return', () => {
  it('the addressed agency replies with measures before the deadline', () => {
    spec.given([issued]).when(reply()).then([replied()]);
  });

  it('a reply after the deadline is recorded as late', () => {
    const late = new Date('2026-03-20T02:00:00Z');
    spec
      .given([issued])
      .when(reply('cgj', late))
      .then([replied(late, true)]);
  });

  it('refuses a reply by another agency, without measures, twice, or before the notice', () => {
    spec.given([issued]).when(reply('scjgj')).thenThrows('RECTIFICATION_ADDRESSED_ELSEWHERE');
    spec
      .given([issued])
      .when({
        type: 'ReplyToRectification',
        data: { rectificationId: ID, agencyId: 'cgj', measures: [], explanation: '', repliedBy: 'c', repliedAt: REPLIED_AT },
      })
      .thenThrows('MEASURES_COUNT_RANGE', ['measures']);
    spec.given([issued, replied()]).when(reply()).thenThrows('RECTIFICATION_ALREADY_REPLIED');
    spec
      .given([issued])
      .when(reply('cgj', new Date('2026-03-01T00:00:00Z')))
      .thenThrows('TIME_BEFORE_PREVIOUS_STEP', ['repliedAt']);
    spec.given([]).when(reply()).thenThrows('RECTIFICATION_NOT_FOUND');
  });

  it('the supervisor accepts a reply', () => {
    spec.given([issued, replied()]).when(accept).then([accepted]);
  });

  it('the supervisor returns a reply with a new deadline; the agency replies again', () => {
    spec.given([issued, replied()]).when(returnIt()).then([returned]);
    const again = new Date('2026-03-25T02:00:00Z');
    spec
      .given([issued, replied(), returned])
      .when(reply('cgj', again))
      .then([replied(again, false)]);
  });

  it('counts the rounds of return', () => {
    const second = rectificationDecider.decide(
      returnIt(new Date('2026-04-10T00:00:00Z')),
      [issued, replied(), returned, replied()].reduce(rectificationDecider.evolve, rectificationDecider.initialState()),
    );
    expect(second[0]?.type === 'RectificationReturned' && second[0].data.round).toBe(2);
  });

  it('refuses a verdict without a reply, twice, or a return without a later deadline', () => {
    spec.given([issued]).when(accept).thenThrows('RECTIFICATION_NOT_REPLIED');
    spec.given([issued, replied(), returned]).when(accept).thenThrows('RECTIFICATION_NOT_REPLIED');
    spec.given([issued, replied(), accepted]).when(returnIt()).thenThrows('RECTIFICATION_ALREADY_ACCEPTED');
    spec.given([issued, replied()]).when(returnIt(RETURNED_AT)).thenThrows('DEADLINE_NOT_AFTER', ['newDeadline']);
  });
});

describe('rectification: overdue notices escalate', () => {
  it('escalates once the deadline has passed without a reply, reporting to the superiors', () => {
    spec.given([issued]).when(escalate()).then([escalated()]);
  });

  it('does not escalate before the deadline, after a reply, or twice for the same deadline (a timer firing twice)', () => {
    spec.given([issued]).when(escalate(DEADLINE)).thenThrows('RECTIFICATION_NOT_OVERDUE');
    spec.given([issued, replied()]).when(escalate()).thenThrows('RECTIFICATION_NOT_OVERDUE');
    spec
      .given([issued, escalated()])
      .when(escalate(new Date('2026-03-18T00:00:00Z')))
      .thenThrows('RECTIFICATION_ALREADY_ESCALATED');
  });

  it('a last deadline given with the reminder escalates to level 2 when it passes too', () => {
    const last = new Date('2026-03-23T09:30:00Z');
    const later = new Date('2026-03-24T00:00:00Z');
    spec
      .given([issued])
      .when(escalate(OVERDUE_AT, last))
      .then([escalated(1, DEADLINE, last)]);
    spec
      .given([issued, escalated(1, DEADLINE, last)])
      .when(escalate(later))
      .then([escalated(2, last, undefined, later)]);
  });

  it('a returned notice whose new deadline passes escalates too; a late reply after escalation is late', () => {
    const after = new Date('2026-03-31T00:00:00Z');
    spec
      .given([issued, replied(), returned])
      .when(escalate(after))
      .then([escalated(1, SECOND_DEADLINE, undefined, after)]);
    const late = new Date('2026-04-01T00:00:00Z');
    spec
      .given([issued, escalated()])
      .when(reply('cgj', late))
      .then([replied(late, true)]);
  });

  it('needs someone to report to', () => {
    spec
      .given([issued])
      .when({ type: 'EscalateOverdueRectification', data: { rectificationId: ID, reportedTo: [], escalatedAt: OVERDUE_AT } })
      .thenThrows('RECIPIENTS_COUNT_RANGE', ['reportedTo']);
  });
});

describe('rectification: closing, accountability, publication', () => {
  it('closes an accepted rectification as rectified and marks it for publication', () => {
    spec
      .given([issued, replied(), accepted])
      .when(close())
      .then([closedEvent('rectified'), published('rectified', false)]);
  });

  it('closes an escalated one as not rectified, with accountability', () => {
    spec
      .given([issued, escalated()])
      .when(close('not_rectified', accountability))
      .then([
        closedEvent('not_rectified'),
        { type: 'AccountabilityRecorded', data: { rectificationId: ID, accountability: trimmedAccountability } },
        published('not_rectified', true),
      ]);
  });

  it('refuses to close as rectified before acceptance, or as not rectified without escalation', () => {
    spec.given([issued, replied()]).when(close()).thenThrows('RECTIFICATION_NOT_ACCEPTED');
    spec.given([issued]).when(close('not_rectified')).thenThrows('RECTIFICATION_NOT_ESCALATED');
    spec.given([issued, replied(), accepted]).when(close('not_rectified')).thenThrows('RECTIFICATION_ALREADY_ACCEPTED');
    spec
      .given([issued, escalated(), replied(OVERDUE_AT, true)])
      .when(close('not_rectified'))
      .thenThrows('RECTIFICATION_REPLY_PENDING');
  });

  it('refuses accountability decided after closing in the closing command, or with no one held to account', () => {
    spec
      .given([issued, replied(), accepted])
      .when(close('rectified', { ...accountability, decidedAt: new Date('2026-03-20T00:00:00Z') }))
      .thenThrows('ACCOUNTABILITY_AFTER_CLOSING', ['accountability.decidedAt']);
    spec
      .given([issued, replied(), accepted])
      .when(close('rectified', { ...accountability, persons: [] }))
      .thenThrows('ACCOUNTABILITY_PERSONS_RANGE', ['accountability.persons']);
  });

  it('records accountability decided later, only once closed', () => {
    const later: Accountability = { ...trimmedAccountability, decidedAt: new Date('2026-05-01T00:00:00Z') };
    const closing = [issued, replied(), accepted, closedEvent('rectified'), published('rectified', false)];
    spec
      .given(closing)
      .when({ type: 'RecordAccountability', data: { rectificationId: ID, accountability: later } })
      .then([{ type: 'AccountabilityRecorded', data: { rectificationId: ID, accountability: later } }]);
    spec
      .given([issued])
      .when({ type: 'RecordAccountability', data: { rectificationId: ID, accountability: later } })
      .thenThrows('RECTIFICATION_NOT_CLOSED');
  });

  it('nothing but accountability happens after closing', () => {
    const closing = [issued, replied(), accepted, closedEvent('rectified')];
    spec.given(closing).when(reply()).thenThrows('RECTIFICATION_CLOSED');
    spec.given(closing).when(close()).thenThrows('RECTIFICATION_CLOSED');
    spec.given(closing).when(escalate()).thenThrows('RECTIFICATION_CLOSED');
  });
});
