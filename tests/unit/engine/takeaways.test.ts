/**
 * Takeaways, hand-checked: the engine picks the fact from real results of a small lead lifecycle (funnel, stage
 * table, paths) and from hand-made retention, trend and value results; the sentence follows the page's language.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadEveryLocale } from '../../helpers/locales';
import { classify } from '../../../src/lib/engine/classify';
import { stagePaths } from '../../../src/lib/engine/flows';
import { funnel, type FunnelResult } from '../../../src/lib/engine/funnel';
import { clientStatus, leadLifecycle } from '../../../src/lib/engine/model';
import type { RetentionResult } from '../../../src/lib/engine/retention';
import { stageTable } from '../../../src/lib/engine/stage-table';
import { customerStatus } from '../../../src/lib/engine/status';
import { clvTakeaway, flowsTakeaway, funnelTakeaway, retentionTakeaway, rfmTakeaway, stagesTakeaway, trendTakeaway, valueTopTakeaway } from '../../../src/lib/engine/takeaways';
import type { TrendPeriod } from '../../../src/lib/engine/trend';
import type { ValueReport } from '../../../src/lib/engine/value-report';
import { i18n } from '../../../src/lib/i18n/i18n.svelte';
import { takeawayText } from '../../../src/lib/i18n/takeaway-text';
import { day, tableOf } from '../../helpers/tables';

beforeAll(loadEveryLocale);

/*
 * Lead lifecycle as of day 100 (stages prospect, lead, mql, sql, sqo, customer, repeat):
 *  A page view 1, lead 3, mql 10, sql 20, opportunity 30, purchase 40, order 95 → every stage, now repeat
 *  B lead 2, mql 6 → prospect, lead, mql;  C page view 5 → prospect;  D lead 10, mql 15 → mql;  E lead 20 → lead
 * Cumulative funnel: 5, 4, 3, 1, 1, 1, 1; step conversion 4/5, 3/4, 1/3, 1, 1, 1: the largest drop is MQL → SQL, 2/3.
 * Now in: prospect C, lead E, mql B and D, repeat A: MQL holds the most, 2 of 5 = 40%.
 * Paths over 4 positions: A goes on past them; B and D stop after MQL, C after prospect, E after lead: MQL, 2 of 5.
 */
const table = tableOf([
	['A', day(1), 'page view'],
	['A', day(3), 'lead'],
	['A', day(10), 'mql'],
	['A', day(20), 'sql'],
	['A', day(30), 'opportunity'],
	['A', day(40), 'purchase', 100],
	['A', day(95), 'order', 50],
	['B', day(2), 'lead'],
	['B', day(6), 'mql'],
	['C', day(5), 'page view'],
	['D', day(10), 'lead'],
	['D', day(15), 'mql'],
	['E', day(20), 'lead']
]);
const classification = classify(table, leadLifecycle, { asOf: day(100) });

afterEach(() => {
	i18n.locale = 'en';
});

