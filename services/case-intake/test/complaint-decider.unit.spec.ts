import { describe, expect, it } from 'vitest';
import { deciderSpec, type ValidationError } from '@lesp/core';
import type { ComplaintCommand } from '../src/domain/complaint/complaint-commands.js';
import { complaintDecider, type ComplaintEvent } from '../src/domain/complaint/complaint-decider.js';

const spec = deciderSpec(complaintDecider);
const RECEIVED_AT = new Date('2026-03-02T01:30:00Z');
const ANSWERED_AT = new Date('2026-03-10T08:00:00Z');
const ID = 'cp-1';

type Receive = Extract<ComplaintCommand, { type: 'ReceiveComplaint' }>['data'];
const receipt: Receive = {
  complaintId: ID,
  source: 'hotline_12345',
  subject: ' 占道经营执法粗暴 ',
  summary: ' 梧桐街道凤凰路口城管执法人员暴力收缴摊贩物品。 ',
  complainant: { name: ' 张小三 ', phone: '138 1234 1234' },
  concernedAgency: { agencyId: 'cgj', registered: true },
  trackingNumber: '7K3M9PQ2XW4T',
  receivedAt: RECEIVED_AT,
  handlingDays: 15,
};
const receive = (data: Partial<Receive> = {}): ComplaintCommand => ({ type: 'ReceiveComplaint', data: { ...receipt, ...data } });

const received: ComplaintEvent = {
  type: 'ComplaintReceived',
  data: {
    complaintId: ID,
    source: 'hotline_12345',
    subject: '占道经营执法粗暴',
    summary: '梧桐街道凤凰路口城管执法人员暴力收缴摊贩物品。',
    complainant: { name: '张小三', phone: '13812341234' },
    concernedAgencyId: 'cgj',
    trackingNumber: '7K3M9PQ2XW4T',
    receivedAt: RECEIVED_AT,
    handlingDays: 15,
    dueAt: new Date('2026-03-17T01:30:00Z'),
  },
};
const assigned: ComplaintEvent = { type: 'ComplaintAssigned', data: { complaintId: ID, agencyId: 'cgj', note: '请核查' } };
const handled: ComplaintEvent = {
  type: 'ComplaintHandlingRecorded',
  data: { complaintId: ID, agencyId: 'cgj', notes: '已调取执法记录仪视频', officerIds: ['o-1', 'o-2'] },
};
const answered: ComplaintEvent = {
  type: 'ComplaintAnswered',
  data: { complaintId: ID, agencyId: 'cgj', answer: '经核查，已责令整改。', answeredAt: ANSWERED_AT },
};
const closed: ComplaintEvent = { type: 'ComplaintClosed', data: { complaintId: ID } };
const rejected: ComplaintEvent = { type: 'ComplaintRejected', data: { complaintId: ID, reason: '不属于行政执法监督范围' } };

const assign = (agencyId = 'cgj', registered = true): ComplaintCommand => ({
  type: 'AssignComplaint',
  data: { complaintId: ID, agency: { agencyId, registered }, note: ' 请核查 ' },
});
const recordHandling = (agencyId = 'cgj', notes = '已调取执法记录仪视频', officerIds = ['o-1', ' o-2 ']): ComplaintCommand => ({
  type: 'RecordComplaintHandling',
  data: { complaintId: ID, agencyId, notes, officerIds },
});
const answer = (agencyId = 'cgj', text = ' 经核查，已责令整改。 '): ComplaintCommand => ({
  type: 'AnswerComplaint',
  data: { complaintId: ID, agencyId, answer: text, answeredAt: ANSWERED_AT },
});
const close: ComplaintCommand = { type: 'CloseComplaint', data: { complaintId: ID } };
const reject = (reason = ' 不属于行政执法监督范围 '): ComplaintCommand => ({ type: 'RejectComplaint', data: { complaintId: ID, reason } });

