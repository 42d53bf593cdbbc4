import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codesFor, Dictionary, EventTableBuilder, narrowCodes, sortTable, storedColumns, tableFromSortedColumns, timeRange } from '../../../src/lib/engine/table';
import { seededRandom } from '../../../scripts/lib/random.mjs';
import { customerOfRows, day, tableOf } from '../../helpers/tables';
import { denseValues } from '../../../src/lib/engine/values';

describe('EventTableBuilder', () => {
	it('dictionary-encodes strings and sorts rows by customer, then time', () => {
		const table = tableOf([
			['b', day(3), 'purchase', 20],
			['a', day(2), 'lead'],
			['b', day(1), 'visit'],
			['a', day(1), 'visit']
		]);
		expect(table.customerIds).toEqual(['b', 'a']);
		expect(table.eventNames).toEqual(['purchase', 'lead', 'visit']);
		expect(customerOfRows(table)).toEqual([0, 0, 1, 1]);
		expect(Array.from(table.time)).toEqual([day(1), day(3), day(1), day(2)]);
		expect(Array.from(table.event)).toEqual([2, 0, 2, 1]);
		expect(Array.from(denseValues(table.value))).toEqual([NaN, 20, NaN, NaN]);
		expect(Array.from(table.customerStart)).toEqual([0, 2, 4]);
		expect(timeRange(table)).toEqual({ min: day(1), max: day(3) });
	});

	it('keeps the input order of events at the same time (stable)', () => {
		const table = tableOf([
			['a', day(1), 'second-in-file-first'],
			['a', day(1), 'then-this'],
			['a', day(0), 'earliest']
		]);
		expect(Array.from(table.event, (e) => table.eventNames[e])).toEqual(['earliest', 'second-in-file-first', 'then-this']);
	});

	it('carries attribute columns through the sort', () => {
		const builder = new EventTableBuilder(['channel']);
		builder.add('a', day(2), 'x', NaN, ['email']);
		builder.add('a', day(1), 'x', NaN, ['organic']);
		const table = builder.build();
		expect(table.attributes[0].values).toEqual(['email', 'organic']);
		expect(Array.from(table.attributes[0].codes)).toEqual([1, 0]);
	});

	it('has no time range when empty', () => {
		expect(timeRange(tableOf([]))).toBeNull();
		expect(tableOf([]).customerStart).toEqual(new Uint32Array([0]));
	});

	it('property: sorting is a permutation that orders (customer, time), and re-indexing the stored columns agrees', () => {
		const random = seededRandom(7);
		for (let round = 0; round < 20; round++) {
			const builder = new EventTableBuilder();
			const n = random.int(0, 3000);
			const seen: string[] = [];
			for (let i = 0; i < n; i++) {
				const row = `c${random.int(0, 200)}|${random.int(0, 50)}|e${random.int(0, 5)}`;
				seen.push(row);
				const [c, t, e] = row.split('|');
				builder.add(c, Number(t), e);
			}
			const table = builder.build();
			const customer = customerOfRows(table);
			expect(customer).toHaveLength(table.rowCount);
			const rows = customer.map((c, i) => `${table.customerIds[c]}|${table.time[i]}|${table.eventNames[table.event[i]]}`);
			expect(rows.slice().sort()).toEqual(seen.slice().sort());
			for (let i = 1; i < table.rowCount; i++) {
				if (customer[i] === customer[i - 1]) expect(table.time[i] >= table.time[i - 1]).toBe(true);
			}
			expect(sortTable({ ...storedColumns(table), customer: Uint32Array.from(customer) })).toEqual(table);
		}
	});
});

describe('sortTable: each customer\'s rows by time, stably', () => {
	it('property: the rows sorted by (customer, time, order read), for runs of 1 to 80 rows in any order, with ties', () => {
		// Runs up to 32 rows are sorted by insertion, longer ones by Array.prototype.sort: both must give this order.
		fc.assert(
			fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 12 })), { maxLength: 300 }), (rows) => {
				const builder = new EventTableBuilder();
				rows.forEach(([c, t], i) => builder.add(`c${c}`, t, `e${i % 7}`, i));
				const table = builder.build();
				const expected = rows
					.map(([c, t], i) => ({ c: `c${c}`, t, i }))
					.sort((a, b) => table.customerIds.indexOf(a.c) - table.customerIds.indexOf(b.c) || a.t - b.t || a.i - b.i);
				expect(Array.from(table.time)).toEqual(expected.map((r) => r.t));
				expect(Array.from(denseValues(table.value))).toEqual(expected.map((r) => r.i));
				expect(Array.from(table.event, (e) => table.eventNames[e])).toEqual(expected.map((r) => `e${r.i % 7}`));
			}),
			{ numRuns: 300 }
		);
	});
});

