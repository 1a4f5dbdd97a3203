import { ENFORCEMENT_CATEGORIES, assertNever, isEnforcementCategory, type EnforcementCategory, type Violation } from '@lesp/core';
import { auditLine, canonicalIds, drawAudit, drawGenerator, pick, type DrawAudit } from '../shared/seeded-draw.js';
import { idListViolations, periodViolations, within, type Period } from '../shared/text-rules.js';

/**
 * How many files a review draws:
 *   per_agency  the same number from each agency (the monthly "5–10 files per agency");
 *   share       a share of each agency's closed files, rounded up;
 *   total       a number from the whole pool;
 *   per_category a number per category from the whole pool (seed 002: 11 licences + 33 penalties).
 */
export type SampleSize =
  | { readonly kind: 'per_agency'; readonly count: number }
  | { readonly kind: 'share'; readonly share: number }
  | { readonly kind: 'total'; readonly count: number }
  | { readonly kind: 'per_category'; readonly counts: readonly { readonly category: EnforcementCategory; readonly count: number }[] };

/** What a review draws from. */
export interface SampleCriteria {
  /** Files closed (结案) in this period. */
  readonly period: Period;
  readonly agencyIds: readonly string[];
  readonly categories: readonly EnforcementCategory[];
  readonly size: SampleSize;
  /** Least share of enterprise cases (涉企案卷) in each stratum, 0–1; met as far as there are such files. */
  readonly minEnterpriseShare: number;
}

/** A closed case file that may be drawn, as the application found it in the act read model. */
export interface CandidateFile {
  readonly fileId: string;
  readonly agencyId: string;
  readonly category: EnforcementCategory;
  readonly closedAt: Date;
  /** The target (相对人) is an enterprise. */
  readonly enterprise: boolean;
}

export interface SampledFile {
  readonly fileId: string;
  readonly agencyId: string;
  readonly category: EnforcementCategory;
  readonly enterprise: boolean;
}

export const MAX_SAMPLE = 2000;
export const MAX_CANDIDATES = 100_000;

export function criteriaViolations(field: string, criteria: SampleCriteria): Violation[] {
  const violations = [
    ...periodViolations(`${field}.period`, criteria.period),
    ...idListViolations(`${field}.agencyIds`, criteria.agencyIds, '执法主体', 1, 500),
  ];
  if (
    criteria.categories.length === 0 ||
    criteria.categories.some((c) => !isEnforcementCategory(c)) ||
    new Set(criteria.categories).size !== criteria.categories.length
  ) {
    violations.push({
      field: `${field}.categories`,
      code: 'CATEGORIES_INVALID',
      message: `执法类别应为不重复的：${Object.values(ENFORCEMENT_CATEGORIES).join('、')}`,
    });
  }
  const { size } = criteria;
  if (size.kind === 'share') {
    if (!(size.share > 0 && size.share <= 1))
      violations.push({ field: `${field}.size.share`, code: 'SAMPLE_SHARE_RANGE', message: '抽查比例应大于 0 且不超过 100%' });
  } else if (size.kind === 'per_agency' || size.kind === 'total') {
    if (!Number.isInteger(size.count) || size.count < 1 || size.count > MAX_SAMPLE) {
      violations.push({ field: `${field}.size.count`, code: 'SAMPLE_COUNT_RANGE', message: `抽取案卷数应为 1 到 ${MAX_SAMPLE} 件` });
    }
  } else if (size.kind === 'per_category') {
    if (size.counts.length === 0)
      violations.push({ field: `${field}.size.counts`, code: 'SAMPLE_COUNT_RANGE', message: '应至少写明一个类别的抽取件数' });
    size.counts.forEach((entry, i) => {
      if (!criteria.categories.includes(entry.category) || size.counts.findIndex((e) => e.category === entry.category) !== i) {
        violations.push({
          field: `${field}.size.counts[${i}].category`,
          code: 'SAMPLE_CATEGORY_INVALID',
          message: '类别应为本次评查的执法类别，且不重复',
        });
      }
      if (!Number.isInteger(entry.count) || entry.count < 1 || entry.count > MAX_SAMPLE) {
        violations.push({
          field: `${field}.size.counts[${i}].count`,
          code: 'SAMPLE_COUNT_RANGE',
          message: `抽取案卷数应为 1 到 ${MAX_SAMPLE} 件`,
        });
      }
    });
  } else {
    violations.push({
      field: `${field}.size.kind`,
      code: 'SAMPLE_SIZE_KIND',
      message: '抽取方式应为：每单位件数、比例、总件数、分类别件数',
    });
  }
  if (!(criteria.minEnterpriseShare >= 0 && criteria.minEnterpriseShare <= 1)) {
    violations.push({ field: `${field}.minEnterpriseShare`, code: 'ENTERPRISE_SHARE_RANGE', message: '涉企案卷占比应在 0 到 100% 之间' });
  }
  return violations;
}

