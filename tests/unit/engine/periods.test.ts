/** Month buckets are computed in arithmetic (no Date per event); they must equal the calendar's. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { periodOf, periodStart } from '../../../src/lib/engine/periods';

const byDate = (t: number) => {
	const d = new Date(t);
	return d.getUTCFullYear() * 12 + d.getUTCMonth();
};

describe('periodOf month', () => {
	it('equals the UTC calendar month for any time a Date can hold', () => {
		fc.assert(fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (t) => periodOf(t, 'month') === byDate(t)), { numRuns: 20_000 });
	});

	it('is right at month and leap-day edges, and NaN where a Date is invalid', () => {
		for (const iso of ['1970-01-01T00:00:00Z', '1969-12-31T23:59:59.999Z', '2000-02-29T12:00:00Z', '2024-03-01T00:00:00Z', '2100-02-28T23:59:59Z', '1600-03-01T00:00:00Z', '0001-01-01T00:00:00Z']) {
			const t = Date.parse(iso);
			expect(periodOf(t, 'month'), iso).toBe(byDate(t));
			expect(periodOf(t - 1, 'month'), iso).toBe(byDate(t - 1));
		}
		for (let index = 2020 * 12; index < 2030 * 12; index++) expect(periodOf(periodStart(index, 'month'), 'month')).toBe(index);
		expect(periodOf(NaN, 'month')).toBeNaN();
		expect(periodOf(9e15, 'month')).toBeNaN();
	});
});
