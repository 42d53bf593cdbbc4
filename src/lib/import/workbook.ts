/**
 * Spreadsheets (.xlsx, .ods) to rows of text, through SheetJS (@e965/xlsx, the maintained npm mirror of SheetJS
 * Community Edition). Only the import worker loads this module, and only when a workbook is opened (source.ts
 * imports it lazily): SheetJS is never part of a page's start-up JavaScript.
 *
 * A workbook is a zip read whole. Before SheetJS sees it, every part is inflated once here, counting bytes and
 * keeping none, so a zip bomb stops at the budget with a message instead of filling the tab's memory.
 */
import { read, SSF, utils, type CellObject, type WorkBook } from '@e965/xlsx';
import { Unzip, UnzipInflate } from 'fflate';
import { problem, problemOf } from '../base/problem';
import { DAY_MS } from '../engine/periods';
import type { SourceInfo } from '../base/source-types';
import { overBudget, type ImportBudgets } from './budgets';
import { ImportError } from './errors';

export type SheetFormat = 'xlsx' | 'ods';

class Inflated extends Error {}

/**
 * The parts of the zip, once each part has been inflated within `limit` bytes in all; throws the budget's error
 * past it. A zip that cannot be read throws a message saying so.
 */
function checkedParts(bytes: Uint8Array, name: string, limit: number): string[] {
	const parts: string[] = [];
	let total = 0;
	const unzip = new Unzip((part) => {
		parts.push(part.name);
		part.ondata = (error, chunk) => {
			if (error) throw error;
			total += chunk.byteLength;
			if (total > limit) throw new Inflated();
		};
		part.start();
	});
	unzip.register(UnzipInflate);
	try {
		unzip.push(bytes, true);
	} catch (error) {
		if (error instanceof Inflated) throw overBudget('maxWorkbookBytes', name, limit);
		throw damaged(name, error);
	}
	return parts;
}

const damaged = (name: string, error: unknown) => {
	const detail = error instanceof Error ? error.message : String(error);
	return new ImportError(`${name}: the workbook is damaged and cannot be read (${detail}).`, problem('import.damagedWorkbook', { file: name, detail }));
};

/**
 * Which spreadsheet the zip holds, by its parts, or null when it holds none (some other zip archive, or a damaged
 * one whose name does not say it is a workbook).
 */
export function workbookFormat(bytes: Uint8Array, name: string, budgets: ImportBudgets): SheetFormat | null {
	let names: string[];
	try {
		names = checkedParts(bytes, name, budgets.maxWorkbookBytes);
	} catch (error) {
		if (problemOf(error)?.code === 'import.damagedWorkbook' && !/\.(xlsx|xlsm|ods)$/i.test(name)) return null;
		throw error;
	}
	const parts = new Set(names);
	if (parts.has('xl/workbook.xml') || parts.has('xl/workbook.bin')) return 'xlsx';
	if (parts.has('content.xml') && parts.has('mimetype')) return 'ods';
	return null;
}

/** The names of the workbook's sheets, in order. */
export function sheetNames(bytes: Uint8Array, name: string): string[] {
	return parse(bytes, name, { bookSheets: true }).SheetNames;
}

function parse(bytes: Uint8Array, name: string, options: Parameters<typeof read>[1]): WorkBook {
	try {
		return read(bytes, { type: 'array', ...options });
	} catch (error) {
		if (error instanceof ImportError) throw error;
		throw damaged(name, error);
	}
}

/**
 * Gives the chosen sheet's (the first when none is chosen) header to `onHeader` (the first row, or "Column 1"…
 * without one), then each row as text to `onRow`, with the spreadsheet's row number as the line; returns the
 * header. Rows with no value are left out; every row has as many fields as the sheet has columns. SheetJS reads at
 * most `maxRows` rows after the header.
 */
