import { describe, expect, it } from 'vitest';
import { foldActEvents } from '../../src/domain/statistics/act-facts.js';
import { computeStatistics, type ReportScope } from '../../src/domain/statistics/compute-report.js';
import { displayCell, money, rate, share } from '../../src/reports/report-cells.js';
import { renderStatisticsHtml } from '../../src/reports/statistics-html.js';
import { SUMMARY_SHEET, UNITS_SHEET, renderStatisticsXlsx } from '../../src/reports/statistics-xlsx.js';
import { statisticsView } from '../../src/reports/statistics-view.js';
import { actHistory, cst } from '../domain/statistics/act-history.js';
import { openWorkbook, sheetRows } from './workbook-reader.js';

/** March 2023 in a small county: two agencies, a handful of acts, every figure different. */
const events = [
  ...actHistory({ actId: 'l1', agencyId: 'zjj', category: 'licensing', at: cst(2023, 3, 1) })
    .accept(cst(2023, 3, 2))
    .hearing(cst(2023, 3, 3))
    .decide(cst(2023, 3, 9), { outcome: 'granted' }).envelopes,
  ...actHistory({ actId: 'l2', agencyId: 'zjj', category: 'licensing', at: cst(2023, 3, 1) }).accept(cst(2023, 3, 2)).envelopes,
  ...actHistory({ actId: 'l3', agencyId: 'zjj', category: 'licensing', at: cst(2023, 3, 1) }).accept(cst(2023, 3, 2), false).envelopes,
  ...actHistory({ actId: 'p1', agencyId: 'scjgj', category: 'penalty', at: cst(2023, 3, 1) })
    .review(cst(2023, 3, 5))
    .decide(cst(2023, 3, 8), { outcome: 'penalized', fineFen: 1_234_500, lighterPenalty: 'lighter' })
    .close(cst(2023, 3, 20))
    .archive(cst(2023, 3, 25)).envelopes,
  ...actHistory({ actId: 'p2', agencyId: 'scjgj', category: 'penalty', at: cst(2023, 3, 2) })
    .decide(cst(2023, 3, 8), { outcome: 'no_penalty', firstOffenceExempt: true })
    .close(cst(2023, 3, 9)).envelopes,
  ...actHistory({ actId: 'p3', agencyId: 'scjgj', category: 'penalty', at: cst(2023, 3, 3) }).review(cst(2023, 3, 6), false).envelopes,
  ...actHistory({ actId: 'c1', agencyId: 'scjgj', category: 'coercion', at: cst(2023, 3, 3) }).decide(cst(2023, 3, 4), {
    outcome: 'measure',
  }).envelopes,
  ...actHistory({ actId: 'i1', agencyId: 'scjgj', category: 'inspection', at: cst(2023, 3, 3) }).decide(cst(2023, 3, 3), {
    outcome: 'compliant',
  }).envelopes,
];
const march = { kind: 'month', year: 2023, month: 3 } as const;
const county: ReportScope = { level: 'county', countyCode: '431103', name: '冷水滩区' };
const report = (scope: ReportScope = county) =>
  computeStatistics(
    foldActEvents(events).values(),
    { scope, period: march, asOf: cst(2023, 4, 5), agencyNames: { zjj: '区住建局', scjgj: '区市场监管局' } },
    {
      // Published in March; published in April; published in March but recorded after asOf.
      publishedDecisions: [
        {
          countyCode: '431103',
          actId: 'l1',
          agencyId: 'zjj',
          category: 'licensing',
          publishedAt: cst(2023, 3, 12),
          recordedAt: cst(2023, 3, 12),
        },
        {
          countyCode: '431103',
          actId: 'p1',
          agencyId: 'scjgj',
          category: 'penalty',
          publishedAt: cst(2023, 4, 2),
          recordedAt: cst(2023, 4, 2),
        },
        {
          countyCode: '431103',
          actId: 'p2',
          agencyId: 'scjgj',
          category: 'penalty',
          publishedAt: cst(2023, 3, 12),
          recordedAt: cst(2023, 4, 6),
        },
      ],
    },
  );

