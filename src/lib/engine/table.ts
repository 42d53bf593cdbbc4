/**
 * EventTable: the one internal shape every input becomes.
 * Columnar typed arrays, strings dictionary-encoded, rows sorted by (customer, time),
 * so each analysis is one linear pass over each customer's run of events.
 */

import { columnOfPresent, permuteValues, valueAt, valueBuffers, valueColumn, type ValueColumn } from './values';

/**
 * Dictionary codes, as narrow as the dictionary allows: ten event names or a dozen countries take one byte
 * per event, not four (memory in the engine worker, bytes in storage).
 */
export type Codes = Uint8Array | Uint16Array | Uint32Array;

/** An array for `length` codes of a dictionary of `distinct` values. */
export function codesFor(distinct: number, length: number): Codes {
	return distinct <= 0x100 ? new Uint8Array(length) : distinct <= 0x10000 ? new Uint16Array(length) : new Uint32Array(length);
}

/** The same codes in the narrowest array their dictionary allows (the array itself when it is already). */
export function narrowCodes(codes: Codes, distinct: number): Codes {
	if (codesFor(distinct, 0).BYTES_PER_ELEMENT >= codes.BYTES_PER_ELEMENT) return codes;
	const narrow = codesFor(distinct, codes.length);
	narrow.set(codes);
	return narrow;
}

export interface AttributeColumn {
	name: string;
	/** Index into `values` per row. */
	codes: Codes;
	values: string[];
}

export interface EventTable {
	rowCount: number;
	/**
	 * customerStart[c]..customerStart[c+1] is customer c's run of rows (an index into `customerIds`);
	 * length customerIds.length + 1. Runs, not a customer code per row: 4 bytes per event less in memory and storage.
	 */
	customerStart: Uint32Array;
	/** Epoch milliseconds, UTC; non-decreasing within a customer's run. */
	time: Float64Array;
	/** Index into `eventNames`. */
	event: Codes;
	/** Money or quantity, held only by the rows that carry one (./values: valueAt(table.value, i), NaN when absent). */
	value: ValueColumn;
	attributes: AttributeColumn[];
	customerIds: string[];
	eventNames: string[];
}

/**
 * The stored and transferred form of a table: the same columns (the value column too: presence bits and the values
 * carried, never a double per row); codes may be wider than needed (older datasets).
 */
export type EventColumns = Omit<EventTable, 'rowCount'>;

/** Rows not yet sorted: a customer code per row. */
export interface UnsortedColumns extends Omit<EventColumns, 'customerStart'> {
	customer: Uint32Array;
}

/** The buffers under a table's columns (sorted or not), each once: what a message between workers transfers instead of copying. */
export function columnBuffers(columns: EventColumns | UnsortedColumns): ArrayBuffer[] {
	const customers = 'customerStart' in columns ? columns.customerStart : columns.customer;
	const arrays = [customers, columns.time, columns.event, ...columns.attributes.map((a) => a.codes)];
	return [...new Set([...arrays.map((a) => a.buffer as ArrayBuffer), ...valueBuffers(columns.value)])];
}

/** Up to this many values, a dictionary is searched by comparison instead of a hash lookup. */
const SMALL_DICTIONARY = 16;

/**
 * Dictionary encoder: string -> dense code in order of first appearance. V8 hashing a string that was just read is
 * the costly part of a lookup in Chromium (microseconds of CPU per string in the import worker, where Node takes a
 * fraction of one), so it is avoided: the last value is kept (rows of one customer, lines of one order repeat their
 * fields), a small dictionary (event names, a country) is searched by comparing strings, and a large one is keyed
 * by a hash of the characters computed here, found in typed arrays probed linearly (a Map of the hashes took twice as
 * long: the order file's customers, looked up again when its orders are written and its two parts joined).
 */
