import { describe, expect, it } from 'vitest';
import { isUnderK, SHOWN, suppress, UNDER_K, WITHHELD } from '../../../src/lib/share/suppress';

describe('small-count suppression', () => {
	it('hides counts from 1 to k − 1, never 0 or k', () => {
		expect([0, 1, 4, 5, 6].map((n) => isUnderK(n, 5))).toEqual([false, true, true, false, false]);
	});

	it('withholds the smallest other part of a total that would give a hidden count away', () => {
		// 20 = 3 + 7 + 10: 3 is under 5; alone it would be 20 − 7 − 10, so 7 (the smaller) is withheld.
		const values = [20, 3, 7, 10];
		const marks = suppress(values, values.map((v) => isUnderK(v, 5)), [{ total: 0, parts: [1, 2, 3] }]);
		expect(marks).toEqual([SHOWN, UNDER_K, WITHHELD, SHOWN]);
	});

	it('leaves a total alone when two of its parts are already hidden', () => {
		const values = [20, 3, 2, 15];
		const marks = suppress(values, values.map((v) => isUnderK(v, 5)), [{ total: 0, parts: [1, 2, 3] }]);
		expect(marks).toEqual([SHOWN, UNDER_K, UNDER_K, SHOWN]);
	});

	it('follows a withheld cell into the next relation it is the total of (a funnel 100 → 98 → 60)', () => {
		// Cells: 0 = step 1 (100), 1 = step 2 (98), 2 = drop-off 2 (2), 3 = step 3 (60), 4 = drop-off 3 (38).
		const values = [100, 98, 2, 60, 38];
		const marks = suppress(values, values.map((v) => isUnderK(v, 5)), [
			{ total: 0, parts: [1, 2] },
			{ total: 1, parts: [3, 4] }
		]);
		// The drop-off of 2 hides step 2; step 2 hidden alone in 98 = 60 + 38 then withholds 38, and 60 stays.
		expect(marks).toEqual([SHOWN, WITHHELD, UNDER_K, SHOWN, WITHHELD]);
	});

	it('ignores a relation the numbers do not satisfy', () => {
		const values = [20, 3, 7];
		expect(suppress(values, values.map((v) => isUnderK(v, 5)), [{ total: 0, parts: [1, 2] }])).toEqual([SHOWN, UNDER_K, SHOWN]);
	});
});