export function readSheetRows(
	bytes: Uint8Array,
	info: Pick<SourceInfo, 'sheet' | 'hasHeader'>,
	name: string,
	{ onHeader, onRow }: { onHeader: (header: string[]) => void; onRow: (fields: string[], line: number) => void },
	budgets: ImportBudgets,
	maxRows: number
): string[] {
	checkedParts(bytes, name, budgets.maxWorkbookBytes);
	const sheet = info.sheet ?? sheetNames(bytes, name)[0];
	// Dates stay serial numbers with their number format (cellDates: false): turned into text here, in the
	// workbook's own clock, with no time zone in between. Formulas, rich text and formatted text are not needed.
	const book = parse(bytes, name, {
		dense: true,
		sheets: sheet,
		cellNF: true,
		cellDates: false,
		cellText: false,
		cellHTML: false,
		cellFormula: false,
		sheetRows: Number.isFinite(maxRows) ? maxRows + 2 : 0
	});
	const data = book.Sheets[sheet];
	if (!data) {
		throw new ImportError(`${name} has no sheet named "${sheet}": its sheets are ${book.SheetNames.map((s) => `"${s}"`).join(', ')}.`, problem('import.noSheet', { file: name, sheet }));
	}
	const date1904 = Boolean(book.Workbook?.WBProps?.date1904);
	const rows = (data['!data'] ?? []) as (CellObject | undefined)[][];
	const range = data['!ref'] ? utils.decode_range(data['!ref']) : null;
	if (!range) return [];
	const width = range.e.c - range.s.c + 1;
	if (width > budgets.maxColumns) throw overBudget('maxColumns', name, budgets.maxColumns, range.s.r + 1);

	let header: string[] | null = null;
	for (let r = range.s.r; r <= range.e.r; r++) {
		const fields = new Array<string>(width);
		let blank = true;
		for (let c = 0; c < width; c++) {
			const text = cellText(rows[r]?.[range.s.c + c], date1904);
			fields[c] = text;
			if (text !== '') blank = false;
		}
		if (blank) continue;
		if (header === null) {
			header = info.hasHeader ? fields.map((f) => f.trim()) : fields.map((_, i) => `Column ${i + 1}`);
			onHeader(header);
			if (info.hasHeader) continue;
		}
		onRow(fields, r + 1);
	}
	return header ?? [];
}

/** Excel's error codes, as Excel shows them. */
const ERRORS: Record<number, string> = { 0: '#NULL!', 7: '#DIV/0!', 15: '#VALUE!', 23: '#REF!', 29: '#NAME?', 36: '#NUM!', 42: '#N/A', 43: '#GETTING_DATA' };

/** A cell as the import's text: dates as ISO date and time, numbers to Excel's 15 significant digits. */
export function cellText(cell: CellObject | undefined, date1904 = false): string {
	if (!cell || cell.v === undefined || cell.v === null) return '';
	switch (cell.t) {
		case 's':
			return String(cell.v);
		case 'b':
			return cell.v ? 'TRUE' : 'FALSE';
		case 'e':
			return ERRORS[cell.v as number] ?? '#ERROR';
		case 'd':
			return isoText(cell.v instanceof Date ? cell.v.getTime() : Date.parse(String(cell.v)));
		case 'n': {
			const value = cell.v as number;
			if (typeof cell.z === 'string' && SSF.is_date(cell.z)) return isoText(serialToMs(value, date1904));
			// 0.1 + 0.2 computed in a cell is stored as 0.30000000000000004; Excel shows (and means) 0.3.
			return String(Number(value.toPrecision(15)));
		}
		default:
			return String(cell.v);
	}
}

/** Days from 1899-12-30 (the 1900 date system) or 1904-01-01 to 1970-01-01. */
const EPOCH_1900 = 25_569;
const EPOCH_1904 = 24_107;

/** A serial date (days, the time a fraction) to milliseconds of the workbook's clock, read as UTC. */
export function serialToMs(serial: number, date1904 = false): number {
	// Excel's 1900 system counts a 29 February 1900 that never was: serials before it are a day early.
	const days = date1904 ? serial - EPOCH_1904 : serial < 60 ? serial + 1 - EPOCH_1900 : serial - EPOCH_1900;
	return Math.round(days * DAY_MS);
}

/** "2010-12-01 08:26:00", or "2010-12-01" at midnight: no zone, so the mapper's time zone applies. */
function isoText(ms: number): string {
	if (!Number.isFinite(ms)) return '';
	const iso = new Date(Math.round(ms / 1000) * 1000).toISOString();
	return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}
