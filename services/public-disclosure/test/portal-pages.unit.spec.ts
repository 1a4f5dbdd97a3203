import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decisionPage, escapeHtml, resultsPage } from '../src/adapters/http/portal-pages.js';
import type { PublicDecisionView } from '../src/application/public-decision-queries.js';

const decision = (text: string): PublicDecisionView => ({
  actId: 'a-1',
  countyCode: '431103',
  agencyId: 'cgj',
  agencyName: text,
  category: 'penalty',
  caseNumber: text,
  title: text,
  target: { kind: 'legal_person', name: text, creditCode: '', enterprise: true },
  decisionNumber: text,
  outcome: text,
  legalBasis: text,
  content: text,
  fineFen: 12345,
  confiscationFen: 0,
  decidedAt: new Date('2026-11-01T02:00:00Z'),
  publishedAt: new Date('2026-11-02T02:00:00Z'),
  status: 'corrected',
  correctionNote: text,
  typicalNote: text,
});

describe('portal pages (pure)', () => {
  it('are Chinese, labelled, and show a decision with its correction', () => {
    const html = decisionPage('431103', decision('某公司'));
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<meta name="viewport"');
    expect(html).toContain('<dt>罚款</dt><dd>123.45 元</dd>');
    expect(html).toContain('<p class="notice" role="note">某公司</p>');
    expect(resultsPage('431103', {}, [], [], undefined)).toContain('<label for="kw">关键词');
  });

  it('an empty page with more to read offers to go on, not "nothing found"', () => {
    const more = resultsPage('431103', { keyword: '采砂' }, [], [], '/portal/counties/431103/decisions?keyword=采砂&cursor=abc');
    expect(more).toContain('可继续查找更早的决定');
    expect(more).toContain('rel="next">继续查找更早的决定</a>');
    expect(more).not.toContain('没有符合条件的公示决定');
    const none = resultsPage('431103', { keyword: '采砂' }, [], [], undefined);
    expect(none).toContain('没有符合条件的公示决定');
    expect(resultsPage('431103', {}, [], [decision('某公司')], '/next')).toContain('rel="next">下一页</a>');
  });

  it('property: no text from the records becomes markup', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 60 }).map((s) => `<script>${s}</script>"'&<img src=x onerror=alert(1)>`),
        (text) => {
          for (const html of [
            decisionPage('431103', decision(text)),
            resultsPage('431103', { keyword: text }, [], [decision(text)], `/x?k=${text}`),
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