export class Dictionary {
	readonly values: string[] = [];
	/** Per slot: the code there (-1 where empty) and its value's hash; a slot is the top bits of hash × 2^32/φ. */
	private codes = new Int32Array(64).fill(-1);
	private hashes = new Int32Array(64);
	private shift = 26;
	private last: string | undefined;
	private lastCode = -1;

	code(value: string): number {
		if (value === this.last) return this.lastCode;
		const hash = this.values.length <= SMALL_DICTIONARY ? -1 : hashOf(value);
		let code = hash < 0 ? this.values.indexOf(value) : this.find(value, hash);
		if (code < 0) code = this.add(value, hash < 0 ? hashOf(value) : hash);
		this.last = value;
		this.lastCode = code;
		return code;
	}

	/** The code of `value` (whose hashOf is `hash`), or -1 when it has none; adds nothing. */
	lookup(value: string, hash = hashOf(value)): number {
		return this.find(value, hash);
	}

	private find(value: string, hash: number): number {
		const mask = this.codes.length - 1;
		for (let slot = Math.imul(hash, 0x9e3779b1) >>> this.shift; ; slot = (slot + 1) & mask) {
			const code = this.codes[slot];
			if (code < 0 || (this.hashes[slot] === hash && this.values[code] === value)) return code;
		}
	}

	private add(value: string, hash: number): number {
		const code = this.values.length;
		this.values.push(value);
		// At most half full: a probe ends at an empty slot soon.
		if (code * 2 >= this.codes.length) this.grow();
		this.put(hash, code);
		return code;
	}

	private put(hash: number, code: number) {
		const mask = this.codes.length - 1;
		let slot = Math.imul(hash, 0x9e3779b1) >>> this.shift;
		while (this.codes[slot] >= 0) slot = (slot + 1) & mask;
		this.codes[slot] = code;
		this.hashes[slot] = hash;
	}

	private grow() {
		const { codes, hashes } = this;
		this.codes = new Int32Array(codes.length * 2).fill(-1);
		this.hashes = new Int32Array(codes.length * 2);
		this.shift--;
		for (let slot = 0; slot < codes.length; slot++) if (codes[slot] >= 0) this.put(hashes[slot], codes[slot]);
	}
}

/** FNV-1a of the string's UTF-16 code units, in 30 bits: a small integer, which V8 keeps unboxed. */
export function hashOf(value: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < value.length; i++) hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
	return hash & 0x3fffffff;
}

/** Growable typed array, doubling its capacity; avoids one object per row. */
class Growable<T extends Float64Array | Uint32Array> {
	private data: T;
	length = 0;
	constructor(private readonly make: (n: number) => T) {
		this.data = make(1024);
	}
	/**
	 * Adds each of `values`, mapped through `code` when given (codes of another dictionary to this one's): grown once
	 * and written in one loop (or one copy), not pushed one by one (the join of a file's two parts, on one core).
	 */
	pushAll(values: ArrayLike<number>, code?: Uint32Array) {
		this.reserve(values.length);
		const { data, length } = this;
		if (code) for (let i = 0; i < values.length; i++) data[length + i] = code[values[i]];
		else data.set(values, length);
		this.length += values.length;
	}
	push(v: number) {
		if (this.length === this.data.length) this.grow(this.length + 1);
		this.data[this.length++] = v;
	}
	/** Room for `more` values after these. */
	private reserve(more: number) {
		if (this.length + more > this.data.length) this.grow(this.length + more);
	}
	private grow(needed: number) {
		const next = this.make(Math.max(needed, this.data.length * 2));
		next.set(this.data.subarray(0, this.length));
		this.data = next;
	}
	view(): T {
		return this.data.subarray(0, this.length) as T;
	}
}

/** Collects a value column row by row: a bit per row and the values carried, never a double per row. */
class ValueColumnBuilder {
	/** The finished words of presence bits; `word` holds the bits of the rows since. */
	private readonly present = new Growable((n) => new Uint32Array(n));
	private readonly values = new Growable((n) => new Float64Array(n));
	private word = 0;
	length = 0;

