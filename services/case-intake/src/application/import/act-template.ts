import ExcelJS from 'exceljs';
import { ACT_COLUMNS, ACT_HEADERS, EXAMPLE_ROW } from './act-columns.js';

/** What each column takes, for the template's 填写说明 sheet. */
const NOTES: Record<string, string> = {
  案件编号: '本单位的案号或申请编号；同一执法主体内唯一，重复导入同一案件不会重复记录',
  执法主体编码: '平台登记的执法主体编码（agencyId）',
  执法类别: '行政许可、行政处罚、行政强制、行政检查、行政征收、行政给付、行政确认、行政裁决、行政补偿、行政奖励，或英文代码（penalty 等）',
  开始方式: '申请 或 立案；不填时按类别（许可、给付等为申请，处罚、强制、检查为立案）',
  相对人类型: '自然人、法人 或 其他组织',
  身份证号: '自然人填写，18 位且校验位正确；属个人信息，平台脱敏展示',
  统一社会信用代码: '法人和其他组织填写，18 位且校验位正确',
  联系电话: '手机或固定电话；自然人的电话属个人信息',
  执法人员: '平台登记的执法人员编码，多人用 ; 或 ；分隔，不少于 2 人',
  立案或申请日期: 'YYYY-MM-DD（北京时间），下同',
  是否受理: '是 / 否 / 不填（依申请的案件）',
  法制审核结果: '通过 / 不通过',
  决定结果: '按类别：准予/部分准予/不予（许可等），处罚/不予处罚，强制措施/强制执行/解除，合格/不合格；或英文代码',
  '罚款金额（元）': '单位元，最多两位小数',
  '没收金额（元）': '单位元，最多两位小数',
  首违不罚: '是 / 否',
  从轻减轻: '从轻 / 减轻 / 不填',
  送达日期: '送达方式按直接送达记录',
  申请法院强制执行日期: '填写后，执行按强制执行记录',
};

/** One CSV line (RFC 4180 quoting), CRLF-terminated. */
export function csvLine(cells: readonly (string | number)[]): string {
  return `${cells.map((cell) => (typeof cell === 'number' ? String(cell) : /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')}\r\n`;
}

/** The empty CSV template: UTF-8 with BOM (so spreadsheet programs read the Chinese headers), header row and one example row. */
export function actTemplateCsv(): string {
  return `\uFEFF${csvLine(ACT_HEADERS)}${csvLine(ACT_COLUMNS.map((c) => EXAMPLE_ROW[c.key]))}`;
}

/** The XLSX template: sheet 执法行为 (header + example row, the sheet that is imported) and sheet 填写说明. */
export async function actTemplateXlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'LESP';
  const sheet = workbook.addWorksheet('执法行为');
  sheet.addRow([...ACT_HEADERS]).font = { bold: true };
  sheet.addRow(ACT_COLUMNS.map((c) => EXAMPLE_ROW[c.key]));
  sheet.columns.forEach((column) => (column.width = 18));
  const notes = workbook.addWorksheet('填写说明');
  notes.addRow(['列名', '必填', '说明']).font = { bold: true };
  for (const column of ACT_COLUMNS) notes.addRow([column.header, 'required' in column ? '是' : '', NOTES[column.header] ?? '']);
  notes.getColumn(1).width = 22;
  notes.getColumn(3).width = 100;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