describe('funnel, stage table and flows takeaways on a lead lifecycle', () => {
	it('names the step that loses the most customers: MQL to SQL, two of three', () => {
		const result = funnel(classification, leadLifecycle);
		expect(result.steps.map((s) => s.count)).toEqual([5, 4, 3, 1, 1, 1, 1]);
		const takeaway = funnelTakeaway(result, leadLifecycle.progression);
		expect(takeaway).toMatchObject({ kind: 'funnel-drop', from: 'MQL', to: 'SQL' });
		expect(takeaway?.kind === 'funnel-drop' && takeaway.drop).toBeCloseTo(2 / 3, 12);
		expect(takeawayText(takeaway)).toBe('Most customers are lost between MQL and SQL (-66.7%).');
		i18n.locale = 'vi';
		expect(takeawayText(takeaway)).toBe('Khách hàng rơi rụng nhiều nhất giữa MQL và SQL (-66,7%).');
	});

	it('names the step that loses the most customers, not the largest share of a few', () => {
		// 100 -> 40 loses 60 (60%); 40 -> 1 loses 39 (97.5%); 1 -> 0 loses the last one (100%).
		const steps = [100, 40, 1, 0].map((count, k, all) => ({ label: `S${k}`, count, stepConversion: k === 0 || all[k - 1] === 0 ? null : count / all[k - 1] }));
		const takeaway = funnelTakeaway({ steps } as unknown as FunnelResult, 'forward-only');
		expect(takeaway).toEqual({ kind: 'funnel-drop', from: 'S0', to: 'S1', drop: 0.6 });
		expect(takeawayText(takeaway)).toBe('Most customers are lost between S0 and S1 (-60%).');
	});

	it('says everyone gets through when no step loses anyone, and nothing for a single step', () => {
		const all = funnel(classification, leadLifecycle, { steps: [3, 4, 5, 6] });
		expect(all.steps.map((s) => s.count)).toEqual([1, 1, 1, 1]);
		expect(funnelTakeaway(all, leadLifecycle.progression)).toEqual({ kind: 'funnel-no-drop', last: 'Repeat customer' });
		expect(takeawayText(funnelTakeaway(all, leadLifecycle.progression))).toBe('Everyone who enters the funnel reaches Repeat customer.');
		expect(funnelTakeaway(funnel(classification, leadLifecycle, { steps: [0] }), leadLifecycle.progression)).toBeNull();
		expect(takeawayText(null)).toBe('');
	});

	it("gives no funnel takeaway for the client status, whose stages are states: its funnel counts who was ever in each", () => {
		const status = classify(table, clientStatus, { asOf: day(100) });
		const result = funnel(status, clientStatus);
		// As of day 100: A quiet 40 → 95 (ever inactive), D and E quiet 85 and 80 days (inactive), B and C 94 and 95 (lost);
		// cumulative, so everyone ever inactive or lost counts at Active too.
		expect(result.steps.map((s) => s.count)).toEqual([5, 5, 5, 2]);
		expect(funnelTakeaway(result, clientStatus.progression)).toBeNull();
		expect(funnelTakeaway(result, 'forward-only')).not.toBeNull();
	});

	it('names the stage that holds the most customers now: MQL, 40%', () => {
		const status = customerStatus(table, classification, { inactiveAfterDays: 30, lostAfterDays: 90 });
		const result = stageTable(table, classification, leadLifecycle, status);
		expect(result.rows.map((r) => r.current)).toEqual([1, 1, 2, 0, 0, 0, 1]);
		const takeaway = stagesTakeaway(result);
		expect(takeaway).toEqual({ kind: 'stages-most', stage: 'MQL', share: 0.4 });
		i18n.locale = 'es';
		expect(takeawayText(takeaway)).toBe('El grupo más grande de clientes está ahora en MQL (40\u00a0%).');
	});

	it('names the stage most paths end after, summed over positions: MQL, 2 of 5', () => {
		const paths = stagePaths(classification, leadLifecycle, { positions: 4 });
		const takeaway = flowsTakeaway(paths, true);
		expect(takeaway).toEqual({ kind: 'flows-stop', stage: 'MQL', share: 0.4 });
		i18n.locale = 'nl';
		expect(takeawayText(takeaway)).toBe('40% van de klanten komt niet verder dan MQL.');
	});

	it('names the largest move between two different standings for transitions, never a stay', () => {
		const transitions = {
			customers: 10,
			nodes: [
				{ id: 'a:0', position: 0, stage: 0, label: 'Lead', customers: 6 },
				{ id: 'a:1', position: 0, stage: 1, label: 'MQL', customers: 4 },
				{ id: 'b:0', position: 1, stage: 0, label: 'Lead', customers: 5 },
				{ id: 'b:1', position: 1, stage: 1, label: 'MQL', customers: 5 }
			],
			links: [
				{ source: 'a:0', target: 'b:0', customers: 5 },
				{ source: 'a:0', target: 'b:1', customers: 1 },
				{ source: 'a:1', target: 'b:1', customers: 4 }
			]
		};
		expect(flowsTakeaway(transitions, false)).toEqual({ kind: 'flows-move', from: 'Lead', to: 'MQL', share: 0.1 });
		expect(flowsTakeaway({ customers: 0, nodes: [], links: [] }, true)).toBeNull();
	});
});

