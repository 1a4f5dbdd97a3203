import ExcelJS from 'exceljs';

/** Opens XLSX bytes as a user's spreadsheet program would, and reads a sheet as rows of values. */
export async function openWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

export function sheetRows(workbook: ExcelJS.Workbook, name: string): unknown[][] {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    rows[number - 1] = Array.from({ length: sheet.columnCount }, (_, i) => row.getCell(i + 1).value);
  });
  return rows;
}

/** The [value, unit] of the row with that label, under the section with that title (labels repeat across sections). */
export function figureRow(rows: unknown[][], section: string, label: string): [unknown, unknown] {
  const start = rows.findIndex((r) => r[0] === section);
  if (start < 0) throw new Error(`no section ${section}`);
  for (let i = start + 1; i < rows.length; i++) {
    const r = rows[i]!;
    if (typeof r[0] === 'string' && /^[一二三四五六七八九十]、/.test(r[0])) break;
    if (r[0] === label) return [r[1], r[2]];
  }
  throw new Error(`no row ${label} under ${section}`);
}
