import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/lib/engine/classify';
import { stagePaths } from '../../../src/lib/engine/flows';
import { funnel } from '../../../src/lib/engine/funnel';
import { leadLifecycle } from '../../../src/lib/engine/model';
import { flowsCsv, funnelCsv, retentionCsv, trendCsv } from '../../../src/lib/engine/results-csv';
import { retention } from '../../../src/lib/engine/retention';
import { lifecycleTrend } from '../../../src/lib/engine/trend';
import { tableOf } from '../../helpers/tables';

const t = tableOf([
	['a', Date.UTC(2025, 0, 5), 'visit', 10],
	['a', Date.UTC(2025, 1, 3), 'purchase', 20],
	['b', Date.UTC(2025, 0, 9), 'lead'],
	['b', Date.UTC(2025, 1, 20), 'visit']
]);
const c = classify(t, leadLifecycle);

describe('chart numbers as CSV', () => {
	it('funnel: one row per step', () => {
		const lines = funnelCsv(funnel(c, leadLifecycle)).trimEnd().split('\n');
		expect(lines[0]).toBe('stage_id,step,optional,customers,conversion,step_conversion,drop_off,drop_off_rate,median_days_from_previous');
		expect(lines[1]).toBe('prospect,Anonymous prospect,no,2,1,,0,,');
		// a's purchase reaches lead on Feb 3 (29 days after first seen); b is a lead at once: median 14.5 days.
		expect(lines[2]).toBe('lead,Lead,no,2,1,1,0,0,14.5');
		expect(lines).toHaveLength(8);
	});

	it('retention: one row per cohort and period, with the period state', () => {
		const csv = retentionCsv(retention(t, { period: 'month', cohortTimes: c.firstSeen, mode: 'bounded' }));
		expect(csv).toBe(
			'cohort,cohort_size,period,customers,rate,revenue,revenue_retention,period_state\n' +
				'2025-01,2,0,2,1,10,1,complete\n' +
				'2025-01,2,1,2,1,20,2,partial\n'
		);
	});

	it('flows and trend', () => {
		expect(flowsCsv(stagePaths(c, leadLifecycle, { positions: 2 })).split('\n')[0]).toBe('source,target,customers,share');
		expect(trendCsv(lifecycleTrend(t, 'month'))).toBe('period,new,returning,resurrecting,dormant,active\n2025-01,2,0,0,0,2\n2025-02,0,2,0,0,2\n');
	});
});
