import type { EnforcementCategory } from '@lesp/core';
import {
  DEFAULT_CASE_FILE_CHECKLIST,
  type CandidateFile,
  type Checklist,
  type ItemAssessment,
  type SampleCriteria,
} from '../../../src/domain/case-file-review/index.js';

/** The 2022-09-01 … 2023-06-30 period of the 冷水滩区 review (seed 002), in China Standard Time. */
export const PERIOD = { from: new Date('2022-08-31T16:00:00Z'), to: new Date('2023-06-30T15:59:59.999Z') };
export const AGENCIES = ['cgj', 'jtj', 'scjgj', 'yjglj'];

/**
 * `perAgency` closed files for each agency: every third a licence, the rest penalties; files
 * whose number is even concern enterprises.
 */
export function candidates(perAgency = 30, agencies = AGENCIES): CandidateFile[] {
  return agencies.flatMap((agencyId) =>
    Array.from({ length: perAgency }, (_, i) => ({
      fileId: `${agencyId}-${String(i + 1).padStart(3, '0')}`,
      agencyId,
      category: (i % 3 === 0 ? 'licensing' : 'penalty') as EnforcementCategory,
      closedAt: new Date(PERIOD.from.getTime() + (i + 1) * 24 * 3600 * 1000),
      enterprise: i % 2 === 1,
    })),
  );
}

export const criteria = (overrides: Partial<SampleCriteria> = {}): SampleCriteria => ({
  period: PERIOD,
  agencyIds: AGENCIES,
  categories: ['licensing', 'penalty'],
  size: { kind: 'per_agency', count: 5 },
  minEnterpriseShare: 0.5,
  ...overrides,
});

/** Full marks on every weighted item, no veto breached. */
export function fullMarks(checklist: Checklist = DEFAULT_CASE_FILE_CHECKLIST): ItemAssessment[] {
  return checklist.items.map((item) =>
    item.veto ? { itemCode: item.code, breached: false } : { itemCode: item.code, points: item.weight },
  );
}
