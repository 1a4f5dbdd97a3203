import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import type { Cell } from './act-columns.js';

export type TableFormat = 'csv' | 'xlsx';

/** One line of a table file: its number as a spreadsheet shows it (the header is row 1). */
export interface TableRow {
  readonly rowNumber: number;
  readonly cells: readonly Cell[];
}

/** Rows of a CSV or XLSX file, read as a stream: the file is never held in memory whole. */
export function readTable(path: string, format: TableFormat): AsyncIterable<TableRow> {
  return format === 'csv' ? readCsv(path) : readXlsx(path);
}

/**
 * CSV in UTF-8 (with or without BOM) or, as older Chinese exports often are, GB18030/GBK:
 * told apart by whether the first 64 KB are valid UTF-8.
 */
async function* readCsv(path: string): AsyncGenerator<TableRow> {
  const encoding = await sniffEncoding(path);
  const decoder = new TextDecoder(encoding);
  const decode = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
  const file = createReadStream(path);
  const parser = file
    .pipe(decode)
    .pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true, max_record_size: 1024 * 1024 }));
  file.on('error', (error) => parser.destroy(error));
  let rowNumber = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      rowNumber++;
      yield { rowNumber, cells: record };
    }
  } finally {
    file.destroy();
  }
}

async function sniffEncoding(path: string): Promise<'utf-8' | 'gb18030'> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, bytesRead), { stream: true });
      return 'utf-8';
    } catch {
      return 'gb18030';
    }
  } finally {
    await handle.close();
  }
}

/** The first worksheet of an XLSX workbook, row by row (exceljs's streaming reader). */
async function* readXlsx(path: string): AsyncGenerator<TableRow> {
  const file = createReadStream(path);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const worksheet of workbook) {
      for await (const row of worksheet) {
        const values = Array.isArray(row.values) ? row.values : [];
        // exceljs counts columns from 1: values[0] is always empty.
        yield { rowNumber: row.number, cells: values.slice(1).map(cellOf) };
      }
      return;
    }
  } finally {
    file.destroy();
  }
}

function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    const object = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(object.richText)) return object.richText.map((part) => part.text).join('');
    if ('result' in object) return cellOf(object.result);
    if (typeof object.text === 'string') return object.text;
    if (object.error !== undefined) return null;
  }
  return String(value);
}