describe('retention and trend takeaways', () => {
	const cohorts: RetentionResult = { period: 'month', mode: 'bounded', cohorts: [], customers: 100, average: [1, 0.35, 0.2, 0.12, null] };

	it('gives the rate a period after the start and at the furthest period with an average', () => {
		const takeaway = retentionTakeaway(cohorts);
		expect(takeaway).toEqual({ kind: 'retention', period: 'month', mode: 'bounded', rate: 0.35, later: { after: 3, rate: 0.12 } });
		expect(takeawayText(takeaway)).toBe('On average 35% of customers come back the month after they start; after 3 months, 12%.');
		expect(retentionTakeaway({ ...cohorts, average: [1, 0.35] })?.kind === 'retention' && retentionTakeaway({ ...cohorts, average: [1, 0.35] })).toMatchObject({ later: null });
		expect(takeawayText(retentionTakeaway({ ...cohorts, mode: 'unbounded', period: 'week', average: [1, 0.5] }))).toBe('On average 50% of customers come back a week or more after they start.');
		expect(retentionTakeaway({ ...cohorts, average: [1, null] })).toBeNull();
	});

	const month = (m: number, active: number): TrendPeriod => ({ period: m, label: '', start: Date.UTC(2025, m, 1), new: 0, returning: active, resurrecting: 0, dormant: 0, active });

	it('compares the last two complete periods, leaving out the one the data ends in', () => {
		// January 80, February 100, March 120, April (the data ends in it) 10: March against February, +20%.
		const takeaway = trendTakeaway({ period: 'month', periods: [month(0, 80), month(1, 100), month(2, 120), month(3, 10)] });
		expect(takeaway).toMatchObject({ kind: 'trend', from: 100, to: 120 });
		expect(takeaway?.kind === 'trend' && takeaway.change).toBeCloseTo(0.2, 12);
		expect(takeawayText(takeaway)).toBe('Active customers grew 20%, from 100 in Feb 2025 to 120 in Mar 2025.');
		const down = trendTakeaway({ period: 'month', periods: [month(0, 200), month(1, 150), month(2, 5)] });
		expect(takeawayText(down)).toBe('Active customers fell 25%, from 200 in Jan 2025 to 150 in Feb 2025.');
		expect(trendTakeaway({ period: 'month', periods: [month(0, 200), month(1, 150)] })).toBeNull();
	});
});

describe('value takeaways', () => {
	const report = {
		concentration: {
			customers: 50,
			total: 1000,
			topShares: [
				{ top: 0.01, customers: 1, share: 0.3 },
				{ top: 0.05, customers: 3, share: 0.5 },
				{ top: 0.1, customers: 5, share: 0.6 },
				{ top: 0.2, customers: 10, share: 0.74 }
			],
			lorenz: [],
			gini: 0.7,
			top: [],
			zeroOrNegative: { customers: 0, ids: [] }
		},
		rfm: {
			grid: [],
			segments: [
				{ name: 'Champions', customers: 10, rule: '' },
				{ name: 'At risk', customers: 25, rule: '' },
				{ name: 'Lost', customers: 15, rule: '' }
			]
		},
		prediction: { ok: true, horizonWeeks: 52, expectedPurchases: 1234.4, expectedValue: 56789.5 }
	} as unknown as ValueReport;

	it('the top 20% of customers and their share of revenue', () => {
		expect(valueTopTakeaway(report)).toEqual({ kind: 'value-top', top: 0.2, share: 0.74 });
		expect(takeawayText(valueTopTakeaway(report))).toBe('The top 20% of customers bring 74% of revenue.');
	});

	it('the largest RFM segment, its share of the scored customers: At risk, 25 of 50', () => {
		expect(rfmTakeaway(report)).toEqual({ kind: 'value-rfm', segment: 'At risk', customers: 25, share: 0.5 });
		expect(takeawayText(rfmTakeaway(report))).toBe('The largest RFM segment is At risk: 25 customers (50%).');
	});

	it('the lifetime-value forecast, with its worth when there is a spend model, nothing without a fit', () => {
		expect(takeawayText(clvTakeaway(report))).toBe('Over the next 52 weeks, customers are expected to make 1,234 purchases worth 56,789.50.');
		i18n.locale = 'vi';
		expect(takeawayText(clvTakeaway(report))).toBe('Trong 52 tuần tới, khách hàng dự kiến thực hiện 1.234 lần mua trị giá 56.789,50.');
		i18n.locale = 'en';
		const countOnly = { prediction: { ...report.prediction, expectedValue: null } } as ValueReport;
		expect(takeawayText(clvTakeaway(countOnly))).toBe('Over the next 52 weeks, customers are expected to make 1,234 purchases.');
		expect(clvTakeaway({ prediction: { ok: false } } as ValueReport)).toBeNull();
	});
});