describe('complaint decider: receiving', () => {
  it('receives a complaint: trims the texts, normalises the phone, due date = received + handling days', () => {
    spec.given([]).when(receive()).then([received]);
  });

  it('receives an anonymous complaint with no concerned agency', () => {
    const { complainant: _omitted, concernedAgency: _none, ...anonymous } = receipt;
    spec
      .given([])
      .when({ type: 'ReceiveComplaint', data: { ...anonymous, source: 'procuratorate_suggestion', handlingDays: 30 } })
      .then([
        {
          type: 'ComplaintReceived',
          data: {
            ...received.data,
            source: 'procuratorate_suggestion',
            complainant: undefined,
            concernedAgencyId: '',
            handlingDays: 30,
            dueAt: new Date('2026-04-01T01:30:00Z'),
          },
        } as ComplaintEvent,
      ]);
  });

  it('accepts a landline with its area code, and a name without a phone', () => {
    const [event] = complaintDecider.decide(receive({ complainant: { name: '李四', phone: '0746 8221234' } }), { status: 'none' });
    expect(event?.type === 'ComplaintReceived' && event.data.complainant).toEqual({ name: '李四', phone: '0746-8221234' });
    const [nameOnly] = complaintDecider.decide(receive({ complainant: { name: '李四', phone: '' } }), { status: 'none' });
    expect(nameOnly?.type === 'ComplaintReceived' && nameOnly.data.complainant).toEqual({ name: '李四', phone: '' });
  });

  it('refuses an invalid phone number without repeating it', () => {
    const error = spec
      .given([])
      .when(receive({ complainant: { name: '张三', phone: '12345678901' } }))
      .thenThrows('PHONE_INVALID', ['complainant.phone']);
    expect(error.message).not.toContain('12345678901');
  });

  it('refuses an empty or over-long summary', () => {
    spec
      .given([])
      .when(receive({ summary: '   ' }))
      .thenThrows('COMPLAINT_SUMMARY_REQUIRED', ['summary']);
    spec
      .given([])
      .when(receive({ summary: '诉'.repeat(2001) }))
      .thenThrows('COMPLAINT_SUMMARY_TOO_LONG', ['summary']);
  });

  it('names every broken rule at once: source, subject, name, handling days, tracking number, unknown agency', () => {
    const error = spec
      .given([])
      .when(
        receive({
          source: 'letter',
          subject: '题'.repeat(201),
          complainant: { name: '名'.repeat(51), phone: '' },
          handlingDays: 0,
          trackingNumber: 'short',
          concernedAgency: { agencyId: 'nope', registered: false },
        }),
      )
      .thenThrows('VALIDATION_FAILED', ['source', 'subject', 'complainant.name', 'handlingDays', 'trackingNumber', 'concernedAgencyId']);
    expect((error as ValidationError).violations.map((v) => v.code)).toEqual([
      'COMPLAINT_SOURCE_UNKNOWN',
      'COMPLAINT_SUBJECT_TOO_LONG',
      'COMPLAINANT_NAME_TOO_LONG',
      'HANDLING_DAYS_RANGE',
      'TRACKING_NUMBER_INVALID',
      'AGENCY_NOT_FOUND',
    ]);
  });

  it('refuses to receive the same complaint twice', () => {
    spec.given([received]).when(receive()).thenThrows('COMPLAINT_ALREADY_RECEIVED');
  });
});

describe('complaint decider: assigning', () => {
  it('assigns a received complaint to a registered agency', () => {
    spec.given([received]).when(assign()).then([assigned]);
  });

  it('re-assigns to another agency while not answered, but not to the same one', () => {
    spec
      .given([received, assigned, handled])
      .when(assign('zrzyj'))
      .then([{ type: 'ComplaintAssigned', data: { complaintId: ID, agencyId: 'zrzyj', note: '请核查' } }]);
    spec.given([received, assigned]).when(assign()).thenThrows('COMPLAINT_ALREADY_ASSIGNED');
  });

  it('refuses an agency that does not exist, an over-long note, an unknown complaint', () => {
    spec.given([received]).when(assign('ghost', false)).thenThrows('AGENCY_NOT_FOUND', ['agencyId']);
    spec
      .given([received])
      .when({ type: 'AssignComplaint', data: { complaintId: ID, agency: { agencyId: 'cgj', registered: true }, note: '注'.repeat(2001) } })
      .thenThrows('ASSIGNMENT_NOTE_TOO_LONG', ['note']);
    spec.given([]).when(assign()).thenThrows('COMPLAINT_NOT_FOUND');
  });

  it('refuses to assign a closed, rejected or answered complaint', () => {
    spec.given([received, assigned, answered, closed]).when(assign('zrzyj')).thenThrows('COMPLAINT_CLOSED');
    spec.given([received, rejected]).when(assign()).thenThrows('COMPLAINT_REJECTED');
    spec.given([received, assigned, answered]).when(assign('zrzyj')).thenThrows('COMPLAINT_ALREADY_ANSWERED');
  });
});

