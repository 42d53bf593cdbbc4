/**
 * The value column in memory: only the rows that carry a value hold one. Most events carry none (page views, emails,
 * stage changes: about 1 in 80 of the bench log's events is a purchase), so a Float64 per row, NaN when absent, was
 * 8 bytes per event for almost nothing. Here a row costs a quarter of a byte (a bit saying whether it carries a
 * value, and every 32 rows a count of the values before them) and a value 8 bytes; reading row i stays O(1).
 * Plain data (no class), so a table keeps its shape through a worker's structured clone. The values are the same
 * doubles as read, so money stays exact.
 */
export interface ValueColumn {
	/** Rows. */
	length: number;
	/** Bit (i & 31) of present[i >>> 5] is set when row i carries a value. */
	present: Uint32Array;
	/** before[w]: the values carried by the rows before row 32 × w. */
	before: Uint32Array;
	/** The values carried, in row order. */
	values: Float64Array;
}

/** Set bits of a 32-bit word. */
export function bitCount(word: number): number {
	word -= (word >>> 1) & 0x55555555;
	word = (word & 0x33333333) + ((word >>> 2) & 0x33333333);
	return (((word + (word >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Row i's value; NaN when it carries none. */
export function valueAt(column: ValueColumn, i: number): number {
	const word = column.present[i >>> 5];
	const bit = 1 << (i & 31);
	if ((word & bit) === 0) return NaN;
	// bit - 1 masks the rows before i within the word (for bit 31, ToInt32 makes it 0x7fffffff).
	return column.values[column.before[i >>> 5] + bitCount(word & (bit - 1))];
}

/** before[w] for each word of presence bits: the set bits of the words before it (a prefix popcount). */
export function countBefore(present: Uint32Array): Uint32Array {
	const before = new Uint32Array(present.length);
	for (let w = 1; w < present.length; w++) before[w] = before[w - 1] + bitCount(present[w - 1]);
	return before;
}

/** The column of `length` rows whose presence bits and carried values these are (as stored): only `before` is counted. */
export function columnOfPresent(length: number, present: Uint32Array, values: Float64Array): ValueColumn {
	return { length, present, before: countBefore(present), values };
}

/**
 * The column with its rows in `order` (row i of the result is row order[i] of `column`), built bit by bit: the sort
 * of an import's rows moves the values carried, never a double per row.
 */
export function permuteValues(column: ValueColumn, order: Uint32Array): ValueColumn {
	const length = order.length;
	if (column.values.length === length) {
		// Every row carries a value (an order file's purchases and refunds): the bits stay all set, the values move.
		const values = new Float64Array(length);
		for (let i = 0; i < length; i++) values[i] = column.values[order[i]];
		return { length, present: column.present.slice(), before: column.before.slice(), values };
	}
	const words = (length + 31) >>> 5;
	const present = new Uint32Array(words);
	const before = new Uint32Array(words);
	const values = new Float64Array(column.values.length);
	const from = column.present;
	let k = 0;
	for (let i = 0; i < length; i++) {
		if ((i & 31) === 0) before[i >>> 5] = k;
		const row = order[i];
		const word = from[row >>> 5];
		const bit = 1 << (row & 31);
		if ((word & bit) === 0) continue;
		present[i >>> 5] |= 1 << (i & 31);
		values[k++] = column.values[column.before[row >>> 5] + bitCount(word & (bit - 1))];
	}
	return { length, present, before, values };
}

/** The column of a row per value, NaN where a row carries none: how older datasets stored it, converted once here. */
export function valueColumn(dense: ArrayLike<number>): ValueColumn {
	const length = dense.length;
	const words = (length + 31) >>> 5;
	const present = new Uint32Array(words);
	let carried = 0;
	for (let i = 0; i < length; i++) {
		if (Number.isNaN(dense[i])) continue;
		present[i >>> 5] |= 1 << (i & 31);
		carried++;
	}
	const before = new Uint32Array(words);
	const values = new Float64Array(carried);
	for (let i = 0, k = 0; i < length; i++) {
		if ((i & 31) === 0) before[i >>> 5] = k;
		if (!Number.isNaN(dense[i])) values[k++] = dense[i];
	}
	return { length, present, before, values };
}

/** A Float64 per row, NaN where a row carries no value: stored so when nearly every row carries one. */
export function denseValues(column: ValueColumn): Float64Array {
	const dense = new Float64Array(column.length).fill(NaN);
	forEachValue(column, (row, value) => (dense[row] = value));
	return dense;
}

/** Calls visit(row, value) for each row that carries a value, in row order. */
export function forEachValue(column: ValueColumn, visit: (row: number, value: number) => void): void {
	const { present, values } = column;
	let k = 0;
	for (let w = 0; w < present.length; w++) {
		let word = present[w];
		while (word !== 0) {
			const low = word & -word;
			visit(w * 32 + (31 - Math.clz32(low)), values[k++]);
			word ^= low;
		}
	}
}

/** Calls visit(row, value) for each row from `from` up to (not including) `to` that carries a value, in row order. */
export function forEachValueIn(column: ValueColumn, from: number, to: number, visit: (row: number, value: number) => void): void {
	const { present, before, values } = column;
	for (let w = from >>> 5; w * 32 < to; w++) {
		// Bits from `from` on in its word (the values before them skipped), up to `to` in its word.
		const skipped = w === from >>> 5 ? from & 31 : 0;
		let word = present[w] & (-1 << skipped);
		if ((w + 1) * 32 > to) word &= (1 << (to & 31)) - 1;
		let k = before[w] + bitCount(present[w] & ((1 << skipped) - 1));
		while (word !== 0) {
			const low = word & -word;
			visit(w * 32 + (31 - Math.clz32(low)), values[k++]);
			word ^= low;
		}
	}
}

/** The buffers under a value column, for a message between workers to transfer (present and values may share one). */
export const valueBuffers = (column: ValueColumn): ArrayBuffer[] => [column.present.buffer, column.before.buffer, column.values.buffer] as ArrayBuffer[];

/** The bytes a value column stores: its presence bits and the values carried. */
export const storedValueBytes = (column: ValueColumn): number => column.present.byteLength + column.values.byteLength;
