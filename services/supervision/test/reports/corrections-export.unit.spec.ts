import { describe, expect, it } from 'vitest';
import { halfYearCorrectionsReport, monthlyCorrectionsReport } from '../../src/domain/corrections/corrections-report.js';
import {
  CORRECTIONS_SHEET,
  renderHalfYearCorrectionsHtml,
  renderHalfYearCorrectionsXlsx,
  renderMonthlyCorrectionsHtml,
  renderMonthlyCorrectionsXlsx,
} from '../../src/reports/corrections-render.js';
import { COUNTY, cst, findings, seedCounty } from '../domain/corrections/seed-county.js';
import { figureRow, openWorkbook, sheetRows } from './workbook-reader.js';

const monthly = monthlyCorrectionsReport({ countyCode: COUNTY, month: '2024-06', persons: seedCounty(), findings });

describe('community corrections reports: spreadsheet and page (seed 000)', () => {
  it('the monthly spreadsheet: persons by category, absconded, hours, corrections by category', async () => {
    const rows = sheetRows(
      await openWorkbook(await renderMonthlyCorrectionsXlsx(monthly, '上蔡县', cst(2024, 7, 1, 0))),
      CORRECTIONS_SHEET,
    );
    expect(rows[0]![0]).toBe('上蔡县2024年6月社区矫正监督月报');
    const people = '一、社区矫正对象情况';
    expect(figureRow(rows, people, '在册社区矫正对象')).toEqual([385, '人']);
    expect(figureRow(rows, people, '其中：宣告缓刑')).toEqual([329, '人']);
    expect(figureRow(rows, people, '其中：保外就医（暂予监外执行）')).toEqual([4, '人']);
    expect(figureRow(rows, people, '其中：剥夺政治权利')).toEqual([18, '人']);
    expect(figureRow(rows, people, '其中：假释')).toEqual([31, '人']);
    expect(figureRow(rows, people, '其中：管制')).toEqual([3, '人']);
    expect(figureRow(rows, people, '分布的社区矫正机构（司法所）')).toEqual([24, '个']);
    expect(figureRow(rows, people, '本期撤销缓刑、假释')).toEqual([1, '人']);
    expect(figureRow(rows, people, '脱管失控')).toEqual([65, '人']);
    expect(figureRow(rows, people, '其中：职务犯罪')).toEqual([33, '人']);
    const [dutyShare] = figureRow(rows, people, '职务犯罪占脱管失控人数');
    expect(dutyShare).toBeCloseTo(33 / 65, 12);
    const hours = '二、每月教育学习和社区服务';
    expect(figureRow(rows, hours, '应参加的社区矫正对象（整月在矫）')).toEqual([384, '人']);
    expect(figureRow(rows, hours, '社区服务达不到规定时间')).toEqual([84, '人']);
    expect(
      figureRow(
        rows,
        '三、监外执行监管活动纠正违法情况（月报表）（一）对人民法院、监狱、看守所行为的纠正',
        '没有依法送达监外执行法律文书、交付执行或告知罪犯权利义务',
      ),
    ).toEqual([1, '件']);
    expect(figureRow(rows, '（二）对司法行政机关行为的纠正', '社区矫正人员每月教育学习、参加社区服务时间达不到八小时')).toEqual([1, '件']);
  });

  it('the half-year spreadsheet: the eight categories of the half-year table', async () => {
    const report = halfYearCorrectionsReport({ countyCode: COUNTY, year: 2024, half: 1, persons: seedCounty(), findings });
    const rows = sheetRows(
      await openWorkbook(await renderHalfYearCorrectionsXlsx(report, '上蔡县', cst(2024, 7, 1, 0))),
      CORRECTIONS_SHEET,
    );
    expect(rows[0]![0]).toBe('上蔡县2024年上半年社区矫正监督半年报');
    expect(figureRow(rows, '二、减刑建议和收监建议纠正违法情况（半年报表）', '符合减刑条件而没有提请减刑建议')).toEqual([1, '件']);
    expect(figureRow(rows, '二、减刑建议和收监建议纠正违法情况（半年报表）', '没有将检察意见载入撤销缓刑、假释、收监执行建议书')).toEqual([
      0,
      '件',
    ]);
  });

  it('the pages print the same, with Chinese headings', () => {
    const html = renderMonthlyCorrectionsHtml(monthly, '上蔡县');
    expect(html).toContain('<h1>上蔡县2024年6月社区矫正监督月报</h1>');
    expect(html).toContain('<tr><td>职务犯罪占脱管失控人数</td><td class="n">51%</td><td></td></tr>');
    expect(html).toContain('<h2>二、每月教育学习和社区服务</h2>');
    const half = renderHalfYearCorrectionsHtml(
      halfYearCorrectionsReport({ countyCode: COUNTY, year: 2024, half: 2, persons: seedCounty(), findings }),
      '上蔡县',
    );
    expect(half).toContain('<tr><td>应当提出撤销缓刑、假释建议和收监执行建议而没有提出</td><td class="n">1</td><td>件</td></tr>');
  });
});
