import { WorkbookWriter } from '@cj-tech-master/excelts';

/**
 * Writes ledgers as xlsx with ExcelTS's streaming writer (rows go to the file as they are committed, so
 * memory stays bounded, and zlib deflates them off the main thread), reading a page of rows at a time
 * (200 households) and giving the event loop a turn after every page and every 100 rows written: a
 * 10,000-row export never holds the server for more than one page's work.
 *
 * Every sheet: Chinese headers in bold, the header row frozen and repeated on each printed page, column
 * widths, A4 landscape fitted to the page width; money as numbers in yuan (`#,##0.00`), dates as dates.
 */

export type CellType = 'text' | 'int' | 'money' | 'date' | 'decimal';

export interface LedgerColumn<R> {
  header: string;
  /** In characters (a Chinese character counts about two). */
  width: number;
  type: CellType;
  /** Money in fen (written as yuan), a date as `YYYY-MM-DD`, numbers and text as they are. */
  value: (row: R, index: number) => string | number | null | undefined;
}

/** A sheet of any row type: a workbook's sheets differ in their rows (the writer only passes rows back). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above; each sheet is typed where it is built
export type AnyLedgerSheet = LedgerSheet<any>;

export interface LedgerSheet<R> {
  name: string;
  columns: LedgerColumn<R>[];
  /** The next page of rows, or an empty array when done. */
  nextPage: () => R[] | Promise<R[]>;
}

const NUM_FMT: Partial<Record<CellType, string>> = {
  money: '#,##0.00',
  date: 'yyyy-mm-dd',
  decimal: '0.00',
  int: '0',
};

/** `YYYY-MM-DD` (or an ISO timestamp) as a date-only value Excel shows as that day. */
function excelDate(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return null;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

function cellValue(type: CellType, value: string | number | null | undefined): string | number | Date | null {
  if (value === null || value === undefined || value === '') return null;
  switch (type) {
    case 'money':
      return typeof value === 'number' ? value / 100 : null;
    case 'date':
      return typeof value === 'string' ? excelDate(value) : null;
    case 'int':
    case 'decimal':
      return typeof value === 'number' ? value : null;
    case 'text':
      return String(value);
  }
}

/** Rows written between two turns of the event loop (a page read from the database may hold more). */
const ROWS_PER_TURN = 100;

export const yieldToOthers = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Writes the sheets to `filename` and returns the number of data rows per sheet. */
export async function writeLedgerFile(
  filename: string,
  sheets: readonly AnyLedgerSheet[],
  options: { title: string; maxRows: number },
): Promise<number[]> {
  // trueStreaming: each sheet goes to zlib (Node's, off the main thread) in small chunks as rows are
  // committed, instead of being buffered and deflated in one piece at the end.
  const workbook = new WorkbookWriter({
    filename,
    useSharedStrings: false,
    useStyles: true,
    trueStreaming: true,
  });
  workbook.creator = '困难职工精准帮扶系统';
  const counts: number[] = [];
  let total = 0;
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name, {
      views: [{ state: 'frozen', ySplit: 1 }],
      pageSetup: {
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: '1:1',
        horizontalCentered: true,
        margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddFooter: `${options.title}\u3000第 &P 页，共 &N 页` },
    });
    ws.columns = sheet.columns.map((column, i) => {
      const numFmt = NUM_FMT[column.type];
      return { key: `c${i}`, width: column.width, ...(numFmt ? { style: { numFmt } } : {}) };
    });
    const header = ws.addRow(sheet.columns.map((column) => column.header));
    header.font = { bold: true };
    header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    header.commit();
    let index = 0;
    for (;;) {
      const page = await sheet.nextPage();
      if (page.length === 0) break;
      for (const row of page) {
        if (total >= options.maxRows) throw new Error('ledger row limit exceeded');
        ws.addRow(sheet.columns.map((column) => cellValue(column.type, column.value(row, index)))).commit();
        index += 1;
        total += 1;
        if (index % ROWS_PER_TURN === 0) await yieldToOthers();
      }
      await yieldToOthers();
    }
    ws.commit();
    counts.push(index);
  }
  await workbook.commit();
  return counts;
}