describe('EventTableBuilder.append: the rows of another builder', () => {
	/** A row: customer, time, event, value (NaN for none), one attribute. */
	const row = fc.tuple(fc.constantFrom('a', 'b', 'c', 'd'), fc.integer({ min: 0, max: 50 }), fc.constantFrom('visit', 'lead', 'buy'), fc.oneof(fc.constant(NaN), fc.double({ noNaN: true, min: -1e6, max: 1e6 })), fc.constantFrom('FR', 'DE'));
	const add = (builder: EventTableBuilder, rows: [string, number, string, number, string][]) => rows.forEach(([c, t, e, v, a]) => builder.add(c, t, e, v, [a]));

	it('property: appending a builder gives the rows, dictionaries and value bits of adding them one by one, at any row offset', () => {
		// Row counts around multiples of 32: the value column's presence bits are appended a word at a time.
		fc.assert(
			fc.property(fc.array(row, { maxLength: 100, size: 'max' }), fc.array(row, { maxLength: 100, size: 'max' }), (first, second) => {
				const oneByOne = new EventTableBuilder(['country']);
				add(oneByOne, [...first, ...second]);
				const appended = new EventTableBuilder(['country']);
				add(appended, first);
				const other = new EventTableBuilder(['country']);
				add(other, second);
				appended.append(other.rows());
				// Built straight after the append: the two parts joined into the table's own arrays.
				const joined = new EventTableBuilder(['country']);
				add(joined, first);
				joined.append(other.rows());
				expect(joined.rowCount).toBe(first.length + second.length);
				const table = joined.build();
				expect(appended.rows()).toEqual(oneByOne.rows());
				expect(appended.build()).toEqual(oneByOne.build());
				expect(table).toEqual(oneByOne.build());
				// Arrays of their exact length: a hand-off moves no spare capacity.
				for (const array of [table.time, table.event, table.attributes[0].codes]) expect(array.buffer.byteLength).toBe(array.byteLength);
			})
		);
	});

	it('a file already in (customer, time) order and one by time only give the tables of adding their rows one by one', () => {
		const grouped: [string, number, string, number, string][] = [['a', 1, 'visit', NaN, 'FR'], ['a', 5, 'buy', 3, 'FR'], ['b', 2, 'visit', NaN, 'DE'], ['b', 2, 'lead', NaN, 'DE']];
		const byTime = [...grouped].sort((x, y) => x[1] - y[1]);
		for (const rows of [grouped, byTime]) {
			const oneByOne = new EventTableBuilder(['country']);
			add(oneByOne, rows);
			const joined = new EventTableBuilder(['country']);
			add(joined, rows.slice(0, 2));
			const other = new EventTableBuilder(['country']);
			add(other, rows.slice(2));
			joined.append(other.rows());
			const table = joined.build();
			expect(table).toEqual(oneByOne.build());
			expect(Array.from(table.time)).toEqual([1, 5, 2, 2]);
			expect(Array.from(table.event, (e) => table.eventNames[e])).toEqual(['visit', 'buy', 'visit', 'lead']);
		}
	});

	it('appends 100 rows carrying values every third row after 37 rows: bits and values in place', () => {
		const rows = (n: number, from: number): [string, number, string, number, string][] =>
			Array.from({ length: n }, (_, i) => ['a', from + i, 'visit', (from + i) % 3 === 0 ? from + i : NaN, 'FR']);
		const builder = new EventTableBuilder(['country']);
		add(builder, rows(37, 0));
		const other = new EventTableBuilder(['country']);
		add(other, rows(100, 37));
		builder.append(other.rows());
		const { value } = builder.rows();
		expect(value.length).toBe(137);
		expect(Array.from(denseValues(value))).toEqual(Array.from({ length: 137 }, (_, i) => (i % 3 === 0 ? i : NaN)));
	});
});

