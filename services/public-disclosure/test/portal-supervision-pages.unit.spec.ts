import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../src/adapters/http/portal-pages.js';
import {
  caseFileReviewPage,
  caseFileReviewsPage,
  evaluationsPage,
  inspectionPage,
  inspectionsPage,
  rectificationsPage,
} from '../src/adapters/http/portal-supervision-pages.js';
import type {
  PublicCaseFileReviewView,
  PublicEvaluationView,
  PublicInspectionView,
  PublicRectificationView,
} from '../src/application/public-supervision-queries.js';

const inspection = (text: string): PublicInspectionView => ({
  planId: 'plan-1',
  countyCode: '431103',
  title: text,
  year: 2026,
  leadAgencyId: 'scj',
  agencyIds: ['scj', 'cgj'],
  crossAgency: true,
  matters: [text],
  periodFrom: new Date('2026-03-01T00:00:00+08:00'),
  periodTo: new Date('2026-03-31T00:00:00+08:00'),
  publishedAt: new Date('2026-02-20T02:00:00Z'),
  results: [
    { targetId: 't-1', name: text, kind: 'enterprise', outcome: 'problem_corrected', inspectedAt: new Date('2026-03-10T02:00:00Z') },
  ],
  resultsPublishedAt: new Date('2026-04-02T02:00:00Z'),
});

const rectification = (text: string): PublicRectificationView => ({
  rectificationId: 'rf-1',
  agencyId: 'cgj',
  documentKind: 'notice',
  documentNumber: text,
  outcome: 'rectified',
  publicSummary: text,
  accountabilityRecorded: true,
  closedAt: new Date('2026-05-01T02:00:00Z'),
});

const evaluation = (text: string, agencyId: string, centipoints: number, rank: number): PublicEvaluationView & { rank: number } => ({
  evaluationId: `ev-${agencyId}`,
  countyCode: '431103',
  agencyId,
  year: 2025,
  centipoints,
  grade: 'good',
  gradeName: '良好',
  indicators: [
    { code: 'closing', name: text, weight: 60, centipoints: 9000 },
    { code: 'scores', name: '评议人员评分', weight: 40, centipoints: null },
  ],
  gradeReasons: [text],
  publishedAt: new Date('2026-02-01T02:00:00Z'),
  rank,
});

const review = (text: string): PublicCaseFileReviewView => ({
  reviewId: 'rv-1',
  countyCode: '431103',
  title: text,
  supervisionForm: 'special',
  periodFrom: new Date('2026-01-01T00:00:00+08:00'),
  periodTo: new Date('2026-07-01T00:00:00+08:00'),
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
    problemsByItem: [{ itemCode: 'evidence', name: text, count: 5 }],
  },
  conclusion: text,
  publishedAt: new Date('2026-07-10T02:00:00Z'),
});

const agencies = new Map([
  ['cgj', '冷水滩区城市管理和综合执法局'],
  ['scj', '冷水滩区市场监督管理局'],
]);

describe('portal pages of published supervision results (pure)', () => {
  it('show random inspections with their plan and results, labelled in Chinese', () => {
    const list = inspectionsPage('431103', 2026, [inspection('2026 年食品安全抽查')], agencies, '/next');
    expect(list).toContain('<html lang="zh-CN">');
    expect(list).toContain('<h1>双随机抽查任务及结果</h1>');
    expect(list).toContain('<label for="year">年度');
    expect(list).toContain('href="/portal/counties/431103/random-inspections/plan-1"');
    expect(list).toContain('结果已公示（1 户）');
    const detail = inspectionPage('431103', inspection('某公司'), agencies);
    expect(detail).toContain('<dt>牵头部门</dt><dd>冷水滩区市场监督管理局</dd>');
    expect(detail).toContain('<td>发现问题已责令改正</td>');
    expect(detail).toContain('<caption>抽查结果</caption>');
  });

  it('show rectification outcomes with the agency’s name and a filter by agency', () => {
    const html = rectificationsPage('431103', 'cgj', [rectification('冷监通〔2026〕3 号')], agencies);
    expect(html).toContain('<h1>整改落实情况</h1>');
    expect(html).toContain('<option value="cgj" selected>冷水滩区城市管理和综合执法局</option>');
    expect(html).toContain('<dt>整改结果</dt><dd>已整改</dd>');
    expect(html).toContain('<dt>责任追究</dt><dd>已追究相关责任</dd>');
  });

  it('rank evaluations and show each indicator, "not applicable" where it had nothing to measure', () => {
    const html = evaluationsPage('431103', 2025, [evaluation('结案率', 'cgj', 9120, 1), evaluation('结案率', 'scj', 8650, 2)], agencies);
    expect(html).toContain('<h1>2025 年度执法监督评议结果</h1>');
    expect(html).toContain('<tr><td>1</td><th scope="row">冷水滩区城市管理和综合执法局</th><td>91.20</td><td>良好</td>');
    expect(html).toContain('<td>不适用（权重按比例折算）</td>');
    expect(evaluationsPage('431103', 2024, [], agencies)).toContain('该年度暂无公布的评议结果。');
  });

  it('show a case-file review’s 通报: totals, per category and agency, common problems, conclusion, period to its last day', () => {
    const detail = caseFileReviewPage('431103', review('证据不充分'), agencies);
    expect(detail).toContain('评查案卷 44 件（涉企 23 件，52.27%），平均 86.50 分；优秀 10 件、合格 30 件、不合格 4 件');
    expect(detail).toContain('<dt>监督方式</dt><dd>专项监督</dd>');
    expect(detail).toContain('<dd>2026-01-01 至 2026-06-30</dd>');
    expect(detail).toContain('<th scope="row">行政处罚</th><td>44</td>');
    expect(detail).toContain('<th scope="row">冷水滩区城市管理和综合执法局</th><td>44</td><td>86.50</td>');
    expect(caseFileReviewsPage('431103', [review('评查')])).toContain('href="/portal/counties/431103/case-file-reviews/rv-1"');
  });

  it('property: no text from the records becomes markup', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 60 }).map((s) => `<script>${s}</script>"'&<img src=x onerror=alert(1)>`),
        (text) => {
          const names = new Map([['cgj', text]]);
          for (const html of [
            inspectionsPage('431103', undefined, [inspection(text)], names, `/x?c=${text}`),
            inspectionPage('431103', inspection(text), names),
            rectificationsPage('431103', 'cgj', [rectification(text)], names),
            evaluationsPage('431103', 2025, [evaluation(text, 'cgj', 8000, 1)], names),
            caseFileReviewsPage('431103', [review(text)]),
            caseFileReviewPage('431103', review(text), names),
          ]) {
            expect(html).not.toContain('<script>');
            expect(html).not.toContain('<img');
            expect(html).toContain(escapeHtml(text));
          }
        },
      ),
    );
  });
});
