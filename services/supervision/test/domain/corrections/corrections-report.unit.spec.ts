import { describe, expect, it } from 'vitest';
import type { PersonCategory } from '../../../src/domain/corrections/correction-categories.js';
import {
  halfYearCorrectionsReport,
  monthlyCorrectionsReport,
  type CorrectionFindingFact,
} from '../../../src/domain/corrections/corrections-report.js';
import { personDecider } from '../../../src/domain/corrections/person-decider.js';
import type { PersonEvent } from '../../../src/domain/corrections/person-events.js';

const cst = (year: number, month: number, day: number, hour = 10) => new Date(Date.UTC(year, month - 1, day, hour - 8));
const COUNTY = '411722';

/**
 * The county of seed 000: 384 persons (缓刑 329, 保外就医 4, 剥夺政治权利 18, 假释 30, 管制 3) in 24
 * offices, 65 of them absconded, half of those (33) convicted of duty crimes. In June 2024
 * everyone present did 8 hours of education; 300 did 8 of community service, the others 4.
 */
function seedCounty() {
  const categories: [PersonCategory, number][] = [
    ['probation', 329],
    ['medical_parole', 4],
    ['deprivation_of_political_rights', 18],
    ['parole', 30],
    ['public_surveillance', 3],
  ];
  const histories: PersonEvent[][] = [];
  let n = 0;
  for (const [category, count] of categories) {
    for (let i = 0; i < count; i++, n++) {
      const personId = `jz-${n}`;
      const events: PersonEvent[] = [
        {
          type: 'PersonUnderCorrectionReceived',
          data: {
            personId,
            countyCode: COUNTY,
            category,
            officeId: `sfs-${n % 24}`,
            dutyCrime: n < 33,
            startsAt: cst(2023, 1 + (n % 12), 5),
            endsAt: cst(2026, 1, 1),
            receivedBy: '司法所',
          },
        },
        {
          type: 'CorrectionHoursRecorded',
          data: {
            personId,
            kind: 'education',
            month: '2024-06',
            hours: 8,
            activity: '集中教育',
            recordedBy: '司法所',
            occurredAt: cst(2024, 6, 20),
          },
        },
        {
          type: 'CorrectionHoursRecorded',
          data: {
            personId,
            kind: 'community_service',
            month: '2024-06',
            hours: n < 300 ? 8 : 4,
            activity: '公益劳动',
            recordedBy: '司法所',
            occurredAt: cst(2024, 6, 21),
          },
        },
      ];
      // The first 65 abscond (33 of them duty-crime convicts), in May.
      if (n < 65)
        events.push({
          type: 'PersonAbsconded',
          data: { personId, lostContactAt: cst(2024, 5, 10), measures: '查找', reportedBy: '司法所' },
        });
      histories.push(events);
    }
  }
  // Two more: one received in June 2024, one whose probation was revoked in June.
  histories.push([
    {
      type: 'PersonUnderCorrectionReceived',
      data: {
        personId: 'jz-new',
        countyCode: COUNTY,
        category: 'parole',
        officeId: 'sfs-0',
        dutyCrime: false,
        startsAt: cst(2024, 6, 12),
        endsAt: cst(2025, 6, 1),
        receivedBy: '司法所',
      },
    },
  ]);
  histories.push([
    {
      type: 'PersonUnderCorrectionReceived',
      data: {
        personId: 'jz-gone',
        countyCode: COUNTY,
        category: 'probation',
        officeId: 'sfs-1',
        dutyCrime: false,
        startsAt: cst(2023, 2, 1),
        endsAt: cst(2025, 6, 1),
        receivedBy: '司法所',
      },
    },
    { type: 'CorrectionEnded', data: { personId: 'jz-gone', reason: 'revoked', endedAt: cst(2024, 6, 3), note: '' } },
  ]);
  // Someone of another county, with the same person id: never counted here.
  histories.push([
    {
      type: 'PersonUnderCorrectionReceived',
      data: {
        personId: 'jz-0',
        countyCode: '411723',
        category: 'probation',
        officeId: 'sfs-0',
        dutyCrime: false,
        startsAt: cst(2023, 2, 1),
        endsAt: cst(2025, 6, 1),
        receivedBy: '司法所',
      },
    },
  ]);
  return histories.map((events) => events.reduce(personDecider.evolve, personDecider.initialState()));
}

const findings: CorrectionFindingFact[] = [
  { findingId: 'f1', countyCode: COUNTY, category: 'absconded_or_missed', personId: 'jz-0', foundAt: cst(2024, 6, 2) },
  { findingId: 'f2', countyCode: COUNTY, category: 'hours_below_eight', personId: 'jz-300', foundAt: cst(2024, 6, 30, 20) },
  { findingId: 'f3', countyCode: COUNTY, category: 'court_documents_not_served', foundAt: cst(2024, 6, 15) },
  { findingId: 'f4', countyCode: COUNTY, category: 'not_committed', foundAt: cst(2024, 5, 15) },
  { findingId: 'f5', countyCode: COUNTY, category: 'eligible_no_reduction_proposal', personId: 'jz-7', foundAt: cst(2024, 3, 1) },
  { findingId: 'f6', countyCode: COUNTY, category: 'revocation_not_proposed', personId: 'jz-8', foundAt: cst(2024, 7, 1, 0) },
  { findingId: 'f7', countyCode: '411723', category: 'not_committed', foundAt: cst(2024, 6, 15) },
];

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
