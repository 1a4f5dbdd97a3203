import { describe, expect, it } from 'vitest';
import { caseFileReviewV1, governanceV1 } from '@lesp/contracts';
import { publicEvaluationResult } from '../src/application/projections/public-evaluations.js';
import { publicReviewSummary } from '../src/application/projections/public-case-file-reviews.js';

describe('published evaluations: the public part of a result (pure)', () => {
  const result = governanceV1.EvaluationResult.fromPartial({
    countyCode: '431103',
    agencyId: 'cgj',
    year: 2025,
    centipoints: 8650,
    grade: 'fail',
    gradeName: '不合格',
    indicators: [
      { code: 'closing', name: '结案率', weight: 60, centipoints: 9000 },
      { code: 'supervisors', name: '评议人员评分', weight: 40 },
    ],
    reasons: ['一年内行政诉讼败诉 2 起，不得评为高于“良好”的等次', '一票否决：局长张三隐瞒案件，身份证号 430102199001011234'],
  });

  it('keeps score, grade and indicators (null where not applicable)', () => {
    expect(publicEvaluationResult(result)).toEqual({
      agencyId: 'cgj',
      year: 2025,
      centipoints: 8650,
      grade: 'fail',
      gradeName: '不合格',
      indicators: [
        { code: 'closing', name: '结案率', weight: 60, centipoints: 9000 },
        { code: 'supervisors', name: '评议人员评分', weight: 40, centipoints: null },
      ],
      gradeReasons: ['一年内行政诉讼败诉 2 起，不得评为高于“良好”的等次', '一票否决'],
    });
  });

  it('names a veto without its reason (a supervisor’s free text)', () => {
    const text = JSON.stringify(publicEvaluationResult(result));
    expect(text).not.toContain('张三');
    expect(text).not.toContain('430102199001011234');
  });

  it('answers an empty result for an event without one', () => {
    expect(publicEvaluationResult(undefined)).toMatchObject({ agencyId: '', centipoints: 0, indicators: [], gradeReasons: [] });
  });
});

describe('published case-file review summaries: the 通报 figures (pure)', () => {
  const published = caseFileReviewV1.CaseFileReviewSummaryPublished.fromPartial({
    reviewId: 'rv-1',
    countyCode: '431103',
    title: '2026 年上半年行政处罚案卷评查',
    summary: {
      filesReviewed: 44,
      enterpriseFiles: 23,
      enterpriseSharePercent: 52.27,
      byCategory: [{ category: 'penalty', files: 44 }],
      averageScore: 86.5,
      excellent: 10,
      qualified: 30,
      unqualified: 4,
      byAgency: [{ agencyId: 'cgj', files: 44, averageScore: 86.5, unqualified: 4, problems: 7 }],
      problemsByItem: [{ itemCode: 'evidence', name: '证据', count: 5 }],
    },
    conclusion: '总体较好。联系电话 13912345678，身份证 430102199001011234。',
    publishedBy: '监督科 李四',
    publishedAt: new Date('2026-07-10T02:00:00Z'),
  });

  it('keeps title, figures and the conclusion, and scrubs ID and phone numbers from the conclusion', () => {
    const view = publicReviewSummary(published);
    expect(view.title).toBe('2026 年上半年行政处罚案卷评查');
    expect(view.summary).toEqual({
      filesReviewed: 44,
      enterpriseFiles: 23,
      enterpriseSharePercent: 52.27,
      byCategory: [{ category: 'penalty', files: 44 }],
      averageScore: 86.5,
      excellent: 10,
      qualified: 30,
      unqualified: 4,
      byAgency: [{ agencyId: 'cgj', files: 44, averageScore: 86.5, unqualified: 4, problems: 7 }],
      problemsByItem: [{ itemCode: 'evidence', name: '证据', count: 5 }],
    });
    expect(view.conclusion).toContain('总体较好');
    expect(view.conclusion).not.toContain('13912345678');
    expect(view.conclusion).not.toContain('430102199001011234');
  });

  it('never carries who published it', () => {
    expect(JSON.stringify(publicReviewSummary(published))).not.toContain('李四');
  });
});
