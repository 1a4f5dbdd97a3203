import ExcelJS from 'exceljs';
import type { HalfYearCorrectionsReport, MonthlyCorrectionsReport } from '../domain/corrections/corrections-report.js';
import { halfYearCorrectionsSections, monthlyCorrectionsSections, type CorrectionsSection } from './corrections-layout.js';
import { escapeHtml } from './html-escape.js';
import { displayCell, numericCell } from './report-cells.js';

export const CORRECTIONS_SHEET = '社区矫正报表';

export function monthlyCorrectionsTitle(report: MonthlyCorrectionsReport, countyName: string): string {
  const [year, month] = report.month.split('-');
  return `${countyName}${year}年${Number(month)}月社区矫正监督月报`;
}

export function halfYearCorrectionsTitle(report: HalfYearCorrectionsReport, countyName: string): string {
  return `${countyName}${report.year}年${report.half === 1 ? '上' : '下'}半年社区矫正监督半年报`;
}

function workbook(title: string, sections: readonly CorrectionsSection[], created: Date): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  book.creator = '行政执法监督平台';
  book.created = created;
  book.modified = created;
  const sheet = book.addWorksheet(CORRECTIONS_SHEET, {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1 },
  });
  sheet.columns = [{ width: 64 }, { width: 12 }, { width: 8 }];
  sheet.addRow([title]).font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, 3);
  sheet.addRow(['项目', '数值', '单位']).font = { bold: true };
  for (const section of sections) {
    const heading = sheet.addRow([section.title]);
    heading.font = { bold: true };
    sheet.mergeCells(heading.number, 1, heading.number, 3);
    for (const line of section.rows) {
      const { value, numFmt } = numericCell(line.cell);
      const added = sheet.addRow([line.label, value ?? displayCell(line.cell), line.unit]);
      if (value !== null) added.getCell(2).numFmt = numFmt;
    }
  }
  return book;
}

function page(title: string, sections: readonly CorrectionsSection[]): string {
  const body = sections
    .map(
      (s) =>
        `<h2>${escapeHtml(s.title)}</h2>\n<table>\n${s.rows
          .map(
            (r) =>
              `<tr><td>${escapeHtml(r.label)}</td><td class="n">${escapeHtml(displayCell(r.cell))}</td><td>${escapeHtml(r.unit)}</td></tr>`,
          )
          .join('\n')}\n</table>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
  @page { size: A4; margin: 20mm 18mm; }
  body { font-family: "FangSong", "仿宋", "SimSun", serif; font-size: 12pt; max-width: 180mm; margin: 0 auto; }
  h1 { font-family: "SimHei", "黑体", sans-serif; text-align: center; font-size: 18pt; }
  h2 { font-family: "SimHei", "黑体", sans-serif; font-size: 13pt; }
  table { width: 100%; border-collapse: collapse; }
  td { border: 1px solid #000; padding: 2px 6px; }
  td.n { text-align: right; white-space: nowrap; width: 6em; }
  tr { page-break-inside: avoid; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
}

/** The monthly report as XLSX bytes; `created` (e.g. the report's month end) is the workbook's date, not the time of writing. */
export async function renderMonthlyCorrectionsXlsx(
  report: MonthlyCorrectionsReport,
  countyName: string,
  created: Date,
): Promise<Uint8Array> {
  const buffer = await workbook(
    monthlyCorrectionsTitle(report, countyName),
    monthlyCorrectionsSections(report),
    created,
  ).xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

export async function renderHalfYearCorrectionsXlsx(
  report: HalfYearCorrectionsReport,
  countyName: string,
  created: Date,
): Promise<Uint8Array> {
  const buffer = await workbook(
    halfYearCorrectionsTitle(report, countyName),
    halfYearCorrectionsSections(report),
    created,
  ).xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

export function renderMonthlyCorrectionsHtml(report: MonthlyCorrectionsReport, countyName: string): string {
  return page(monthlyCorrectionsTitle(report, countyName), monthlyCorrectionsSections(report));
}

export function renderHalfYearCorrectionsHtml(report: HalfYearCorrectionsReport, countyName: string): string {
  return page(halfYearCorrectionsTitle(report, countyName), halfYearCorrectionsSections(report));
}
