/** From an event log to the BG/NBD summary: hand-checked logs, and the published CDNOW calibration summary. */
import { describe, expect, it } from 'vitest';
import { fitBgnbd } from '../../../src/lib/engine/bgnbd';
import { purchaseSummary } from '../../../src/lib/engine/purchase-summary';
import { cdnowSampleTable, cdnowSummary } from '../../helpers/cdnow';
import { relativeError, twoSignificantFigures } from '../../helpers/numbers';
import { DAY, day, tableOf, type Row } from '../../helpers/tables';

describe('purchaseSummary', () => {
	it('merges same-day purchases, counts repeats, measures in weeks, stops at the calibration end', () => {
		const rows: Row[] = [
			['a', day(1), 'purchase', 10],
			['a', day(1) + 5 * 3_600_000, 'purchase', 5], // same day: merged into the first purchase
			['a', day(8), 'purchase', 20],
			['a', day(8), 'visit', 999], // not a purchase
			['a', day(15) + 3_600_000, 'purchase', 4],
			['a', day(15) + 7_200_000, 'purchase', NaN], // merged, NaN as 0
			['a', day(30), 'purchase', 100], // after the calibration end
			['b', day(10), 'purchase', 7],
			['c', day(29) + 60_000, 'purchase', 1], // on the end day: counts
			['d', day(40), 'purchase', 1] // first purchase after the end: no row
		];
		const table = tableOf(rows);
		const purchase = table.eventNames.indexOf('purchase');
		const s = purchaseSummary(table, { period: 'week', calibrationEnd: day(29), valueEvents: new Set([purchase]) });
		expect(Array.from(s.customer).map((c) => table.customerIds[c])).toEqual(['a', 'b', 'c']);
		expect(Array.from(s.x)).toEqual([2, 0, 0]);
		expect(Array.from(s.tx)).toEqual([2, 0, 0]);
		expect(Array.from(s.T)).toEqual([4, 19 / 7, 0]);
		expect(Array.from(s.mean)).toEqual([12, 0, 0]);

		const days = purchaseSummary(table, { period: 'day', calibrationEnd: day(29), valueEvents: new Set([purchase]) });
		expect(Array.from(days.tx)).toEqual([14, 0, 0]);
		expect(Array.from(days.T)).toEqual([28, 19, 0]);

		const masked = purchaseSummary(table, { period: 'week', calibrationEnd: day(29), mask: Uint8Array.from([0, 1, 1, 1]) });
		expect(Array.from(masked.customer).map((c) => table.customerIds[c])).toEqual(['b', 'c']);
	});

	it("resolution 'instant' (the value report's) merges only purchases at one instant: two orders on a day are two", () => {
		const hour = 3_600_000;
		const rows: Row[] = [
			['a', day(1) + 9 * hour, 'purchase', 10],
			['a', day(1) + 9 * hour, 'purchase', 2], // a second line of the same order: merged, 12
			['a', day(1) + 17 * hour, 'purchase', 5], // a second order that day: a repeat purchase at tx 0
			['a', day(8), 'purchase', 20],
			['a', day(9), 'refund', -20] // not a purchase
		];
		const table = tableOf(rows);
		const s = purchaseSummary(table, { period: 'week', calibrationEnd: day(29), resolution: 'instant', valueEvents: new Set([table.eventNames.indexOf('purchase')]) });
		expect(Array.from(s.x)).toEqual([2]);
		expect(Array.from(s.tx)).toEqual([1]);
		expect(Array.from(s.T)).toEqual([4]);
		expect(Array.from(s.mean)).toEqual([12.5]); // (5 + 20) / 2
		// By day, the two orders of day 1 are one purchase.
		expect(Array.from(purchaseSummary(table, { period: 'week', calibrationEnd: day(29), valueEvents: new Set([table.eventNames.indexOf('purchase')]) }).x)).toEqual([1]);
	});

	it("resolution 'period' merges whole calendar weeks (Monday to Sunday) and counts whole weeks, as lifetimes", () => {
		// 2025-01-06 is a Monday.
		const monday = Date.UTC(2025, 0, 6);
		const table = tableOf([
			['a', monday, 'purchase', 1],
			['a', monday + 6 * DAY, 'purchase', 2], // Sunday, same week
			['a', monday + 7 * DAY, 'purchase', 3], // next Monday
			['a', monday + 20 * DAY, 'purchase', 4] // Sunday of the third week
		]);
		const s = purchaseSummary(table, { period: 'week', calibrationEnd: monday + 30 * DAY, resolution: 'period' });
		expect(Array.from(s.x)).toEqual([2]);
		expect(Array.from(s.tx)).toEqual([2]);
		expect(Array.from(s.T)).toEqual([4]);
		expect(Array.from(s.mean)).toEqual([3.5]);
	});

	describe('on the CDNOW sample log (6,919 purchases)', () => {
		const table = cdnowSampleTable();
		const summary = purchaseSummary(table, { period: 'week', calibrationEnd: Date.UTC(1997, 8, 30) });
		const published = cdnowSummary('cdnow_customers_summary.csv');
		const withSpend = cdnowSummary('cdnow_customers_summary_with_transactions.csv');
		const rowOf = new Map(Array.from(summary.customer, (c, i) => [table.customerIds[c], i]));

		it('reproduces the published frequency, recency and T of all 2,357 customers, and zbar', () => {
			expect(table.rowCount).toBe(6919);
			expect(summary.x).toHaveLength(2357);
			let matched = 0;
			for (const [k, row] of published.entries()) {
				const i = rowOf.get(String(row.ID))!;
				expect(summary.x[i], `customer ${row.ID}`).toBe(row.frequency);
				// The published figures are rounded to 2 decimals: tx = days / 7, T = (1997-09-30 − first day) / 7.
				expect(Math.abs(summary.tx[i] - row.recency), `customer ${row.ID}`).toBeLessThanOrEqual(0.005 + 1e-9);
				expect(Math.abs(summary.T[i] - row.T), `customer ${row.ID}`).toBeLessThanOrEqual(0.005 + 1e-9);
				expect(Math.abs(summary.mean[i] - withSpend[k].zbar), `customer ${row.ID}`).toBeLessThanOrEqual(0.005 + 1e-9);
				matched++;
			}
			expect(matched).toBe(2357);
		});

		it('fits the same BG/NBD parameters (to 2 significant figures, and within 0.1%)', () => {
			const fit = fitBgnbd(summary);
			const expected = { r: 0.2426, alpha: 4.4137, a: 0.793, b: 2.4262 };
			for (const key of ['r', 'alpha', 'a', 'b'] as const) {
				expect(fit[key]).toBeCloseTo(expected[key], twoSignificantFigures(expected[key]));
				expect(relativeError(fit[key], expected[key]), key).toBeLessThan(0.001);
			}
		});
	});
});
