/**
 * The words the import layer and the store share about a dataset's file: how it is read, what each column
 * means, and why a row was rejected. Types only, here in the base layer so that the store keeps them with each
 * dataset without importing the parser, and the parser makes them without importing the store.
 */

export type DateFormat =
	| 'iso' // 2024-03-01, 2024-03-01 09:30, 2024-03-01T09:30:00.250+02:00, 2024/03/01
	| 'compact' // 20240301
	| 'dmy' // 01/03/2024, 1-3-2024, 01.03.2024 09:30
	| 'mdy' // 03/01/2024 9:30 PM
	| 'rfc2822' // Fri, 01 Mar 2024 09:30:00 +0000, 1 Mar 2024
	| 'epoch-s' // 1709285400
	| 'epoch-ms' // 1709285400000
	| 'excel'; // 45352.396 (days since 1899-12-30)

export type DecimalMark = '.' | ',';

export type Role =
	| 'customer'
	| 'timestamp'
	| 'event'
	| 'value'
	| 'stage'
	| 'stage-date'
	| OrderRole
	| 'attribute'
	| 'ignore';

/** Columns of an orders file beyond customer, date and value: which order a line belongs to, and its money. */
export type OrderRole = 'order' | 'quantity' | 'unit-price' | 'discount' | 'order-total' | 'refund-amount' | 'status';

export type Shape = 'event-log' | 'stage-dates' | 'orders' | 'snapshot';

export interface ColumnSpec {
	role: Role;
	/** stage-date: the event each date becomes (a stage id of the lead lifecycle, or the header). */
	event?: string;
	/** timestamp and stage-date columns. */
	dateFormat?: DateFormat;
	/** value, quantity, price and other money columns. */
	decimal?: DecimalMark;
	/** order column: an id starting with this prefix is a cancellation (the retail layout's "C536379"). */
	cancelPrefix?: string;
}

export interface ColumnMapping {
	shape: Shape;
	columns: ColumnSpec[];
	/** IANA zone for times written without a zone. */
	timeZone: string;
}

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** xlsx and ods: spreadsheets, and parquet: read in the import worker only (import/workbook.ts, import/parquet.ts). */
export type Format = 'csv' | 'json' | 'ndjson' | 'xlsx' | 'ods' | 'parquet';

/** How to read a file: detected by `sniffSource`, changeable by the user. */
export interface SourceInfo {
	compressed: boolean;
	encoding: Encoding;
	format: Format;
	/** CSV only. */
	delimiter: string;
	/** CSV and spreadsheets: whether the first row names the columns. */
	hasHeader: boolean;
	/** Spreadsheets: the sheet read (the first by default), and all the workbook's sheets, in order. */
	sheet?: string;
	sheets?: string[];
}

export type RejectReason = 'field-count' | 'customer' | 'timestamp' | 'event' | 'value' | 'stage' | 'no-date' | 'json' | 'not-object' | 'failed';

export interface RejectedRow {
	line: number;
	/** Header of the column at fault; '' when the row as a whole is wrong. */
	column: string;
	reason: RejectReason;
	message: string;
	raw: string;
}
