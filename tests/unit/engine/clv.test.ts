/**
 * Customer lifetime value: the numeric helpers (ln Γ, 2F1, Nelder–Mead), BG/NBD and Gamma-Gamma against the
 * published CDNOW figures (../shared/data/README.md), and the event-log-to-summary transform against the
 * published calibration summary.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	bgnbdLogLikelihood,
	clv,
	conditionalExpectedPurchases,
	expectedAverageValue,
	expectedPurchases,
	fitBgnbd,
	fitGammaGamma,
	probabilityAlive,
	purchaseSummary
} from '../../../src/lib/engine/clv';
import { digamma, hyp2f1, lnGamma, minimizePositive, nelderMead } from '../../../src/lib/engine/special';
import { EventTableBuilder } from '../../../src/lib/engine/table';
import { day, tableOf, type Row } from '../../helpers/tables';

/** tests/unit/engine → /work/main → /work → /work/shared/data. */
const dataFile = (name: string) => new URL(`../../../../shared/data/${name}`, import.meta.url);

function readCsv(name: string): Record<string, number>[] {
	const [header, ...lines] = readFileSync(dataFile(name), 'utf8').trim().split(/\r?\n/);
	const columns = header.split(',');
	return lines.map((line) => {
		const cells = line.split(',');
		return Object.fromEntries(columns.map((c, i) => [c, Number(cells[i])]));
	});
}

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);
/** toBeCloseTo's digits for agreement to two significant figures: 2 for 0.24, 1 for 4.4. */
const twoSignificantFigures = (v: number) => 1 - Math.floor(Math.log10(Math.abs(v)));

