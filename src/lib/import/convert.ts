/**
 * Rows of text fields to events, by the mapping's shape, checking every field.
 * A row that cannot be read is rejected whole, with its line, column and reason; nothing is dropped silently.
 */
import { EventTableBuilder, type EventTable, type UnsortedColumns } from '../engine/table';
import { csvLine } from '../base/csv-writer';
import { DELIMITER_NAMES, delimiterThatSplits } from './csv';
import { DATE_FORMAT_EXAMPLES, dayMonthFromBytes, isoFromBytes, parseDate, zonedWallClock, type WallClock } from './dates';
import { ByteDictionary, RepeatedBytes, RepeatedText } from './byte-dictionary';
import { fieldDecoder, type ByteFields, type ByteRowHandler } from './csv-bytes';
import { problem } from '../base/problem';
import { ImportError } from './errors';
import { NUMBER_EXAMPLES, parseAmount, plainDecimalBytes } from './numbers';
import { OrderBook, idNumberBytes, orderStatus, type GatheredOrders, type OrderLine } from './orders';
import { missingRoles } from './roles';
import type { NotRecord } from './source';
import type { ColumnMapping, DateFormat, Encoding, RejectReason, RejectedRow, Role } from '../base/source-types';

export const REJECT_REASON_LABELS: Record<RejectReason, string> = {
	'field-count': 'wrong number of fields',
	customer: 'no customer id',
	timestamp: 'unreadable date',
	event: 'no event name',
	value: 'unreadable number',
	stage: 'no stage',
	'no-date': 'no stage date',
	json: 'not valid JSON',
	'not-object': 'not a JSON object',
	failed: 'failed payment'
};

export interface ConvertedRows {
	table: EventTable;
	rowsRead: number;
	rejectedCount: number;
	rejects: RejectedRow[];
	rejectCounts: Partial<Record<RejectReason, number>>;
}

/**
 * What the converter of a later part of a file read in parts (import/parts.ts) gathered, to be joined to the part
 * before it: its rows unsorted, the orders it has not yet written, its rejects with lines counted from the part's start.
 */
export interface ConvertedPart {
	rows: UnsortedColumns;
	/** Orders files: the orders it wrote, for the part before to join (null for other shapes). */
	orders: GatheredOrders | null;
	rowsRead: number;
	/** The rows it rejected as it read them. */
	rejects: RejectedRow[];
	/** Its orders rejected when written (no customer or date on any line), one per order flagged in `orders.rejected`. */
	orderRejects: RejectedRow[];
}

/** The columns of a file read from bytes (`byteRows`): its dictionaries by bytes, and room for one row's values. */
interface ByteColumns {
	decode: (bytes: Uint8Array) => string;
	customers: ByteDictionary;
	events: ByteDictionary;
	attributes: ByteDictionary[];
	attributeEntries: Int32Array;
	attributeCodes: Int32Array;
	/** Orders files: the customer and order ids (each order's lines repeat them) and statuses (a few values). */
	orderCustomers: RepeatedText;
	orderIds: RepeatedText;
	statuses: ByteDictionary;
	/** Dates not read from their bytes (not ISO): their text, made again only for new bytes. */
	dates: RepeatedText;
	/** The last date that was not ISO, and its time: an order's lines repeat it. */
	lastDate: RepeatedBytes;
	lastTime: number;
}

/** Events made from a stage-dates file's own timestamp column (HubSpot's "Create Date"). */
export const CREATED_EVENT = 'created';

interface DateColumn {
	index: number;
	format: DateFormat;
	event: string;
	/**
	 * The last date read in this column and its text (null before the first): an order's lines, or rows written at
	 * once, repeat it. Only a date that was read is kept: a field that is not one is rejected on every row.
	 */
	lastText: string | null;
	lastTime: number;
}

