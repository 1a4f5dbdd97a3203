import { beforeAll, describe, expect, it } from 'vitest';
import { foldActEvents } from '../../src/domain/statistics/act-facts.js';
import { computeStatistics, type StatisticsReport } from '../../src/domain/statistics/compute-report.js';
import { renderStatisticsHtml } from '../../src/reports/statistics-html.js';
import { statisticsNarrative } from '../../src/reports/statistics-layout.js';
import { SUMMARY_SHEET, UNITS_SHEET, renderStatisticsXlsx } from '../../src/reports/statistics-xlsx.js';
import { cst } from '../domain/statistics/act-history.js';
import { SEED_2023, seedYearEvents, seedYearPublishedDecisions, seedYearReviewedFiles, seedYearTasks } from './seed-year.js';
import { figureRow, openWorkbook, sheetRows } from './workbook-reader.js';

const SEED_SENTENCES = [
  '2023年,实施行政许可49458件次,行政处罚1242件次,行政强制125件次,行政检查31787件次,行政给付286547件次,行政奖励9件次,行政确认4289件次。',
  '行政许可(含行政许可初审)申请49481件次,受理49458件次,准许许可48936件次。经过听证程序3件次。',
  '行政处罚立案1281件,结案1205件,结案率94.06%。罚没金额639.96万元。首违不罚45件,轻罚353件,分别占结案总数的3.7%和29.3%。经过听证程序10件。',
  '全年实施行政强制125件次,其中,行政机关实施行政强制措施111件次,行政机关强制执行措施1件次,申请法院强制执行13件。',
  '公示行政许可48936件,行政处罚1205件。',
  '双随机抽查任务共计153个,其中包含103个跨部门联合抽查任务,跨部门联合抽查率67.32%;已完成抽查任务153个,抽取执法人员852人次,抽取检查对象1309个,任务完成率100%;抽查结果公示率为100%。',
  '装卷归档行政许可48936件,行政处罚1205件。',
  '共有322件案件经法制审核,通过321件,不予通过1件。',
  '抽取行政执法案卷共44件,其中行政许可11件,行政处罚33件,其中涉企案卷23件,占抽评案卷总数的52%。',
];

describe('statistics: the 2023 year of 冷水滩区 folded from its act events gives the seed-002 report', () => {
  let report: StatisticsReport;
  beforeAll(() => {
    const started = performance.now();
    const summaries = foldActEvents(seedYearEvents());
    report = computeStatistics(
      summaries.values(),
      {
        scope: { level: 'county', countyCode: '431103', name: '冷水滩区' },
        period: { kind: 'year', year: 2023 },
        asOf: cst(2024, 1, 12),
        agencyNames: { scjgj: '区市场监管局', cgj: '区城管执法局', zjj: '区住建局', mzj: '区民政局' },
      },
      {
        randomInspectionTasks: seedYearTasks(),
        reviewedCaseFiles: seedYearReviewedFiles(),
        publishedDecisions: seedYearPublishedDecisions(),
      },
    );
    console.log(`seed year: ${summaries.size} acts folded and reported in ${Math.round(performance.now() - started)} ms`);
  });

  it('counts every figure of the report', () => {
    expect(report.figures.acts).toEqual({ ...SEED_2023, levies: 0, adjudications: 0, compensations: 0 });
    expect(report.figures.randomInspection).toEqual({
      tasks: 153,
      crossAgencyTasks: 103,
      completedTasks: 153,
      inspectorDraws: 852,
      targetsDrawn: 1309,
      publishedTasks: 153,
    });
  });

  it('says it in the report’s own sentences, word for word', () => {
    expect(statisticsNarrative(report)).toEqual(SEED_SENTENCES);
  });

  it('the spreadsheet holds the same figures as numbers with the report’s decimals', async () => {
    const workbook = await openWorkbook(await renderStatisticsXlsx(report));
    const rows = sheetRows(workbook, SUMMARY_SHEET);
    expect(rows[0]![0]).toBe('冷水滩区2023年行政执法统计年报');
    expect(figureRow(rows, '二、行政许可', '行政许可（含行政许可初审）申请')).toEqual([49481, '件次']);
    expect(figureRow(rows, '三、行政处罚', '立案')).toEqual([1281, '件']);
    expect(figureRow(rows, '三、行政处罚', '结案')).toEqual([1205, '件']);
    const [closingRate] = figureRow(rows, '三、行政处罚', '结案率');
    expect(closingRate).toBeCloseTo(1205 / 1281, 12);
    expect(figureRow(rows, '三、行政处罚', '罚没金额')).toEqual([639.96, '万元']);
    expect(figureRow(rows, '四、行政强制', '实施行政强制')).toEqual([125, '件次']);
    expect(figureRow(rows, '五、重大执法决定法制审核', '不予通过')).toEqual([1, '件']);
    expect(figureRow(rows, '六、“双随机、一公开”抽查', '抽取执法人员')).toEqual([852, '人次']);
    expect(figureRow(rows, '六、“双随机、一公开”抽查', '抽查任务')).toEqual([153, '个']);
    expect(figureRow(rows, '七、行政执法案卷评查', '抽取评查案卷')).toEqual([44, '件']);
    expect(figureRow(rows, '七、行政执法案卷评查', '其中：行政许可')).toEqual([11, '件']);
    expect(figureRow(rows, '七、行政执法案卷评查', '涉企案卷')).toEqual([23, '件']);
    expect(figureRow(rows, '八、行政执法公示和全过程记录', '公示行政许可')).toEqual([48936, '件']);
    expect(figureRow(rows, '八、行政执法公示和全过程记录', '装卷归档行政处罚')).toEqual([1205, '件']);
    const rateRow = workbook
      .getWorksheet(SUMMARY_SHEET)!
      .getRows(1, 200)!
      .find((r) => r.getCell(1).value === '结案率')!;
    expect(rateRow.getCell(2).numFmt).toBe('0.00%');
    const units = sheetRows(workbook, UNITS_SHEET);
    expect(units.map((r) => r[0])).toEqual(['执法单位', '区城管执法局', '区民政局', '区市场监管局', '区住建局', '合计']);
  });

  it('the printable page prints the sentences', () => {
    const html = renderStatisticsHtml(report);
    for (const sentence of SEED_SENTENCES) expect(html).toContain(`<p>${sentence}</p>`);
    expect(html).toContain('<h1>冷水滩区2023年行政执法统计年报</h1>');
  });
});
