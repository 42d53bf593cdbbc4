/** The benchmark refuses to time approaches that disagree (bench/lib/agree.ts). */
import { describe, expect, it } from 'vitest';
import { checkAgreement } from '../../bench/lib/agree';

import type { Numbers } from '../../bench/pages/shared';

const numbers = (funnel: number[], cell: number): Numbers[] => [
	{ funnel, retention: { '2024-01': [10, 10, cell] } },
	{ funnel: [5, 1], retention: { '2024-01': [5, 5, 1] } }
];

describe('checkAgreement', () => {
	it('passes when every approach has the same numbers', () => {
		expect(() => checkAgreement({ lens: numbers([10, 4], 3), plain: numbers([10, 4], 3), duckdb: numbers([10, 4], 3) })).not.toThrow();
	});

	it('names the approach and the funnel that differ', () => {
		expect(() => checkAgreement({ lens: numbers([10, 4], 3), plain: numbers([10, 4], 3), duckdb: numbers([10, 5], 3) })).toThrow(/funnel differs, duckdb vs lens \(no filter\)/);
	});

	it('names the retention cohort that differs, and a cohort one side lacks', () => {
		expect(() => checkAgreement({ lens: numbers([10, 4], 3), plain: numbers([10, 4], 2) })).toThrow(/retention cohort 2024-01 differs, plain vs lens/);
		const extra = numbers([10, 4], 3);
		extra[1].retention['2024-02'] = [1, 1];
		expect(() => checkAgreement({ lens: numbers([10, 4], 3), plain: extra })).toThrow(/cohort 2024-02 differs, plain vs lens \(filtered\)/);
	});
});
