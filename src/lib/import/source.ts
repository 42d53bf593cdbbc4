/**
 * From file bytes to rows of text fields, whatever the file: gzip or not; UTF-8, UTF-16 or Windows-1252;
 * CSV/TSV (any common delimiter), JSON (an array of objects, or an object holding one) or JSON Lines; an .xlsx
 * or .ods workbook (workbook.ts, loaded only when one is opened); a Parquet file (parquet.ts, likewise). Streams the
 * file in chunks; only a JSON array and a workbook, which cannot be read in parts, are held whole (a Parquet file is
 * read a row group at a time).
 */
import { overBudget, pageBudgets, reportedMemory, type ImportBudgets } from './budgets';
import { CsvParser, RowLimitError, UnterminatedQuoteError, detectDelimiter, type RowHandler as CsvRowHandler } from './csv';
import { ByteCsvReader, splitsAsBytes, type ByteRowHandler } from './csv-bytes';
import { Gunzip } from 'fflate';
import { problem } from '../base/problem';
import { ImportError } from './errors';
import type { Encoding, Format, SourceInfo } from '../base/source-types';

export const ENCODING_LABELS: Record<Encoding, string> = {
	'utf-8': 'UTF-8',
	'utf-16le': 'UTF-16 LE (Excel "Unicode text")',
	'utf-16be': 'UTF-16 BE',
	'windows-1252': 'Windows-1252 / Latin-1'
};

/**
 * Called per data row with its fields and the line (CSV, JSON Lines) or record number (JSON) it came from.
 * A JSON Lines line that is no record comes with a negative line, its raw text, and why (`notRecord`).
 */
export type RowHandler = (fields: string[], line: number, notRecord?: NotRecord) => void;

/** Why a JSON Lines line is no record: it is not JSON, or it is JSON but not an object (what it holds instead). */
export type NotRecord = { reason: 'json' } | { reason: 'not-object'; found: string };

/**
 * A part of an uncompressed CSV file, read on its own (import/parts.ts): from `start`, the first byte of a row, to
 * `end` (the file's end when omitted). At `end`, `readOn` is told where the parser stands and says whether to read on
 * to the end of the file with the same parser, as if the file were read in one go.
 */
export interface ByteRange {
	start: number;
	end?: number;
	readOn?: (boundary: { atRowStart: boolean; line: number }) => Promise<boolean>;
}

const SNIFF_BYTES = 64 * 1024;

/** Formats whose rows are positional, the first of which may name the columns: CSV and spreadsheets. */
export const hasRowsOfCells = (format: Format) => format === 'csv' || isSpreadsheet(format);
export const isSpreadsheet = (format: Format) => format === 'xlsx' || format === 'ods';

