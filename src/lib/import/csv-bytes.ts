/**
 * A CSV file read from its bytes, for an import: the text parser (csv.ts) makes a string of every field of every row,
 * and most of them repeat a value seen before (a customer id, an event name, a country). Here a row is split at its
 * delimiters as bytes, and a row that needs nothing else goes to `onBytes` as byte ranges, to be looked up as bytes
 * (byte-dictionary.ts); text is made only for what is new.
 *
 * What a row may hold to be split as bytes: unquoted fields, and quoted ones with no quote or line break inside; line
 * ends LF or CRLF; no more fields than the header. Any other row (an escaped quote, a quoted line break, a lone CR, a
 * row too long) is read from its first byte by the text parser, to the end of the bytes at hand, and the bytes after
 * it are split again once that parser stands at a row's start: the rows, their fields and their line numbers are
 * those a reading as text gives. A row that `onBytes` does not take, and the header, go to `onText` as text fields.
 *
 * Only for encodings where these characters are single bytes that never occur inside another character (UTF-8,
 * Windows-1252), and a delimiter other than runs of spaces.
 */
import { CsvParser, type RowHandler, type RowLimits } from './csv';
import type { Encoding } from '../base/source-types';

/** A row's fields as byte ranges: field f spans starts[f] to ends[f] of `bytes`, its quotes left out. */
export interface ByteFields {
	bytes: Uint8Array;
	starts: Int32Array;
	ends: Int32Array;
	count: number;
}

/** Takes a row as bytes and answers true, or answers false having changed nothing: the row then goes as text. */
export type ByteRowHandler = (row: ByteFields, line: number) => boolean;

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Whether a file of this encoding and delimiter can be split as bytes. */
export const splitsAsBytes = (encoding: Encoding, delimiter: string) => (encoding === 'utf-8' || encoding === 'windows-1252') && delimiter !== ' ' && delimiter.length === 1;

/** The text of a field's bytes in `encoding`. */
export function fieldDecoder(encoding: Encoding): (bytes: Uint8Array) => string {
	const decoder = new TextDecoder(encoding, { ignoreBOM: true });
	// Node's TextDecoder reads Windows-1252's 0x80-0x9F as Latin-1 controls unless it streams; a single-byte
	// encoding holds nothing back when streaming, UTF-8 would (a character cut at the field's end).
	const decode = encoding === 'windows-1252' ? (bytes: Uint8Array) => decoder.decode(bytes, { stream: true }) : (bytes: Uint8Array) => decoder.decode(bytes);
	// A call into TextDecoder costs Chromium's worker about a microsecond: an order file makes a text for each new
	// order id and date. A short field of ASCII bytes (both encodings' first 128 characters) is made here instead.
	return (bytes) => {
		if (bytes.length > SHORT_FIELD) return decode(bytes);
		for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) return decode(bytes);
		return String.fromCharCode.apply(null, bytes as unknown as number[]);
	};
}

const SHORT_FIELD = 32;

export class ByteCsvReader {
	private readonly delimiter: number;
	private readonly row: ByteFields;
	/** Bytes of a row the last chunk ended inside. */
	private carry: Uint8Array | null = null;
	private line = 1;
	/** Reading as text from a row that could not be split as bytes, until it stands at a row's start after a line feed. */
	private parser: CsvParser | null = null;
	private readonly textDecoder: TextDecoder;
	private readonly decodeField: (bytes: Uint8Array) => string;
	/** The header row goes as text. */
	private headerPending: boolean;
	/** A byte order mark at the start of the file is no text (as TextDecoder leaves it out). */
	private atFileStart: boolean;

