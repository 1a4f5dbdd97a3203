import type { PersonCategory } from '../../../src/domain/corrections/correction-categories.js';
import type { CorrectionFindingFact } from '../../../src/domain/corrections/corrections-report.js';
import { personDecider } from '../../../src/domain/corrections/person-decider.js';
import type { PersonEvent } from '../../../src/domain/corrections/person-events.js';

export const cst = (year: number, month: number, day: number, hour = 10) => new Date(Date.UTC(year, month - 1, day, hour - 8));
export const COUNTY = '411722';

/**
 * The county of seed 000: 384 persons (缓刑 329, 保外就医 4, 剥夺政治权利 18, 假释 30, 管制 3) in 24
 * offices, 65 of them absconded, half of those (33) convicted of duty crimes. In June 2024
 * everyone present did 8 hours of education; 300 did 8 of community service, the others 4.
 */
export function seedCounty() {
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

export const findings: CorrectionFindingFact[] = [
  { findingId: 'f1', countyCode: COUNTY, category: 'absconded_or_missed', personId: 'jz-0', foundAt: cst(2024, 6, 2) },
  { findingId: 'f2', countyCode: COUNTY, category: 'hours_below_eight', personId: 'jz-300', foundAt: cst(2024, 6, 30, 20) },
  { findingId: 'f3', countyCode: COUNTY, category: 'court_documents_not_served', foundAt: cst(2024, 6, 15) },
  { findingId: 'f4', countyCode: COUNTY, category: 'not_committed', foundAt: cst(2024, 5, 15) },
  { findingId: 'f5', countyCode: COUNTY, category: 'eligible_no_reduction_proposal', personId: 'jz-7', foundAt: cst(2024, 3, 1) },
  { findingId: 'f6', countyCode: COUNTY, category: 'revocation_not_proposed', personId: 'jz-8', foundAt: cst(2024, 7, 1, 0) },
  { findingId: 'f7', countyCode: '411723', category: 'not_committed', foundAt: cst(2024, 6, 15) },
];
