import { describe, expect, it } from 'vitest';
import { deciderSpec } from '@lesp/core';
import { adviceDecider, adviceOverdue, type AdviceEvent } from '../../src/domain/advice/advice-decider.js';
import {
  agreementDecider,
  type AgreementCommand,
  type AgreementEvent,
  type AgreementState,
} from '../../src/domain/agreement/agreement-decider.js';
import { incidentDecider, type IncidentCommand, type IncidentEvent } from '../../src/domain/incident/incident-decider.js';
import { meetingDecider, type MeetingEvent } from '../../src/domain/meeting/meeting-decider.js';

const HUAYUAN = '433124';
const SONGTAO = '522229';
const XIUSHAN = '500241';
const OUTSIDER = '431103';
const cst = (y: number, m: number, d: number, h = 0) => new Date(Date.UTC(y, m - 1, d, h - 8));

function agreementAfter(commands: readonly AgreementCommand[]): AgreementState {
  let events: AgreementEvent[] = [];
  for (const command of commands)
    events = [...events, ...agreementDecider.decide(command, events.reduce(agreementDecider.evolve, agreementDecider.initialState()))];
  return events.reduce(agreementDecider.evolve, agreementDecider.initialState());
}
const members = [HUAYUAN, SONGTAO, XIUSHAN];
const signing: AgreementCommand[] = [
  {
    type: 'ProposeAgreement',
    data: {
      agreementId: 'mst',
      countyCode: HUAYUAN,
      name: '锰三角协议',
      members,
      hostOrder: [XIUSHAN, HUAYUAN, SONGTAO],
      fields: ['生态环境'],
      sharedData: members.map((countyCode) => ({ countyCode, dataKinds: ['enforcement_acts' as const, 'alerts' as const] })),
      rulePacks: [],
      effectiveFrom: cst(2011, 5, 20),
      proposedBy: 'sup',
      proposedAt: cst(2011, 5, 1),
    },
  },
  ...members.map((countyCode): AgreementCommand => ({
    type: 'SignAgreement',
    data: { countyCode, signedBy: 'sup', signedAt: cst(2011, 5, 20) },
  })),
];
const agreement = agreementAfter(signing);
const proposedOnly = agreementAfter(signing.slice(0, 2));
const withoutSongtao = agreementAfter([
  ...signing,
  { type: 'LeaveAgreement', data: { countyCode: SONGTAO, reason: '退出', leftAt: cst(2012, 7, 1) } },
]);

