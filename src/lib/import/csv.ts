/**
 * Streaming CSV/DSV parser (RFC 4180 and the usual deviations).
 * Text arrives in chunks of any size; a row, or a quoted field with newlines, may span chunks.
 * Each row is handed over with the line number it starts on, for messages that name the line.
 */

export type RowHandler = (fields: string[], line: number) => void;

const QUOTE = 34;
const LF = 10;
const CR = 13;

const enum State {
	FieldStart,
	Unquoted,
	Quoted,
	/** A quote inside a quoted field: either the field's end or the first of an escaped pair. */
	QuoteInQuoted
}

export class UnterminatedQuoteError extends Error {
	constructor(readonly line: number) {
		super(`a quoted field opened on line ${line} is never closed`);
	}
}

/** A row grew past a limit (too many fields, or too many characters): `line` is where the row starts. */
export class RowLimitError extends Error {
	constructor(
		readonly limit: 'fields' | 'chars',
		readonly line: number,
		/** Every field so far is empty: a line of delimiters only. */
		readonly blank = false
	) {
		super(`the row on line ${line} has too many ${limit === 'fields' ? 'fields' : 'characters'}`);
	}
}

export interface RowLimits {
	maxFields: number;
	maxChars: number;
}

export class CsvParser {
	private state = State.FieldStart;
	private fields: string[] = [];
	/** Text of the current field gathered so far (from earlier chunks or before an escaped quote). */
	private field = '';
	private line = 1;
	private rowLine = 1;
	/** The last chunk ended on CR: a LF at the start of the next one completes a CRLF. */
	private endedWithCR = false;
	/** A space delimiter means runs of spaces: none before the first field, after the last, or between two. */
	private readonly spaces: boolean;
	/** Characters of the current row in earlier chunks; and where it starts in this one. */
	private carried = 0;
	private rowStart = 0;

	constructor(
		private readonly delimiter: string,
		private readonly onRow: RowHandler,
		private readonly limits: RowLimits = { maxFields: Infinity, maxChars: Infinity },
		/** The line the text starts on: a reader of bytes hands the parser a file's rows from there (csv-bytes.ts). */
		firstLine = 1
	) {
		if (delimiter.length !== 1) throw new Error('the delimiter must be one character');
		this.spaces = delimiter === ' ';
		this.line = this.rowLine = firstLine;
	}

	push(text: string): void {
		if (text.length === 0) return; // an empty chunk must not forget a CR that ended the last one
		const delimiter = this.delimiter.charCodeAt(0);
		const length = text.length;
		const continuesCRLF = this.endedWithCR && text.charCodeAt(0) === LF;
		this.endedWithCR = length > 0 && text.charCodeAt(length - 1) === CR;
		// Outside quotes the CR already ended the line; inside quotes the LF is field text.
		let i = continuesCRLF && this.state !== State.Quoted ? 1 : 0;
		let segment = i;
		this.rowStart = 0;

		for (; i < length; i++) {
			let c = text.charCodeAt(i);
			switch (this.state) {
				case State.FieldStart:
					if (c === QUOTE) {
						this.state = State.Quoted;
						segment = i + 1;
					} else if (c === delimiter) {
						if (!this.spaces) this.pushField('');
					} else if (c === LF || c === CR) {
						i = this.endLine(text, i);
						if (this.fields.length > 0) this.endRow(this.spaces ? null : '', i);
						else this.rowStart = i + 1;
						this.rowLine = this.line;
					} else {
						this.state = State.Unquoted;
						segment = i;
					}
					break;
				case State.Unquoted:
					// Most characters are field text: run to the field's end without going round the switch for each.
					while (c !== delimiter && c !== LF && c !== CR) {
						if (++i === length) break;
						c = text.charCodeAt(i);
					}
					if (c === delimiter) {
						this.pushField(this.field + text.slice(segment, i));
						this.field = '';
						this.state = State.FieldStart;
					} else if (c === LF || c === CR) {
						this.endRow(this.field + text.slice(segment, i), i);
						i = this.endLine(text, i);
						this.rowStart = i + 1; // after a CRLF's LF too: the next row's characters start there
						this.rowLine = this.line;
					}
					break;
				case State.Quoted:
					if (c === QUOTE) {
						this.field += text.slice(segment, i);
						this.state = State.QuoteInQuoted;
					} else if (c === CR || (c === LF && !(i === 0 ? continuesCRLF : text.charCodeAt(i - 1) === CR))) {
						this.line++;
					}
					break;
				case State.QuoteInQuoted:
					if (c === QUOTE) {
						this.field += '"';
						segment = i + 1;
						this.state = State.Quoted;
					} else if (c === delimiter) {
						this.pushField(this.field);
						this.field = '';
						this.state = State.FieldStart;
					} else if (c === LF || c === CR) {
						this.endRow(this.field, i);
						i = this.endLine(text, i);
						this.rowStart = i + 1; // after a CRLF's LF too: the next row's characters start there
						this.rowLine = this.line;
					} else {
						// Text after a closing quote (`"a"b`): keep it, as spreadsheets do.
						this.state = State.Unquoted;
						segment = i;
					}
					break;
			}
		}
		if (this.state === State.Unquoted || this.state === State.Quoted) this.field += text.slice(segment, length);
		if (this.state !== State.FieldStart || this.fields.length > 0) {
			this.carried += length - this.rowStart;
			if (this.carried > this.limits.maxChars) throw new RowLimitError('chars', this.rowLine);
		}
	}