describe('special functions', () => {
	it('lnGamma: Γ(1/2) = √π, Γ(10) = 9!, Γ(1) = Γ(2) = 1, large and reflected arguments', () => {
		expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
		expect(lnGamma(10)).toBeCloseTo(Math.log(362880), 13);
		expect(lnGamma(1)).toBe(0);
		expect(lnGamma(2)).toBe(0);
		// References from mpmath.loggamma.
		expect(relativeError(lnGamma(100), 359.13420536957539878)).toBeLessThan(1e-14);
		expect(relativeError(lnGamma(1e-8), 18.420680738180208884)).toBeLessThan(1e-14);
		expect(lnGamma(-2.5)).toBeCloseTo(-0.05624371649767405, 13); // ln|Γ(−2.5)|
		expect(lnGamma(0)).toBe(Infinity);
		expect(lnGamma(-3)).toBe(Infinity);
	});

	it('2F1(1, 1; 2; z) = −ln(1 − z)/z, for z near 0, near 1 and negative', () => {
		for (const z of [1e-6, 0.3, 0.5, 0.8, 0.9, 0.95, 0.999, 0.999999, -0.2, -0.5, -0.9, -0.999]) {
			const expected = -Math.log1p(-z) / z;
			expect(relativeError(hyp2f1(1, 1, 2, z), expected), `z = ${z}`).toBeLessThan(1e-12);
		}
	});

	it('2F1 closed forms: (1 − z)^−a, arcsin, arctan, a terminating series', () => {
		for (const z of [0.1, 0.85, 0.99, -0.6]) {
			expect(relativeError(hyp2f1(2.7, 1.3, 1.3, z), Math.pow(1 - z, -2.7))).toBeLessThan(1e-12);
		}
		// 2F1(½, ½; 3/2; x²) = arcsin(x)/x: c − a − b = ½, so z near 1 goes through the 1 − z transformation.
		for (const x of [0.3, 0.9, 0.99, 0.9999]) {
			expect(relativeError(hyp2f1(0.5, 0.5, 1.5, x * x), Math.asin(x) / x), `x = ${x}`).toBeLessThan(1e-12);
		}
		// 2F1(½, 1; 3/2; −x²) = arctan(x)/x.
		for (const x of [0.5, 0.99]) expect(relativeError(hyp2f1(0.5, 1, 1.5, -x * x), Math.atan(x) / x)).toBeLessThan(1e-12);
		// 2F1(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1)).
		const [b, c, z] = [1.5, 2.5, 0.7];
		expect(hyp2f1(-2, b, c, z)).toBeCloseTo(1 - (2 * b * z) / c + (b * (b + 1) * z * z) / (c * (c + 1)), 14);
	});

	it('2F1 at the BG/NBD arguments agrees with mpmath.hyp2f1', () => {
		const cases: [number, number, number, number, number][] = [
			[26.2426, 28.4262, 28.2192, 0.595, 23922099582.637082],
			[0.2426, 2.4262, 2.2192, 0.9216, 2.1039861154149868],
			[0.2426, 2.4262, 2.2192, 0.9999, 29.863170228763731],
			[3, 4, 5.5, 0.85, 42.670191411515169],
			[3, 4, 7, 0.85, 13.582184262624391],
			[0.3, 0.7, -0.2, 0.9, -17.6512031148709],
			[1.5, 2.5, 3.7, -5, 0.12895610419284253],
			[1.5, 2.5, 3.7, 0.95, 10.797933050279758],
			[0.7, 0.2, -0.1, 0.95, -31.834049601081985],
			// c − a − b an integer (0, −2, 2, −2) near z = 1: the logarithmic limiting forms.
			[3, 4, 7, 0.999, 218.07891874229308],
			[3, 4, 5, 0.99999, 19999600116.342151],
			[0.5, 1.5, 4, 0.95, 1.3162232096696509],
			[2.5, 0.3, 0.8, 0.97, 334.45058985484155]
		];
		for (const [a, b, c, z, expected] of cases) {
			expect(relativeError(hyp2f1(a, b, c, z), expected), `${a}, ${b}; ${c}; ${z}`).toBeLessThan(1e-12);
		}
	});

	it('digamma: ψ(1) = −γ, ψ(½) = −γ − 2 ln 2, reflected and large arguments (mpmath)', () => {
		const eulerGamma = 0.5772156649015329;
		expect(digamma(1)).toBeCloseTo(-eulerGamma, 14);
		expect(digamma(0.5)).toBeCloseTo(-eulerGamma - 2 * Math.LN2, 14);
		expect(digamma(-2.5)).toBeCloseTo(1.1031566406452432, 13);
		expect(digamma(10.3)).toBeCloseTo(2.2828154464391227, 14);
		expect(digamma(0)).toBeNaN();
	});

	it('Nelder–Mead finds the Rosenbrock minimum; minimizePositive keeps parameters positive', () => {
		const rosenbrock = ([x, y]: number[]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
		const result = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 5000 });
		expect(result.converged).toBe(true);
		expect(result.x[0]).toBeCloseTo(1, 5);
		expect(result.x[1]).toBeCloseTo(1, 5);

		// Undefined (NaN) for non-positive values; minimum at (0.01, 300).
		const f = ([a, b]: number[]) => (a > 0 && b > 0 ? Math.log(a / 0.01) ** 2 + Math.log(b / 300) ** 2 : NaN);
		const positive = minimizePositive(f, [1, 1]);
		expect(positive.x[0]).toBeCloseTo(0.01, 8);
		expect(positive.x[1]).toBeCloseTo(300, 4);

		const capped = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 10 });
		expect(capped.converged).toBe(false);
		expect(capped.iterations).toBe(10);
	});
});

