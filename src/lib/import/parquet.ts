/**
 * Parquet files (warehouse exports) to rows of text, through hyparquet (pure JavaScript, no dependencies). Only the
 * import worker loads this module, and only when a Parquet file is opened (source.ts imports it lazily): hyparquet
 * is never part of a page's start-up JavaScript.
 *
 * A Parquet file keeps its schema and the place of each row group in a footer at its end; its columns are
 * compressed by row group. So the file is read a row group at a time, from the Blob (never whole), and a row group
 * is held whole while its rows are given out. The footer is checked against the budgets before any row is read:
 * the rows it declares, its columns, and the size a row group expands to.
 */
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type CompressionCodec, type Compressors, type FileMetaData, type SchemaElement } from 'hyparquet';
import { gunzipSync } from 'fflate';
import { problem } from '../base/problem';
import { overBudget, type ImportBudgets } from './budgets';
import { ImportError } from './errors';

const MAGIC = 'PAR1';

/** Whether the bytes start as a Parquet file does. */
export const isParquetMagic = (bytes: Uint8Array) => String.fromCharCode(...bytes.subarray(0, 4)) === MAGIC;

/**
 * The compressions read: hyparquet reads snappy (what DuckDB, Spark and pyarrow write by default) and uncompressed
 * pages itself; gzip goes through fflate, which the import already uses for .gz files.
 */
const COMPRESSORS: Compressors = { GZIP: (input, length) => gunzipSync(input, { out: new Uint8Array(length) }) };
const CODECS = new Set<CompressionCodec>(['UNCOMPRESSED', 'SNAPPY', 'GZIP']);

/** The file as hyparquet reads it: slices of the Blob, on demand. */
const asyncBuffer = (file: Blob): AsyncBuffer => ({ byteLength: file.size, slice: (start, end) => file.slice(start, end).arrayBuffer() });

export const damagedParquet = (name: string, error: unknown) => {
	const detail = error instanceof Error ? error.message : String(error);
	return new ImportError(`${name}: the Parquet file is damaged or cut short and cannot be read (${detail}).`, problem('import.damagedParquet', { file: name, detail }));
};

/** The footer, checked: a file cut short (no footer) or a footer that cannot be read says so. */
async function footer(file: Blob, name: string): Promise<FileMetaData> {
	const tail = new Uint8Array(await file.slice(Math.max(0, file.size - 4)).arrayBuffer());
	if (file.size < 12 || !isParquetMagic(tail)) throw damagedParquet(name, new Error('the file does not end with the Parquet footer'));
	try {
		return await parquetMetadataAsync(asyncBuffer(file));
	} catch (error) {
		throw damagedParquet(name, error);
	}
}

/** The top-level columns' names and schema elements (a struct or list is one column, its value as JSON). */
function columnsOf(metadata: FileMetaData): { name: string; element: SchemaElement }[] {
	return parquetSchema(metadata).children.map((child) => ({ name: child.element.name, element: child.element }));
}

/**
 * Gives the file's header (its columns' names) to `onHeader`, then each row as text to `onRow`, with its row
 * number (from 1) as the line, a row group at a time; stops after `maxRows` rows. Budgets: more rows than
 * `budgets.maxRows`, more columns than `budgets.maxColumns`, or a row group that expands to more than
 * `budgets.maxRowGroupBytes` are refused from the footer, before any row is read.
 */
export async function readParquetRows(
	file: Blob,
	name: string,
	{ onHeader, onRow }: { onHeader: (header: string[]) => void; onRow: (fields: string[], line: number) => void },
	budgets: ImportBudgets,
	maxRows: number,
	signal?: AbortSignal
): Promise<string[]> {
	const metadata = await footer(file, name);
	const columns = columnsOf(metadata);
	if (columns.length > budgets.maxColumns) throw overBudget('maxColumns', name, budgets.maxColumns, 1);
	if (Number(metadata.num_rows) > budgets.maxRows) throw overBudget('maxRows', name, budgets.maxRows);
	for (const group of metadata.row_groups) {
		if (Number(group.total_byte_size) > budgets.maxRowGroupBytes) throw overBudget('maxRowGroupBytes', name, budgets.maxRowGroupBytes);
		const codec = group.columns.map((c) => c.meta_data?.codec).find((c) => c !== undefined && !CODECS.has(c));
		if (codec) {
			throw new ImportError(
				`${name}: the Parquet file is compressed with ${codec}, which this import does not read: write it with snappy or gzip compression (or none), or export it as CSV.`,
				problem('import.parquetCodec', { file: name, codec })
			);
		}
	}
	const header = columns.map((c) => c.name);
	onHeader(header);
	const texts = columns.map((c) => cellTexter(c.element));
	let start = 0;
	for (const group of metadata.row_groups) {
		if (start >= maxRows) break;
		signal?.throwIfAborted();
		const end = Math.min(start + Number(group.num_rows), maxRows);
		let rows: unknown[][] = [];
		try {
			await parquetRead({ file: asyncBuffer(file), metadata, rowStart: start, rowEnd: end, compressors: COMPRESSORS, onComplete: (read) => (rows = read) });
		} catch (error) {
			throw damagedParquet(name, error);
		}
		for (let r = 0; r < rows.length; r++) {
			const row = rows[r];
			onRow(
				texts.map((text, c) => text(row[c])),
				start + r + 1
			);
		}
		start = end;
		// Let the worker read its messages (a Cancel) between row groups.
		await new Promise((resolve) => setTimeout(resolve, 0));
	}
	return header;
}

/** How a column's values become the import's text: dates as ISO dates and times, by the column's logical type. */
export function cellTexter(element: SchemaElement): (value: unknown) => string {
	const logical = element.logical_type;
	const kind =
		element.converted_type === 'DATE' || logical?.type === 'DATE'
			? 'date'
			: logical?.type === 'TIMESTAMP'
				? logical.isAdjustedToUTC
					? 'instant'
					: 'wall-clock'
				: // The legacy converted types and INT96 (Spark, Impala) hold instants in UTC.
					element.converted_type === 'TIMESTAMP_MILLIS' || element.converted_type === 'TIMESTAMP_MICROS' || element.type === 'INT96'
					? 'instant'
					: 'value';
	return (value) => {
		if (value === null || value === undefined) return '';
		if (value instanceof Date) return dateText(value, kind);
		return valueText(value);
	};
}

/** A date as text: a day as 2024-03-01; an instant with its zone (Z); a wall-clock time without, for the mapper's zone. */
function dateText(date: Date, kind: string): string {
	const ms = date.getTime();
	if (!Number.isFinite(ms)) return '';
	const iso = date.toISOString();
	if (kind === 'date') return iso.slice(0, 10);
	const time = iso.endsWith('.000Z') ? iso.slice(11, 19) : iso.slice(11, 23);
	return kind === 'instant' ? `${iso.slice(0, 10)}T${time}Z` : `${iso.slice(0, 10)} ${time}`;
}

/** Any other value: numbers to 15 significant digits (a decimal 2.55 read as 2.5500000000000003 is 2.55). */
function valueText(value: unknown): string {
	switch (typeof value) {
		case 'string':
			return value;
		case 'number':
			return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : String(value);
		case 'bigint':
			return value.toString();
		case 'boolean':
			return value ? 'true' : 'false';
		default:
			if (value instanceof Uint8Array) return Array.from(value, (b) => b.toString(16).padStart(2, '0')).join('');
			// A list or a struct, as JSON (a date inside it as ISO 8601, by Date's own toJSON).
			return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
	}
}