/** Reads the start of the file and decides how to read it; `chosen` settles what the user has set. */
export async function sniffSource(
	file: Blob & { name?: string },
	chosen: Partial<SourceInfo> = {},
	budgets: ImportBudgets = defaultBudgets()
): Promise<SourceInfo & { sample: string }> {
	const name = file.name ?? 'the file';
	const magic = new Uint8Array(await file.slice(0, 8).arrayBuffer());
	const binary = binaryKind(magic);
	if (binary?.kind === 'zip') {
		const workbook = await sniffWorkbook(file, name, chosen, budgets);
		if (workbook) return workbook;
	}
	if (binary?.kind === 'parquet') return { compressed: false, encoding: 'utf-8', format: 'parquet', delimiter: ',', hasHeader: true, sample: '' };
	if (binary) throw new ImportError(`${name} is ${binary.text}, not text: expected a CSV, TSV, JSON or JSON Lines file (gzipped or not).`, problem(`import.binary.${binary.kind}`, { file: name }));
	const compressed = magic[0] === 0x1f && magic[1] === 0x8b;
	if (!compressed && /\.gz$/i.test(name) && file.size > 0) {
		throw new ImportError(`${name} ends in .gz but is not gzip-compressed (it does not start with the gzip signature).`, problem('import.notGzip', { file: name }));
	}
	const head = await readHead(byteStream(file, compressed), SNIFF_BYTES).catch((error) => {
		throw compressed ? damagedGzip(name, error) : error;
	});
	const inner = compressed ? binaryKind(head) : null;
	if (inner) {
		const kind = inner.kind === 'office' ? 'Office' : inner.kind.toUpperCase();
		throw new ImportError(`${name} is gzip-compressed ${kind} data, not text: expected a CSV, TSV, JSON or JSON Lines file.`, problem('import.gzipBinary', { file: name, kind }));
	}
	const encoding = chosen.encoding ?? detectEncoding(head);
	if (encoding === 'utf-8' || encoding === 'windows-1252') {
		// NUL bytes in a file that is not UTF-16 mean it is not text at all.
		const nuls = head.reduce((n, b) => n + (b === 0 ? 1 : 0), 0);
		if (nuls > 0 && nuls >= head.length / 100) {
			throw new ImportError(`${name} holds binary data (zero bytes), not text: expected a CSV, TSV, JSON or JSON Lines file.`, problem('import.zeroBytes', { file: name }));
		}
		// Random or encrypted bytes have few zeros but many other control bytes; text has almost none.
		const share = controlShare(head);
		if (share >= CONTROL_SHARE) {
			const percent = Math.round(share * 100);
			throw new ImportError(`${name} holds binary data (${percent}% control bytes), not text: expected a CSV, TSV, JSON or JSON Lines file.`, problem('import.controlBytes', { file: name, percent }));
		}
	}
	const sample = new TextDecoder(encoding).decode(head, { stream: true });
	const format = chosen.format ?? detectFormat(sample, name);
	const delimiter = chosen.delimiter ?? (format === 'csv' ? detectDelimiter(sample) : ',');
	return { compressed, encoding, format, delimiter, hasHeader: chosen.hasHeader ?? true, sample };
}

/** A zip that holds an .xlsx or .ods workbook: its format and sheets; null for any other zip. */
async function sniffWorkbook(file: Blob, name: string, chosen: Partial<SourceInfo>, budgets: ImportBudgets): Promise<(SourceInfo & { sample: string }) | null> {
	const { sheetNames, workbookFormat } = await import('./workbook');
	const bytes = await workbookBytes(file, name, budgets);
	const format = workbookFormat(bytes, name, budgets);
	if (!format) return null;
	const sheets = sheetNames(bytes, name);
	const sheet = chosen.sheet !== undefined && sheets.includes(chosen.sheet) ? chosen.sheet : sheets[0];
	return { compressed: false, encoding: 'utf-8', format, delimiter: ',', hasHeader: chosen.hasHeader ?? true, sheet, sheets, sample: '' };
}

/** A workbook's bytes, whole; a file larger than a workbook may expand to is refused before it is read. */
async function workbookBytes(file: Blob, name: string, budgets: ImportBudgets): Promise<Uint8Array> {
	if (file.size > budgets.maxWorkbookBytes) throw overBudget('maxWorkbookBytes', name, budgets.maxWorkbookBytes);
	return new Uint8Array(await file.arrayBuffer());
}

/** Share of control bytes (other than tab, line feed, form feed, carriage return, escape) above which bytes are not text. */
const CONTROL_SHARE = 0.05;

function controlShare(bytes: Uint8Array): number {
	if (bytes.length === 0) return 0;
	let control = 0;
	for (const b of bytes) if ((b < 0x20 && b !== 9 && b !== 10 && b !== 12 && b !== 13 && b !== 27) || b === 0x7f) control++;
	return control / bytes.length;
}

