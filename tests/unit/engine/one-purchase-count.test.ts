/**
 * One definition of a purchase in every view (issue 19: "purchases are counted per order everywhere"; the funnel
 * said one number of repeat buyers, RFM and the lifetime-value model another). On CDNOW, a file of dates with several
 * purchases of one customer on one day (each such day one purchase, as the published summary counts them): the
 * journey's Retention stage ("the second purchase"), RFM's frequency and the value model's repeat purchases agree,
 * customer by customer.
 */
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/lib/engine/classify';
import { journey5 } from '../../../src/lib/engine/model';
import { purchaseSummary } from '../../../src/lib/engine/purchase-summary';
import { moneyEvents } from '../../../src/lib/engine/purchases';
import { rfmRows } from '../../../src/lib/engine/value';
import { cdnowSampleTable } from '../../helpers/cdnow';

describe('a purchase is one thing in every view, on CDNOW', () => {
	const table = cdnowSampleTable();
	const last = table.time.reduce((a, b) => Math.max(a, b), -Infinity);
	const { purchases } = moneyEvents(table);
	/** Customers with two or more of what `count` counts in their rows [s, e). */
	const countWithTwo = (count: (s: number, e: number) => number) => table.customerIds.filter((_, c) => count(table.customerStart[c], table.customerStart[c + 1]) >= 2).length;

	it('the repeat buyers of the funnel, RFM and the value model are the same customers', () => {
		const classification = classify(table, journey5, { asOf: last });
		const retention = journey5.stages.findIndex((s) => s.id === 'retention');
		const stages = journey5.stages.length;
		const funnelRepeat = table.customerIds.flatMap((_, c) => (classification.entered[c * stages + retention] <= last ? [c] : []));

		const rfmRepeat = rfmRows(table, { asOf: last, purchaseEvents: purchases }).flatMap((row) => (row.frequency >= 2 ? [row.customer] : []));
		const summary = purchaseSummary(table, { period: 'week', resolution: 'instant', calibrationEnd: last, valueEvents: purchases });
		const modelRepeat = Array.from(summary.customer).filter((_, k) => summary.x[k] >= 1);

		// 2,357 customers, 6,919 rows, 223 of them a customer's second or later row on a day: 1,152 customers have two
		// rows or more, 1,139 two purchase days or more (counted apart in the test's own loop below).
		expect(funnelRepeat.length).toBe(1139);
		expect(countWithTwo((s, e) => e - s)).toBe(1152);
		expect(countWithTwo((s, e) => new Set(table.time.subarray(s, e)).size)).toBe(1139);
		expect(funnelRepeat).toEqual([...rfmRepeat].sort((a, b) => a - b));
		expect(funnelRepeat).toEqual(modelRepeat);
	});
});