describe('Dictionary', () => {
	/** What the dictionary must give: codes in order of first appearance, as a plain Map of strings gives them. */
	function reference(values: string[]) {
		const codes = new Map<string, number>();
		return values.map((v) => codes.get(v) ?? (codes.set(v, codes.size), codes.size - 1));
	}
	const encode = (values: string[]) => {
		const dictionary = new Dictionary();
		const codes = values.map((v) => dictionary.code(v));
		return { codes, values: dictionary.values };
	};

	it('property: the codes of a Map of strings, in order of first appearance, small or large, repeats in a row or not', () => {
		// Few distinct values stay under the size searched by comparison; many go past it.
		const value = fc.oneof(fc.constantFrom('a', 'b', 'ab', '', 'a '), fc.integer({ min: 0, max: 300 }).map((n) => `C${n}`), fc.string({ maxLength: 4 }));
		fc.assert(
			fc.property(fc.array(value, { maxLength: 600 }), (values) => {
				const { codes, values: distinct } = encode(values);
				expect(codes).toEqual(reference(values));
				expect(distinct).toEqual([...new Set(values)]);
			})
		);
	});

	it('tells apart two values whose hashes are equal', () => {
		// 'C44882' and 'C580500' share a 30-bit FNV-1a hash; the earlier values take the dictionary past its small size.
		const filler = Array.from({ length: 40 }, (_, i) => `id${i}`);
		const values = [...filler, 'C44882', 'C580500', 'C44882', ...filler, 'C580500', 'x', 'C44882'];
		expect(encode(values).codes).toEqual(reference(values));
		expect(encode([...filler, 'C580500', 'C44882', 'C580500']).codes.slice(-3)).toEqual([40, 41, 40]);
	});

	it('finds thousands of values after growing, looked up again in any order, equal hashes among them', () => {
		const many = Array.from({ length: 5000 }, (_, i) => `${10_000 + i * 7}.0`);
		const values = [...many, 'C44882', 'C580500', ...many.filter((_, i) => i % 3 === 0).reverse(), 'C580500', 'C44882'];
		expect(encode(values).codes).toEqual(reference(values));
		const dictionary = new Dictionary();
		many.forEach((v) => dictionary.code(v));
		expect([many[0], many[2500], many[4999], 'C44882', '9.0'].map((v) => dictionary.lookup(v))).toEqual([0, 2500, 4999, -1, -1]);
	});
});

describe('code columns as narrow as their dictionary', () => {
	it('uses one byte per code up to 256 values, two up to 65,536, four beyond', () => {
		expect(codesFor(0, 3)).toBeInstanceOf(Uint8Array);
		expect(codesFor(256, 3)).toBeInstanceOf(Uint8Array);
		expect(codesFor(257, 3)).toBeInstanceOf(Uint16Array);
		expect(codesFor(65_536, 3)).toBeInstanceOf(Uint16Array);
		expect(codesFor(65_537, 3)).toBeInstanceOf(Uint32Array);
	});

	it('narrows stored four-byte codes with the same values, and leaves narrow ones as they are', () => {
		const wide = Uint32Array.from([0, 299, 7]);
		const narrow = narrowCodes(wide, 300);
		expect(narrow).toBeInstanceOf(Uint16Array);
		expect(Array.from(narrow)).toEqual([0, 299, 7]);
		const bytes = Uint8Array.from([1, 2]);
		expect(narrowCodes(bytes, 3)).toBe(bytes);
		expect(narrowCodes(wide, 70_000)).toBe(wide);
	});

	it('builds and reloads tables with narrow event and attribute codes', () => {
		const builder = new EventTableBuilder(['channel', 'page']);
		for (let i = 0; i < 600; i++) builder.add(`c${i % 7}`, i, `e${i % 3}`, NaN, ['web', `p${i}`]);
		const table = builder.build();
		expect(table.event).toBeInstanceOf(Uint8Array);
		expect(table.attributes[0].codes).toBeInstanceOf(Uint8Array);
		expect(table.attributes[1].codes).toBeInstanceOf(Uint16Array);
		const stored = { ...storedColumns(table), event: Uint32Array.from(table.event), attributes: table.attributes.map((a) => ({ ...a, codes: Uint32Array.from(a.codes) })) };
		const reloaded = tableFromSortedColumns(stored);
		expect(reloaded.event).toEqual(table.event);
		expect(reloaded.attributes.map((a) => a.codes)).toEqual(table.attributes.map((a) => a.codes));
		expect(reloaded.customerStart).toEqual(table.customerStart);
		expect(reloaded.value).toEqual(table.value);
	});
});