export class RowConverter {
	private readonly builder: EventTableBuilder;
	private readonly rejects: RejectedRow[] = [];
	private readonly rejectCounts: Partial<Record<RejectReason, number>> = {};
	private rowsRead = 0;
	private readonly wallClock: WallClock;
	private readonly customer: number;
	private readonly event: number;
	private readonly value: number;
	private readonly stage: number;
	private readonly timestamp: DateColumn | null;
	private readonly stageDates: DateColumn[];
	private readonly attributes: number[];
	private readonly attributeValues: string[];
	private readonly decimal: '.' | ',';
	/** Orders files: the columns of an order line, and the orders gathered so far. */
	private readonly orderColumns: Record<'order' | 'quantity' | 'unit-price' | 'discount' | 'order-total' | 'refund-amount' | 'status', number>;
	private readonly orders: OrderBook | null;
	/** An order's attributes, to write its events with. */
	private readonly orderAttributes: string[];
	private readonly orderLine: OrderLine = { orderId: '', customerId: '', time: NaN, amount: NaN, discount: NaN, orderTotal: NaN, refunded: NaN, status: 'ok', line: 0 };

	constructor(
		private readonly fileName: string,
		private readonly header: string[],
		private readonly mapping: ColumnMapping,
		/** When a snapshot row has no date: the time it describes. */
		private readonly asOf: number,
		/** CSV rows must have as many fields as the header; JSON rows always do. */
		private readonly checkFieldCount = true
	) {
		const missing = missingRoles(mapping);
		if (missing.length > 0) {
			const splits = header.length === 1 ? delimiterThatSplits(header[0]) : null;
			throw new ImportError(
				`${fileName}: the columns chosen do not say which holds the ${missing.join(' and the ')}; ` +
					`choose them in the column mapper (the header has ${header.map((h) => JSON.stringify(h)).join(', ')}).` +
					(splits ? ` The file reads as one column; its header splits on ${DELIMITER_NAMES[splits]}: choose that delimiter.` : '')
			);
		}
		const first = (role: string) => mapping.columns.findIndex((c) => c.role === role);
		this.customer = first('customer');
		this.event = first('event');
		this.value = first('value');
		this.stage = first('stage');
		const ts = first('timestamp');
		const tsEvent = mapping.shape === 'stage-dates' ? CREATED_EVENT : '';
		this.timestamp = ts >= 0 ? { index: ts, format: mapping.columns[ts].dateFormat ?? 'iso', event: tsEvent, lastText: null, lastTime: NaN } : null;
		this.stageDates = mapping.columns.flatMap((c, index) =>
			c.role === 'stage-date' ? [{ index, format: c.dateFormat ?? 'iso', event: c.event || header[index], lastText: null, lastTime: NaN }] : []
		);
		this.attributes = mapping.columns.flatMap((c, index) => (c.role === 'attribute' ? [index] : []));
		this.attributeValues = new Array(this.attributes.length);
		this.orderAttributes = new Array(this.attributes.length);
		this.decimal = this.value >= 0 ? (mapping.columns[this.value].decimal ?? '.') : '.';
		this.builder = new EventTableBuilder(this.attributes.map((a) => header[a]));
		this.wallClock = zonedWallClock(mapping.timeZone);
		this.orderColumns = {
			order: first('order'),
			quantity: first('quantity'),
			'unit-price': first('unit-price'),
			discount: first('discount'),
			'order-total': first('order-total'),
			'refund-amount': first('refund-amount'),
			status: first('status')
		};
		this.orders =
			mapping.shape === 'orders'
				? new OrderBook(this.orderColumns.order >= 0 ? (mapping.columns[this.orderColumns.order].cancelPrefix ?? '') : '', this.attributes.length, (name, value, order) =>
						this.writeOrder(name, value, order)
					)
				: null;
	}

