import type { StatisticsReport } from '../domain/statistics/compute-report.js';
import { periodLabel } from '../domain/statistics/report-period.js';
import { chinaDateRange, chinaDateTime } from './china-time.js';
import { displayCell, numericCell } from './report-cells.js';
import { reportTitle, statisticsNarrative, statisticsSections } from './statistics-layout.js';

/** One figure as an API returns it: the printed text and the number behind it. */
export interface FigureView {
  readonly key: string;
  readonly label: string;
  /** As printed: "94.06%", "639.96", "—". */
  readonly text: string;
  /** Counts as counts, rates as fractions, money in 万元; null for a rate of nothing. */
  readonly value: number | null;
  readonly unit: string;
}

/**
 * The report as plain JSON for gRPC and REST (the same sections, rows and sentences as the
 * spreadsheet and the page), so that no client re-derives rates or formats.
 */
export interface StatisticsView {
  readonly title: string;
  readonly scopeName: string;
  readonly periodLabel: string;
  readonly dateRange: string;
  readonly asOf: string;
  readonly sentences: readonly string[];
  readonly sections: readonly { readonly title: string; readonly figures: readonly FigureView[] }[];
  readonly units: readonly { readonly unitId: string; readonly name: string; readonly figures: readonly FigureView[] }[];
}

function figuresOf(figures: StatisticsReport['figures']): FigureView[] {
  return statisticsSections(figures).flatMap((s) => s.rows.map((r) => view(r)));
}

function view(r: ReturnType<typeof statisticsSections>[number]['rows'][number]): FigureView {
  return { key: r.key, label: r.label, text: displayCell(r.cell), value: numericCell(r.cell).value, unit: r.unit };
}

export function statisticsView(report: StatisticsReport): StatisticsView {
  return {
    title: reportTitle(report),
    scopeName: report.scope.name,
    periodLabel: periodLabel(report.period),
    dateRange: chinaDateRange(report.from, report.to),
    asOf: chinaDateTime(report.asOf),
    sentences: statisticsNarrative(report),
    sections: statisticsSections(report.figures).map((s) => ({ title: s.title, figures: s.rows.map(view) })),
    units: report.units.map((u) => ({ unitId: u.unitId, name: u.name, figures: figuresOf(u.figures) })),
  };
}