describe('cross-border incident (跨界事件)', () => {
  const spec = deciderSpec(incidentDecider);
  const report: IncidentCommand = {
    type: 'ReportIncident',
    data: {
      incidentId: 'leak',
      agreement,
      countyCode: XIUSHAN,
      locationCounty: XIUSHAN,
      title: '电解锰企业尾矿泄漏',
      description: '秀山某电解锰企业尾矿库泄漏，下游花垣水质受影响',
      occurredAt: cst(2012, 5, 3),
      reportedBy: 'sup-xs',
      reportedAt: cst(2012, 5, 3, 12),
    },
  };
  const reported = incidentDecider.decide(report, incidentDecider.initialState());
  const decide = (data: Partial<Extract<IncidentCommand, { type: 'DecideJurisdiction' }>['data']>): IncidentCommand => ({
    type: 'DecideJurisdiction',
    data: {
      agreement,
      countyCode: HUAYUAN,
      handlingCounty: XIUSHAN,
      supervisingCounties: [HUAYUAN, SONGTAO],
      basis: 'consent',
      consentingCounties: members,
      decidedAt: cst(2012, 5, 4),
      ...data,
    },
  });
  const assigned: IncidentEvent[] = [
    ...reported,
    ...incidentDecider.decide(decide({}), reported.reduce(incidentDecider.evolve, incidentDecider.initialState())),
  ];

  it('is reported by a member of an agreement in force, about a member county', () => {
    expect(reported).toEqual([
      {
        type: 'IncidentReported',
        data: {
          incidentId: 'leak',
          agreementId: 'mst',
          agreementCounty: HUAYUAN,
          countyCode: XIUSHAN,
          locationCounty: XIUSHAN,
          title: '电解锰企业尾矿泄漏',
          description: report.data.description,
          occurredAt: cst(2012, 5, 3),
          reportedBy: 'sup-xs',
          reportedAt: cst(2012, 5, 3, 12),
        },
      },
    ]);
    spec
      .given([])
      .when({ ...report, data: { ...report.data, countyCode: OUTSIDER } })
      .thenThrows('NOT_AGREEMENT_MEMBER');
    spec
      .given([])
      .when({ ...report, data: { ...report.data, agreement: proposedOnly } })
      .thenThrows('AGREEMENT_NOT_IN_FORCE');
    spec
      .given([])
      .when({ ...report, data: { ...report.data, countyCode: SONGTAO, agreement: withoutSongtao } })
      .thenThrows('NOT_AGREEMENT_MEMBER');
  });

  it('gets its jurisdiction by every member’s consent or by a held joint meeting', () => {
    expect(assigned.at(-1)).toEqual({
      type: 'JurisdictionDecided',
      data: {
        incidentId: 'leak',
        handlingCounty: XIUSHAN,
        supervisingCounties: [HUAYUAN, SONGTAO],
        basis: 'consent',
        meetingId: '',
        consentingCounties: members,
        decidedByCounty: HUAYUAN,
        decidedAt: cst(2012, 5, 4),
      },
    });
    spec
      .given(reported)
      .when(decide({ consentingCounties: [HUAYUAN, XIUSHAN] }))
      .thenThrows('CONSENT_INCOMPLETE', ['consentingCounties']);
    spec
      .given(reported)
      .when(decide({ basis: 'meeting', consentingCounties: [] }))
      .thenThrows('MEETING_REQUIRED', ['meetingId']);
    spec
      .given(reported)
      .when(decide({ basis: 'meeting', meeting: { meetingId: 'm', agreementId: 'mst', held: false } }))
      .thenThrows('MEETING_NOT_HELD', ['meetingId']);
    expect(
      incidentDecider.decide(
        decide({ basis: 'meeting', meeting: { meetingId: 'm', agreementId: 'mst', held: true } }),
        reported.reduce(incidentDecider.evolve, incidentDecider.initialState()),
      )[0],
    ).toMatchObject({
      data: { basis: 'meeting', meetingId: 'm', consentingCounties: [] },
    });
    spec
      .given(reported)
      .when(decide({ supervisingCounties: [XIUSHAN, SONGTAO] }))
      .thenThrows('HANDLING_ALSO_SUPERVISING');
    spec
      .given(reported)
      .when(decide({ supervisingCounties: [OUTSIDER] }))
      .thenThrows('NOT_AGREEMENT_MEMBER', ['supervisingCounties[0]']);
    spec.given(assigned).when(decide({})).thenThrows('JURISDICTION_ALREADY_DECIDED');
  });

  it('links only the handling county’s own acts, once', () => {
    const link = (countyCode: string, actCounty = countyCode): IncidentCommand => ({
      type: 'LinkAct',
      data: { countyCode, actId: 'act-1', actCounty, linkedBy: 'sup', linkedAt: cst(2012, 5, 5) },
    });
    spec.given(reported).when(link(XIUSHAN)).thenThrows('JURISDICTION_NOT_DECIDED');
    spec.given(assigned).when(link(HUAYUAN)).thenThrows('NOT_HANDLING_COUNTY');
    spec.given(assigned).when(link(XIUSHAN, HUAYUAN)).thenThrows('ACT_OF_OTHER_COUNTY');
    const linked = incidentDecider.decide(link(XIUSHAN), assigned.reduce(incidentDecider.evolve, incidentDecider.initialState()));
    expect(linked).toEqual([
      {
        type: 'IncidentActLinked',
        data: { incidentId: 'leak', actId: 'act-1', countyCode: XIUSHAN, linkedBy: 'sup', linkedAt: cst(2012, 5, 5) },
      },
    ]);
    spec
      .given([...assigned, ...linked])
      .when(link(XIUSHAN))
      .then([]);
  });

  it('takes opinions from supervising members only, on the incident or a linked act', () => {
    const opinion = (countyCode: string, actId = '', agr = agreement): IncidentCommand => ({
      type: 'AddSupervisionOpinion',
      data: { agreement: agr, countyCode, opinionId: 'op-1', actId, opinion: '建议责令停产整治', addedBy: 'sup', addedAt: cst(2012, 5, 6) },
    });
    spec.given(assigned).when(opinion(XIUSHAN)).thenThrows('NOT_SUPERVISING_COUNTY');
    spec.given(assigned).when(opinion(HUAYUAN, 'act-9')).thenThrows('ACT_NOT_LINKED', ['actId']);
    spec
      .given(assigned)
      .when(opinion(SONGTAO, '', withoutSongtao))
      .thenThrows('NOT_AGREEMENT_MEMBER');
    expect(incidentDecider.decide(opinion(HUAYUAN), assigned.reduce(incidentDecider.evolve, incidentDecider.initialState()))[0]?.type).toBe(
      'SupervisionOpinionAdded',
    );
  });

  it('closes once the handling and every supervising county consented', () => {
    const consent = (countyCode: string, at = cst(2012, 6, 1), agr = agreement): IncidentCommand => ({
      type: 'ConsentToClose',
      data: { agreement: agr, countyCode, note: '', consentedBy: 'sup', consentedAt: at },
    });
    let events = [...assigned];
    const state = () => events.reduce(incidentDecider.evolve, incidentDecider.initialState());
    for (const county of [XIUSHAN, HUAYUAN]) events = [...events, ...incidentDecider.decide(consent(county), state())];
    expect(state().status).toBe('assigned');
    spec.given(events).when(consent(OUTSIDER)).thenThrows('NOT_AGREEMENT_MEMBER');
    const last = incidentDecider.decide(consent(SONGTAO, cst(2012, 6, 2)), state());
    expect(last.map((e) => e.type)).toEqual(['IncidentClosureConsented', 'IncidentClosed']);
    expect(last[1]).toEqual({ type: 'IncidentClosed', data: { incidentId: 'leak', closedAt: cst(2012, 6, 2) } });
    spec
      .given([...events, ...last])
      .when(consent(HUAYUAN))
      .thenThrows('INCIDENT_CLOSED');
    // A supervising county that left has no say any more.
    const withoutSt = incidentDecider.decide(
      consent(HUAYUAN, cst(2012, 7, 2), withoutSongtao),
      [
        ...assigned,
        ...incidentDecider.decide(consent(XIUSHAN), assigned.reduce(incidentDecider.evolve, incidentDecider.initialState())),
      ].reduce(incidentDecider.evolve, incidentDecider.initialState()),
    );
    expect(withoutSt.map((e) => e.type)).toEqual(['IncidentClosureConsented', 'IncidentClosed']);
  });
});