/** What a file is by its first bytes, when it is a well-known binary format. */
function binaryKind(bytes: Uint8Array): { kind: string; text: string } | null {
	const starts = (...signature: number[]) => signature.every((b, i) => bytes[i] === b);
	if (starts(0x50, 0x4b, 0x03, 0x04)) return { kind: 'zip', text: 'a ZIP archive that holds no .xlsx or .ods workbook' };
	if (starts(0x89, 0x50, 0x4e, 0x47)) return { kind: 'png', text: 'a PNG image' };
	if (starts(0xff, 0xd8, 0xff)) return { kind: 'jpeg', text: 'a JPEG image' };
	if (starts(0x47, 0x49, 0x46, 0x38)) return { kind: 'gif', text: 'a GIF image' };
	if (starts(0x25, 0x50, 0x44, 0x46)) return { kind: 'pdf', text: 'a PDF document' };
	if (starts(0x50, 0x41, 0x52, 0x31)) return { kind: 'parquet', text: 'a Parquet file' };
	if (starts(0xd0, 0xcf, 0x11, 0xe0)) return { kind: 'office', text: 'an old Excel or Office file (save it as CSV instead)' };
	return null;
}

/** Byte order marks first; then UTF-16 by its zero bytes; then UTF-8 if it decodes, else Windows-1252. */
export function detectEncoding(bytes: Uint8Array): Encoding {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
	const n = Math.min(bytes.length, 4096) & ~1;
	let evenZeros = 0;
	let oddZeros = 0;
	for (let i = 0; i < n; i += 2) {
		if (bytes[i] === 0) evenZeros++;
		if (bytes[i + 1] === 0) oddZeros++;
	}
	if (n > 0 && oddZeros > n / 8 && evenZeros < n / 64) return 'utf-16le';
	if (n > 0 && evenZeros > n / 8 && oddZeros < n / 64) return 'utf-16be';
	try {
		// stream: a character cut at the end of the sample is not an error.
		new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
		return 'utf-8';
	} catch {
		return 'windows-1252';
	}
}

/**
 * '[' starts JSON; '{' starts JSON Lines when the first of several lines is a whole object, else JSON (a file of
 * one object is a JSON document, which may hold the records); anything else is CSV.
 */
export function detectFormat(sample: string, name = ''): Format {
	const text = sample.replace(/^\uFEFF/, '').trimStart();
	if (text.startsWith('[')) return 'json';
	// A .json file that holds a single value (a number, a string) is JSON that holds no records, not CSV.
	if (!text.startsWith('{')) return /\.json(\.gz)?$/i.test(name) ? 'json' : 'csv';
	const lines = text.trimEnd().split(/\r?\n/, 2);
	if (lines.length < 2) return 'json';
	const firstLine = lines[0];
	try {
		JSON.parse(firstLine);
		return 'ndjson';
	} catch {
		return 'json';
	}
}

/**
 * Streams the rows of the file to `onRow`. The first CSV row is the header when `hasHeader`;
 * JSON columns are the union of the records' keys (nested objects as "a.b"), in order of first appearance,
 * unless `header` fixes them. Returns the header.
 */