	constructor(
		delimiter: string,
		encoding: Encoding,
		private readonly onText: RowHandler,
		private readonly onBytes: ByteRowHandler,
		/** The fields a row has: a row with more is read as text, where the limit on fields is checked. */
		fields: number,
		private readonly limits: RowLimits,
		{ header = false, fileStart = false }: { header?: boolean; fileStart?: boolean } = {}
	) {
		if (!splitsAsBytes(encoding, delimiter)) throw new Error(`a file in ${encoding} delimited by ${JSON.stringify(delimiter)} is not split as bytes`);
		this.delimiter = delimiter.charCodeAt(0);
		this.row = { bytes: new Uint8Array(0), starts: new Int32Array(fields), ends: new Int32Array(fields), count: 0 };
		this.textDecoder = new TextDecoder(encoding, { ignoreBOM: true });
		this.decodeField = fieldDecoder(encoding);
		this.headerPending = header;
		this.atFileStart = fileStart && encoding === 'utf-8';
	}

	push(chunk: Uint8Array): void {
		if (chunk.length === 0) return;
		if (this.atFileStart) {
			const bytes = this.carry ? joined(this.carry, chunk) : chunk;
			this.carry = null;
			if (bytes.length < 3) return void (this.carry = bytes.slice());
			this.atFileStart = false;
			const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
			return this.read(bytes, bom ? 3 : 0);
		}
		let from = 0;
		if (this.carry) {
			// The row the last chunk ended inside, joined to its end here (not the whole chunk copied after it).
			const lineEnd = chunk.indexOf(LF);
			from = lineEnd < 0 ? chunk.length : lineEnd + 1;
			const row = joined(this.carry, chunk.subarray(0, from));
			this.carry = null;
			this.read(row, 0);
		}
		this.read(chunk, from);
	}

	/** Reads `bytes` from `from`: as text while the text parser reads, split as bytes after; keeps a row cut at the end. */
	private read(bytes: Uint8Array, from: number) {
		while (from >= 0 && from < bytes.length) {
			if (this.parser) {
				from = this.pushText(bytes, from);
				continue;
			}
			const rowStart = this.splitRows(bytes, from);
			if (rowStart < 0 || rowStart === bytes.length) return;
			// A row longer than a row may be is for the text parser to refuse.
			if (bytes.length - rowStart > this.limits.maxChars) {
				from = this.readAsText(bytes, rowStart);
				continue;
			}
			this.carry = bytes.slice(rowStart);
			return;
		}
	}

	/** Where the bytes read so far end: on a row's first byte or not, and the line the next byte is on. */
	boundary(): { atRowStart: boolean; line: number } {
		return this.parser ? this.parser.boundary() : { atRowStart: this.carry === null, line: this.line };
	}

	/** Ends the input: reads the last row, which has no line end, as text, and throws what the text parser throws. */
	end(): void {
		if (this.carry) {
			this.parser ??= this.textParser();
			this.parser.push(this.textDecoder.decode(this.carry, { stream: true }));
			this.carry = null;
		}
		if (!this.parser) return;
		this.parser.push(this.textDecoder.decode());
		this.parser.end();
		this.parser = null;
	}

