import ExcelJS from 'exceljs';
import type { statisticsV1 } from '@lesp/contracts';

/** The report's JSON view (from supervision's StatisticsService) as a workbook: one sheet of figures, one of units. */
export async function reportWorkbook(view: statisticsV1.StatisticsView): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '执法监督工作台';
  const sheet = workbook.addWorksheet('统计');
  sheet.columns = [
    { header: '栏目', width: 24 },
    { header: '指标', width: 32 },
    { header: '数值', width: 16 },
    { header: '单位', width: 8 },
  ];
  sheet.insertRow(1, [view.title]);
  sheet.insertRow(2, [`${view.periodLabel} ${view.dateRange}（截至 ${view.asOf}）`]);
  for (const section of view.sections) {
    for (const figure of section.figures) sheet.addRow([section.title, figure.label, figure.value ?? figure.text, figure.unit]);
  }
  if (view.units.length > 0) {
    const units = workbook.addWorksheet('分单位');
    const labels = view.units[0]!.figures.map((f) => f.label);
    units.addRow(['单位', ...labels]);
    for (const unit of view.units) units.addRow([unit.name || unit.unitId, ...unit.figures.map((f) => f.value ?? f.text)]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
