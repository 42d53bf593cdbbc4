/** Gamma-Gamma against the published CDNOW figures (Fader & Hardie 2013), and the discounted CLV built on it. */
import { describe, expect, it } from 'vitest';
import { conditionalExpectedPurchases } from '../../../src/lib/engine/bgnbd';
import { clv, expectedAverageValue, fitGammaGamma } from '../../../src/lib/engine/gamma-gamma';
import { cdnowSummary } from '../../helpers/cdnow';
import { relativeError, twoSignificantFigures } from '../../helpers/numbers';

describe('Gamma-Gamma on the 946 CDNOW repeat buyers', () => {
	const rows = cdnowSummary('cdnow_customers_summary_with_transactions.csv');
	const spend = rows.filter((row) => row.x > 0).map((row) => ({ x: row.x, mean: row.zbar }));
	const published = { p: 6.25, q: 3.74, v: 15.44 };

	it('fits p, q, v within 0.5% of the published 6.25, 3.74, 15.44', () => {
		expect(rows).toHaveLength(2357);
		expect(spend).toHaveLength(946);
		const fit = fitGammaGamma(spend);
		expect(fit.customers).toBe(946);
		for (const key of ['p', 'q', 'v'] as const) {
			expect(fit[key]).toBeCloseTo(published[key], twoSignificantFigures(published[key]));
			expect(relativeError(fit[key], published[key]), key).toBeLessThan(0.005);
		}
		// Customers without repeat purchases are skipped, so fitting all rows gives the same fit.
		const all = fitGammaGamma(rows.map((row) => ({ x: row.x, mean: row.zbar })));
		expect(all.customers).toBe(946);
		expect(all.p).toBeCloseTo(fit.p, 6);
	});

	it('expected average value: between the population mean p v/(q − 1) and the customer’s own mean', () => {
		const populationMean = (published.p * published.v) / (published.q - 1);
		expect(expectedAverageValue(published, 0, 0)).toBeCloseTo(populationMean, 12);
		const e = expectedAverageValue(published, 3, 100);
		expect(e).toBeCloseTo((published.p * (published.v + 300)) / (published.p * 3 + published.q - 1), 12);
		expect(e).toBeGreaterThan(populationMean);
		expect(e).toBeLessThan(100);
	});
});

describe('clv', () => {
	const bgnbd = { r: 0.2426, alpha: 4.4137, a: 0.793, b: 2.4262 };
	const gg = { p: 6.25, q: 3.74, v: 15.44 };
	const customer = { x: 26, tx: 30.857, T: 31, mean: 40 };

	it('undiscounted, it is the expected purchases over the horizon times the expected value', () => {
		const value = expectedAverageValue(gg, customer.x, customer.mean);
		const expected = conditionalExpectedPurchases(bgnbd, 52, customer.x, customer.tx, customer.T) * value;
		expect(clv(bgnbd, gg, customer, 52, 0)).toBeCloseTo(expected, 8);
	});

	it('discounts each period’s expected purchases by (1 + d)^k', () => {
		const value = expectedAverageValue(gg, customer.x, customer.mean);
		const e1 = conditionalExpectedPurchases(bgnbd, 1, customer.x, customer.tx, customer.T);
		const e2 = conditionalExpectedPurchases(bgnbd, 2, customer.x, customer.tx, customer.T);
		expect(clv(bgnbd, gg, customer, 2, 0.01)).toBeCloseTo((e1 * value) / 1.01 + ((e2 - e1) * value) / 1.01 ** 2, 10);
		expect(clv(bgnbd, gg, customer, 52, 0.01)).toBeLessThan(clv(bgnbd, gg, customer, 52, 0));
		expect(clv(bgnbd, gg, customer, 0, 0.01)).toBe(0);
	});
});
