/**
 * The first look at a file, for the column mapper: how to read it, its first rows,
 * its shape and each column's role, all detected and all changeable.
 */
import { detectDateFormat } from './dates';
import { problem } from '../base/problem';
import { ImportError } from './errors';
import { detectMapping, normalizeHeader, stageDateEvent, type ColumnProfile } from './roles';
import type { ImportBudgets } from './budgets';
import { delimiterThatSplits } from './csv';
import { hasRowsOfCells, noData, readRows, sniffSource } from './source';
import type { ColumnMapping, SourceInfo } from '../base/source-types';

export interface Preview {
	fileName: string;
	size: number;
	source: SourceInfo;
	header: string[];
	/** The first rows, to show. */
	rows: string[][];
	mapping: ColumnMapping;
	profiles: ColumnProfile[];
	/** Date columns where every value reads both day-first and month-first: the user must choose. */
	ambiguousDates: number[];
	/** A CSV file read as one column: the delimiter that splits its lines evenly, when one does. */
	betterDelimiter: string | null;
}

const SHOWN_ROWS = 20;
/** Fields shown: a wide file shows fewer rows (at least 3), so the preview sent to the page stays small. */
const SHOWN_CELLS = 20_000;
const SAMPLE_ROWS = 2000;
/** Fields in the sample: a wide file is sampled by fewer rows, so its preview stays small. */
const SAMPLE_CELLS = 200_000;

export async function previewFile(
	file: Blob & { name: string },
	chosen: Partial<SourceInfo> = {},
	timeZone = 'UTC',
	budgets?: ImportBudgets
): Promise<Preview> {
	if (file.size === 0) throw new ImportError(`${file.name} is empty (0 bytes): expected a header line and at least one row.`, problem('import.empty', { file: file.name }));
	const { sample, ...sniffed } = await sniffSource(file, chosen, budgets);
	let source: SourceInfo = sniffed;

	const rows: string[][] = [];
	const collect = (fields: string[], line: number) => {
		// A negative line is a JSON Lines line that is not valid JSON: its raw text is no value of any column.
		if (line > 0) rows.push(fields);
	};
	let header: string[];
	if (hasRowsOfCells(source.format) && chosen.hasHeader === undefined) {
		// Read without a header first, then decide whether the first row names the columns.
		await readRows(file, { ...source, hasHeader: false }, collect, { stopAfterRows: SAMPLE_ROWS + 1, stopAfterCells: SAMPLE_CELLS, budgets });
		const hasHeader = rows.length === 0 || firstRowIsHeader(rows[0], rows.slice(1));
		source = { ...source, hasHeader };
		header = hasHeader ? (rows.shift() ?? []).map((h) => h.trim()) : rows[0].map((_, i) => `Column ${i + 1}`);
	} else {
		header = await readRows(file, source, collect, { stopAfterRows: SAMPLE_ROWS, stopAfterCells: SAMPLE_CELLS, budgets });
	}
	const blank = (fields: string[]) => fields.every((f) => f.trim() === '');
	if (blank(header) && rows.every(blank)) {
		// Delimiters with nothing between them: there is something in the file, but no data.
		if (header.length > 1 || rows.some((r) => r.length > 1)) throw noData(file.name);
		throw new ImportError(
			`${file.name} is empty (only spaces or blank lines): expected a header line and at least one row.`,
			problem('import.blank', { file: file.name })
		);
	}
	if (rows.length === 0) throw new ImportError(`${file.name} has a header but no rows: expected at least one row after it.`, problem('import.headerOnly', { file: file.name }));

	const { mapping, profiles } = detectMapping(header, rows, timeZone, !source.hasHeader);
	const ambiguousDates = mapping.columns.flatMap((c, i) => ((c.role === 'timestamp' || c.role === 'stage-date') && profiles[i].dates.ambiguous ? [i] : []));
	const splits = source.format === 'csv' && header.length === 1 ? delimiterThatSplits(sample) : null;
	const betterDelimiter = splits !== source.delimiter ? splits : null;
	return { fileName: file.name, size: file.size, source, header, rows: rows.slice(0, shownRows(header.length)), mapping, profiles, ambiguousDates, betterDelimiter };
}

/** How many rows the preview shows of a file this wide. */
export const shownRows = (columns: number) => Math.max(3, Math.min(SHOWN_ROWS, Math.floor(SHOWN_CELLS / Math.max(1, columns))));

/**
 * A first row is a header unless it looks like the rows under it: some column holds a date or number
 * there as below, and no field is a known column name.
 */
export function firstRowIsHeader(first: string[], rest: string[][]): boolean {
	if (rest.length === 0) return true;
	const knownName = first.some((f) => stageDateEvent(f) !== null || /^(id|date|time|timestamp|event|email|customer|amount|value)$/.test(normalizeHeader(f)));
	if (knownName) return true;
	return !first.some((value, c) => {
		const v = value.trim();
		if (v === '') return false;
		const below = rest.map((r) => r[c] ?? '').filter((x) => x.trim() !== '');
		const isNumber = (x: string) => /^[+-]?[\d.,\s]+$/.test(x.trim()) && /\d/.test(x);
		const isDate = (x: string) => detectDateFormat([x]).format !== null;
		return (isNumber(v) && below.every(isNumber)) || (isDate(v) && below.length > 0 && below.every(isDate));
	});
}
