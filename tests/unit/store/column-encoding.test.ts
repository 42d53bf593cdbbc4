/** Stored column encodings: decoding gives back exactly what was encoded, and each is used only where it fits. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeColumn, decodeValues, encodeCodes, encodeTimes, encodeValues } from '../../../src/lib/store/column-encoding';
import { denseValues, valueColumn } from '../../../src/lib/engine/values';

/** Customers' runs from run lengths. */
function runsOf(lengths: number[]): Uint32Array {
	const start = new Uint32Array(lengths.length + 1);
	lengths.forEach((n, c) => (start[c + 1] = start[c] + n));
	return start;
}

const roundTrip = (encoded: ReturnType<typeof encodeTimes>, customerStart?: Uint32Array) => decodeColumn(encoded.data, encoded.encoding, customerStart);
/** Values (a double per row, NaN where none) encoded from their value column and decoded back to a double per row. */
const encodeDense = (value: Float64Array) => encodeValues(valueColumn(value));
const valuesRoundTrip = (encoded: ReturnType<typeof encodeValues>) => denseValues(decodeValues(encoded.data, encoded.encoding));

describe('times', () => {
	it('whole seconds are stored as u32 seconds after the earliest, and read back to the millisecond', () => {
		const time = Float64Array.of(Date.UTC(2025, 0, 1), Date.UTC(2024, 5, 30, 23, 59, 59), Date.UTC(2025, 0, 1, 0, 0, 1), -86_400_000);
		const encoded = encodeTimes(time);
		expect(encoded.encoding).toEqual({ kind: 'seconds', base: -86_400_000 });
		expect(encoded.data).toBeInstanceOf(Uint32Array);
		expect(encoded.data.byteLength).toBe(time.byteLength / 2);
		expect(Array.from(roundTrip(encoded))).toEqual(Array.from(time));
	});

	it('a time with milliseconds, or a span over 136 years, keeps every time as it is', () => {
		expect(encodeTimes(Float64Array.of(1000, 2001)).encoding).toBeUndefined();
		expect(encodeTimes(Float64Array.of(0, 2 ** 32 * 1000)).encoding).toBeUndefined();
		expect(encodeTimes(Float64Array.of(0, (2 ** 32 - 1) * 1000)).encoding).toEqual({ kind: 'seconds', base: 0 });
		expect(encodeTimes(new Float64Array(0)).encoding).toBeUndefined();
	});

	it('property: seconds exactly when every time is a multiple of 1,000 ms (as t % 1000 says), near multiples and infinities included', () => {
		const multiple = fc.integer({ min: -2e9, max: 4e9 }).map((s) => s * 1000);
		const nearMultiple = fc.tuple(multiple, fc.constantFrom(1e-4, -1e-4, 2.44e-4, 0.5, 1, 999)).map(([t, d]) => t + d);
		const odd = fc.constantFrom(Infinity, -Infinity, 1.5e300);
		fc.assert(
			fc.property(fc.array(fc.oneof(multiple, multiple, nearMultiple, odd), { minLength: 1, maxLength: 20 }), (times) => {
				const time = Float64Array.from(times);
				const span = (Math.max(...time) - Math.min(...time)) / 1000;
				const whole = Array.from(time).every((t) => t % 1000 === 0) && span <= 0xffffffff;
				expect(encodeTimes(time).encoding !== undefined).toBe(whole);
			})
		);
	});

	it('property: any times decode to the same times', () => {
		const seconds = fc.integer({ min: -2e9, max: 4e9 }).map((s) => s * 1000);
		const anyTime = fc.oneof(seconds, fc.integer({ min: -1e13, max: 1e13 }), fc.double({ min: -1e13, max: 1e13, noNaN: true }));
		fc.assert(
			fc.property(fc.array(fc.oneof(seconds, anyTime), { maxLength: 200 }), (times) => {
				const time = Float64Array.from(times);
				// -0 and 0 are one instant (the same time to every comparison the engine makes): the seconds form gives
				// a -0 back as 0, the plain form as -0. Every other time comes back to the bit.
				const instant = (t: number) => t + 0;
				expect(Array.from(roundTrip(encodeTimes(time)), instant)).toEqual(Array.from(time, instant));
			})
		);
	});
});

describe('values', () => {
	it('rows without a value take a bit; the values carried are kept exactly, -0 and minor units included', () => {
		const value = new Float64Array(100).fill(NaN);
		value[0] = 19.99;
		value[31] = -0;
		value[32] = 1e-7;
		value[99] = -1234.5;
		const encoded = encodeDense(value);
		expect(encoded.encoding).toEqual({ kind: 'sparse', rows: 100 });
		// Four words of bits, then four doubles.
		expect(encoded.data.byteLength).toBe(16 + 32);
		const decoded = valuesRoundTrip(encoded);
		expect(Array.from(decoded)).toEqual(Array.from(value));
		expect(Object.is(decoded[31], -0)).toBe(true);
	});

	it('a column where nearly every row carries a value keeps a double per row (the bits would cost more than the gaps save)', () => {
		const value = Float64Array.from({ length: 64 }, (_, i) => (i === 5 ? NaN : i));
		expect(encodeDense(value).encoding).toBeUndefined();
		value[6] = NaN;
		expect(encodeDense(value).encoding).toEqual({ kind: 'sparse', rows: 64 });
	});

	it('property: any values decode to the same values, NaN where a row carries none', () => {
		const cell = fc.oneof(fc.constant(NaN), fc.constant(NaN), fc.double());
		fc.assert(
			fc.property(fc.array(cell, { maxLength: 300 }), (cells) => {
				const value = Float64Array.from(cells);
				const decoded = valuesRoundTrip(encodeDense(value));
				expect(decoded.length).toBe(value.length);
				value.forEach((v, i) => expect(Object.is(decoded[i], v) || (Number.isNaN(v) && Number.isNaN(decoded[i]))).toBe(true));
			})
		);
	});
});

describe('attribute codes', () => {
	it("a customer's attribute shared by all their rows is stored once per customer, in the codes' own width", () => {
		const customerStart = runsOf([3, 0, 2, 1]);
		const codes = Uint16Array.of(7, 7, 7, 300, 300, 2);
		const encoded = encodeCodes(codes, customerStart);
		expect(encoded.encoding).toEqual({ kind: 'perCustomer', rows: 6 });
		expect(Array.from(encoded.data)).toEqual([7, 0, 300, 2]);
		const decoded = roundTrip(encoded, customerStart);
		expect(decoded).toBeInstanceOf(Uint16Array);
		expect(Array.from(decoded)).toEqual(Array.from(codes));
	});

	it('an attribute that changes within a customer keeps a code per row', () => {
		expect(encodeCodes(Uint8Array.of(1, 1, 2), runsOf([3])).encoding).toBeUndefined();
	});

	it('property: any codes over any runs decode to the same codes', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 40 }), fc.boolean(), fc.integer({ min: 1, max: 1000 }), (lengths, constant, seed) => {
				const customerStart = runsOf(lengths);
				const rows = customerStart[lengths.length];
				const codes = new Uint8Array(rows);
				for (let c = 0; c < lengths.length; c++)
					for (let i = customerStart[c]; i < customerStart[c + 1]; i++) codes[i] = constant ? (c * seed) % 251 : (i * seed) % 7;
				expect(Array.from(roundTrip(encodeCodes(codes, customerStart), customerStart))).toEqual(Array.from(codes));
			})
		);
	});
});
