/**
 * Event-log import: text chunks of a CSV (customer id, timestamp, event name, optional value)
 * become a sorted EventTable, with every unreadable row counted and the first ones kept.
 * Pure: no DOM, no storage, so it runs in the import worker and in Node tests alike.
 */
import { EventTableBuilder, type EventTable } from '../engine/table';
import { CsvParser, UnterminatedQuoteError, detectDelimiter } from './csv';
import { detectRoles, REQUIRED_ROLES, ROLE_EXAMPLES, ROLE_LABELS, type ColumnMapping } from './roles';
import { NUMBER_EXPECTED, parseNumber, parseTimestamp, TIMESTAMP_EXPECTED } from './values';

export interface RejectedRow {
	line: number;
	/** Header name of the column at fault, or '' when the row as a whole is wrong. */
	column: string;
	reason: string;
	raw: string;
}

export interface EventLogImport {
	table: EventTable;
	header: string[];
	mapping: ColumnMapping;
	delimiter: string;
	/** Data rows read, accepted or not. */
	rowsRead: number;
	rejectedCount: number;
	/** The first MAX_KEPT_REJECTS rejected rows. */
	rejects: RejectedRow[];
}

/** A file that cannot be imported at all. The message names the file and, where it can, the line and column. */
export class ImportError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ImportError';
	}
}

export const MAX_KEPT_REJECTS = 1000;
const DELIMITER_SAMPLE = 64 * 1024;

export async function importEventLog(
	chunks: AsyncIterable<string> | Iterable<string>,
	fileName: string,
	signal?: AbortSignal
): Promise<EventLogImport> {
	const importer = new EventLogImporter(fileName);
	for await (const chunk of chunks) {
		signal?.throwIfAborted();
		importer.push(chunk);
	}
	return importer.finish();
}

/** Push text chunks in order, then finish. The delimiter is detected from the first 64 KiB. */
export class EventLogImporter {
	private sample = '';
	private parser: CsvParser | null = null;
	private delimiter = ',';
	private rows: RowReader | null = null;

	constructor(private readonly fileName: string) {}

	push(chunk: string) {
		if (this.parser) return this.parser.push(chunk);
		this.sample += chunk;
		if (this.sample.length >= DELIMITER_SAMPLE) this.startParsing();
	}

	finish(): EventLogImport {
		const empty = `${this.fileName} is empty: expected a header line and at least one row of events.`;
		if (!this.parser) {
			if (this.sample.trim() === '') throw new ImportError(empty);
			this.startParsing();
		}
		try {
			this.parser!.end();
		} catch (error) {
			if (!(error instanceof UnterminatedQuoteError)) throw error;
			throw new ImportError(`${this.fileName}, line ${error.line}: ${error.message}; expected a closing " before the end of the file.`);
		}
		if (!this.rows) throw new ImportError(empty);
		return { ...this.rows.finish(), delimiter: this.delimiter };
	}

	private startParsing() {
		this.delimiter = detectDelimiter(this.sample);
		this.parser = new CsvParser(this.delimiter, (fields, line) => {
			if (this.rows) this.rows.read(fields, line);
			else this.rows = new RowReader(this.fileName, fields);
		});
		this.parser.push(this.sample);
		this.sample = '';
	}
}

/** Turns parsed rows into table rows, checking each field, after a header that names the columns. */
class RowReader {
	private readonly builder = new EventTableBuilder();
	private readonly mapping: ColumnMapping;
	private readonly rejects: RejectedRow[] = [];
	private rejectedCount = 0;
	private rowsRead = 0;

	constructor(
		private readonly fileName: string,
		private readonly header: string[]
	) {
		this.mapping = detectRoles(header);
		const missing = REQUIRED_ROLES.filter((role) => this.mapping[role] < 0);
		if (missing.length > 0) {
			const wanted = missing
				.map((role) => `a ${ROLE_LABELS[role]} column (a header such as ${ROLE_EXAMPLES[role]})`)
				.join(' and ');
			throw new ImportError(
				`${fileName}, line 1: no ${missing.map((r) => ROLE_LABELS[r]).join(' or ')} column found. ` +
					`Expected ${wanted}; the header has: ${header.map((h) => JSON.stringify(h)).join(', ')}.`
			);
		}
	}

	read(fields: string[], line: number) {
		this.rowsRead++;
		const { customer, timestamp, event, value } = this.mapping;
		if (fields.length < this.header.length) {
			return this.reject(line, '', `expected ${this.header.length} fields, found ${fields.length}`, fields);
		}
		const customerId = fields[customer].trim();
		if (customerId === '') return this.reject(line, customer, 'the customer id is empty', fields);
		const time = parseTimestamp(fields[timestamp]);
		if (Number.isNaN(time)) {
			return this.reject(line, timestamp, `${JSON.stringify(fields[timestamp])} is not a timestamp; expected ${TIMESTAMP_EXPECTED}`, fields);
		}
		const eventName = fields[event].trim();
		if (eventName === '') return this.reject(line, event, 'the event name is empty', fields);
		const amount = value >= 0 ? parseNumber(fields[value]) : NaN;
		if (amount === null) {
			return this.reject(line, value, `${JSON.stringify(fields[value])} is not a number; expected ${NUMBER_EXPECTED}`, fields);
		}
		this.builder.add(customerId, time, eventName, amount);
	}

	private reject(line: number, column: number | '', reason: string, fields: string[]) {
		this.rejectedCount++;
		if (this.rejects.length < MAX_KEPT_REJECTS) {
			const columnName = column === '' ? '' : this.header[column];
			this.rejects.push({ line, column: columnName, reason, raw: fields.join(',') });
		}
	}

	finish(): Omit<EventLogImport, 'delimiter'> {
		if (this.builder.rowCount === 0) {
			const first = this.rejects[0];
			throw new ImportError(
				this.rowsRead === 0
					? `${this.fileName} has a header but no rows: expected at least one event after line 1.`
					: `${this.fileName}: none of the ${this.rowsRead} rows could be read. First problem: line ${first.line}` +
							`${first.column ? `, column "${first.column}"` : ''}: ${first.reason}.`
			);
		}
		return {
			table: this.builder.build(),
			header: this.header,
			mapping: this.mapping,
			rowsRead: this.rowsRead,
			rejectedCount: this.rejectedCount,
			rejects: this.rejects
		};
	}
}