	/**
	 * The taker of rows split as bytes (csv-bytes.ts), for a CSV file in `encoding`; undefined for shapes whose rows
	 * are read as text only. An event log's row is one event, an orders file's row one line of an order: their fields
	 * are found by their bytes.
	 */
	byteRows(encoding: Encoding): { take: ByteRowHandler; fields: number } | undefined {
		const { shape } = this.mapping;
		if ((shape !== 'event-log' && shape !== 'orders') || !this.checkFieldCount) return undefined;
		const decode = fieldDecoder(encoding);
		const dictionaries = this.builder.dictionaries;
		const columns: ByteColumns = {
			decode,
			customers: new ByteDictionary(dictionaries.customers, decode),
			events: new ByteDictionary(dictionaries.events, decode),
			attributes: dictionaries.attributes.map((dictionary) => new ByteDictionary(shape === 'orders' ? null : dictionary, decode)),
			attributeEntries: new Int32Array(this.attributes.length),
			attributeCodes: new Int32Array(this.attributes.length),
			orderCustomers: new RepeatedText(decode),
			orderIds: new RepeatedText(decode),
			statuses: new ByteDictionary(null, decode),
			dates: new RepeatedText(decode),
			lastDate: new RepeatedBytes(),
			lastTime: NaN
		};
		const take: ByteRowHandler = shape === 'orders' ? (row, line) => this.readOrderBytes(columns, row, line) : (row, line) => this.readEventBytes(columns, row);
		return { take, fields: this.header.length };
	}

	/** An event-log row as bytes, added as `read` would add it; false, having changed nothing, when `read` must read it. */
	private readEventBytes(columns: ByteColumns, { bytes, starts, ends, count }: ByteFields): boolean {
		if (count !== this.header.length) return false;
		const customer = columns.customers.find(bytes, starts[this.customer], ends[this.customer]);
		if (columns.customers.text(customer) === '') return false;
		const amount = this.amountOfBytes(columns, bytes, starts, ends, this.value);
		if (amount === null) return false;
		const time = this.dateOfBytes(columns, bytes, starts, ends);
		if (Number.isNaN(time)) return false;
		const event = columns.events.find(bytes, starts[this.event], ends[this.event]);
		if (columns.events.text(event) === '') return false;
		const { attributeEntries, attributeCodes } = columns;
		for (let a = 0; a < this.attributes.length; a++) attributeEntries[a] = columns.attributes[a].find(bytes, starts[this.attributes[a]], ends[this.attributes[a]]);
		// The row is read: its values get their codes now, in the order `read` would give them.
		this.rowsRead++;
		for (let a = 0; a < this.attributes.length; a++) attributeCodes[a] = columns.attributes[a].code(attributeEntries[a]);
		this.builder.addCodes(columns.customers.code(customer), time, columns.events.code(event), amount, attributeCodes);
		return true;
	}

	/**
	 * An order line as bytes, joined to its order as `readOrderLine` would join it; false, having changed nothing, when
	 * `read` must read it: a reject, and a line that names no customer or date (Shopify's later lines of an order).
	 */
	private readOrderBytes(columns: ByteColumns, row: ByteFields, line: number): boolean {
		const { bytes, starts, ends, count } = row;
		if (count !== this.header.length) return false;
		const customerId = columns.orderCustomers.of(bytes, starts[this.customer], ends[this.customer]).trim();
		if (customerId === '') return false;
		const time = this.dateOfBytes(columns, bytes, starts, ends);
		if (Number.isNaN(time)) return false;
		const orderColumns = this.orderColumns;
		let status: OrderLine['status'] = 'ok';
		if (orderColumns.status >= 0) {
			status = orderStatus(columns.statuses.text(columns.statuses.find(bytes, starts[orderColumns.status], ends[orderColumns.status])));
			if (status === 'failed') return false;
		}
		const value = this.amountOfBytes(columns, bytes, starts, ends, this.value);
		const quantity = this.amountOfBytes(columns, bytes, starts, ends, orderColumns.quantity);
		const price = this.amountOfBytes(columns, bytes, starts, ends, orderColumns['unit-price']);
		const discount = this.amountOfBytes(columns, bytes, starts, ends, orderColumns.discount);
		const orderTotal = this.amountOfBytes(columns, bytes, starts, ends, orderColumns['order-total']);
		const refunded = this.amountOfBytes(columns, bytes, starts, ends, orderColumns['refund-amount']);
		if (value === null || quantity === null || price === null || discount === null || orderTotal === null || refunded === null) return false;
		for (let a = 0; a < this.attributes.length; a++) {
			const column = this.attributes[a];
			this.attributeValues[a] = columns.attributes[a].text(columns.attributes[a].find(bytes, starts[column], ends[column]));
		}
		const o = this.orderLine;
		// An id of digits is its number, read from its bytes (OrderBook.addNumbered); any other is read as text.
		const idColumn = orderColumns.order;
		const id = idColumn >= 0 ? idNumberBytes(bytes, starts[idColumn], ends[idColumn]) : NaN;
		o.orderId = idColumn >= 0 && Number.isNaN(id) ? columns.orderIds.of(bytes, starts[idColumn], ends[idColumn]).trim() : '';
		o.customerId = customerId;
		o.line = line;
		o.time = time;
		o.status = status;
		o.amount = this.value >= 0 ? value : quantity * price;
		o.discount = discount;
		o.orderTotal = orderTotal;
		o.refunded = refunded;
		this.rowsRead++;
		const orders = this.orders!;
		const order = Number.isNaN(id) ? orders.add(o, this.attributeValues) : orders.addNumbered(id, o, this.attributeValues);
		// An order begun by a line with no customer keeps that line's text; this line's is only needed for such an order.
		if (orders.customerId(order) === '') orders.keepRaw(order, Array.from({ length: count }, (_, f) => columns.decode(bytes.subarray(starts[f], ends[f]))));
		return true;
	}