describe('administrative advice (行政建议)', () => {
  const spec = deciderSpec(adviceDecider);
  const send = {
    adviceId: 'adv',
    agreement,
    countyCode: SONGTAO,
    toCounty: HUAYUAN,
    incidentId: '',
    subject: '汛期前排查尾矿库隐患',
    content: '花垣县多家电解锰企业尾矿库无排洪设施，请在汛期前督促整改',
    dueAt: cst(2012, 5, 1),
    sentBy: 'sup-st',
    sentAt: cst(2012, 4, 13),
    recordedAt: cst(2012, 4, 14),
  };
  const sent = adviceDecider.decide({ type: 'SendAdvice', data: send }, adviceDecider.initialState());

  it('goes from a member to another member with a due date after it is sent', () => {
    expect(sent[0]).toMatchObject({
      type: 'AdviceSent',
      data: { adviceId: 'adv', agreementId: 'mst', countyCode: SONGTAO, toCounty: HUAYUAN, dueAt: cst(2012, 5, 1) },
    });
    spec
      .given([])
      .when({ type: 'SendAdvice', data: { ...send, toCounty: SONGTAO } })
      .thenThrows('ADVICE_TO_SELF', ['toCounty']);
    spec
      .given([])
      .when({ type: 'SendAdvice', data: { ...send, toCounty: OUTSIDER } })
      .thenThrows('NOT_AGREEMENT_MEMBER');
    spec
      .given([])
      .when({ type: 'SendAdvice', data: { ...send, dueAt: cst(2012, 4, 1) } })
      .thenThrows('DUE_NOT_AFTER_SENT', ['dueAt']);
  });

  it('is answered by its recipient only, once', () => {
    const answer = (countyCode: string) => ({
      type: 'AnswerAdvice' as const,
      data: { countyCode, answer: '已督促企业完成整改', answeredBy: 'sup-hy', answeredAt: cst(2012, 4, 25) },
    });
    spec.given(sent).when(answer(XIUSHAN)).thenThrows('NOT_ADVICE_RECIPIENT');
    spec
      .given(sent)
      .when(answer(HUAYUAN))
      .then([
        {
          type: 'AdviceAnswered',
          data: { adviceId: 'adv', answer: '已督促企业完成整改', answeredBy: 'sup-hy', answeredAt: cst(2012, 4, 25) },
        },
      ]);
    const answered: AdviceEvent[] = [
      ...sent,
      ...adviceDecider.decide(answer(HUAYUAN), sent.reduce(adviceDecider.evolve, adviceDecider.initialState())),
    ];
    spec.given(answered).when(answer(HUAYUAN)).thenThrows('ADVICE_ALREADY_ANSWERED');
    // Answered advice is not escalated.
    spec
      .given(answered)
      .when({ type: 'EscalateAdvice', data: { meetingId: 'm', meetingCounty: XIUSHAN, escalatedAt: cst(2012, 6, 1) } })
      .then([]);
  });

  it('escalates to a joint meeting once overdue and unanswered, once', () => {
    const escalate = (at: Date) => ({ type: 'EscalateAdvice' as const, data: { meetingId: 'm', meetingCounty: XIUSHAN, escalatedAt: at } });
    const state = sent.reduce(adviceDecider.evolve, adviceDecider.initialState());
    expect(adviceOverdue(state, cst(2012, 4, 30))).toBe(false);
    expect(adviceOverdue(state, cst(2012, 5, 1))).toBe(true);
    spec
      .given(sent)
      .when(escalate(cst(2012, 4, 30)))
      .thenThrows('ADVICE_NOT_DUE');
    const escalated = adviceDecider.decide(escalate(cst(2012, 6, 1)), state);
    expect(escalated).toEqual([
      { type: 'AdviceEscalated', data: { adviceId: 'adv', meetingId: 'm', meetingCounty: XIUSHAN, escalatedAt: cst(2012, 6, 1) } },
    ]);
    spec
      .given([...sent, ...escalated])
      .when(escalate(cst(2012, 6, 2)))
      .then([]);
  });

  describe('the escalation timer (the time it fired comes with the command)', () => {
    const fire = (now: Date, nextMeeting?: { meetingId: string; meetingCounty: string }) => ({
      type: 'EscalateOverdueAdvice' as const,
      data: { now, ...(nextMeeting ? { nextMeeting } : {}) },
    });
    const meeting = { meetingId: 'm-next', meetingCounty: HUAYUAN };

    it('given advice not yet due, when the timer fires, then nothing is recorded', () => {
      spec
        .given(sent)
        .when(fire(cst(2012, 4, 30), meeting))
        .then([]);
    });

    it('given overdue unanswered advice and a scheduled meeting, when the timer fires, then the advice goes on that meeting’s agenda', () => {
      spec
        .given(sent)
        .when(fire(cst(2012, 5, 2), meeting))
        .then([
          { type: 'AdviceEscalated', data: { adviceId: 'adv', meetingId: 'm-next', meetingCounty: HUAYUAN, escalatedAt: cst(2012, 5, 2) } },
        ]);
    });

    it('given overdue advice and no meeting scheduled, when the timer fires, then it is flagged as awaiting a meeting, once', () => {
      spec
        .given(sent)
        .when(fire(cst(2012, 5, 2)))
        .then([{ type: 'AdviceAwaitingMeeting', data: { adviceId: 'adv', flaggedAt: cst(2012, 5, 2) } }]);
      const flagged: AdviceEvent[] = [...sent, { type: 'AdviceAwaitingMeeting', data: { adviceId: 'adv', flaggedAt: cst(2012, 5, 2) } }];
      spec
        .given(flagged)
        .when(fire(cst(2012, 5, 3)))
        .then([]);
    });

    it('given advice awaiting a meeting, when one is scheduled and the timer fires, then the advice joins it', () => {
      const flagged: AdviceEvent[] = [...sent, { type: 'AdviceAwaitingMeeting', data: { adviceId: 'adv', flaggedAt: cst(2012, 5, 2) } }];
      spec
        .given(flagged)
        .when(fire(cst(2012, 5, 9), meeting))
        .then([
          { type: 'AdviceEscalated', data: { adviceId: 'adv', meetingId: 'm-next', meetingCounty: HUAYUAN, escalatedAt: cst(2012, 5, 9) } },
        ]);
    });

    it('given advice answered or already on a meeting’s agenda, when the timer fires, then nothing is recorded', () => {
      const answered: AdviceEvent[] = [
        ...sent,
        { type: 'AdviceAnswered', data: { adviceId: 'adv', answer: '已办理', answeredBy: 'sup-hy', answeredAt: cst(2012, 5, 3) } },
      ];
      spec
        .given(answered)
        .when(fire(cst(2012, 5, 9), meeting))
        .then([]);
      const escalated: AdviceEvent[] = [
        ...sent,
        { type: 'AdviceEscalated', data: { adviceId: 'adv', meetingId: 'm-1', meetingCounty: HUAYUAN, escalatedAt: cst(2012, 5, 2) } },
      ];
      spec
        .given(escalated)
        .when(fire(cst(2012, 5, 9), meeting))
        .then([]);
    });
  });
});

