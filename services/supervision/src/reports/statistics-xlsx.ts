import ExcelJS from 'exceljs';
import type { StatisticsReport } from '../domain/statistics/compute-report.js';
import { chinaDateRange, chinaDateTime } from './china-time.js';
import { displayCell, numericCell } from './report-cells.js';
import { reportTitle, statisticsSections } from './statistics-layout.js';

export const SUMMARY_SHEET = '统计报表';
export const UNITS_SHEET = '分单位统计';

const SCOPE_LEVEL_NAMES = { agency: '执法单位', county: '县（市、区）', city: '市级汇总' } as const;

/**
 * The report as a workbook: sheet 统计报表 in the seed-002 layout (项目 / 数值 / 单位, a row
 * per figure under its section), and for a county or city sheet 分单位统计 with one line per
 * agency or county. Figures are numbers with number formats, so they can be summed in Excel.
 * The workbook's own dates (created, modified) are the report's asOf, so its contents do not depend
 * on when it was written; the bytes do (the ZIP container stamps its entries with the time of writing).
 */
export function statisticsWorkbook(report: StatisticsReport): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '行政执法监督平台';
  workbook.created = report.asOf;
  workbook.modified = report.asOf;

  const sheet = workbook.addWorksheet(SUMMARY_SHEET, {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1 },
  });
  sheet.columns = [{ width: 40 }, { width: 16 }, { width: 10 }];
  sheet.addRow([reportTitle(report)]);
  sheet.mergeCells(1, 1, 1, 3);
  const title = sheet.getCell(1, 1);
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center' };
  sheet.addRow([`统计范围：${report.scope.name}（${SCOPE_LEVEL_NAMES[report.scope.level]}）`]);
  sheet.addRow([`统计期间：${chinaDateRange(report.from, report.to)}`]);
  sheet.addRow([`数据截至：${chinaDateTime(report.asOf)}（北京时间）`]);
  const header = sheet.addRow(['项目', '数值', '单位']);
  header.font = { bold: true };
  for (const section of statisticsSections(report.figures)) {
    const sectionRow = sheet.addRow([section.title]);
    sectionRow.font = { bold: true };
    sheet.mergeCells(sectionRow.number, 1, sectionRow.number, 3);
    for (const line of section.rows) {
      const { value, numFmt } = numericCell(line.cell);
      const added = sheet.addRow([line.label, value ?? displayCell(line.cell), line.unit]);
      const cell = added.getCell(2);
      if (value !== null) cell.numFmt = numFmt;
      cell.alignment = { horizontal: 'right' };
    }
  }

  if (report.units.length > 0) {
    const units = workbook.addWorksheet(UNITS_SHEET, { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true } });
    const rows = statisticsSections(report.figures).flatMap((s) => s.rows);
    const headerRow = units.addRow([
      report.scope.level === 'city' ? '县（市、区）' : '执法单位',
      ...rows.map((r) => (r.unit ? `${r.label}（${r.unit}）` : r.label)),
    ]);
    headerRow.font = { bold: true };
    headerRow.alignment = { wrapText: true, vertical: 'middle' };
    units.getColumn(1).width = 28;
    const keys = rows.map((r) => r.key);
    for (const unit of [...report.units, { unitId: '', name: '合计', figures: report.figures }]) {
      // Optional rows (征收, 裁决, 补偿) appear only when not zero: look rows up by key.
      const byKey = new Map(statisticsSections(unit.figures).flatMap((s) => s.rows.map((r) => [r.key, r] as const)));
      const values = keys.map((key) => {
        const line = byKey.get(key);
        return line ? numericCell(line.cell).value : 0;
      });
      const added = units.addRow([unit.name, ...values]);
      keys.forEach((key, i) => {
        const line = byKey.get(key);
        if (line) added.getCell(i + 2).numFmt = numericCell(line.cell).numFmt;
      });
      if (unit.unitId === '') added.font = { bold: true };
    }
  }
  return workbook;
}

/** The workbook as XLSX bytes. */
export async function renderStatisticsXlsx(report: StatisticsReport): Promise<Uint8Array> {
  const buffer = await statisticsWorkbook(report).xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