	/** Adds a row: carrying `value`, or none when it is NaN. */
	push(value: number) {
		const carries = !Number.isNaN(value);
		if (carries) this.values.push(value);
		this.pushBit(carries);
	}

	/**
	 * Adds every row of `column`, in order: its values carried in one copy, its presence bits a word at a time (shifted
	 * into place after these rows' bits), not row by row.
	 */
	pushAll(column: ValueColumn) {
		const { present, values, length } = column;
		this.values.pushAll(values);
		const shift = this.length & 31;
		let i = 0;
		for (; i + 32 <= length; i += 32) {
			const word = present[i >>> 5];
			if (shift === 0) this.present.push(word);
			else {
				// The word's low bits complete the word begun here; its high bits begin the next one.
				this.present.push((this.word | (word << shift)) >>> 0);
				this.word = word >>> (32 - shift);
			}
		}
		this.length += i;
		// The last rows, fewer than a word, one by one (their values are already in).
		for (; i < length; i++) this.pushBit((present[i >>> 5] & (1 << (i & 31))) !== 0);
	}

	/** Adds a row, carrying a value or not, whose value (if any) is already in `values`. */
	private pushBit(carries: boolean) {
		if (carries) this.word |= 1 << (this.length & 31);
		if ((++this.length & 31) === 0) {
			this.present.push(this.word);
			this.word = 0;
		}
	}

	view(): ValueColumn {
		const words = this.present.view();
		if ((this.length & 31) === 0) return columnOfPresent(this.length, words, this.values.view());
		const present = new Uint32Array(words.length + 1);
		present.set(words);
		present[words.length] = this.word;
		return columnOfPresent(this.length, present, this.values.view());
	}
}

/** Collects rows in any order and produces a sorted EventTable. */
export class EventTableBuilder {
	private readonly customers = new Dictionary();
	private readonly events = new Dictionary();
	private readonly attributeDicts: Dictionary[];
	private readonly customer = new Growable((n) => new Uint32Array(n));
	private readonly time = new Growable((n) => new Float64Array(n));
	private readonly event = new Growable((n) => new Uint32Array(n));
	private readonly value = new ValueColumnBuilder();
	private readonly attributeCodes: Growable<Uint32Array>[];
	/**
	 * Rows appended (`append`) and not yet copied in: `build` joins them to these straight into the table's arrays,
	 * without first growing these arrays for them; anything else copies them in first.
	 */
	private appended: { rows: UnsortedColumns; customer: Uint32Array; event: Uint32Array; attributes: Uint32Array[] } | null = null;

	constructor(private readonly attributeNames: string[] = []) {
		this.attributeDicts = attributeNames.map(() => new Dictionary());
		this.attributeCodes = attributeNames.map(() => new Growable((n) => new Uint32Array(n)));
	}

	get rowCount() {
		return this.customer.length + (this.appended?.rows.customer.length ?? 0);
	}

	add(customerId: string, time: number, eventName: string, value = NaN, attributes: string[] = []) {
		this.copyAppended();
		this.customer.push(this.customers.code(customerId));
		this.time.push(time);
		this.event.push(this.events.code(eventName));
		this.value.push(value);
		for (let a = 0; a < this.attributeNames.length; a++) {
			this.attributeCodes[a].push(this.attributeDicts[a].code(attributes[a] ?? ''));
		}
	}

	/** The dictionaries the rows' codes index, for a reader that finds its values' codes itself (`addCodes`). */
	get dictionaries(): { customers: Dictionary; events: Dictionary; attributes: Dictionary[] } {
		return { customers: this.customers, events: this.events, attributes: this.attributeDicts };
	}

	/** Adds a row by the codes its values have in `dictionaries`: as `add` with those values. */
	addCodes(customer: number, time: number, event: number, value: number, attributeCodes: ArrayLike<number>) {
		this.customer.push(customer);
		this.time.push(time);
		this.event.push(event);
		this.value.push(value);
		for (let a = 0; a < this.attributeNames.length; a++) this.attributeCodes[a].push(attributeCodes[a]);
	}