describe('joint meeting (联席会议)', () => {
  const spec = deciderSpec(meetingDecider);
  const scheduled = meetingDecider.decide(
    {
      type: 'ScheduleMeeting',
      data: {
        meetingId: 'm',
        agreement,
        countyCode: XIUSHAN,
        scheduledFor: cst(2011, 9, 1),
        agenda: ['通报尾矿库排查'],
        scheduledBy: 'sup',
      },
    },
    meetingDecider.initialState(),
  );
  const hold = (countyCode: string) => ({
    type: 'HoldMeeting' as const,
    data: {
      agreement,
      countyCode,
      heldAt: cst(2011, 9, 1, 9),
      attendees: [{ countyCode: HUAYUAN, names: ['张三'] }],
      minutes: '会议纪要',
      escalatedAdvice: [{ adviceId: 'adv', countyCode: SONGTAO }],
      recordedAt: cst(2011, 9, 2),
    },
  });

  it('is scheduled by a member, in turn when its host is the year’s host', () => {
    expect(scheduled[0]).toMatchObject({
      type: 'JointMeetingScheduled',
      data: { countyCode: XIUSHAN, inTurn: true, agreementCounty: HUAYUAN },
    });
    expect(
      meetingDecider.decide(
        {
          type: 'ScheduleMeeting',
          data: { meetingId: 'm2', agreement, countyCode: SONGTAO, scheduledFor: cst(2011, 9, 1), agenda: ['x'], scheduledBy: 'sup' },
        },
        meetingDecider.initialState(),
      )[0],
    ).toMatchObject({ data: { inTurn: false } });
    spec
      .given([])
      .when({
        type: 'ScheduleMeeting',
        data: { meetingId: 'm3', agreement, countyCode: OUTSIDER, scheduledFor: cst(2011, 9, 1), agenda: ['x'], scheduledBy: 'sup' },
      })
      .thenThrows('NOT_AGREEMENT_MEMBER');
  });

  it('is held by its host with member attendees, taking the overdue advice', () => {
    spec.given(scheduled).when(hold(HUAYUAN)).thenThrows('NOT_MEETING_HOST');
    const held = meetingDecider.decide(hold(XIUSHAN), scheduled.reduce(meetingDecider.evolve, meetingDecider.initialState()));
    expect(held[0]).toMatchObject({ type: 'JointMeetingHeld', data: { escalatedAdvice: [{ adviceId: 'adv', countyCode: SONGTAO }] } });
    spec
      .given([...scheduled, ...held])
      .when(hold(XIUSHAN))
      .thenThrows('MEETING_ALREADY_HELD');
    spec
      .given(scheduled)
      .when({ ...hold(XIUSHAN), data: { ...hold(XIUSHAN).data, heldAt: cst(2011, 9, 3) } })
      .thenThrows('TIME_IN_FUTURE', ['heldAt']);
    spec
      .given(scheduled)
      .when({ ...hold(XIUSHAN), data: { ...hold(XIUSHAN).data, attendees: [{ countyCode: OUTSIDER, names: ['李四'] }] } })
      .thenThrows('NOT_AGREEMENT_MEMBER', ['attendees[0].countyCode']);
  });

  it('records decisions assigning tasks with due dates, completed by the assignee', () => {
    const held: MeetingEvent[] = [
      ...scheduled,
      ...meetingDecider.decide(hold(XIUSHAN), scheduled.reduce(meetingDecider.evolve, meetingDecider.initialState())),
    ];
    const decision = {
      type: 'RecordDecision' as const,
      data: {
        agreement,
        countyCode: XIUSHAN,
        decisionId: 'd1',
        decision: '花垣县汛期前完成尾矿库整治',
        assigneeCounty: HUAYUAN,
        dueAt: cst(2011, 12, 31),
        recordedAt: cst(2011, 9, 1, 12),
      },
    };
    spec.given(scheduled).when(decision).thenThrows('MEETING_NOT_HELD');
    spec
      .given(held)
      .when({ ...decision, data: { ...decision.data, assigneeCounty: OUTSIDER } })
      .thenThrows('NOT_AGREEMENT_MEMBER');
    spec
      .given(held)
      .when({ ...decision, data: { ...decision.data, dueAt: undefined } })
      .thenThrows('DATE_INVALID', ['dueAt']);
    const decided = [...held, ...meetingDecider.decide(decision, held.reduce(meetingDecider.evolve, meetingDecider.initialState()))];
    const complete = (countyCode: string) => ({
      type: 'CompleteTask' as const,
      data: { countyCode, decisionId: 'd1', report: '已完成', completedAt: cst(2011, 12, 1) },
    });
    spec.given(decided).when(complete(SONGTAO)).thenThrows('NOT_TASK_ASSIGNEE');
    spec
      .given(decided)
      .when(complete(HUAYUAN))
      .then([
        {
          type: 'MeetingTaskCompleted',
          data: { meetingId: 'm', decisionId: 'd1', countyCode: HUAYUAN, report: '已完成', completedAt: cst(2011, 12, 1) },
        },
      ]);
  });
});
