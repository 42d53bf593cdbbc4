/** The benchmark refuses to time approaches that disagree (bench/lib/agree.ts). */
import { describe, expect, it } from 'vitest';
import { checkAgreement } from '../../bench/lib/agree';

import type { Numbers } from '../../bench/pages/shared';

const paths = (link: number): Numbers['paths'] => ({
	customers: 10,
	nodes: { '0:prospect': 10, '1:lead': link, '1:end': 10 - link },
	links: { '0:prospect->1:lead': link, '0:prospect->1:end': 10 - link }
});

const numbers = (funnel: number[], cell: number, link = 6, dormant = 2): Numbers[] => [
	{ funnel, retention: { '2024-01': [10, 10, cell] }, paths: paths(link), trend: { '2024-01': [10, 0, 0, 0], '2024-02': [0, 3, 0, dormant] } },
	{ funnel: [5, 1], retention: { '2024-01': [5, 5, 1] }, paths: paths(3), trend: { '2024-01': [5, 0, 0, 0], '2024-02': [0, 1, 0, 4] } }
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

	it('names the Sankey node that differs first, and a link one side lacks', () => {
		expect(() => checkAgreement({ lens: numbers([10, 4], 3), duckdb: numbers([10, 4], 3, 5) })).toThrow(/paths node 1:lead differs, duckdb vs lens \(no filter\): 5 vs 6/);
		const extra = numbers([10, 4], 3);
		extra[1].paths.links['1:lead->2:mql'] = 1;
		expect(() => checkAgreement({ lens: numbers([10, 4], 3), plain: extra })).toThrow(/paths link 1:lead->2:mql differs, plain vs lens \(filtered\): 1 vs undefined/);
	});

	it('names the trend month that differs, and a month one side lacks', () => {
		expect(() => checkAgreement({ lens: numbers([10, 4], 3), plain: numbers([10, 4], 3, 6, 1) })).toThrow(/trend month 2024-02 differs, plain vs lens \(no filter\): \[0,3,0,1\] vs \[0,3,0,2\]/);
		const fewer = numbers([10, 4], 3);
		delete fewer[1].trend['2024-02'];
		expect(() => checkAgreement({ lens: numbers([10, 4], 3), duckdb: fewer })).toThrow(/trend month 2024-02 differs, duckdb vs lens \(filtered\): undefined vs \[0,1,0,4\]/);
	});
});