	/**
	 * Adds the rows another builder collected (`rows()`), after these, as if they had been added here: their
	 * dictionary values join this builder's in their order of first appearance there.
	 */
	append(rows: UnsortedColumns) {
		this.copyAppended();
		// Their values get their codes here now, in their order there: the dictionaries are as if they had been added here.
		const codes = (dictionary: Dictionary, values: string[]) => Uint32Array.from(values, (value) => dictionary.code(value));
		const attributes = rows.attributes.map((a, i) => codes(this.attributeDicts[i], a.values));
		this.appended = { rows, customer: codes(this.customers, rows.customerIds), event: codes(this.events, rows.eventNames), attributes };
		// The value column is small (a bit per row, the values carried): joined now.
		this.value.pushAll(rows.value);
	}

	/** Copies appended rows into these arrays. */
	private copyAppended() {
		if (!this.appended) return;
		const { rows, customer, event, attributes } = this.appended;
		this.appended = null;
		this.customer.pushAll(rows.customer, customer);
		this.time.pushAll(rows.time);
		this.event.pushAll(rows.event, event);
		rows.attributes.forEach((a, i) => this.attributeCodes[i].pushAll(a.codes, attributes[i]));
	}

	/**
	 * Adds rows `from` to `to` of another builder's rows, but those marked in `leaveOut`, as if they were added here
	 * one by one: a value of their dictionaries gets its code here when a row first uses it (rows left out add nothing).
	 */
	appendRows(rows: UnsortedColumns, from: number, to: number, leaveOut?: Uint8Array) {
		this.copyAppended();
		const recode = (dictionary: Dictionary, values: string[]) => {
			const codes = new Int32Array(values.length).fill(-1);
			return (code: number) => (codes[code] >= 0 ? codes[code] : (codes[code] = dictionary.code(values[code])));
		};
		const customer = recode(this.customers, rows.customerIds);
		const event = recode(this.events, rows.eventNames);
		const attributes = rows.attributes.map((a, i) => recode(this.attributeDicts[i], a.values));
		for (let r = from; r < to; r++) {
			if (leaveOut?.[r] === 1) continue;
			this.customer.push(customer(rows.customer[r]));
			this.time.push(rows.time[r]);
			this.event.push(event(rows.event[r]));
			this.value.push(valueAt(rows.value, r));
			for (let a = 0; a < attributes.length; a++) this.attributeCodes[a].push(attributes[a](rows.attributes[a].codes[r]));
		}
	}

	/** The rows so far, unsorted, with their dictionaries (one part of a file read in parts). */
	rows(): UnsortedColumns {
		this.copyAppended();
		return this.ownRows();
	}

	private ownRows(): UnsortedColumns {
		return {
			customer: this.customer.view(),
			time: this.time.view(),
			event: this.event.view(),
			value: this.value.view(),
			attributes: this.attributeNames.map((name, a) => ({
				name,
				codes: this.attributeCodes[a].view(),
				values: this.attributeDicts[a].values
			})),
			customerIds: this.customers.values,
			eventNames: this.events.values
		};
	}

	build(): EventTable {
		if (!this.appended) return sortTable(this.rows());
		const { rows, customer, event, attributes } = this.appended;
		const own = this.ownRows();
		const n = own.customer.length + rows.customer.length;
		const joined = (first: Codes, second: Codes, code: Uint32Array | null, target: Codes | Uint32Array) => {
			target.set(first);
			const at = first.length;
			if (code) for (let i = 0; i < second.length; i++) target[at + i] = code[second[i]];
			else target.set(second, at);
			return target;
		};
		const time = new Float64Array(n);
		time.set(own.time);
		time.set(rows.time, own.time.length);
		// The table's own arrays, of its exact length and codes as narrow as their dictionaries: sorted without a copy.
		return sortTable(
			{
				customer: joined(own.customer, rows.customer, customer, new Uint32Array(n)) as Uint32Array,
				time,
				event: joined(own.event, rows.event, event, codesFor(own.eventNames.length, n)),
				value: own.value,
				attributes: own.attributes.map((a, i) => ({ ...a, codes: joined(a.codes, rows.attributes[i].codes, attributes[i], codesFor(a.values.length, n)) })),
				customerIds: own.customerIds,
				eventNames: own.eventNames
			},
			true
		);
	}
}

