import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantiles, quantileSorted } from '../../../src/lib/engine/stats';

describe('quantiles without sorting', () => {
	it('gives the hand-worked R-7 quantiles', () => {
		// Sorted: 1 2 3 4 10. Median: index 2 → 3. p90: h = 3.6 → 4 + (10 − 4) × 0.6 = 7.6. p25: h = 1 → 2.
		const [median, p90, p25] = quantiles(Float64Array.of(10, 3, 1, 4, 2), [0.5, 0.9, 0.25]);
		expect([median, p25]).toEqual([3, 2]);
		expect(p90).toBeCloseTo(7.6, 12);
		expect(quantiles(new Float64Array(0), [0.5])).toEqual([null]);
		expect(quantiles(Float64Array.of(7), [0.5, 0.9])).toEqual([7, 7]);
	});

	it('property: equal to sorting, then quantileSorted, for any values and quantiles', () => {
		const value = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e12, max: 1e12, noNaN: true }));
		fc.assert(
			fc.property(fc.array(value, { maxLength: 300 }), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 5 }), (list, ps) => {
				const sorted = Float64Array.from(list).sort();
				expect(quantiles(Float64Array.from(list), ps)).toEqual(ps.map((p) => quantileSorted(sorted, p)));
			}),
			{ numRuns: 500 }
		);
	});

	it('stays linear on sorted, reversed and constant input', () => {
		const n = 200_000;
		const ascending = Float64Array.from({ length: n }, (_, i) => i);
		expect(quantiles(ascending.slice(), [0.5])).toEqual([(n - 1) / 2]);
		expect(quantiles(ascending.slice().reverse(), [0.5, 0.9])).toEqual([(n - 1) / 2, quantileSorted(ascending, 0.9)]);
		expect(quantiles(new Float64Array(n).fill(3), [0.5])).toEqual([3]);
	});
});
