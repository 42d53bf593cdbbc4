import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/lib/engine/classify';
import { stagePaths } from '../../../src/lib/engine/flows';
import { funnel } from '../../../src/lib/engine/funnel';
import { leadLifecycle } from '../../../src/lib/engine/model';
import { flowsCsv, funnelCsv, predictionsCsv, retentionCsv, rfmGridCsv, stageTableCsv, topSharesCsv, trendCsv } from '../../../src/lib/engine/results-csv';
import { stageTable } from '../../../src/lib/engine/stage-table';
import { customerStatus } from '../../../src/lib/engine/status';
import { DEFAULT_STATUS } from '../../../src/lib/engine/model';
import { retention } from '../../../src/lib/engine/retention';
import { lifecycleTrend } from '../../../src/lib/engine/trend';
import { day, tableOf } from '../../helpers/tables';
import { EngineSession } from '../../../src/lib/engine/session';

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

	it('stage table: one row per stage, times in days', () => {
		// a: first seen Jan 5, buys Feb 3 (20) and so reaches every stage up to customer that day; b: a lead on Jan 9.
		// prospect → lead: b at once, a after 29 days: median 14.5, p90 0 + 29 × 0.9 = 26.1. a is now a customer worth
		// 10 + 20 = 30 (every event carrying a value is a purchase: engine/purchases.ts).
		const lines = stageTableCsv(stageTable(t, c, leadLifecycle, customerStatus(t, c, DEFAULT_STATUS))).trimEnd().split('\n');
		expect(lines[0]).toBe('stage_id,stage,entered,in_it_now,share,conversion_to_next,median_days_in_stage,p90_days_in_stage,value_sum,value_mean,inactive,lost');
		expect(lines[1]).toBe('prospect,Anonymous prospect,2,0,0,1,14.5,26.1,0,,0,0');
		expect(lines[6]).toBe('customer,Customer,1,1,0.5,0,,,30,30,0,0');
		expect(lines).toHaveLength(8);
	});

	it('counting by entries: an entries column after the customers, and the median cumulative days in each stage', () => {
		// r: a lead on day 1, MQL on day 2, a lead again on day 5 (recycled), MQL again on day 7 (the data's end).
		// Stays: lead 1-2, MQL 2-5, lead 5-7, MQL 7-7: two entries each, 1 + 2 = 3 days a lead, 3 + 0 in MQL.
		const recycled = tableOf([['r', day(1), 'lead'], ['r', day(2), 'mql'], ['r', day(5), 'lead'], ['r', day(7), 'mql']]);
		const { funnel: f, stages } = new EngineSession(recycled).lifecycle({ model: leadLifecycle, mode: 'cumulative', windowDays: null, counting: 'entries' });
		const funnelLines = funnelCsv(f).trimEnd().split('\n');
		expect(funnelLines[0]).toBe('stage_id,step,optional,customers,entries,conversion,step_conversion,drop_off,drop_off_rate,median_days_from_previous');
		expect(funnelLines.slice(1, 4)).toEqual(['prospect,Anonymous prospect,no,1,1,1,,0,,', 'lead,Lead,no,1,2,1,1,0,0,0', 'mql,MQL,no,1,2,1,1,0,0,1']);
		const stageLines = stageTableCsv(stages).trimEnd().split('\n');
		expect(stageLines[0]).toBe(
			'stage_id,stage,entered,entries,in_it_now,share,conversion_to_next,median_days_in_stage,p90_days_in_stage,median_cumulative_days_in_stage,value_sum,value_mean,inactive,lost'
		);
		expect(stageLines.slice(1, 4)).toEqual(['prospect,Anonymous prospect,1,1,0,0,1,0,0,,0,,0,0', 'lead,Lead,1,2,0,0,1,1,1,3,0,,0,0', 'mql,MQL,1,2,1,1,0,,,3,0,0,0,0']);
	});

	it('value: the 80/20 table, the RFM grid cell by cell, the top predictions (a CLV the model cannot give is empty)', () => {
		expect(topSharesCsv({ topShares: [{ top: 0.01, customers: 1, share: 0.5 }, { top: 0.2, customers: 3, share: null }] })).toBe('top,customers,value_share\n0.01,1,0.5\n0.2,3,\n');
		expect(rfmGridCsv([[1, 2], [3, 4]])).toBe('recency_score,frequency_score,customers\n1,1,1\n1,2,2\n2,1,3\n2,2,4\n');
		expect(predictionsCsv([{ id: 'a', repeatPurchases: 2, probabilityAlive: 0.5, expectedPurchases: 1.25, clv: NaN }, { id: 'b', repeatPurchases: 0, probabilityAlive: 1, expectedPurchases: 0.1, clv: 12.5 }])).toBe(
			'customer_id,repeat_purchases,p_alive,expected_purchases,clv\na,2,0.5,1.25,\nb,0,1,0.1,12.5\n'
		);
	});
});