export async function readRows(
	file: Blob & { name?: string },
	info: SourceInfo,
	onRow: RowHandler,
	options: {
		signal?: AbortSignal;
		onBytes?: (bytes: number) => void;
		header?: string[];
		stopAfterRows?: number;
		stopAfterCells?: number;
		budgets?: ImportBudgets;
		/** CSV only: read this part of the file. */
		range?: ByteRange;
		/**
		 * CSV only: a taker of rows as bytes (csv-bytes.ts) and the number of fields a row has, used where the file's
		 * encoding and delimiter allow. The rows it does not take, and the header, come to `onRow`.
		 */
		byteRows?: { take: ByteRowHandler; fields: number };
	} = {}
): Promise<string[]> {
	const name = file.name ?? 'the file';
	const budgets = options.budgets ?? defaultBudgets();
	const { range } = options;
	if (range && (info.format !== 'csv' || info.compressed)) throw new Error('only an uncompressed CSV file is read in parts');
	const chunks = (start: number, end?: number) => textChunks(file, info, name, budgets, options.onBytes, options.signal, start, end);
	const text = chunks(range?.start ?? 0, range?.end);
	// The first part reads on past its end when the other part cannot be used as it is.
	const readOn = <T>(chunks: (start: number) => AsyncIterable<T>) =>
		range?.end !== undefined && range.readOn ? async (boundary: { atRowStart: boolean; line: number }) => ((await range.readOn!(boundary)) ? chunks(range.end!) : null) : undefined;
	let rows = 0;
	let cells = 0;
	const counted: RowHandler = (fields, line, notRecord) => {
		if (++rows > budgets.maxRows) throw overBudget('maxRows', name, budgets.maxRows);
		onRow(fields, line, notRecord);
		// A preview of a wide file stops by the number of fields it holds, not only by rows.
		if ((cells += fields.length) >= (options.stopAfterCells ?? Infinity)) throw new EnoughRows();
	};
	const stopAfter = options.stopAfterRows;
	if (isSpreadsheet(info.format)) return readSheet(file, info, name, counted, budgets, stopAfter);
	if (info.format === 'parquet') return readParquet(file, name, counted, budgets, stopAfter, options.signal);
	const limits = { maxFields: budgets.maxColumns, maxChars: budgets.maxLineChars };
	const { byteRows } = options;
	if (info.format === 'csv' && byteRows && !info.compressed && splitsAsBytes(info.encoding, info.delimiter) && stopAfter === undefined && options.stopAfterCells === undefined) {
		const start = range?.start ?? 0;
		const bytes = (start: number, end?: number) => byteChunks(file, name, options.onBytes, options.signal, start, end);
		const take: ByteRowHandler = (row, line) => {
			if (rows + 1 > budgets.maxRows) throw overBudget('maxRows', name, budgets.maxRows);
			if (!byteRows.take(row, line)) return false;
			rows++;
			return true;
		};
		const split = (onText: CsvRowHandler) => new ByteCsvReader(info.delimiter, info.encoding, onText, take, byteRows.fields, limits, { header: info.hasHeader, fileStart: start === 0 });
		return readCsv(bytes(start, range?.end), info, name, counted, budgets, split, Infinity, readOn(bytes));
	}
	if (info.format === 'csv') return readCsv(text, info, name, counted, budgets, (onText) => new CsvParser(info.delimiter, onText, limits), stopAfter, readOn(chunks));
	if (info.format === 'ndjson') return readJsonLines(text, name, counted, budgets, options.header, stopAfter);
	return readJsonArray(text, name, counted, budgets, options.header, stopAfter);
}

let pageDefaults: ImportBudgets | null = null;
/** The page's budgets for the memory this browser reports; the command line passes its own. */
export const defaultBudgets = (): ImportBudgets => (pageDefaults ??= pageBudgets(reportedMemory()));

/** Thrown by a row handler to stop reading early (a preview has seen enough). */
class EnoughRows extends Error {}

/** What splits a CSV file's chunks (text or bytes) into rows: csv.ts's parser, or csv-bytes.ts's reader. */
interface RowSplitter<T> {
	push(chunk: T): void;
	boundary(): { atRowStart: boolean; line: number };
	end(): void;
}

async function readCsv<T>(
	chunks: AsyncIterable<T>,
	info: SourceInfo,
	name: string,
	onRow: RowHandler,
	budgets: ImportBudgets,
	splitter: (onRow: CsvRowHandler) => RowSplitter<T>,
	stopAfter = Infinity,
	rest?: (boundary: { atRowStart: boolean; line: number }) => Promise<AsyncIterable<T> | null>
) {
	let header: string[] | null = null;
	let rows = 0;
	const parser = splitter((fields, line) => {
		if (header === null && info.hasHeader) {
			header = fields.map((f) => f.trim());
			return;
		}
		header ??= fields.map((_, i) => `Column ${i + 1}`);
		onRow(fields, line);
		if (++rows >= stopAfter) throw new EnoughRows();
	});
	try {
		for await (const chunk of chunks) parser.push(chunk);
		const more = rest && (await rest(parser.boundary()));
		if (more) for await (const chunk of more) parser.push(chunk);
		parser.end();
	} catch (error) {
		if (error instanceof EnoughRows) return header ?? [];
		if (error instanceof RowLimitError) {
			if (error.limit === 'fields' && error.blank && error.line === 1) throw noData(name);
			throw error.limit === 'fields' ? overBudget('maxColumns', name, budgets.maxColumns, error.line) : overBudget('maxLineChars', name, budgets.maxLineChars, error.line);
		}
		if (error instanceof UnterminatedQuoteError) {
			throw new ImportError(
				`${name}, line ${error.line}: ${error.message}; expected a closing " before the end of the file.`,
				problem('import.unclosedQuote', { file: name, line: error.line })
			);
		}
		throw error;
	}
	return header ?? [];
}

