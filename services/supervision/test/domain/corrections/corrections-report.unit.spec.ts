import { describe, expect, it } from 'vitest';
import { halfYearCorrectionsReport, monthlyCorrectionsReport } from '../../../src/domain/corrections/corrections-report.js';
import { personDecider } from '../../../src/domain/corrections/person-decider.js';
import { COUNTY, cst, findings, seedCounty } from './seed-county.js';

describe('community corrections: the monthly report (seed 000)', () => {
  const report = monthlyCorrectionsReport({ countyCode: COUNTY, month: '2024-06', persons: seedCounty(), findings });

  it('the population at the end of the month by category, the offices, the absconded', () => {
    expect(report.population).toEqual({
      total: 385,
      byCategory: { probation: 329, medical_parole: 4, deprivation_of_political_rights: 18, parole: 31, public_surveillance: 3 },
      offices: 24,
      absconded: 65,
      abscondedDutyCrime: 33,
    });
    expect(report.received).toBe(1);
    expect(report.ended).toEqual({ term_completed: 0, revoked: 1, committed: 0, died: 0 });
  });

  it('hours: everyone under correction the whole month is held to 8 and 8', () => {
    // 384 there all June; the one received on 12 June and the one revoked on 3 June are not.
    expect(report.hours).toEqual({ required: 384, met: 300, educationShort: 0, communityServiceShort: 84 });
  });

  it('corrections found in the month, in the seed’s categories and order', () => {
    expect(report.findings.map((f) => [f.section, f.name, f.count])).toEqual([
      ['（一）对人民法院、监狱、看守所行为的纠正', '没有依法送达监外执行法律文书、交付执行或告知罪犯权利义务', 1],
      ['（一）对人民法院、监狱、看守所行为的纠正', '收到撤销缓刑、假释、暂予监外执行建议后没有依法审查、裁定、决定', 0],
      ['（一）对人民法院、监狱、看守所行为的纠正', '对依法应当减刑的监外执行罪犯没有裁定减刑或者减刑裁定不当', 0],
      ['（一）对人民法院、监狱、看守所行为的纠正', '公安机关、监狱管理机关应当作出收监执行决定而没有作出', 0],
      ['（一）对人民法院、监狱、看守所行为的纠正', '监狱、看守所应当收监执行而没有收监执行', 0],
      ['（二）对司法行政机关行为的纠正', '没有及时接收监外执行罪犯，没有落实监管责任、监管措施', 0],
      ['（二）对司法行政机关行为的纠正', '对违法的监外执行罪犯应当给予处罚而没有依法建议处罚', 0],
      ['（二）对司法行政机关行为的纠正', '对依法应当减刑的监外执行罪犯没有提请减刑或者提请减刑不当', 0],
      ['（二）对司法行政机关行为的纠正', '刑期或者考验期满未及时办理相关手续和履行相关程序', 0],
      ['（二）对司法行政机关行为的纠正', '监外执行罪犯出现脱管、漏管', 1],
      ['（二）对司法行政机关行为的纠正', '对社区矫正人员没有落实矫正、监管、教育和帮助措施', 0],
      ['（二）对司法行政机关行为的纠正', '社区矫正人员每月教育学习、参加社区服务时间达不到八小时', 1],
      ['（二）对司法行政机关行为的纠正', '其他依法应当提出纠正意见的情形', 0],
    ]);
  });

  it('a person whose term is over but not released stays on the register (and is a finding of its own)', () => {
    const lapsed = personDecider.evolve(personDecider.initialState(), {
      type: 'PersonUnderCorrectionReceived',
      data: {
        personId: 'jz-lapsed',
        countyCode: COUNTY,
        category: 'parole',
        officeId: 'sfs-3',
        dutyCrime: false,
        startsAt: cst(2023, 1, 1),
        endsAt: cst(2024, 6, 10),
        receivedBy: '司法所',
      },
    });
    const withLapsed = monthlyCorrectionsReport({ countyCode: COUNTY, month: '2024-06', persons: [...seedCounty(), lapsed], findings });
    expect(withLapsed.population.total).toBe(386);
    // Not held to June's hours: the term ended on 10 June.
    expect(withLapsed.hours.required).toBe(384);
  });

  it('refuses a month that is not one', () => {
    expect(() => monthlyCorrectionsReport({ countyCode: COUNTY, month: '2024-13', persons: [], findings: [] })).toThrow(
      /月份格式应为 YYYY-MM/,
    );
  });
});

describe('community corrections: the half-year report (seed 000)', () => {
  it('the reduction and committal categories of the half, and the monthly ones added up', () => {
    const report = halfYearCorrectionsReport({ countyCode: COUNTY, year: 2024, half: 1, persons: seedCounty(), findings });
    expect(report.population.total).toBe(385);
    expect(report.findings.map((f) => [f.category, f.count])).toEqual([
      ['eligible_no_reduction_proposal', 1],
      ['ineligible_reduction_proposed', 0],
      ['reduction_not_sent_for_review', 0],
      ['reduction_materials_incomplete', 0],
      ['procuratorate_opinion_not_heard', 0],
      ['revocation_not_proposed', 0],
      ['revocation_not_sent_or_incomplete', 0],
      ['opinion_not_in_proposal', 0],
    ]);
    expect(report.findings[0]!.name).toBe('符合减刑条件而没有提请减刑建议');
    const monthly = Object.fromEntries(report.monthlyFindings.map((f) => [f.category, f.count]));
    expect(monthly).toMatchObject({ court_documents_not_served: 1, not_committed: 1, absconded_or_missed: 1, hours_below_eight: 1 });
    const second = halfYearCorrectionsReport({ countyCode: COUNTY, year: 2024, half: 2, persons: seedCounty(), findings });
    expect(second.findings.find((f) => f.category === 'revocation_not_proposed')!.count).toBe(1);
  });
});
