/**
 * How a dataset's columns are kept in storage, in fewer bytes than in memory: a cold start reads them all back, and
 * IndexedDB's read took time in proportion to the bytes (bench/README.md, "Cold first answers"). Each column is one
 * array; its encoding says how that array makes the column's values, and decoding gives back exactly the values
 * encoded. A column with no encoding holds its values as they are (every dataset stored before encodings existed).
 */
import type { Codes } from '../engine/table';
import { columnOfPresent, denseValues, valueColumn, type ValueColumn } from '../engine/values';

export type ColumnKind = 'u8' | 'u16' | 'u32' | 'f64';
export type ColumnArray = Codes | Float64Array;

export type Encoding =
	/** Times (epoch ms): whole seconds after `base`, as u32, when every time is a whole second less than 136 years after it. */
	| { kind: 'seconds'; base: number }
	/**
	 * Values, most rows carrying none (NaN): one byte array, a bit per row (set when the row carries a value; u32
	 * words), then the values carried (f64, 8-byte aligned), in row order.
	 */
	| { kind: 'sparse'; rows: number }
	/** Attribute codes: one per customer, when each customer's rows all have the same one (a customer's plan, country). */
	| { kind: 'perCustomer'; rows: number };

export interface EncodedArray {
	kind: ColumnKind;
	data: ColumnArray;
	encoding?: Encoding;
}

export const ARRAYS = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, f64: Float64Array } as const;

export const kindOf = (data: ColumnArray): ColumnKind =>
	data instanceof Float64Array ? 'f64' : data instanceof Uint8Array ? 'u8' : data instanceof Uint16Array ? 'u16' : 'u32';

const plain = (data: ColumnArray): EncodedArray => ({ kind: kindOf(data), data });

/** Times as whole seconds after the earliest when they all are whole seconds (most exports' resolution); else as they are. */
export function encodeTimes(time: Float64Array): EncodedArray {
	let base = Infinity;
	let max = -Infinity;
	for (let i = 0; i < time.length; i++) {
		const t = time[i];
		// Whether t is a whole second, as t % 1000 === 0 says, without the floating-point remainder (a runtime call per
		// row) for every time a date can be: below 2^53 the product of a whole number and 1000 is exact, so it equals t
		// only when t is a multiple. Beyond (and for NaN, infinities) the remainder decides, as it did.
		if (!(Math.abs(t) < 2 ** 53 ? Math.floor(t / 1000) * 1000 === t : t % 1000 === 0)) return plain(time);
		if (t < base) base = t;
		if (t > max) max = t;
	}
	if (time.length === 0 || (max - base) / 1000 > 0xffffffff) return plain(time);
	const seconds = new Uint32Array(time.length);
	for (let i = 0; i < time.length; i++) seconds[i] = (time[i] - base) / 1000;
	return { kind: 'u32', data: seconds, encoding: { kind: 'seconds', base } };
}

/**
 * Values as the column holds them (its presence bits, then the values carried), when that is smaller than a double
 * per row; else a double per row, NaN where a row carries none.
 */
export function encodeValues(column: ValueColumn): EncodedArray {
	const valuesAt = align8(column.present.byteLength);
	const bytes = valuesAt + column.values.byteLength;
	if (bytes >= column.length * 8) return plain(denseValues(column));
	const data = new Uint8Array(bytes);
	data.set(new Uint8Array(column.present.buffer, column.present.byteOffset, column.present.byteLength));
	data.set(new Uint8Array(column.values.buffer, column.values.byteOffset, column.values.byteLength), valuesAt);
	return { kind: 'u8', data, encoding: { kind: 'sparse', rows: column.length } };
}

/**
 * The value column from its stored array: the sparse form is used as read (its bits and values are views of it; only
 * the counts before each word are computed); a double per row (the dense form, and every dataset stored before
 * encodings) is converted once.
 */
export function decodeValues(data: ColumnArray, encoding: Encoding | undefined): ValueColumn {
	if (!encoding) return valueColumn(data);
	if (encoding.kind !== 'sparse') throw new Error(`values are not stored as ${encoding.kind}`);
	const { rows } = encoding;
	// Views need the bits 4-aligned and the values 8-aligned; a joined read starts a buffer, so this copy is rare.
	const bytes = data.byteOffset % 8 === 0 ? (data as Uint8Array) : (data as Uint8Array).slice();
	const words = (rows + 31) >>> 5;
	const present = new Uint32Array(bytes.buffer, bytes.byteOffset, words);
	const valuesAt = align8(words * 4);
	const values = new Float64Array(bytes.buffer, bytes.byteOffset + valuesAt, (bytes.byteLength - valuesAt) / 8);
	return columnOfPresent(rows, present, values);
}

/** Attribute codes as one per customer when every customer's rows share theirs; else as they are. */
export function encodeCodes(codes: Codes, customerStart: Uint32Array): EncodedArray {
	const customers = customerStart.length - 1;
	const perCustomer = new (codes.constructor as typeof Uint32Array)(Math.max(0, customers));
	for (let c = 0; c < customers; c++) {
		const start = customerStart[c];
		const end = customerStart[c + 1];
		if (end === start) continue;
		const code = codes[start];
		for (let i = start + 1; i < end; i++) if (codes[i] !== code) return plain(codes);
		perCustomer[c] = code;
	}
	return { kind: kindOf(codes), data: perCustomer, encoding: { kind: 'perCustomer', rows: codes.length } };
}

/** A column's values from its stored array (not the value column's: decodeValues); attribute codes per customer need the customers' runs. */
export function decodeColumn(data: ColumnArray, encoding: Encoding | undefined, customerStart?: Uint32Array): ColumnArray {
	if (!encoding) return data;
	switch (encoding.kind) {
		case 'seconds':
			return decodeSecondsParts([data as Uint32Array], encoding.base, data.length);
		case 'sparse':
			throw new Error('the value column is decoded by decodeValues');
		case 'perCustomer': {
			if (!customerStart) throw new Error('codes stored per customer need the customers’ runs');
			const codes = new (data.constructor as typeof Uint32Array)(encoding.rows);
			for (let c = 0; c < data.length; c++) codes.fill(data[c], customerStart[c], customerStart[c + 1]);
			return codes;
		}
	}
}

/**
 * Times stored as seconds after `base`, from the parts they were stored in (a column's chunks, in order, `length`
 * values in all), decoded into one array: no joined copy of the parts first (at 1M events 4 MB less to allocate and
 * copy on a cold start).
 */
export function decodeSecondsParts(parts: Uint32Array[], base: number, length: number): Float64Array {
	const time = new Float64Array(length);
	let at = 0;
	for (const seconds of parts) {
		secondsInto(time, at, seconds, base);
		at += seconds.length;
	}
	return time;
}

/** One part's seconds into `time` from `at`: a function of its own, optimised after its first parts. */
function secondsInto(time: Float64Array, at: number, seconds: Uint32Array, base: number) {
	for (let i = 0; i < seconds.length; i++) time[at + i] = base + seconds[i] * 1000;
}

const align8 = (bytes: number) => Math.ceil(bytes / 8) * 8;