	/** The amount in a column as bytes (NaN when the column is absent or the field empty), or null when `read` must read it. */
	private amountOfBytes(columns: ByteColumns, bytes: Uint8Array, starts: Int32Array, ends: Int32Array, column: number): number | null {
		if (column < 0) return NaN;
		const decimal = this.mapping.columns[column].decimal ?? '.';
		const start = starts[column];
		const end = ends[column];
		return plainDecimalBytes(bytes, start, end, decimal === '.') ?? parseAmount(columns.decode(bytes.subarray(start, end)), decimal);
	}

	/** The date in the timestamp column as bytes, or NaN when `read` must read it (it rejects the row). */
	private dateOfBytes(columns: ByteColumns, bytes: Uint8Array, starts: Int32Array, ends: Int32Array): number {
		const column = this.timestamp!;
		const start = starts[column.index];
		const end = ends[column.index];
		const { format } = column;
		if (format === 'iso') return isoFromBytes(bytes, start, end, this.wallClock) ?? this.dateOfText(columns.dates.of(bytes, start, end), column);
		// Other dates repeat on an order's lines: compared as bytes, read from them when they are day and month.
		if (columns.lastDate.holds(bytes, start, end)) return columns.lastTime;
		const read = format === 'dmy' || format === 'mdy' ? dayMonthFromBytes(bytes, start, end, format === 'dmy', this.wallClock) : undefined;
		const time = read ?? this.dateOfText(columns.dates.of(bytes, start, end), column);
		if (!Number.isNaN(time)) {
			columns.lastDate.keep(bytes, start, end);
			columns.lastTime = time;
		}
		return time;
	}

	/** Rows read so far, rejected ones included. */
	get rowCount(): number {
		return this.rowsRead;
	}