describe('report cells print as the report does', () => {
  it('rates round down, shares half up, trailing zeros go; money is 万元 with two decimals; a rate of nothing is a dash', () => {
    expect(displayCell(rate(1205, 1281, 2))).toBe('94.06%');
    expect(displayCell(share(353, 1205, 1))).toBe('29.3%');
    expect(displayCell(rate(153, 153, 2))).toBe('100%');
    expect(displayCell(rate(1, 3, 2))).toBe('33.33%');
    expect(displayCell(share(2, 3, 2))).toBe('66.67%');
    expect(displayCell(rate(0, 0, 2))).toBe('—');
    expect(displayCell(money(639_960_000))).toBe('639.96');
    expect(displayCell(money(1_234_500))).toBe('1.23');
    expect(displayCell(money(1_235_000))).toBe('1.24');
  });
});

describe('statistics XLSX: every cell of a county’s monthly report', () => {
  it('summary sheet: title, scope, period, as-of line, then each section and row with value and unit', async () => {
    const rows = sheetRows(await openWorkbook(await renderStatisticsXlsx(report())), SUMMARY_SHEET);
    expect(rows).toEqual([
      // Merged cells read back with the merged value in each.
      ['冷水滩区2023年3月行政执法统计月报', '冷水滩区2023年3月行政执法统计月报', '冷水滩区2023年3月行政执法统计月报'],
      ['统计范围：冷水滩区（县（市、区））', null, null],
      ['统计期间：2023年3月1日至2023年3月31日', null, null],
      ['数据截至：2023-04-05 10:00（北京时间）', null, null],
      ['项目', '数值', '单位'],
      ['一、行政执法总体情况', '一、行政执法总体情况', '一、行政执法总体情况'],
      ['实施行政许可', 2, '件次'],
      ['行政处罚', 2, '件次'],
      ['行政强制', 1, '件次'],
      ['行政检查', 1, '件次'],
      ['行政给付', 0, '件次'],
      ['行政奖励', 0, '件次'],
      ['行政确认', 0, '件次'],
      ['二、行政许可', '二、行政许可', '二、行政许可'],
      ['行政许可（含行政许可初审）申请', 3, '件次'],
      ['受理', 2, '件次'],
      ['准许许可', 1, '件次'],
      ['经过听证程序', 1, '件次'],
      ['三、行政处罚', '三、行政处罚', '三、行政处罚'],
      ['立案', 3, '件'],
      ['结案', 2, '件'],
      ['结案率', 2 / 3, ''],
      ['罚没金额', 1.2345, '万元'],
      ['首违不罚', 1, '件'],
      ['首违不罚占结案总数', 0.5, ''],
      ['轻罚（从轻、减轻处罚）', 1, '件'],
      ['轻罚占结案总数', 0.5, ''],
      ['经过听证程序', 0, '件'],
      ['四、行政强制', '四、行政强制', '四、行政强制'],
      ['实施行政强制', 1, '件次'],
      ['其中：行政机关实施行政强制措施', 1, '件次'],
      ['行政机关强制执行措施', 0, '件次'],
      ['申请法院强制执行', 0, '件'],
      ['五、重大执法决定法制审核', '五、重大执法决定法制审核', '五、重大执法决定法制审核'],
      ['经法制审核', 2, '件'],
      ['通过', 1, '件'],
      ['不予通过', 1, '件'],
      ['六、“双随机、一公开”抽查', '六、“双随机、一公开”抽查', '六、“双随机、一公开”抽查'],
      ['抽查任务', 0, '个'],
      ['其中：跨部门联合抽查任务', 0, '个'],
      ['跨部门联合抽查率', '—', ''],
      ['已完成抽查任务', 0, '个'],
      ['抽取执法人员', 0, '人次'],
      ['抽取检查对象', 0, '个'],
      ['任务完成率', '—', ''],
      ['抽查结果公示率', '—', ''],
      ['七、行政执法案卷评查', '七、行政执法案卷评查', '七、行政执法案卷评查'],
      ['抽取评查案卷', 0, '件'],
      ['其中：行政许可', 0, '件'],
      ['行政处罚', 0, '件'],
      ['涉企案卷', 0, '件'],
      ['涉企案卷占抽评案卷总数', '—', ''],
      ['评查合格', 0, '件'],
      ['评查不合格', 0, '件'],
      ['发现问题', 0, '个'],
      ['平均得分', '—', '分'],
      ['八、行政执法公示和全过程记录', '八、行政执法公示和全过程记录', '八、行政执法公示和全过程记录'],
      ['公示行政许可', 1, '件'],
      ['公示行政处罚', 0, '件'],
      ['装卷归档行政许可', 0, '件'],
      ['装卷归档行政处罚', 1, '件'],
    ]);
  });

  it('breakdown sheet: one line per agency and the total', async () => {
    const rows = sheetRows(await openWorkbook(await renderStatisticsXlsx(report())), UNITS_SHEET);
    const header = rows[0]!;
    const column = (label: string) => header.indexOf(label);
    expect(rows.map((r) => r[0])).toEqual(['执法单位', '区市场监管局', '区住建局', '合计']);
    expect(rows.map((r) => r[column('立案（件）')])).toEqual(['立案（件）', 3, 0, 3]);
    expect(rows.map((r) => r[column('行政许可（含行政许可初审）申请（件次）')])).toEqual([
      '行政许可（含行政许可初审）申请（件次）',
      0,
      3,
      3,
    ]);
    expect(rows.map((r) => r[column('罚没金额（万元）')])).toEqual(['罚没金额（万元）', 1.2345, 0, 1.2345]);
  });

  it('an agency’s report has no breakdown sheet', async () => {
    const workbook = await openWorkbook(
      await renderStatisticsXlsx(report({ level: 'agency', countyCode: '431103', agencyId: 'zjj', name: '区住建局' })),
    );
    expect(workbook.worksheets.map((s) => s.name)).toEqual([SUMMARY_SHEET]);
    expect(sheetRows(workbook, SUMMARY_SHEET)[0]![0]).toBe('区住建局2023年3月行政执法统计月报');
  });
});

