/**
 * From file bytes to rows of text fields, whatever the file: gzip or not; UTF-8, UTF-16 or Windows-1252;
 * CSV/TSV (any common delimiter), JSON (an array of objects, or an object holding one) or JSON Lines.
 * Streams the file in chunks; only a JSON array, which cannot be read in parts, is held whole.
 */
import { CsvParser, UnterminatedQuoteError, detectDelimiter } from './csv';
import { problem } from '../base/problem';
import { ImportError } from './errors';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type Format = 'csv' | 'json' | 'ndjson';

export const ENCODING_LABELS: Record<Encoding, string> = {
	'utf-8': 'UTF-8',
	'utf-16le': 'UTF-16 LE (Excel "Unicode text")',
	'utf-16be': 'UTF-16 BE',
	'windows-1252': 'Windows-1252 / Latin-1'
};

/** How to read a file: detected by `sniffSource`, changeable by the user. */
export interface SourceInfo {
	compressed: boolean;
	encoding: Encoding;
	format: Format;
	/** CSV only. */
	delimiter: string;
	/** CSV only: whether the first row names the columns. */
	hasHeader: boolean;
}

/** Called per data row with its fields and the line (CSV, JSON Lines) or record number (JSON) it came from. */
export type RowHandler = (fields: string[], line: number) => void;

const SNIFF_BYTES = 64 * 1024;

/** Reads the start of the file and decides how to read it; `chosen` settles what the user has set. */
export async function sniffSource(file: Blob & { name?: string }, chosen: Partial<SourceInfo> = {}): Promise<SourceInfo & { sample: string }> {
	const name = file.name ?? 'the file';
	const magic = new Uint8Array(await file.slice(0, 8).arrayBuffer());
	const binary = binaryKind(magic);
	if (binary) throw new ImportError(`${name} is ${binary.text}, not text: expected a CSV, TSV, JSON or JSON Lines file (gzipped or not).`, problem(`import.binary.${binary.kind}`, { file: name }));
	const compressed = magic[0] === 0x1f && magic[1] === 0x8b;
	if (!compressed && /\.gz$/i.test(name) && file.size > 0) {
		throw new ImportError(`${name} ends in .gz but is not gzip-compressed (it does not start with the gzip signature).`, problem('import.notGzip', { file: name }));
	}
	const head = await readHead(byteStream(file, compressed), SNIFF_BYTES).catch((error) => {
		throw compressed ? damagedGzip(name, error) : error;
	});
	const encoding = chosen.encoding ?? detectEncoding(head);
	if (encoding === 'utf-8' || encoding === 'windows-1252') {
		// NUL bytes in a file that is not UTF-16 mean it is not text at all.
		const nuls = head.reduce((n, b) => n + (b === 0 ? 1 : 0), 0);
		if (nuls > 0 && nuls >= head.length / 100) {
			throw new ImportError(`${name} holds binary data (zero bytes), not text: expected a CSV, TSV, JSON or JSON Lines file.`, problem('import.zeroBytes', { file: name }));
		}
	}
	const sample = new TextDecoder(encoding).decode(head, { stream: true });
	const format = chosen.format ?? detectFormat(sample);
	const delimiter = chosen.delimiter ?? (format === 'csv' ? detectDelimiter(sample) : ',');
	return { compressed, encoding, format, delimiter, hasHeader: chosen.hasHeader ?? true, sample };
}