async function readSheet(file: Blob, info: SourceInfo, name: string, onRow: RowHandler, budgets: ImportBudgets, stopAfter = Infinity) {
	const { readSheetRows } = await import('./workbook');
	const bytes = await workbookBytes(file, name, budgets);
	let rows = 0;
	let header: string[] = [];
	const sheetRow = (fields: string[], line: number) => {
		onRow(fields, line);
		if (++rows >= stopAfter) throw new EnoughRows();
	};
	try {
		// SheetJS reads at most one row past the row budget: enough for the budget's own message.
		return readSheetRows(bytes, info, name, { onHeader: (names) => (header = names), onRow: sheetRow }, budgets, Math.min(stopAfter, budgets.maxRows + 1));
	} catch (error) {
		if (error instanceof EnoughRows) return header;
		throw error;
	}
}

async function readParquet(file: Blob, name: string, onRow: RowHandler, budgets: ImportBudgets, stopAfter = Infinity, signal?: AbortSignal) {
	const { readParquetRows } = await import('./parquet');
	let header: string[] = [];
	try {
		// The row budget is checked from the file's footer, and again row by row (onRow counts).
		return await readParquetRows(file, name, { onHeader: (names) => (header = names), onRow }, budgets, Math.min(stopAfter, budgets.maxRows + 1), signal);
	} catch (error) {
		if (error instanceof EnoughRows) return header;
		throw error;
	}
}

async function readJsonLines(text: AsyncIterable<string>, name: string, onRow: RowHandler, budgets: ImportBudgets, fixed: string[] | undefined, stopAfter = Infinity) {
	const columns = new ColumnSet(name, budgets.maxColumns, fixed);
	let rows = 0;
	let line = 0;
	let rest = '';
	const take = (source: string) => {
		line++;
		if (source.trim() === '') return;
		let record: unknown;
		try {
			record = JSON.parse(source);
		} catch {
			onRow([source], -line, { reason: 'json' }); // a negative line marks a line that is no record
			return;
		}
		// A number, string, array or null on its own line is no record: named, not made a column called "".
		if (!isRecord(record)) return onRow([source], -line, { reason: 'not-object', found: describe(record) });
		onRow(columns.fieldsOf(record), line);
		if (++rows >= stopAfter) throw new EnoughRows();
	};
	try {
		for await (const chunk of text) {
			const lines = (rest + chunk).split('\n');
			rest = lines.pop()!;
			for (const l of lines) {
				if (l.length > budgets.maxLineChars) throw overBudget('maxLineChars', name, budgets.maxLineChars, line + 1);
				take(l.endsWith('\r') ? l.slice(0, -1) : l);
			}
			if (rest.length > budgets.maxLineChars) throw overBudget('maxLineChars', name, budgets.maxLineChars, line + 1);
		}
		if (rest !== '') take(rest);
	} catch (error) {
		if (!(error instanceof EnoughRows)) throw error;
	}
	return columns.names;
}