	/**
	 * Splits whole rows of `bytes` from `rowStart`. Returns the offset of the first byte not read (a row that goes on
	 * in the next chunk starts there), or -1 when the text parser read to the end.
	 */
	private splitRows(bytes: Uint8Array, rowStart: number): number {
		const n = bytes.length;
		const delimiter = this.delimiter;
		const row = this.row;
		const { starts, ends } = row;
		const capacity = starts.length;
		const highest = Math.max(delimiter, LF, CR);
		row.bytes = bytes;
		rows: while (rowStart < n) {
			let i = rowStart;
			let count = 0;
			for (;;) {
				// At a field's start.
				if (i >= n) return rowStart;
				let c = bytes[i];
				if (count === capacity) {
					rowStart = this.readAsText(bytes, rowStart);
					if (rowStart < 0) return -1;
					continue rows;
				}
				let end: number;
				let plain = true;
				if (c === QUOTE) {
					const close = bytes.indexOf(QUOTE, i + 1);
					// Unclosed here: a quoted line break (or a quote never closed) is the text parser's; else read on.
					if (close < 0) {
						if (bytes.indexOf(LF, i + 1) < 0) return rowStart;
						plain = false;
					} else if (close + 1 >= n) return rowStart;
					for (let k = i + 1; plain && k < close; k++) if (bytes[k] === LF || bytes[k] === CR) plain = false;
					end = close + 1;
					c = bytes[end];
					if (plain && c !== delimiter && c !== LF && c !== CR) plain = false;
					starts[count] = i + 1;
					ends[count++] = close;
				} else {
					const start = i;
					// Most bytes are above all three: one comparison each.
					while (c > highest || (c !== delimiter && c !== LF && c !== CR)) {
						if (++i === n) return rowStart;
						c = bytes[i];
					}
					starts[count] = start;
					ends[count++] = i;
					end = i;
				}
				// A lone CR ends a line too: the text parser counts those.
				if (plain && c === CR && end + 1 < n && bytes[end + 1] !== LF) plain = false;
				if (!plain) {
					rowStart = this.readAsText(bytes, rowStart);
					if (rowStart < 0) return -1;
					continue rows;
				}
				if (c === delimiter) {
					i = end + 1;
					continue;
				}
				if (c === CR) {
					if (end + 1 >= n) return rowStart;
					i = end + 2;
				} else i = end + 1;
				break;
			}
			if (i - rowStart > this.limits.maxChars) {
				rowStart = this.readAsText(bytes, rowStart);
				if (rowStart < 0) return -1;
				continue;
			}
			row.count = count;
			const line = this.line++;
			// A line with nothing on it is no row.
			if (!(count === 1 && starts[0] === ends[0] && bytes[rowStart] !== QUOTE)) this.take(line);
			rowStart = i;
		}
		return rowStart;
	}

	private take(line: number) {
		const row = this.row;
		if (!this.headerPending && this.onBytes(row, line)) return;
		this.headerPending = false;
		const fields: string[] = new Array(row.count);
		for (let f = 0; f < row.count; f++) fields[f] = this.decodeField(row.bytes.subarray(row.starts[f], row.ends[f]));
		this.onText(fields, line);
	}

	private textParser(): CsvParser {
		return new CsvParser(
			String.fromCharCode(this.delimiter),
			(fields, line) => {
				this.headerPending = false;
				this.onText(fields, line);
			},
			this.limits,
			this.line
		);
	}

	/** Reads the row at `from` as text: returns where splitting as bytes goes on, or -1 when the text parser read to the end. */
	private readAsText(bytes: Uint8Array, from: number): number {
		this.parser = this.textParser();
		return this.pushText(bytes, from);
	}

	/**
	 * Hands the text parser the bytes from `from`, a run of lines at a time, until it stands at a row's start: returns
	 * the offset after that run's last line end, or -1 when it read to the end of the bytes.
	 */
	private pushText(bytes: Uint8Array, from: number): number {
		const parser = this.parser!;
		for (let at = from; at < bytes.length; ) {
			const lineEnd = bytes.indexOf(LF, at + TEXT_RUN);
			const to = lineEnd < 0 ? bytes.length : lineEnd + 1;
			parser.push(this.textDecoder.decode(bytes.subarray(at, to), { stream: true }));
			at = to;
			// After a line feed, and only there, the decoder holds no part of a character back.
			const { atRowStart, line } = parser.boundary();
			if (atRowStart && bytes[to - 1] === LF) {
				this.parser = null;
				this.line = line;
				return at;
			}
		}
		return -1;
	}
}

function joined(a: Uint8Array, b: Uint8Array): Uint8Array {
	const bytes = new Uint8Array(a.length + b.length);
	bytes.set(a);
	bytes.set(b, a.length);
	return bytes;
}

/** At least this many bytes go to the text parser at once: the rows after an unusual one are often unusual too. */
const TEXT_RUN = 4096;