	/**
	 * Where the text read so far ended: on a row's first character (nothing of a row pending), and the line the next
	 * character is on. A file read in parts checks the first part's end with this (import/parts.ts).
	 */
	boundary(): { atRowStart: boolean; line: number } {
		return { atRowStart: this.state === State.FieldStart && this.fields.length === 0 && !this.endedWithCR, line: this.line };
	}

	/** Ends the input: emits the last row, or throws when a quoted field never closed. */
	end(): void {
		if (this.state === State.Quoted) throw new UnterminatedQuoteError(this.rowLine);
		if (this.state !== State.FieldStart) this.endRow(this.field, -1);
		else if (this.fields.length > 0) this.endRow(this.spaces ? null : this.field, -1);
	}

	private pushField(field: string) {
		if (this.fields.length >= this.limits.maxFields) throw new RowLimitError('fields', this.rowLine, this.fields.every((f) => f.trim() === ''));
		this.fields.push(field);
	}

	/** Consumes a line end at i (CR, LF or CRLF) and returns the index of its last character. */
	private endLine(text: string, i: number): number {
		this.line++;
		return text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? i + 1 : i;
	}

	/**
	 * Ends the row at index `at` of the current chunk (-1: at the end of the input); `null` when the row ended on a
	 * delimiter that adds no field (trailing spaces).
	 */
	private endRow(lastField: string | null, at: number) {
		if (at >= 0 && this.carried + at - this.rowStart > this.limits.maxChars) throw new RowLimitError('chars', this.rowLine);
		this.carried = 0;
		this.rowStart = at + 1;
		if (lastField !== null) this.pushField(lastField);
		const fields = this.fields;
		this.fields = [];
		this.field = '';
		this.state = State.FieldStart;
		this.onRow(fields, this.rowLine);
	}
}

const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'];
/** Tried only when no usual delimiter splits the lines: a tilde, a caret, a colon. */
const RARE_DELIMITERS = ['~', '^', ':'];

/** Delimiters named for messages; ' ' stands for runs of spaces. */
export const DELIMITER_NAMES: Record<string, string> = {
	',': 'comma',
	';': 'semicolon',
	'\t': 'tab',
	'|': 'pipe',
	' ': 'runs of spaces',
	'~': 'tilde ~',
	'^': 'caret ^',
	':': 'colon :'
};

/**
 * Picks the delimiter that splits the first lines into the same number of fields (more than one),
 * preferring the one that gives the most fields. Quoted text is skipped. Runs of spaces (' ') count only when no
 * other delimiter splits the lines: text with spaces in it is common in files with a real delimiter.
 */
export function detectDelimiter(sample: string): string {
	const lines = sampleLines(sample);
	let best = ',';
	let bestScore = 0;
	for (const delimiter of CANDIDATE_DELIMITERS) {
		const score = splitScore(lines, delimiter);
		if (score > bestScore) {
			best = delimiter;
			bestScore = score;
		}
	}
	if (bestScore > 0) return best;
	// A rare character that splits every line alike is the delimiter before spaces, which text holds anyway.
	return [...RARE_DELIMITERS, ' '].find((d) => splitScore(lines, d) >= 1000) ?? best;
}

/** The delimiter that splits every sampled line into the same number of fields (more than one), or null. */
export function delimiterThatSplits(sample: string): string | null {
	const lines = sampleLines(sample);
	const delimiter = detectDelimiter(sample);
	return splitScore(lines, delimiter) >= 1000 ? delimiter : null;
}

function sampleLines(sample: string): string[] {
	const lines = sample.split(/\r\n|\n|\r/).slice(0, 50);
	if (lines.length > 1 && !/[\r\n]$/.test(sample)) lines.pop(); // the last line may be cut short
	return lines.filter((l) => l.length > 0);
}

/** 1000 × the share of lines with as many delimiters as the first, plus that number; 0 when the first has none. */
function splitScore(lines: string[], delimiter: string): number {
	const counts = lines.map((l) => (delimiter === ' ' ? l.trim().split(/ +/).length - 1 : countOutsideQuotes(l, delimiter)));
	if (counts.length === 0 || counts[0] === 0) return 0;
	return (counts.filter((n) => n === counts[0]).length / counts.length) * 1000 + counts[0];
}

function countOutsideQuotes(line: string, delimiter: string): number {
	let count = 0;
	let quoted = false;
	for (const ch of line) {
		if (ch === '"') quoted = !quoted;
		else if (ch === delimiter && !quoted) count++;
	}
	return count;
}