/** Candidates must match the criteria: a file from outside them in the list would make the draw unfair. */
export function candidateViolations(criteria: SampleCriteria, candidates: readonly CandidateFile[]): Violation[] {
  if (candidates.length > MAX_CANDIDATES) {
    return [{ field: 'candidates', code: 'CANDIDATES_TOO_MANY', message: `候选案卷不能超过 ${MAX_CANDIDATES} 件` }];
  }
  const violations: Violation[] = [];
  const ids = new Set<string>();
  candidates.forEach((file, index) => {
    if (violations.length >= 20) return;
    const at = `candidates[${index}]`;
    if (ids.has(file.fileId)) violations.push({ field: `${at}.fileId`, code: 'CANDIDATE_DUPLICATE', message: `案卷 ${file.fileId} 重复` });
    ids.add(file.fileId);
    if (!criteria.agencyIds.includes(file.agencyId))
      violations.push({ field: `${at}.agencyId`, code: 'CANDIDATE_OUTSIDE_CRITERIA', message: '案卷不属于本次评查的执法主体' });
    else if (!criteria.categories.includes(file.category))
      violations.push({ field: `${at}.category`, code: 'CANDIDATE_OUTSIDE_CRITERIA', message: '案卷不属于本次评查的执法类别' });
    else if (!within(criteria.period, file.closedAt))
      violations.push({ field: `${at}.closedAt`, code: 'CANDIDATE_OUTSIDE_CRITERIA', message: '案卷结案时间不在评查期间内' });
  });
  return violations;
}

/**
 * The stratified draw. Strata (one per agency in agency-id order, one per category in category
 * code order, or one for a county-wide total) are drawn in order with one generator: first the enterprise quota
 * ceil(minEnterpriseShare × n) from the stratum's enterprise files, then the rest of n from
 * all its files not yet drawn. Same seed and candidates, same sample; see shared/seeded-draw.ts.
 */
export function drawCaseFiles(criteria: SampleCriteria, candidates: readonly CandidateFile[], seed: number): SampledFile[] {
  const rng = drawGenerator(seed);
  const byId = new Map(candidates.map((file) => [file.fileId, file]));
  const sample: SampledFile[] = [];
  for (const { files: stratum, n } of strata(criteria.size, criteria.agencyIds, [...byId.values()])) {
    const enterpriseIds = canonicalIds(stratum.filter((f) => f.enterprise).map((f) => f.fileId));
    const quota = Math.min(Math.ceil(criteria.minEnterpriseShare * n - 1e-9), enterpriseIds.length);
    const first = pick(rng, enterpriseIds, quota);
    const taken = new Set(first);
    const rest = pick(
      rng,
      canonicalIds(stratum.map((f) => f.fileId)).filter((id) => !taken.has(id)),
      n - first.length,
    );
    for (const id of [...first, ...rest]) {
      const file = byId.get(id) as CandidateFile;
      sample.push({ fileId: file.fileId, agencyId: file.agencyId, category: file.category, enterprise: file.enterprise });
    }
  }
  return sample;
}

/** The strata of a draw in their fixed order, each with the number to draw (never more than it holds). */
function strata(size: SampleSize, agencyIds: readonly string[], files: readonly CandidateFile[]): { files: CandidateFile[]; n: number }[] {
  const byAgency = () => canonicalIds(agencyIds).map((agencyId) => files.filter((file) => file.agencyId === agencyId));
  switch (size.kind) {
    case 'per_agency':
      return byAgency().map((own) => ({ files: own, n: Math.min(size.count, own.length) }));
    case 'share':
      // A share rounds up: 5 % of 30 files is 2 files, not 1.
      return byAgency().map((own) => ({ files: own, n: Math.min(Math.ceil(size.share * own.length - 1e-9), own.length) }));
    case 'total':
      return [{ files: [...files], n: Math.min(size.count, files.length) }];
    case 'per_category':
      return [...size.counts]
        .sort((a, b) => (a.category < b.category ? -1 : a.category > b.category ? 1 : 0))
        .map(({ category, count }) => {
          const own = files.filter((file) => file.category === category);
          return { files: own, n: Math.min(count, own.length) };
        });
    default:
      return assertNever(size, 'sample size');
  }
}

/** What a sample draw records about its candidates: count, digest over what the draw depends on, the list itself when small. */
export function caseFileDrawAudit(candidates: readonly CandidateFile[]): DrawAudit<SampledFile> {
  return drawAudit(
    candidates.map((c) => ({ fileId: c.fileId, agencyId: c.agencyId, category: c.category, enterprise: c.enterprise })),
    (c) => c.fileId,
    (c) => auditLine([c.fileId, c.agencyId, c.category, c.enterprise]),
  );
}