describe('statistics HTML: a printable page', () => {
  it('has Chinese headings, the sentences with this month’s figures, the table and the breakdown', () => {
    const html = renderStatisticsHtml(report());
    expect(html).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
    expect(html).toContain('@page { size: A4');
    expect(html).toContain('<h2>一、行政执法数据统计情况</h2>');
    expect(html).toContain(
      '<p>行政处罚立案3件,结案2件,结案率66.66%。罚没金额1.23万元。首违不罚1件,轻罚1件,分别占结案总数的50%和50%。经过听证程序0件。</p>',
    );
    expect(html).toContain(
      '<p>本期实施行政强制1件次,其中,行政机关实施行政强制措施1件次,行政机关强制执行措施0件次,申请法院强制执行0件。</p>',
    );
    expect(html).toContain('<tr><td>结案率</td><td class="n">66.66%</td><td></td></tr>');
    expect(html).toContain('<h2>三、分单位统计</h2>');
    expect(html).toContain('<tr><td>区住建局</td><td class="n">2</td><td class="n">0</td>');
    expect(html).not.toContain('<script');
  });

  it('escapes names that come from users', () => {
    const html = renderStatisticsHtml(report({ level: 'county', countyCode: '431103', name: '<script>alert(1)</script>区' }));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;区');
  });
});

describe('statistics view: the report as JSON for the APIs', () => {
  it('names each figure with its printed text and its number', () => {
    const view = statisticsView(report());
    expect(view).toMatchObject({
      title: '冷水滩区2023年3月行政执法统计月报',
      periodLabel: '2023年3月',
      dateRange: '2023年3月1日至2023年3月31日',
    });
    const penalty = view.sections.find((s) => s.title === '三、行政处罚')!.figures;
    expect(penalty.find((f) => f.key === 'penalty.closingRate')).toEqual({
      key: 'penalty.closingRate',
      label: '结案率',
      text: '66.66%',
      value: 2 / 3,
      unit: '',
    });
    expect(penalty.find((f) => f.key === 'penalty.fines')).toEqual({
      key: 'penalty.fines',
      label: '罚没金额',
      text: '1.23',
      value: 1.2345,
      unit: '万元',
    });
    expect(view.units.map((u) => [u.name, u.figures.find((f) => f.key === 'penalty.filed')!.value])).toEqual([
      ['区市场监管局', 3],
      ['区住建局', 0],
    ]);
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });
});
