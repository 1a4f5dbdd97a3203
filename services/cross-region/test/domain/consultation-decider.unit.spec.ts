import { describe, expect, it } from 'vitest';
import { deciderSpec } from '@lesp/core';
import { agreementDecider, type AgreementCommand, type AgreementEvent } from '../../src/domain/agreement/agreement-decider.js';
import { consultationDecider, type ConsultationCommand } from '../../src/domain/consultation/consultation-decider.js';

const HUAYUAN = '433124';
const SONGTAO = '522229';
const XIUSHAN = '500241';
const at = (d: number) => new Date(Date.UTC(2026, 5, d, 2));
const commands: AgreementCommand[] = [
  {
    type: 'ProposeAgreement',
    data: {
      agreementId: 'mst',
      countyCode: HUAYUAN,
      name: '锰三角协议',
      members: [HUAYUAN, SONGTAO, XIUSHAN],
      hostOrder: [HUAYUAN, SONGTAO, XIUSHAN],
      fields: ['生态环境'],
      sharedData: [],
      rulePacks: [],
      effectiveFrom: at(1),
      proposedBy: 'sup',
      proposedAt: at(1),
    },
  },
  ...[HUAYUAN, SONGTAO, XIUSHAN].map((countyCode): AgreementCommand => ({
    type: 'SignAgreement',
    data: { countyCode, signedBy: 'sup', signedAt: at(1) },
  })),
];
let events: AgreementEvent[] = [];
for (const c of commands)
  events = [...events, ...agreementDecider.decide(c, events.reduce(agreementDecider.evolve, agreementDecider.initialState()))];
const agreement = events.reduce(agreementDecider.evolve, agreementDecider.initialState());

const spec = deciderSpec(consultationDecider);
const request = (data: Partial<Extract<ConsultationCommand, { type: 'RequestConsultation' }>['data']> = {}): ConsultationCommand => ({
  type: 'RequestConsultation',
  data: {
    consultationId: 'c1',
    agreement,
    countyCode: SONGTAO,
    kind: 'consultation',
    subject: '交界河段排污口管辖争议',
    incidentId: '',
    parties: [SONGTAO, HUAYUAN],
    affectedParties: [],
    scheduledFor: at(10),
    requestedBy: 'sup',
    requestedAt: at(2),
    ...data,
  },
});
const requested = consultationDecider.decide(request(), consultationDecider.initialState());
const outcome = (countyCode: string, outcomeCode: string) => ({
  type: 'RecordOutcome' as const,
  data: {
    countyCode,
    heldAt: at(10),
    participants: ['松桃代表', '花垣代表'],
    outcome: outcomeCode,
    summary: '协商确定由花垣管辖',
    recordedAt: at(11),
  },
});

describe('consultation (协商) and hearing (听证会)', () => {
  it('is requested by a member among member parties; a hearing names its affected parties', () => {
    expect(requested[0]).toMatchObject({
      type: 'ConsultationRequested',
      data: { agreementId: 'mst', kind: 'consultation', parties: [SONGTAO, HUAYUAN] },
    });
    spec
      .given([])
      .when(request({ parties: [HUAYUAN, XIUSHAN] }))
      .thenThrows('REQUESTER_NOT_PARTY', ['parties']);
    spec
      .given([])
      .when(request({ parties: [SONGTAO] }))
      .thenThrows('COUNTY_COUNT_RANGE', ['parties']);
    spec
      .given([])
      .when(request({ parties: [SONGTAO, '431103'] }))
      .thenThrows('NOT_AGREEMENT_MEMBER', ['parties[1]']);
    spec
      .given([])
      .when(request({ kind: 'hearing', parties: [SONGTAO] }))
      .thenThrows('AFFECTED_PARTIES_REQUIRED', ['affectedParties']);
    expect(
      consultationDecider.decide(
        request({ kind: 'hearing', parties: [SONGTAO], affectedParties: ['下游村民代表'] }),
        consultationDecider.initialState(),
      ),
    ).toHaveLength(1);
  });

  it('is concluded once by a party with an outcome its kind has', () => {
    spec.given(requested).when(outcome(XIUSHAN, 'agreed')).thenThrows('NOT_A_PARTY');
    spec.given(requested).when(outcome(HUAYUAN, 'heard')).thenThrows('OUTCOME_UNKNOWN', ['outcome']);
    const concluded = consultationDecider.decide(
      outcome(HUAYUAN, 'agreed'),
      requested.reduce(consultationDecider.evolve, consultationDecider.initialState()),
    );
    expect(concluded[0]).toMatchObject({
      type: 'ConsultationConcluded',
      data: { consultationId: 'c1', countyCode: HUAYUAN, outcome: 'agreed' },
    });
    spec
      .given([...requested, ...concluded])
      .when(outcome(SONGTAO, 'not_agreed'))
      .thenThrows('CONSULTATION_CONCLUDED');
  });
});