/** What a file is by its first bytes, when it is a well-known binary format. */
function binaryKind(bytes: Uint8Array): { kind: string; text: string } | null {
	const starts = (...signature: number[]) => signature.every((b, i) => bytes[i] === b);
	if (starts(0x50, 0x4b, 0x03, 0x04)) return { kind: 'zip', text: 'a ZIP archive (an Excel .xlsx workbook is one; save it as CSV instead)' };
	if (starts(0x89, 0x50, 0x4e, 0x47)) return { kind: 'png', text: 'a PNG image' };
	if (starts(0xff, 0xd8, 0xff)) return { kind: 'jpeg', text: 'a JPEG image' };
	if (starts(0x47, 0x49, 0x46, 0x38)) return { kind: 'gif', text: 'a GIF image' };
	if (starts(0x25, 0x50, 0x44, 0x46)) return { kind: 'pdf', text: 'a PDF document' };
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
export function detectFormat(sample: string): Format {
	const text = sample.replace(/^\uFEFF/, '').trimStart();
	if (text.startsWith('[')) return 'json';
	if (!text.startsWith('{')) return 'csv';
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
	options: { signal?: AbortSignal; onBytes?: (bytes: number) => void; header?: string[]; stopAfterRows?: number } = {}
): Promise<string[]> {
	const name = file.name ?? 'the file';
	const text = textChunks(file, info, name, options.onBytes, options.signal);
	if (info.format === 'csv') return readCsv(text, info, name, onRow, options.stopAfterRows);
	if (info.format === 'ndjson') return readJsonLines(text, name, onRow, options.header, options.stopAfterRows);
	return readJsonArray(text, name, onRow, options.header, options.stopAfterRows);
}

/** Thrown by a row handler to stop reading early (a preview has seen enough). */
class EnoughRows extends Error {}

async function readCsv(text: AsyncIterable<string>, info: SourceInfo, name: string, onRow: RowHandler, stopAfter = Infinity) {
	let header: string[] | null = null;
	let rows = 0;
	const parser = new CsvParser(info.delimiter, (fields, line) => {
		if (header === null && info.hasHeader) {
			header = fields.map((f) => f.trim());
			return;
		}
		header ??= fields.map((_, i) => `Column ${i + 1}`);
		onRow(fields, line);
		if (++rows >= stopAfter) throw new EnoughRows();
	});
	try {
		for await (const chunk of text) parser.push(chunk);
		parser.end();
	} catch (error) {
		if (error instanceof EnoughRows) return header ?? [];
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

async function readJsonLines(text: AsyncIterable<string>, name: string, onRow: RowHandler, fixed: string[] | undefined, stopAfter = Infinity) {
	const columns = new ColumnSet(fixed);
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
			onRow([source], -line); // a negative line marks a row that is not valid JSON
			return;
		}
		onRow(columns.fieldsOf(record), line);
		if (++rows >= stopAfter) throw new EnoughRows();
	};
	try {
		for await (const chunk of text) {
			const lines = (rest + chunk).split('\n');
			rest = lines.pop()!;
			for (const l of lines) take(l.endsWith('\r') ? l.slice(0, -1) : l);
		}
		if (rest !== '') take(rest);
	} catch (error) {
		if (!(error instanceof EnoughRows)) throw error;
	}
	return columns.names;
}

async function readJsonArray(text: AsyncIterable<string>, name: string, onRow: RowHandler, fixed: string[] | undefined, stopAfter = Infinity) {
	let whole = '';
	for await (const chunk of text) whole += chunk;
	let parsed: unknown;
	try {
		parsed = JSON.parse(whole);
	} catch (error) {
		const detail = (error as Error).message;
		throw new ImportError(`${name} is not valid JSON: ${detail}.`, problem('import.invalidJson', { file: name, detail }));
	}
	const records = recordsIn(parsed);
	if (!records) {
		const found = parsed === null ? 'null' : typeof parsed;
		throw new ImportError(
			`${name}: expected a JSON array of objects (one per row), or an object holding one; found ${describe(parsed)}.`,
			problem(found === 'object' ? 'import.jsonNoRecords' : 'import.jsonNotRecords', { file: name, found })
		);
	}
	const columns = new ColumnSet(fixed);
	try {
		if (!fixed) for (const record of records) columns.fieldsOf(record);
		const count = Math.min(records.length, stopAfter);
		for (let i = 0; i < count; i++) onRow(columns.fieldsOf(records[i]), i + 1);
	} catch (error) {
		// Writing a value nested thousands deep back as text runs out of stack.
		if (error instanceof RangeError) throw new ImportError(`${name}: a record is nested too deeply to read as a row.`, problem('import.tooDeep', { file: name }));
		throw error;
	}
	return columns.names;
}

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
	if (typeof value === 'object') return 'an object with no array of records in it';
	return `a ${typeof value}`;
}

/** Columns of JSON records: flattened keys in order of first appearance; values as text. */
class ColumnSet {
	readonly names: string[] = [];
	private readonly index = new Map<string, number>();
	constructor(private readonly fixed?: string[]) {
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

function byteStream(file: Blob, compressed: boolean, onBytes?: (bytes: number) => void, onInflated?: (bytes: number) => void): ReadableStream<Uint8Array<ArrayBuffer>> {
	const counted = file.stream().pipeThrough(counter(onBytes));
	type BytePair = ReadableWritablePair<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>;
	return compressed ? counted.pipeThrough(new DecompressionStream('gzip') as unknown as BytePair).pipeThrough(counter(onInflated)) : counted;
}

/**
 * A gzip file ends with the size of its data (mod 2^32). Some DecompressionStreams stop quietly at a cut-off
 * file; comparing that size with what came out catches it, so a truncated file is never imported as whole.
 */
async function checkGzipSize(file: Blob, inflated: number, name: string) {
	if (file.size < 18) throw damagedGzip(name, new Error('too short'));
	const trailer = new DataView(await file.slice(file.size - 4).arrayBuffer());
	const expected = trailer.getUint32(0, true);
	if (expected !== inflated % 2 ** 32) throw damagedGzip(name, new Error(`expected ${expected} bytes of data, found ${inflated}`));
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

/** The file as decoded text chunks; a byte-order mark is dropped; a broken gzip stream says so. */
async function* textChunks(file: Blob, info: SourceInfo, name: string, onBytes?: (bytes: number) => void, signal?: AbortSignal) {
	let inflated = 0;
	const text = byteStream(file, info.compressed, onBytes, (bytes) => (inflated = bytes)).pipeThrough(
		new TextDecoderStream(info.encoding) as unknown as ReadableWritablePair<string, Uint8Array<ArrayBuffer>>
	);
	const reader = text.getReader();
	let finished = false;
	try {
		for (;;) {
			signal?.throwIfAborted();
			let next: ReadableStreamReadResult<string>;
			try {
				next = await reader.read();
			} catch (error) {
				throw info.compressed ? damagedGzip(name, error) : error;
			}
			if (next.done) break;
			yield next.value;
		}
		finished = true;
		if (info.compressed) await checkGzipSize(file, inflated, name);
	} finally {
		// Stopped early (cancelled, failed or a preview had enough): stop reading the file too.
		if (!finished) await reader.cancel().catch(() => {});
	}
}
