/** Money is summed in minor units: a fully refunded customer is exactly 0, never "value above zero". */
import { describe, expect, it } from 'vitest';
import { minorUnitScale, sumMoney } from '../../../src/lib/engine/money';
import { moneyEvents } from '../../../src/lib/engine/purchases';
import { stageTable } from '../../../src/lib/engine/stage-table';
import { classify } from '../../../src/lib/engine/classify';
import { journey5 } from '../../../src/lib/engine/model';
import { customerStatus } from '../../../src/lib/engine/status';
import { retention } from '../../../src/lib/engine/retention';
import { valueReport } from '../../../src/lib/engine/value-report';
import { day, tableOf, type Row } from '../../helpers/tables';

describe('minor units', () => {
	it('finds the most decimals the values have, up to 4; more is not money', () => {
		expect(minorUnitScale([1, 20, -3])).toBe(1);
		expect(minorUnitScale([19.99, 0.1, NaN, 5])).toBe(100);
		expect(minorUnitScale([1.5, 0.125])).toBe(1000);
		expect(minorUnitScale([1 / 3])).toBe(0);
	});

	it('sums exactly where floating point does not', () => {
		expect(0.1 + 0.2 - 0.3).not.toBe(0);
		expect(sumMoney([0.1, 0.2, -0.3])).toBe(0);
		expect(sumMoney([19.99, 5.01, NaN])).toBe(25);
		// Not money: summed as it is.
		expect(sumMoney([1 / 3, 1 / 3])).toBe(2 / 3);
	});
});

describe('refunds', () => {
	/*
	 * Four customers whose every purchase was refunded (their floating-point sums are 5.6e-17, 2.8e-17, -1.8e-15 and
	 * 3.6e-15), one who kept part of an order, one who never bought.
	 *   r1  0.10 + 0.20 − 0.30         = 0
	 *   r2  0.70 + 0.10 − 0.80         = 0
	 *   r3  10.05 + 1.15 − 11.20       = 0
	 *   r4  4.35 + 19.99 − 4.35 − 19.99 = 0 (two refunds)
	 *   k   20.00 + 15.50 − 15.50      = 20
	 *   n   a visit                    = 0
	 * Net total 20; above zero: k only; at or below zero: the five others.
	 */
	const rows: Row[] = [
		['r1', day(1), 'purchase', 0.1],
		['r1', day(2), 'purchase', 0.2],
		['r1', day(3), 'refund', -0.3],
		['r2', day(1), 'purchase', 0.7],
		['r2', day(2), 'purchase', 0.1],
		['r2', day(4), 'refund', -0.8],
		['r3', day(1), 'purchase', 10.05],
		['r3', day(2), 'purchase', 1.15],
		['r3', day(5), 'refund', -11.2],
		['r4', day(1), 'purchase', 4.35],
		['r4', day(3), 'purchase', 19.99],
		['r4', day(4), 'refund', -4.35],
		['r4', day(6), 'refund', -19.99],
		['k', day(2), 'purchase', 20],
		['k', day(3), 'purchase', 15.5],
		['k', day(9), 'refund', -15.5],
		['n', day(5), 'visit']
	];
	const table = tableOf(rows);

	it('the floating-point sums are not 0 (what the report saw before)', () => {
		const naive = (id: string) => rows.filter((r) => r[0] === id).reduce((s, r) => s + (r[3] ?? 0), 0);
		expect(['r1', 'r2', 'r3', 'r4'].map(naive).filter((v) => v !== 0)).toHaveLength(4);
	});

	it('purchases and refunds: refunds are named refund and are never purchases', () => {
		const events = moneyEvents(table);
		expect([...events.purchases].map((e) => table.eventNames[e])).toEqual(['purchase']);
		expect([...events.refunds].map((e) => table.eventNames[e])).toEqual(['refund']);
	});

	it('a fully refunded customer is exactly 0: one customer above zero, five at or below', () => {
		const report = valueReport(table, { asOf: day(10), horizonWeeks: 52, yearlyDiscount: 0 });
		const c = report.concentration;
		expect(c.total).toBe(20);
		expect(c.customers).toBe(6);
		expect(c.zeroOrNegative.customers).toBe(5);
		expect(c.zeroOrNegative.ids.sort()).toEqual(['n', 'r1', 'r2', 'r3', 'r4']);
		expect(c.top).toEqual(['k', 'n']); // ceil(0.2 × 6) = 2: k, then the tie at 0 by id
		expect(c.topShares.map((s) => s.share)).toEqual([1, 1, 1, 1]);
		// One customer holds everything among six: Gini 1 − 1/6.
		expect(c.gini).toBeCloseTo(5 / 6, 12);
	});

	it('RFM: refunds are not purchases, monetary is net; the non-buyer is not scored', () => {
		const report = valueReport(table, { asOf: day(10), horizonWeeks: 52, yearlyDiscount: 0 });
		expect(report.rfm.segments.reduce((n, s) => n + s.customers, 0)).toBe(5);
		expect(report.rfm.grid.flat().reduce((a, b) => a + b, 0)).toBe(5);
	});

	it('the stage table and revenue retention hold net value, exact to the cent', () => {
		const classification = classify(table, journey5, { asOf: day(10) });
		const stages = stageTable(table, classification, journey5, customerStatus(table, classification, { inactiveAfterDays: 30, lostAfterDays: 90 }));
		// Retention (2 purchases on two days): r1, r2, r3, r4, k; reach: n.
		expect(stages.rows.map((r) => [r.current, r.valueSum])).toEqual([
			[1, 0],
			[0, 0],
			[0, 0],
			[5, 20],
			[0, 0]
		]);
		const cohorts = retention(table, { period: 'month', cohortTimes: classification.firstSeen, mode: 'bounded' }).cohorts;
		expect(cohorts.map((c) => c.revenue)).toEqual([[20]]);
	});
});
