import { monthBounds } from '../domain/corrections/correction-month.js';
import type { CorrectionsReport } from '../application/governance/corrections-reports.js';
import { halfYearCorrectionsSections, monthlyCorrectionsSections } from './corrections-layout.js';
import {
  halfYearCorrectionsTitle,
  monthlyCorrectionsTitle,
  renderHalfYearCorrectionsHtml,
  renderHalfYearCorrectionsXlsx,
  renderMonthlyCorrectionsHtml,
  renderMonthlyCorrectionsXlsx,
} from './corrections-render.js';
import { displayCell, numericCell } from './report-cells.js';

/** A community-corrections report as JSON for gRPC and REST: the same sections and rows as the spreadsheet and the page. */
export interface CorrectionsReportView {
  readonly title: string;
  readonly sections: readonly {
    readonly title: string;
    readonly rows: readonly { readonly label: string; readonly text: string; readonly value: number | null; readonly unit: string }[];
  }[];
}

const sectionsOf = (r: CorrectionsReport) =>
  r.kind === 'month' ? monthlyCorrectionsSections(r.report) : halfYearCorrectionsSections(r.report);

export function correctionsTitle(r: CorrectionsReport, countyName: string): string {
  return r.kind === 'month' ? monthlyCorrectionsTitle(r.report, countyName) : halfYearCorrectionsTitle(r.report, countyName);
}

export function correctionsView(r: CorrectionsReport, countyName: string): CorrectionsReportView {
  return {
    title: correctionsTitle(r, countyName),
    sections: sectionsOf(r).map((s) => ({
      title: s.title,
      rows: s.rows.map((row) => ({ label: row.label, text: displayCell(row.cell), value: numericCell(row.cell).value, unit: row.unit })),
    })),
  };
}

/** The last instant of the report's period: the workbook's date, so the same report gives the same bytes. */
function periodEnd(r: CorrectionsReport): Date {
  const month = r.kind === 'month' ? r.report.month : `${r.report.year}-${r.report.half === 1 ? '06' : '12'}`;
  return new Date(monthBounds(month).to.getTime() - 1);
}

export function renderCorrectionsXlsx(r: CorrectionsReport, countyName: string): Promise<Uint8Array> {
  return r.kind === 'month'
    ? renderMonthlyCorrectionsXlsx(r.report, countyName, periodEnd(r))
    : renderHalfYearCorrectionsXlsx(r.report, countyName, periodEnd(r));
}

export function renderCorrectionsHtml(r: CorrectionsReport, countyName: string): string {
  return r.kind === 'month' ? renderMonthlyCorrectionsHtml(r.report, countyName) : renderHalfYearCorrectionsHtml(r.report, countyName);
}
