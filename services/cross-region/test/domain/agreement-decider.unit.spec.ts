import { describe, expect, it } from 'vitest';
import { deciderSpec } from '@lesp/core';
import {
  agreementDecider,
  currentMembers,
  leadAndHostOn,
  meetingYears,
  sharesData,
  type AgreementCommand,
  type AgreementEvent,
  type AgreementState,
} from '../../src/domain/agreement/agreement-decider.js';
import { agreementYearOn } from '../../src/domain/agreement/agreement-calendar.js';

/** 锰三角: 花垣 (Hunan), 松桃 (Guizhou), 秀山 (Chongqing). */
const HUAYUAN = '433124';
const SONGTAO = '522229';
const XIUSHAN = '500241';
const OUTSIDER = '431103';
/** Beijing time. */
const cst = (y: number, m: number, d: number, h = 0) => new Date(Date.UTC(y, m - 1, d, h - 8));

const spec = deciderSpec(agreementDecider);
const fold = (events: readonly AgreementEvent[]): AgreementState => events.reduce(agreementDecider.evolve, agreementDecider.initialState());

const proposal = {
  agreementId: 'mst',
  countyCode: HUAYUAN,
  name: '“锰三角”区域环境联合治理合作框架协议',
  members: [HUAYUAN, SONGTAO, XIUSHAN],
  hostOrder: [XIUSHAN, HUAYUAN, SONGTAO],
  fields: ['生态环境'],
  sharedData: [
    { countyCode: HUAYUAN, dataKinds: ['enforcement_acts' as const, 'alerts' as const] },
    { countyCode: SONGTAO, dataKinds: ['enforcement_acts' as const] },
    { countyCode: XIUSHAN, dataKinds: ['enforcement_acts' as const, 'alerts' as const] },
  ],
  rulePacks: ['standard'],
  effectiveFrom: cst(2011, 5, 20),
  proposedBy: 'sup-huayuan',
  proposedAt: cst(2011, 5, 1, 10),
};
const propose: AgreementCommand = { type: 'ProposeAgreement', data: proposal };
const proposed = agreementDecider.decide(propose, agreementDecider.initialState());
const sign = (countyCode: string, day: number): AgreementCommand => ({
  type: 'SignAgreement',
  data: { countyCode, signedBy: `sup-${countyCode}`, signedAt: cst(2011, 5, day, 10) },
});
const signed = (() => {
  let events = [...proposed];
  for (const [county, day] of [
    [HUAYUAN, 18],
    [SONGTAO, 19],
    [XIUSHAN, 20],
  ] as const) {
    events = [...events, ...agreementDecider.decide(sign(county, day), fold(events))];
  }
  return events;
})();

