/** BG/NBD against the published CDNOW figures (Fader, Hardie & Lee 2005; tests/fixtures/README.md). */
import { describe, expect, it } from 'vitest';
import {
	bgnbdLogLikelihood,
	bgnbdLogLikelihoodWithGradient,
	conditionalExpectedPurchases,
	expectedPurchases,
	fitBgnbd,
	probabilityAlive
} from '../../../src/lib/engine/bgnbd';
import { cdnowSummary } from '../../helpers/cdnow';
import { relativeError, twoSignificantFigures } from '../../helpers/numbers';

describe('BG/NBD on the CDNOW calibration summary (2,357 customers, weeks)', () => {
	const summary = cdnowSummary('cdnow_customers_summary.csv').map((row) => ({ x: row.frequency, tx: row.recency, T: row.T }));
	const published = { r: 0.2426, alpha: 4.4137, a: 0.793, b: 2.4262 };

	it('reads all 2,357 customers', () => {
		expect(summary).toHaveLength(2357);
		expect(summary[0]).toEqual({ x: 2, tx: 30.43, T: 38.86 });
	});

	it('counts customers with the same summary once each: the likelihood equals the sum of every customer alone', () => {
		// CDNOW's summaries repeat (x = 0 customers share tx = 0 and a T of whole days), and the fit weights each distinct
		// summary by its count: the total must be the per-customer sum whatever the order or the repeats.
		const params = { ...published };
		const repeated = [...summary, ...summary.slice(0, 500)].reverse();
		const alone = repeated.reduce((sum, row) => sum + bgnbdLogLikelihood(params, [row]), 0);
		expect(new Set(repeated.map((d) => `${d.x},${d.tx},${d.T}`)).size).toBeLessThan(repeated.length / 2);
		expect(relativeError(bgnbdLogLikelihood(params, repeated), alone)).toBeLessThan(1e-12);
	});

	it('fits r, α, a, b within 0.1% of the published 0.2426, 4.4137, 0.7930, 2.4262, log-likelihood −9582.43', () => {
		const fit = fitBgnbd(summary);
		for (const key of ['r', 'alpha', 'a', 'b'] as const) {
			expect(fit[key]).toBeCloseTo(published[key], twoSignificantFigures(published[key]));
			expect(relativeError(fit[key], published[key]), key).toBeLessThan(0.001);
		}
		expect(Math.abs(fit.logLikelihood - -9582.43)).toBeLessThan(0.1);
		// BFGS with the gradient: about 25 iterations from each of the four starts (Nelder–Mead took over a thousand).
		expect(fit.iterations).toBeGreaterThan(0);
		expect(fit.iterations).toBeLessThan(200);
		expect(fit.converged).toBe(true);
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

describe('the BG/NBD log-likelihood gradient the fit uses', () => {
	const summary = cdnowSummary('cdnow_customers_summary.csv').map((row) => ({ x: row.frequency, tx: row.recency, T: row.T }));

	it('equals central differences by ln r, ln α, ln a, ln b at the published optimum and away from it', () => {
		const keys = ['r', 'alpha', 'a', 'b'] as const;
		const points = [
			{ r: 0.2426, alpha: 4.4137, a: 0.793, b: 2.4262 },
			{ r: 1, alpha: 3, a: 1, b: 1 },
			{ r: 0.05, alpha: 40, a: 3, b: 0.4 },
			{ r: 2, alpha: 0.5, a: 20, b: 70 }
		];
		for (const point of points) {
			const { logLikelihood, gradient } = bgnbdLogLikelihoodWithGradient(point, summary);
			expect(logLikelihood).toBe(bgnbdLogLikelihood(point, summary));
			keys.forEach((key, i) => {
				const h = 1e-5;
				const at = (step: number) => bgnbdLogLikelihood({ ...point, [key]: point[key] * Math.exp(step) }, summary);
				const numeric = (at(h) - at(-h)) / (2 * h);
				expect(Math.abs(gradient[i] - numeric), `${key} at ${JSON.stringify(point)}`).toBeLessThan(1e-4 * Math.max(1, Math.abs(numeric)));
			});
		}
		// At the published parameters (rounded to 4 digits) the gradient is small against its size away from them.
		const atOptimum = bgnbdLogLikelihoodWithGradient(points[0], summary).gradient;
		const away = bgnbdLogLikelihoodWithGradient(points[1], summary).gradient;
		expect(Math.max(...atOptimum.map(Math.abs))).toBeLessThan(Math.max(...away.map(Math.abs)) / 100);
	});
});