describe('BG/NBD on the CDNOW calibration summary (2,357 customers, weeks)', () => {
	const summary = readCsv('cdnow_customers_summary.csv').map((row) => ({ x: row.frequency, tx: row.recency, T: row.T }));
	const published = { r: 0.2426, alpha: 4.4137, a: 0.793, b: 2.4262 };

	it('reads all 2,357 customers from /work/shared/data', () => {
		expect(summary).toHaveLength(2357);
		expect(summary[0]).toEqual({ x: 2, tx: 30.43, T: 38.86 });
	});

	it('fits r, α, a, b within 0.1% of the published 0.2426, 4.4137, 0.7930, 2.4262, log-likelihood −9582.43', () => {
		const started = performance.now();
		const fit = fitBgnbd(summary);
		expect(performance.now() - started).toBeLessThan(5000);
		for (const key of ['r', 'alpha', 'a', 'b'] as const) {
			expect(fit[key]).toBeCloseTo(published[key], twoSignificantFigures(published[key]));
			expect(relativeError(fit[key], published[key]), key).toBeLessThan(0.001);
		}
		expect(Math.abs(fit.logLikelihood - -9582.43)).toBeLessThan(0.1);
		expect(fit.iterations).toBeGreaterThan(0);
	});

	it('log-likelihood at the published parameters is −9582.43, the same from columns as from rows', () => {
		const ll = bgnbdLogLikelihood(published, summary);
		expect(Math.abs(ll - -9582.43)).toBeLessThan(0.1);
		const columns = {
			x: Float64Array.from(summary, (d) => d.x),
			tx: Float64Array.from(summary, (d) => d.tx),
			T: Float64Array.from(summary, (d) => d.T)
		};
		expect(bgnbdLogLikelihood(published, columns)).toBe(ll);
		expect(bgnbdLogLikelihood({ ...published, r: -1 }, summary)).toBeNaN();
	});

	it('with the published parameters: E[X(52)] = 1.444; customer 1516 expects 25.757 purchases and is alive with 0.9689', () => {
		expect(Math.abs(expectedPurchases(published, 52) - 1.444)).toBeLessThan(0.001);
		expect(Math.abs(conditionalExpectedPurchases(published, 52, 26, 30.857, 31) - 25.757)).toBeLessThan(0.01);
		expect(Math.abs(probabilityAlive(published, 26, 30.857, 31) - 0.9689)).toBeLessThan(0.0005);
	});

	it('is consistent: a brand-new customer expects E[X(t)], without repeats is surely alive, and E[X(t)] grows with t', () => {
		for (const t of [1, 10, 52, 520]) {
			expect(conditionalExpectedPurchases(published, t, 0, 0, 0)).toBeCloseTo(expectedPurchases(published, t), 10);
		}
		expect(probabilityAlive(published, 0, 0, 38)).toBe(1);
		// The longer since the last purchase, the less likely alive.
		expect(probabilityAlive(published, 5, 10, 38)).toBeLessThan(probabilityAlive(published, 5, 30, 38));
		let previous = 0;
		for (const t of [0, 1, 4, 13, 52, 104, 520, 5200]) {
			const e = expectedPurchases(published, t);
			expect(Number.isFinite(e)).toBe(true);
			expect(e).toBeGreaterThanOrEqual(previous);
			previous = e;
		}
	});
});

describe('Gamma-Gamma on the 946 CDNOW repeat buyers', () => {
	const rows = readCsv('cdnow_customers_summary_with_transactions.csv');
	const spend = rows.filter((row) => row.x > 0).map((row) => ({ x: row.x, mean: row.zbar }));
	const published = { p: 6.25, q: 3.74, v: 15.44 };

	it('fits p, q, v within 0.5% of the published 6.25, 3.74, 15.44', () => {
		expect(rows).toHaveLength(2357);
		expect(spend).toHaveLength(946);
		const started = performance.now();
		const fit = fitGammaGamma(spend);
		expect(performance.now() - started).toBeLessThan(5000);
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

describe('purchaseSummary', () => {
	const DAY = 86_400_000;

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
		const builder = new EventTableBuilder();
		for (const line of readFileSync(dataFile('CDNOW_sample.txt'), 'utf8').split(/\r?\n/)) {
			const cells = line.trim().split(/\s+/);
			if (cells.length < 5) continue;
			const [, sampleId, date, , dollars] = cells;
			const time = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)));
			builder.add(String(Number(sampleId)), time, 'purchase', Number(dollars));
		}
		const table = builder.build();
		const summary = purchaseSummary(table, { period: 'week', calibrationEnd: Date.UTC(1997, 8, 30) });
		const published = readCsv('cdnow_customers_summary.csv');
		const withSpend = readCsv('cdnow_customers_summary_with_transactions.csv');
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