describe('agreement (合作框架协议)', () => {
  it('is proposed with its members, rotation orders, scope and shared data', () => {
    expect(proposed).toEqual([
      {
        type: 'AgreementProposed',
        data: {
          ...proposal,
          members: [HUAYUAN, SONGTAO, XIUSHAN],
          sharedData: proposal.sharedData.map((s) => ({ ...s, dataKinds: [...s.dataKinds] })),
        },
      },
    ]);
  });

  it('refuses a proposal with one member, a proposer outside it, a host order that is not the members, or unknown data kinds', () => {
    spec
      .given([])
      .when({ type: 'ProposeAgreement', data: { ...proposal, members: [HUAYUAN], hostOrder: [HUAYUAN], sharedData: [] } })
      .thenThrows('COUNTY_COUNT_RANGE', ['members']);
    spec
      .given([])
      .when({ type: 'ProposeAgreement', data: { ...proposal, countyCode: OUTSIDER } })
      .thenThrows('PROPOSER_NOT_MEMBER', ['members']);
    spec
      .given([])
      .when({ type: 'ProposeAgreement', data: { ...proposal, hostOrder: [HUAYUAN, SONGTAO, OUTSIDER] } })
      .thenThrows('ORDER_NOT_MEMBERS', ['hostOrder']);
    spec
      .given([])
      .when({ type: 'ProposeAgreement', data: { ...proposal, sharedData: [{ countyCode: HUAYUAN, dataKinds: ['everything' as never] }] } })
      .thenThrows('DATA_KIND_UNKNOWN', ['sharedData[0].dataKinds[0]']);
  });

  it('comes into force when the last member signs', () => {
    spec
      .given(proposed)
      .when(sign(SONGTAO, 19))
      .then([
        {
          type: 'AgreementSigned',
          data: { agreementId: 'mst', countyCode: SONGTAO, signedBy: `sup-${SONGTAO}`, signedAt: cst(2011, 5, 19, 10) },
        },
      ]);
    expect(signed.at(-1)).toEqual({ type: 'AgreementInForce', data: { agreementId: 'mst', inForceAt: cst(2011, 5, 20, 10) } });
    expect(fold(signed).status).toBe('in_force');
    expect(currentMembers(fold(signed))).toEqual([HUAYUAN, SONGTAO, XIUSHAN]);
  });

  it('lets only listed counties sign, once', () => {
    spec.given(proposed).when(sign(OUTSIDER, 19)).thenThrows('NOT_AGREEMENT_MEMBER');
    spec.given(signed).when(sign(SONGTAO, 21)).thenThrows('AGREEMENT_ALREADY_SIGNED');
  });

  it('rotates the lead yearly on the anniversary and the host in its own order', () => {
    const state = fold(signed);
    expect(leadAndHostOn(state, cst(2011, 5, 19))).toBeUndefined();
    expect(leadAndHostOn(state, cst(2011, 5, 20))).toMatchObject({ year: 1, leadCounty: HUAYUAN, hostCounty: XIUSHAN });
    expect(leadAndHostOn(state, new Date(cst(2012, 5, 20).getTime() - 1))).toMatchObject({ year: 1, leadCounty: HUAYUAN });
    expect(leadAndHostOn(state, cst(2012, 5, 20))).toMatchObject({
      year: 2,
      leadCounty: SONGTAO,
      hostCounty: HUAYUAN,
      starts: cst(2012, 5, 20),
      ends: cst(2013, 5, 20),
    });
    expect(leadAndHostOn(state, cst(2013, 12, 31))).toMatchObject({ year: 3, leadCounty: XIUSHAN, hostCounty: SONGTAO });
    expect(leadAndHostOn(state, cst(2014, 6, 1))).toMatchObject({ year: 4, leadCounty: HUAYUAN, hostCounty: XIUSHAN });
  });

  it('counts agreement years in China time', () => {
    expect(agreementYearOn(cst(2024, 2, 29), cst(2025, 3, 1))).toMatchObject({ year: 2 });
    expect(agreementYearOn(cst(2011, 5, 20), new Date('2012-05-19T16:00:00Z'))).toMatchObject({ year: 2 });
    expect(agreementYearOn(cst(2011, 5, 20), new Date('2012-05-19T15:59:59Z'))).toMatchObject({ year: 1 });
  });

  it('admits a county at the end of both rotations, and a leaving county drops out of them and of the members', () => {
    const admitted = agreementDecider.decide(
      {
        type: 'AdmitMember',
        data: { admittedBy: XIUSHAN, countyCode: OUTSIDER, dataKinds: ['enforcement_acts'], joinedAt: cst(2012, 1, 1) },
      },
      fold(signed),
    );
    expect(admitted).toEqual([
      {
        type: 'MemberJoined',
        data: { agreementId: 'mst', countyCode: OUTSIDER, dataKinds: ['enforcement_acts'], admittedBy: XIUSHAN, joinedAt: cst(2012, 1, 1) },
      },
    ]);
    const withFour = fold([...signed, ...admitted]);
    expect(currentMembers(withFour)).toEqual([HUAYUAN, SONGTAO, XIUSHAN, OUTSIDER]);
    expect(leadAndHostOn(withFour, cst(2014, 6, 1))).toMatchObject({ year: 4, leadCounty: OUTSIDER });
    // The rotation before the admission stays as it was for earlier dates.
    expect(leadAndHostOn(withFour, cst(2011, 6, 1))).toMatchObject({ leadCounty: HUAYUAN });

    const left = agreementDecider.decide(
      { type: 'LeaveAgreement', data: { countyCode: SONGTAO, reason: '调整合作', leftAt: cst(2013, 1, 1) } },
      withFour,
    );
    expect(left).toEqual([
      { type: 'MemberLeft', data: { agreementId: 'mst', countyCode: SONGTAO, reason: '调整合作', leftAt: cst(2013, 1, 1) } },
    ]);
    const after = fold([...signed, ...admitted, ...left]);
    expect(currentMembers(after)).toEqual([HUAYUAN, XIUSHAN, OUTSIDER]);
    expect(sharesData(after, SONGTAO, 'enforcement_acts')).toBe(false);
    expect(sharesData(after, XIUSHAN, 'alerts')).toBe(true);
    spec
      .given([...signed, ...admitted, ...left])
      .when({ type: 'LeaveAgreement', data: { countyCode: SONGTAO, reason: '再次', leftAt: cst(2013, 2, 1) } })
      .thenThrows('NOT_AGREEMENT_MEMBER');
  });

  it('is admitted only by a member, and ends when fewer than two members remain', () => {
    spec
      .given(signed)
      .when({ type: 'AdmitMember', data: { admittedBy: OUTSIDER, countyCode: '431102', dataKinds: [], joinedAt: cst(2012, 1, 1) } })
      .thenThrows('NOT_AGREEMENT_MEMBER');
    const leaving = [
      ...signed,
      ...agreementDecider.decide(
        { type: 'LeaveAgreement', data: { countyCode: SONGTAO, reason: '调整', leftAt: cst(2013, 1, 1) } },
        fold(signed),
      ),
    ];
    const last = agreementDecider.decide(
      { type: 'LeaveAgreement', data: { countyCode: XIUSHAN, reason: '调整', leftAt: cst(2013, 2, 1) } },
      fold(leaving),
    );
    expect(last.map((e) => e.type)).toEqual(['MemberLeft', 'AgreementEnded']);
    const ended = fold([...leaving, ...last]);
    expect(ended.status).toBe('ended');
    expect(leadAndHostOn(ended, cst(2013, 3, 1))).toBeUndefined();
    spec
      .given([...leaving, ...last])
      .when(sign(HUAYUAN, 1))
      .thenThrows('AGREEMENT_ENDED');
  });

  it('is amended by a member with new orders that are exactly the members', () => {
    const amend = {
      amendedBy: SONGTAO,
      summary: '调整轮值顺序',
      name: proposal.name,
      fields: ['生态环境', '水利'],
      sharedData: proposal.sharedData,
      rulePacks: ['standard'],
      leadOrder: [XIUSHAN, SONGTAO, HUAYUAN],
      hostOrder: [HUAYUAN, SONGTAO, XIUSHAN],
      amendedAt: cst(2015, 1, 1),
    };
    const events = agreementDecider.decide({ type: 'AmendAgreement', data: amend }, fold(signed));
    expect(events[0]?.type).toBe('AgreementAmended');
    const state = fold([...signed, ...events]);
    expect(leadAndHostOn(state, cst(2015, 6, 1))).toMatchObject({ year: 5, leadCounty: SONGTAO, hostCounty: SONGTAO });
    spec
      .given(signed)
      .when({ type: 'AmendAgreement', data: { ...amend, leadOrder: [XIUSHAN, SONGTAO] } })
      .thenThrows('ORDER_NOT_MEMBERS', ['leadOrder']);
    spec
      .given(signed)
      .when({ type: 'AmendAgreement', data: { ...amend, amendedBy: OUTSIDER } })
      .thenThrows('NOT_AGREEMENT_MEMBER');
  });

  it('flags a year whose host held no joint meeting, once the year is over', () => {
    const state = fold(signed);
    const years = meetingYears(
      state,
      [
        { meetingId: 'm1', hostCounty: XIUSHAN, heldAt: cst(2011, 9, 1) },
        { meetingId: 'm2', hostCounty: SONGTAO, heldAt: cst(2012, 9, 1) },
      ],
      cst(2013, 6, 1),
    );
    expect(years.map((y) => [y.year, y.hostCounty, y.meetingsHeld, y.flagged])).toEqual([
      [1, XIUSHAN, ['m1'], false],
      [2, HUAYUAN, ['m2'], true],
      [3, SONGTAO, [], false],
    ]);
  });
});