async function readJsonArray(text: AsyncIterable<string>, name: string, onRow: RowHandler, budgets: ImportBudgets, fixed: string[] | undefined, stopAfter = Infinity) {
	// A JSON document is read whole: its size is bounded before it can outgrow what a string may hold.
	let whole = '';
	for await (const chunk of text) {
		if (whole.length + chunk.length > budgets.maxJsonChars) throw overBudget('maxJsonChars', name, budgets.maxJsonChars);
		whole += chunk;
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(whole);
	} catch (error) {
		if (error instanceof RangeError) throw tooDeep(name);
		const detail = (error as Error).message;
		throw new ImportError(`${name} is not valid JSON: ${detail}.`, problem('import.invalidJson', { file: name, detail }));
	}
	whole = '';
	const records = recordsIn(parsed);
	if (!records) {
		const found = parsed === null ? 'null' : typeof parsed;
		throw new ImportError(
			`${name}: expected a JSON array of objects (one per row), or an object holding one; found ${describe(parsed)}.`,
			problem(found === 'object' ? 'import.jsonNoRecords' : 'import.jsonNotRecords', { file: name, found })
		);
	}
	const nonObject = records.length > 0 && !records.some(isRecord) ? records.find((r) => r !== null) ?? null : undefined;
	if (nonObject !== undefined) {
		const found = nonObject === null ? 'null' : Array.isArray(nonObject) ? 'array' : typeof nonObject;
		throw new ImportError(
			`${name}: expected a JSON array of objects (one per row); found an array of ${found} values, not objects.`,
			problem('import.jsonNotObjects', { file: name, found })
		);
	}
	const columns = new ColumnSet(name, budgets.maxColumns, fixed);
	try {
		if (!fixed) for (const record of records) columns.fieldsOf(record);
		const count = Math.min(records.length, stopAfter);
		for (let i = 0; i < count; i++) onRow(columns.fieldsOf(records[i]), i + 1);
	} catch (error) {
		if (error instanceof EnoughRows) return columns.names;
		// Writing a value nested thousands deep back as text runs out of stack.
		if (error instanceof RangeError) throw tooDeep(name);
		throw error;
	}
	return columns.names;
}

/** A file whose first line is delimiters and nothing else (as far as it is read). */
export const noData = (file: string) =>
	new ImportError(
		`${file} holds only delimiters and blank fields, no data: expected a header line and at least one row of values.`,
		problem('import.noData', { file })
	);

const tooDeep = (name: string) => new ImportError(`${name}: a record is nested too deeply to read as a row.`, problem('import.tooDeep', { file: name }));

const isRecord = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The array of records: the value itself, or the first property holding an array of objects. */
function recordsIn(value: unknown): unknown[] | null {
	if (Array.isArray(value)) return value;
	if (value && typeof value === 'object') {
		for (const v of Object.values(value)) if (Array.isArray(v) && v.some((x) => x && typeof x === 'object')) return v;
	}
	return null;
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'boolean') return 'a boolean';
	if (typeof value === 'object') return 'an object with no array of records in it';
	return `a ${typeof value}`;
}

/** Columns of JSON records: flattened keys in order of first appearance; values as text. */
class ColumnSet {
	readonly names: string[] = [];
	private readonly index = new Map<string, number>();
	constructor(
		private readonly file: string,
		private readonly maxColumns: number,
		private readonly fixed?: string[]
	) {
		fixed?.forEach((n, i) => {
			this.names.push(n);
			this.index.set(n, i);
		});
	}

	fieldsOf(record: unknown): string[] {
		const fields: string[] = new Array(this.names.length).fill('');
		const visit = (value: unknown, prefix: string, depth: number) => {
			if (value && typeof value === 'object' && !Array.isArray(value) && depth < 8) {
				for (const [k, v] of Object.entries(value)) visit(v, prefix ? `${prefix}.${k}` : k, depth + 1);
				return;
			}
			let column = this.index.get(prefix);
			if (column === undefined) {
				if (this.fixed) return;
				if (this.names.length >= this.maxColumns) throw overBudget('maxColumns', this.file, this.maxColumns);
				column = this.names.length;
				this.names.push(prefix);
				this.index.set(prefix, column);
			}
			fields[column] = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
		};
		visit(record, '', 0);
		return fields;
	}
}

