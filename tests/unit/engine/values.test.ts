import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { denseValues, forEachValue, forEachValueIn, permuteValues, valueAt, valueColumn } from '../../../src/lib/engine/values';

describe('value column (only the rows that carry a value hold one)', () => {
	it('reads back every row of a hand-written column, across word boundaries', () => {
		const dense = new Float64Array(70).fill(NaN);
		// Rows 0, 31 (the top bit of the first word), 32 and 69; a refund and money in cents.
		dense[0] = 19.99;
		dense[31] = -5;
		dense[32] = 0;
		dense[69] = 1234567.89;
		const column = valueColumn(dense);
		expect(column.values).toEqual(new Float64Array([19.99, -5, 0, 1234567.89]));
		expect(Array.from({ length: 70 }, (_, i) => valueAt(column, i))).toEqual(Array.from(dense));
		const visited: [number, number][] = [];
		forEachValue(column, (row, value) => visited.push([row, value]));
		expect(visited).toEqual([[0, 19.99], [31, -5], [32, 0], [69, 1234567.89]]);
	});

	it('costs a quarter of a byte per row and 8 per value', () => {
		const dense = new Float64Array(3200).fill(NaN);
		for (let i = 0; i < dense.length; i += 80) dense[i] = i / 100;
		const { present, before, values } = valueColumn(dense);
		expect(present.byteLength + before.byteLength).toBe(3200 / 4);
		expect(values.byteLength).toBe(40 * 8);
	});

	it('is the dense column again, value for value (exact doubles, NaN where none), for any column', () => {
		const cell = fc.oneof(fc.constant(NaN), fc.double({ noNaN: true }), fc.integer({ min: -1e9, max: 1e9 }).map((cents) => cents / 100));
		fc.assert(
			fc.property(fc.array(cell, { maxLength: 200 }), (cells) => {
				const dense = Float64Array.from(cells);
				const column = valueColumn(dense);
				expect(denseValues(column)).toEqual(dense);
				for (let i = 0; i < dense.length; i++) expect(Object.is(valueAt(column, i), dense[i])).toBe(true);
				expect(column.values.length).toBe(cells.filter((v) => !Number.isNaN(v)).length);
			})
		);
	});

	it('visits the rows of a range that carry a value, in order, with their values, for any range of any column', () => {
		const cell = fc.oneof(fc.constant(NaN), fc.constant(NaN), fc.integer({ min: -1e6, max: 1e6 }).map((cents) => cents / 100));
		const columnAndRange = fc.array(cell, { maxLength: 200 }).chain((cells) =>
			fc.tuple(fc.constant(cells), fc.integer({ min: 0, max: cells.length }), fc.integer({ min: 0, max: cells.length }))
		);
		fc.assert(
			fc.property(columnAndRange, ([cells, a, b]) => {
				const [from, to] = a <= b ? [a, b] : [b, a];
				const column = valueColumn(Float64Array.from(cells));
				const visited: [number, number][] = [];
				forEachValueIn(column, from, to, (row, value) => visited.push([row, value]));
				const expected = cells.flatMap((v, row): [number, number][] => (row >= from && row < to && !Number.isNaN(v) ? [[row, v]] : []));
				expect(visited).toEqual(expected);
			})
		);
	});

	it('permuted is the dense column permuted, bits and counts as valueColumn makes them, whether every row carries a value or not', () => {
		const cell = fc.oneof(fc.constant(NaN), fc.integer({ min: -1e6, max: 1e6 }).map((cents) => cents / 100));
		const columnAndOrder = fc
			.tuple(fc.array(cell, { maxLength: 150 }), fc.boolean())
			.map(([cells, full]) => (full ? cells.map((v, i) => (Number.isNaN(v) ? i : v)) : cells))
			.chain((cells) => fc.tuple(fc.constant(cells), fc.shuffledSubarray(cells.map((_, i) => i), { minLength: cells.length })));
		fc.assert(
			fc.property(columnAndOrder, ([cells, order]) => {
				const permuted = permuteValues(valueColumn(Float64Array.from(cells)), Uint32Array.from(order));
				expect(permuted).toEqual(valueColumn(Float64Array.from(order, (row) => cells[row])));
			})
		);
	});
});