	read(fields: string[], line: number, notRecord?: NotRecord): void {
		this.rowsRead++;
		if (line < 0) {
			if (notRecord?.reason === 'not-object') return this.reject(-line, -1, 'not-object', `found ${notRecord.found}; expected a JSON object (one record per line)`, fields);
			return this.reject(-line, -1, 'json', 'this line is not valid JSON', fields);
		}
		if (this.checkFieldCount && fields.length !== this.header.length) {
			return this.reject(line, -1, 'field-count', `expected ${this.header.length} fields, found ${fields.length}`, fields);
		}
		const customerId = fields[this.customer].trim();
		for (let a = 0; a < this.attributes.length; a++) this.attributeValues[a] = fields[this.attributes[a]].trim();
		if (this.orders) return this.readOrderLine(customerId, fields, line);
		if (customerId === '') return this.reject(line, this.customer, 'customer', 'the customer id is empty', fields);

		let amount = NaN;
		if (this.value >= 0) {
			const parsed = parseAmount(fields[this.value], this.decimal);
			if (parsed === null) {
				return this.reject(line, this.value, 'value', `${quote(fields[this.value])} is not ${NUMBER_EXAMPLES[this.decimal]}`, fields);
			}
			amount = parsed;
		}

		switch (this.mapping.shape) {
			case 'event-log': {
				const time = this.dateOf(fields, line, this.timestamp!);
				if (Number.isNaN(time)) return;
				const name = fields[this.event].trim();
				if (name === '') return this.reject(line, this.event, 'event', 'the event name is empty', fields);
				return this.builder.add(customerId, time, name, amount, this.attributeValues);
			}
			case 'snapshot': {
				const stage = fields[this.stage].trim();
				if (stage === '') return this.reject(line, this.stage, 'stage', 'the stage is empty', fields);
				const time = this.timestamp && fields[this.timestamp.index].trim() !== '' ? this.dateOf(fields, line, this.timestamp) : this.asOf;
				if (Number.isNaN(time)) return;
				return this.builder.add(customerId, time, stage, amount, this.attributeValues);
			}
			case 'stage-dates':
				return this.readStageDates(customerId, fields, line, amount);
		}
	}

	/**
	 * A line of an orders file joins its order. Within an order, the customer and date may stand on its first line
	 * only (Shopify); without an order column, each line is an order and needs both.
	 */
	private readOrderLine(customerId: string, fields: string[], line: number) {
		const columns = this.orderColumns;
		const o = this.orderLine;
		o.orderId = columns.order >= 0 ? fields[columns.order].trim() : '';
		if (o.orderId === '' && customerId === '') return this.reject(line, this.customer, 'customer', 'the customer id is empty', fields);
		o.customerId = customerId;
		o.line = line;
		if (o.orderId !== '' && fields[this.timestamp!.index].trim() === '') o.time = NaN;
		else if (Number.isNaN((o.time = this.dateOf(fields, line, this.timestamp!)))) return;

		o.status = columns.status >= 0 ? orderStatus(fields[columns.status].trim()) : 'ok';
		if (o.status === 'failed') return this.reject(line, columns.status, 'failed', `${quote(fields[columns.status])}: a payment that failed is no purchase`, fields);
		const value = this.amountOf(fields, line, this.value);
		const quantity = this.amountOf(fields, line, columns.quantity);
		const price = this.amountOf(fields, line, columns['unit-price']);
		const discount = this.amountOf(fields, line, columns.discount);
		const orderTotal = this.amountOf(fields, line, columns['order-total']);
		const refunded = this.amountOf(fields, line, columns['refund-amount']);
		if (value === null || quantity === null || price === null || discount === null || orderTotal === null || refunded === null) return;
		o.amount = this.value >= 0 ? value : quantity * price;
		o.discount = discount;
		o.orderTotal = orderTotal;
		o.refunded = refunded;
		const orders = this.orders!;
		orders.keepRaw(orders.add(o, this.attributeValues), fields);
	}

	/** The amount in a column (NaN when the column is absent or the field empty), or null after rejecting the row. */
	private amountOf(fields: string[], line: number, column: number): number | null {
		if (column < 0) return NaN;
		const parsed = parseAmount(fields[column], this.mapping.columns[column].decimal ?? '.');
		if (parsed === null) this.reject(line, column, 'value', `${quote(fields[column])} is not ${NUMBER_EXAMPLES[this.mapping.columns[column].decimal ?? '.']}`, fields);
		return parsed;
	}

	/** A finished order's event; an order that never named its customer or date is rejected at its first line. */
	private writeOrder(name: string, value: number, order: number) {
		const orders = this.orders!;
		if (orders.rejected(order)) return;
		const customerId = orders.customerId(order);
		const time = orders.time(order);
		if (customerId === '' || Number.isNaN(time)) {
			orders.reject(order);
			const role: Role = customerId === '' ? 'customer' : 'timestamp';
			const column = role === 'customer' ? this.customer : this.timestamp!.index;
			const message = `order ${quote(orders.id(order))} has no ${role === 'customer' ? 'customer id' : 'date'} on any of its lines`;
			this.rejectCounts[role] = (this.rejectCounts[role] ?? 0) + 1;
			this.rejects.push({ line: orders.line(order), column: this.header[column], reason: role, message, raw: orders.raw(order) });
			return;
		}
		this.builder.add(customerId, time, name, value, orders.attributesOf(order, this.orderAttributes));
	}