/** Passes bytes through, telling the running total. */
function counter(onBytes?: (bytes: number) => void) {
	let bytes = 0;
	return new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
		transform(chunk, controller) {
			bytes += chunk.byteLength;
			onBytes?.(bytes);
			controller.enqueue(chunk);
		}
	});
}

type Bytes = Uint8Array<ArrayBuffer>;

function byteStream(file: Blob, compressed: boolean, onBytes?: (bytes: number) => void, onInflated?: (bytes: number) => void, onMembers?: () => void): ReadableStream<Bytes> {
	const counted = file.stream().pipeThrough(counter(onBytes));
	if (!compressed) return counted;
	const chunks = gunzip(file, counted, onMembers ?? (() => {}));
	const inflated = new ReadableStream<Bytes>({
		async pull(controller) {
			const next = await chunks.next();
			if (next.done) controller.close();
			else controller.enqueue(next.value);
		},
		async cancel() {
			await chunks.return(undefined);
		}
	});
	return inflated.pipeThrough(counter(onInflated));
}

/**
 * Gzip data, whole: the browser's DecompressionStream, and where it refuses a second gzip member (Chromium stops
 * with "junk after the end"; gzip allows members one after another, as `cat a.gz b.gz` makes), fflate reads the
 * file again from the start and carries on after what was already passed on.
 */
async function* gunzip(file: Blob, compressed: ReadableStream<Bytes>, onMembers: () => void): AsyncGenerator<Bytes> {
	type BytePair = ReadableWritablePair<Bytes, Bytes>;
	const reader = compressed.pipeThrough(new DecompressionStream('gzip') as unknown as BytePair).getReader();
	let passed = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) return;
			passed += value.byteLength;
			yield value;
		}
	} catch (error) {
		if (!/junk/i.test(error instanceof Error ? error.message : String(error))) throw error;
	} finally {
		await reader.cancel().catch(() => {});
	}
	onMembers();
	yield* inflateMembers(file, passed);
}

/** All gzip members of the file with fflate, leaving out the first `skip` bytes of the data. */
async function* inflateMembers(file: Blob, skip: number): AsyncGenerator<Bytes> {
	let out: Bytes[] = [];
	const inflater = new Gunzip((chunk) => {
		if (skip >= chunk.byteLength) {
			skip -= chunk.byteLength;
			return;
		}
		out.push((skip > 0 ? chunk.subarray(skip) : chunk) as Bytes);
		skip = 0;
	});
	const reader = file.stream().getReader();
	try {
		for (;;) {
			const { done, value } = await reader.read();
			inflater.push(value ?? new Uint8Array(0), done);
			yield* out;
			out = [];
			if (done) return;
		}
	} finally {
		await reader.cancel().catch(() => {});
	}
}

/**
 * A gzip file ends with the size of its data (mod 2^32). Some DecompressionStreams stop quietly at a cut-off
 * file; comparing that size with what came out catches it, so a truncated file is never imported as whole.
 */
async function checkGzipSize(file: Blob, inflated: number, name: string) {
	if (file.size < 18) throw damagedGzip(name, new Error('too short'));
	const trailer = new DataView(await file.slice(file.size - 4).arrayBuffer());
	const expected = trailer.getUint32(0, true);
	if (expected === inflated % 2 ** 32) return;
	// The trailer gives the last member's size alone: a file of several members (which Node's stream reads whole)
	// is whole when a second, independent reading finds the same data.
	let whole = 0;
	try {
		for await (const chunk of inflateMembers(file, 0)) whole += chunk.byteLength;
	} catch {
		whole = -1;
	}
	if (whole !== inflated) throw damagedGzip(name, new Error(`expected ${expected} bytes of data, found ${inflated}`));
}

const damagedGzip = (name: string, error: unknown) => {
	const detail = error instanceof Error ? error.message : String(error);
	return new ImportError(`${name}: the gzip data is damaged or cut short (${detail}).`, problem('import.damagedGzip', { file: name, detail }));
};