/**
 * Sorts rows by (customer, time), stably, and indexes customer runs.
 * Counting sort on the customer code, then a sort by time inside each run:
 * O(n + Σ k log k) with no per-row objects.
 */
export function sortTable(columns: UnsortedColumns, owned = false): EventTable {
	const n = columns.customer.length;
	const customerCount = columns.customerIds.length;
	const customerStart = indexRuns(columns.customer, customerCount);
	if (inOrder(columns.customer, columns.time)) return inReadOrder(columns, customerStart, owned);

	const order = new Uint32Array(n);
	const cursor = customerStart.slice(0, customerCount);
	for (let i = 0; i < n; i++) order[cursor[columns.customer[i]]++] = i;

	const time = columns.time;
	for (let c = 0; c < customerCount; c++) {
		const start = customerStart[c];
		const end = customerStart[c + 1];
		if (end - start < 2) continue;
		if (end - start <= SHORT_RUN) {
			insertionSortByTime(order, time, start, end);
			continue;
		}
		if (isSortedByTime(order, time, start, end)) continue;
		const run = Array.from(order.subarray(start, end));
		run.sort((a, b) => time[a] - time[b] || a - b);
		order.set(run, start);
	}

	if (isIdentity(order)) return inReadOrder(columns, customerStart, owned);
	return {
		rowCount: n,
		time: permute(columns.time, order, new Float64Array(n)),
		event: permute(columns.event, order, codesFor(columns.eventNames.length, n)),
		value: permuteValues(columns.value, order),
		attributes: columns.attributes.map((a) => ({ ...a, codes: permute(a.codes, order, codesFor(a.values.length, n)) })),
		customerIds: columns.customerIds,
		eventNames: columns.eventNames,
		customerStart
	};
}

/**
 * The rows as read, when they already are in (customer, time) order (a file grouped by customer, each customer's rows
 * by time): the same table the permutation would give, made by copies instead of a gather per row and column; with
 * `owned`, the time and code arrays are the table's own (their exact length, codes narrow), used as they are.
 */
function inReadOrder(columns: UnsortedColumns, customerStart: Uint32Array, owned: boolean): EventTable {
	const n = columns.customer.length;
	const codes = (source: Codes, distinct: number) => {
		if (owned) return source;
		const target = codesFor(distinct, n);
		target.set(source);
		return target;
	};
	const { value } = columns;
	return {
		rowCount: n,
		time: owned ? columns.time : columns.time.slice(),
		event: codes(columns.event, columns.eventNames.length),
		value: { length: value.length, present: value.present.slice(), before: value.before.slice(), values: value.values.slice() },
		attributes: columns.attributes.map((a) => ({ ...a, codes: codes(a.codes, a.values.length) })),
		customerIds: columns.customerIds,
		eventNames: columns.eventNames,
		customerStart
	};
}

/**
 * Whether the order the sort gives is the order read: customer codes that never decrease (each customer's rows
 * together, as a file grouped by customer gives them), and within a customer's rows times that never decrease.
 */
function inOrder(customer: Uint32Array, time: Float64Array) {
	for (let i = 1; i < customer.length; i++) {
		const c = customer[i];
		const before = customer[i - 1];
		if (c < before || (c === before && time[i] < time[i - 1])) return false;
	}
	return true;
}

function isIdentity(order: Uint32Array) {
	for (let i = 0; i < order.length; i++) if (order[i] !== i) return false;
	return true;
}

/** Up to this many rows, a customer's run is sorted in place by insertion. */
const SHORT_RUN = 32;