	/** One event per non-empty date; the whole row is rejected if any date cannot be read. */
	private readStageDates(customerId: string, fields: string[], line: number, amount: number) {
		const columns = this.timestamp ? [this.timestamp, ...this.stageDates] : this.stageDates;
		const times: number[] = [];
		for (const column of columns) {
			if (fields[column.index].trim() === '') {
				times.push(NaN);
				continue;
			}
			const time = this.dateOf(fields, line, column);
			if (Number.isNaN(time)) return;
			times.push(time);
		}
		if (times.every(Number.isNaN)) {
			return this.reject(line, -1, 'no-date', 'none of the stage-date columns has a date', fields);
		}
		columns.forEach((column, i) => {
			if (!Number.isNaN(times[i])) this.builder.add(customerId, times[i], column.event, column === this.timestamp ? NaN : amount, this.attributeValues);
		});
	}

	/** The date in a column, or NaN after rejecting the row. */
	private dateOf(fields: string[], line: number, column: DateColumn): number {
		const text = fields[column.index];
		const time = this.dateOfText(text, column);
		if (Number.isNaN(time)) {
			const what = text.trim() === '' ? 'the date is empty' : `${quote(text)} is not a date`;
			this.reject(line, column.index, 'timestamp', `${what}; expected ${DATE_FORMAT_EXAMPLES[column.format]}`, fields);
		}
		return time;
	}

	/** The date a column's text holds, or NaN; the last date read is kept, as the next row often repeats it. */
	private dateOfText(text: string, column: DateColumn): number {
		if (text === column.lastText) return column.lastTime;
		const time = parseDate(text, column.format, this.wallClock);
		if (Number.isNaN(time)) return time;
		column.lastText = text;
		column.lastTime = time;
		return time;
	}

	private reject(line: number, column: number, reason: RejectReason, message: string, fields: string[]) {
		this.rejectCounts[reason] = (this.rejectCounts[reason] ?? 0) + 1;
		this.rejects.push({ line, column: column >= 0 ? this.header[column] : '', reason, message, raw: csvLine(fields) });
	}

	/**
	 * What this part read, for the converter of the part before it to `absorb`. Its orders are written here, as rows
	 * after those of lines without an order id; the part before leaves out the rows of orders it has lines of.
	 */
	part(): ConvertedPart {
		const readRejects = this.rejects.length;
		const orders = this.orders?.finishPart(() => this.builder.rowCount) ?? null;
		const rejects = this.rejects;
		return { rows: this.builder.rows(), orders, rowsRead: this.rowsRead, rejects: rejects.slice(0, readRejects), orderRejects: rejects.slice(readRejects) };
	}

	/**
	 * Joins what the converter of the next part of the file read, as if its rows had been read here; its lines start
	 * `lineOffset` lines after its part's. The rows come in the order one reading writes them: lines without an order
	 * id as they are read, then the orders in the order they first appeared (this part's, then the next part's others).
	 */
	absorb(part: ConvertedPart, lineOffset: number): void {
		this.rowsRead += part.rowsRead;
		const addRejects = (rejects: RejectedRow[]) => {
			for (const reject of rejects) {
				this.rejects.push({ ...reject, line: reject.line + lineOffset });
				this.rejectCounts[reject.reason] = (this.rejectCounts[reject.reason] ?? 0) + 1;
			}
		};
		addRejects(part.rejects);
		const later = part.orders;
		if (!this.orders || !later) return this.builder.append(part.rows);
		const joined = this.orders.join(later);
		this.builder.appendRows(part.rows, 0, later.firstRow);
		this.orders.finish();
		const rowCount = part.rows.customer.length;
		const leaveOut = new Uint8Array(rowCount);
		joined.forEach((isJoined, i) => isJoined === 1 && leaveOut.fill(1, i === 0 ? later.firstRow : later.rowEnds[i - 1], later.rowEnds[i]));
		this.builder.appendRows(part.rows, later.firstRow, rowCount, leaveOut);
		// The next part's rejected orders, in order, each with its reject; one that joined an order here is this one's.
		let next = 0;
		const kept: RejectedRow[] = [];
		later.rejected.forEach((isRejected, i) => {
			if (isRejected === 1 && joined[i] === 0) kept.push(part.orderRejects[next]);
			next += isRejected;
		});
		addRejects(kept);
	}