async function readHead(stream: ReadableStream<Uint8Array<ArrayBuffer>>, limit: number): Promise<Uint8Array> {
	const reader = stream.getReader();
	const parts: Uint8Array[] = [];
	let size = 0;
	try {
		while (size < limit) {
			const { done, value } = await reader.read();
			if (done) break;
			parts.push(value);
			size += value.byteLength;
		}
	} finally {
		await reader.cancel().catch(() => {});
	}
	const head = new Uint8Array(Math.min(size, limit));
	let offset = 0;
	for (const part of parts) {
		const take = Math.min(part.byteLength, head.length - offset);
		head.set(part.subarray(0, take), offset);
		offset += take;
		if (offset === head.length) break;
	}
	return head;
}

const YIELD_EVERY_MS = 100;

/**
 * The file (from byte `start` to `end`) as decoded text chunks; a byte-order mark at the file's start is dropped; a
 * broken gzip stream says so.
 */
async function* textChunks(file: Blob, info: SourceInfo, name: string, budgets: ImportBudgets, onBytes?: (bytes: number) => void, signal?: AbortSignal, start = 0, end?: number) {
	let inflated = 0;
	let members = false;
	const onInflated = (bytes: number) => {
		inflated = bytes;
		// Thrown inside the stream, this errors it: reading stops here, however far the data would expand.
		if (bytes > budgets.maxInflatedBytes) throw overBudget('maxInflatedBytes', name, budgets.maxInflatedBytes);
	};
	const text = byteStream(partOf(file, start, end), info.compressed, countedFrom(start, onBytes), onInflated, () => (members = true)).pipeThrough(
		new TextDecoderStream(info.encoding, { ignoreBOM: start > 0 }) as unknown as ReadableWritablePair<string, Uint8Array<ArrayBuffer>>
	);
	yield* chunksOf(text, info.compressed, name, signal);
	// The size in the trailer is the last member's alone: with several members, fflate's reading is the check.
	if (info.compressed && !members) await checkGzipSize(file, inflated, name);
}

/** An uncompressed file's bytes (from `start` to `end`) as they come, for a reading that splits rows as bytes. */
function byteChunks(file: Blob, name: string, onBytes?: (bytes: number) => void, signal?: AbortSignal, start = 0, end?: number) {
	return chunksOf(byteStream(partOf(file, start, end), false, countedFrom(start, onBytes)), false, name, signal);
}

const partOf = (file: Blob, start: number, end?: number) => (start > 0 || end !== undefined ? file.slice(start, end) : file);
const countedFrom = (start: number, onBytes?: (bytes: number) => void) => (onBytes && start > 0 ? (bytes: number) => onBytes(start + bytes) : onBytes);

/** A stream's chunks, as long as the reading is not cancelled. */
async function* chunksOf<T>(stream: ReadableStream<T>, compressed: boolean, name: string, signal?: AbortSignal) {
	const reader = stream.getReader();
	let finished = false;
	let yielded = Date.now();
	try {
		for (;;) {
			signal?.throwIfAborted();
			// Decompressed data can arrive as a chain of promises that never lets the worker read its messages:
			// now and then, wait a turn of the event loop, so a Cancel gets through.
			if (Date.now() - yielded > YIELD_EVERY_MS) {
				await new Promise((resolve) => setTimeout(resolve, 0));
				signal?.throwIfAborted();
				yielded = Date.now();
			}
			let next: ReadableStreamReadResult<T>;
			try {
				next = await reader.read();
			} catch (error) {
				if (error instanceof ImportError) throw error;
				throw compressed ? damagedGzip(name, error) : error;
			}
			if (next.done) break;
			yield next.value;
		}
		finished = true;
	} finally {
		// Stopped early (cancelled, failed or a preview had enough): stop reading the file too.
		if (!finished) await reader.cancel().catch(() => {});
	}
}
