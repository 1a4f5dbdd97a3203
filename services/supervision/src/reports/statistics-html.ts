import type { StatisticsReport } from '../domain/statistics/compute-report.js';
import { chinaDateRange, chinaDateTime } from './china-time.js';
import { escapeHtml } from './html-escape.js';
import { displayCell } from './report-cells.js';
import { reportTitle, statisticsNarrative, statisticsSections } from './statistics-layout.js';

const STYLE = `
  @page { size: A4; margin: 20mm 18mm; }
  body { font-family: "FangSong", "仿宋", "SimSun", "Songti SC", serif; font-size: 14pt; line-height: 1.8; color: #000; max-width: 180mm; margin: 0 auto; }
  h1 { font-family: "SimHei", "黑体", "Heiti SC", sans-serif; font-size: 20pt; text-align: center; margin: 0.5em 0; }
  h2 { font-family: "SimHei", "黑体", "Heiti SC", sans-serif; font-size: 15pt; margin: 1em 0 0.3em; }
  p { text-indent: 2em; margin: 0.2em 0; }
  .meta { text-indent: 0; text-align: center; font-size: 11pt; }
  table { width: 100%; border-collapse: collapse; margin: 0.5em 0; font-size: 11pt; page-break-inside: auto; }
  th, td { border: 1px solid #000; padding: 2px 6px; }
  th { background: #eee; }
  td.n { text-align: right; white-space: nowrap; }
  tr { page-break-inside: avoid; }
  .units { font-size: 9pt; }
  @media print { .noprint { display: none; } }
`;

/**
 * A printable page of the report (Chinese headings, A4): the report's sentences as in seed 002,
 * then the figures table, then the breakdown by agency or county. Static HTML, no scripts.
 */
export function renderStatisticsHtml(report: StatisticsReport): string {
  const title = escapeHtml(reportTitle(report));
  const sections = statisticsSections(report.figures);
  const table = sections
    .map(
      (section) =>
        `<tr><th colspan="3" style="text-align:left">${escapeHtml(section.title)}</th></tr>\n` +
        section.rows
          .map(
            (r) =>
              `<tr><td>${escapeHtml(r.label)}</td><td class="n">${escapeHtml(displayCell(r.cell))}</td><td>${escapeHtml(r.unit)}</td></tr>`,
          )
          .join('\n'),
    )
    .join('\n');
  const unitColumns: readonly [string, string][] = [
    ['licensing.total', '行政许可'],
    ['penalty.filed', '处罚立案'],
    ['penalty.closed', '处罚结案'],
    ['penalty.closingRate', '结案率'],
    ['penalty.fines', '罚没金额（万元）'],
    ['coercion.total', '行政强制'],
    ['inspections', '行政检查'],
    ['benefits', '行政给付'],
    ['awards', '行政奖励'],
    ['confirmations', '行政确认'],
    ['legalReview.total', '法制审核'],
  ];
  const unitRows = [...report.units, { unitId: '', name: '合计', figures: report.figures }]
    .map((unit) => {
      const byKey = new Map(statisticsSections(unit.figures).flatMap((s) => s.rows.map((r) => [r.key, r] as const)));
      const cells = unitColumns.map(([key]) => {
        const line = byKey.get(key);
        return `<td class="n">${line ? escapeHtml(displayCell(line.cell)) : '0'}</td>`;
      });
      return `<tr><td>${escapeHtml(unit.name)}</td>${cells.join('')}</tr>`;
    })
    .join('\n');
  const units =
    report.units.length === 0
      ? ''
      : `<h2>三、分${report.scope.level === 'city' ? '县（市、区）' : '单位'}统计</h2>
<table class="units">
<thead><tr><th>${report.scope.level === 'city' ? '县（市、区）' : '执法单位'}</th>${unitColumns.map(([, name]) => `<th>${escapeHtml(name)}</th>`).join('')}</tr></thead>
<tbody>
${unitRows}
</tbody>
</table>`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${title}</h1>
<p class="meta">统计期间：${escapeHtml(chinaDateRange(report.from, report.to))}&emsp;数据截至：${escapeHtml(chinaDateTime(report.asOf))}（北京时间）</p>
<h2>一、行政执法数据统计情况</h2>
${statisticsNarrative(report)
  .map((p) => `<p>${escapeHtml(p)}</p>`)
  .join('\n')}
<h2>二、统计数据</h2>
<table>
<thead><tr><th>项目</th><th>数值</th><th>单位</th></tr></thead>
<tbody>
${table}
</tbody>
</table>
${units}
</body>
</html>
`;
}