	finish(): ConvertedRows {
		this.orders?.finish();
		if (this.builder.rowCount === 0 && this.rowsRead > 0 && this.rejects.length === 0) {
			// Every row was read, none made an event: only orders cancelled at 0 do that.
			throw new ImportError(
				`${this.fileName}: its ${this.rowsRead} rows make no event to import (an order cancelled at 0 makes none).`,
				problem('import.noEvents', { file: this.fileName, rows: this.rowsRead })
			);
		}
		if (this.builder.rowCount === 0) {
			const first = this.rejects[0];
			throw new ImportError(
				this.rowsRead === 0
					? `${this.fileName} has no rows to import: expected at least one row after the header.`
					: `${this.fileName}: none of the ${this.rowsRead} rows could be read. First problem: line ${first.line}` +
							`${first.column ? `, column "${first.column}"` : ''}: ${first.message}.`,
				this.rowsRead === 0
					? problem('import.noRows', { file: this.fileName })
					: problem(first.column ? 'import.noRowReadColumn' : 'import.noRowRead', { file: this.fileName, rows: this.rowsRead, line: first.line, column: first.column, reason: first.message })
			);
		}
		const table = this.builder.build();
		table.customerIds = wholeNumberIds(table.customerIds);
		return {
			table,
			rowsRead: this.rowsRead,
			rejectedCount: this.rejects.length,
			rejects: this.rejects,
			rejectCounts: this.rejectCounts
		};
	}
}

/**
 * Ids that are all whole numbers written as floats ("17850.0", or "17850,0" with a decimal comma: a spreadsheet
 * turned the column into numbers) as the integers they are; any other column of ids stays exactly as written,
 * leading zeros included.
 */
export function wholeNumberIds(ids: string[]): string[] {
	const mark = ids[0]?.includes(',') ? 44 : 46;
	if (ids.length === 0) return ids;
	for (let i = 0; i < ids.length; i++) if (!floatInteger(ids[i], mark)) return ids;
	const markText = String.fromCharCode(mark);
	const zeros = ids[0].length - ids[0].indexOf(markText);
	const whole = ids.map((id) => id.slice(0, id.indexOf(markText)));
	// "17850.0" and "17850.00" would become one customer: keep them apart as written. Distinct ids that all end in
	// the same ".0…" cannot meet, and need no set of the whole numbers (hashing 100k new strings).
	if (ids.every((id) => id.length - id.indexOf(markText) === zeros)) return whole;
	return new Set(whole).size === whole.length ? whole : ids;
}

/**
 * Whether `id` is a whole number written as a float with this decimal mark (its character code): -?digits, the mark,
 * zeros; with a comma, not three zeros (1,000 is a thousands group, not a fraction). Read by its characters: a regular
 * expression per id was ~8 ms of the order file's serial tail (77k customers).
 */
function floatInteger(id: string, mark: number): boolean {
	const length = id.length;
	let i = id.charCodeAt(0) === 45 ? 1 : 0;
	const digitsFrom = i;
	for (; i < length; i++) {
		const c = id.charCodeAt(i);
		if (c < 48 || c > 57) break;
	}
	if (i === digitsFrom || id.charCodeAt(i) !== mark) return false;
	const zeros = length - i - 1;
	if (zeros === 0 || (mark === 44 && zeros === 3)) return false;
	for (i++; i < length; i++) if (id.charCodeAt(i) !== 48) return false;
	return true;
}

function quote(text: string): string {
	return JSON.stringify(text.length > 60 ? text.slice(0, 57) + '…' : text);
}