/**
 * Sorts a short run of `order` by time, stably (rows of one time keep their order, which is the order read): in place,
 * with no array made and no comparator called. An order file's customers have a few orders each, in no time order:
 * a sort per customer through an array and `Array.prototype.sort` was most of its table's build.
 */
function insertionSortByTime(order: Uint32Array, time: Float64Array, start: number, end: number) {
	for (let i = start + 1; i < end; i++) {
		const row = order[i];
		const t = time[row];
		let j = i - 1;
		for (; j >= start && time[order[j]] > t; j--) order[j + 1] = order[j];
		order[j + 1] = row;
	}
}

function isSortedByTime(order: Uint32Array, time: Float64Array, start: number, end: number) {
	for (let i = start + 1; i < end; i++) if (time[order[i]] < time[order[i - 1]]) return false;
	return true;
}

function permute<T extends Codes | Float64Array>(source: Codes | Float64Array, order: Uint32Array, target: T): T {
	for (let i = 0; i < order.length; i++) target[i] = source[order[i]];
	return target;
}

/** The table of stored columns (sorted by customer, time), with codes narrowed. */
export function tableFromSortedColumns(columns: EventColumns): EventTable {
	return {
		...columns,
		event: narrowCodes(columns.event, columns.eventNames.length),
		attributes: columns.attributes.map((a) => ({ ...a, codes: narrowCodes(a.codes, a.values.length) })),
		rowCount: columns.time.length
	};
}

/**
 * A table read in steps (store/read-columns.ts) as soon as its customers' runs and times are in, what the trend
 * needs: no events, values or names until `withFirstColumns` fills them in, into the same object.
 */
export function tableOfRunsAndTimes({ customerStart, time }: Pick<EventColumns, 'customerStart' | 'time'>): EventTable {
	return tableFromSortedColumns({ customerStart, time, event: new Uint8Array(0), value: valueColumn([]), attributes: [], customerIds: new Array<string>(customerStart.length - 1), eventNames: [] });
}

/** A table read in steps given its first columns (the runs, time, event, value): the same object, so that what a session computed from its times stays valid. */
export function withFirstColumns(table: EventTable, columns: EventColumns): EventTable {
	return Object.assign(table, tableFromSortedColumns(columns));
}

/**
 * A table read in steps (store/datasets.ts, readColumnsInTwo) given the customer ids and the attributes read
 * last: the same table object, so that what a session computed from its first columns stays valid.
 */
export function completeTable(table: EventTable, rest: Pick<EventColumns, 'customerIds' | 'attributes'>): EventTable {
	table.customerIds = rest.customerIds;
	table.attributes = rest.attributes.map((a) => ({ ...a, codes: narrowCodes(a.codes, a.values.length) }));
	return table;
}

/** The stored form of a table: the table's own arrays, not copies. */
export function storedColumns(table: EventTable): EventColumns {
	const { rowCount: _rows, ...columns } = table;
	return columns;
}

/** Start offset of each customer's rows, as if sorted by customer: a prefix sum of the counts. */
export function indexRuns(customer: Uint32Array, customerCount: number): Uint32Array {
	const start = new Uint32Array(customerCount + 1);
	for (let i = 0; i < customer.length; i++) start[customer[i] + 1]++;
	for (let c = 0; c < customerCount; c++) start[c + 1] += start[c];
	return start;
}

export function timeRange(table: EventTable): { min: number; max: number } | null {
	if (table.rowCount === 0) return null;
	// A customer's run is in time order: its first row is its earliest and its last its latest, so only those are read.
	const { customerStart, time } = table;
	let min = Infinity;
	let max = -Infinity;
	for (let c = 0; c + 1 < customerStart.length; c++) {
		const start = customerStart[c];
		const end = customerStart[c + 1];
		if (end === start) continue;
		if (time[start] < min) min = time[start];
		if (time[end - 1] > max) max = time[end - 1];
	}
	return { min, max };
}