describe('complaint decider: handling and answering', () => {
  it('records handling by the assigned agency, more than once', () => {
    spec.given([received, assigned]).when(recordHandling()).then([handled]);
    spec.given([received, assigned, handled]).when(recordHandling()).then([handled]);
  });

  it('refuses handling before assignment, by another agency, or with missing notes or officers', () => {
    spec.given([received]).when(recordHandling()).thenThrows('COMPLAINT_NOT_ASSIGNED');
    spec.given([received, assigned]).when(recordHandling('zrzyj')).thenThrows('COMPLAINT_ASSIGNED_ELSEWHERE');
    spec.given([received, assigned]).when(recordHandling('cgj', ' ')).thenThrows('HANDLING_NOTES_REQUIRED', ['notes']);
    spec
      .given([received, assigned])
      .when(recordHandling('cgj', '核查', []))
      .thenThrows('HANDLING_OFFICERS_RANGE', ['officerIds']);
    spec
      .given([received, assigned])
      .when(recordHandling('cgj', '核查', ['o-1', 'o-1']))
      .thenThrows('HANDLING_OFFICERS_INVALID', ['officerIds']);
  });

  it('answers an assigned complaint, handled or not', () => {
    spec.given([received, assigned, handled]).when(answer()).then([answered]);
    spec.given([received, assigned]).when(answer()).then([answered]);
  });

  it('refuses to answer before assignment, twice, for another agency, or with an empty answer', () => {
    spec.given([received]).when(answer()).thenThrows('COMPLAINT_NOT_ASSIGNED');
    spec.given([received, assigned, answered]).when(answer()).thenThrows('COMPLAINT_ALREADY_ANSWERED');
    spec.given([received, assigned]).when(answer('zrzyj')).thenThrows('COMPLAINT_ASSIGNED_ELSEWHERE');
    spec.given([received, assigned]).when(answer('cgj', '')).thenThrows('ANSWER_REQUIRED', ['answer']);
    spec.given([received, assigned, answered]).when(recordHandling()).thenThrows('COMPLAINT_ALREADY_ANSWERED');
  });

  it('does not refuse an overdue answer: supervision flags lateness, intake records it', () => {
    const late = new Date('2026-06-30T00:00:00Z');
    spec
      .given([received, assigned])
      .when({ type: 'AnswerComplaint', data: { complaintId: ID, agencyId: 'cgj', answer: '迟复', answeredAt: late } })
      .then([{ type: 'ComplaintAnswered', data: { complaintId: ID, agencyId: 'cgj', answer: '迟复', answeredAt: late } }]);
  });
});

describe('complaint decider: closing and rejecting', () => {
  it('closes an answered complaint, and only then', () => {
    spec.given([received, assigned, answered]).when(close).then([closed]);
    spec.given([received, assigned]).when(close).thenThrows('COMPLAINT_NOT_ANSWERED');
    spec.given([]).when(close).thenThrows('COMPLAINT_NOT_FOUND');
  });

  it('refuses every step after closing', () => {
    const history = [received, assigned, answered, closed];
    for (const command of [assign('zrzyj'), recordHandling(), answer(), close, reject()]) {
      spec.given(history).when(command).thenThrows('COMPLAINT_CLOSED');
    }
  });

  it('rejects (不予受理) a received or assigned complaint with a reason', () => {
    spec.given([received]).when(reject()).then([rejected]);
    spec.given([received, assigned]).when(reject()).then([rejected]);
    spec.given([received]).when(reject('')).thenThrows('REJECTION_REASON_REQUIRED', ['reason']);
  });

  it('refuses to reject once handling has begun or the complaint is answered, and every step after rejecting', () => {
    spec.given([received, assigned, handled]).when(reject()).thenThrows('COMPLAINT_IN_HANDLING');
    spec.given([received, assigned, answered]).when(reject()).thenThrows('COMPLAINT_ALREADY_ANSWERED');
    for (const command of [assign(), recordHandling(), answer(), close, reject()]) {
      spec.given([received, rejected]).when(command).thenThrows('COMPLAINT_REJECTED');
    }
  });
});
