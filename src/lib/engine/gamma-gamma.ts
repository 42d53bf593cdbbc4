/**
 * Gamma-Gamma (Fader & Hardie 2013, "The Gamma-Gamma model of monetary value"): the spend per transaction is
 * Gamma(p, ν) with ν ~ Gamma(q, γ); fitted on the mean spend of each repeat buyer's repeat transactions. The scale γ
 * is called v here, as in lifetimes. With a BG/NBD fit it gives each customer's discounted lifetime value (`clv`).
 */
import { conditionalExpectedPurchases, type BgnbdParams, type CustomerSummary } from './bgnbd';
import { lnGamma } from './math/gamma';
import { minimizeFromStarts } from './math/minimize';
import { PARAMETER_BOUNDARY } from './fit-check';

export interface GammaGammaParams {
	p: number;
	q: number;
	v: number;
}

export interface GammaGammaFit extends GammaGammaParams {
	logLikelihood: number;
	iterations: number;
	/** The best run met its tolerances (it did not stop at the iteration or evaluation limit). */
	converged: boolean;
	/** Customers the fit used (x > 0 and mean > 0). */
	customers: number;
}

export interface SpendColumns {
	x: ArrayLike<number>;
	mean: ArrayLike<number>;
}

export type SpendData = readonly { x: number; mean: number }[] | SpendColumns;

function spendColumns(data: SpendData): { x: Float64Array; mean: Float64Array } {
	if (Array.isArray(data)) {
		const rows = data as readonly { x: number; mean: number }[];
		return { x: Float64Array.from(rows, (d) => d.x), mean: Float64Array.from(rows, (d) => d.mean) };
	}
	const columns = data as SpendColumns;
	return { x: Float64Array.from(columns.x), mean: Float64Array.from(columns.mean) };
}

function gammaGammaLogLikelihood({ p, q, v }: GammaGammaParams, x: Float64Array, mean: Float64Array): number {
	if (!(p > 0 && q > 0 && v > 0)) return NaN;
	const lgQ = lnGamma(q);
	const qLogV = q * Math.log(v);
	let sum = 0;
	for (let i = 0; i < x.length; i++) {
		const px = p * x[i];
		const m = mean[i];
		sum +=
			lnGamma(px + q) - lnGamma(px) - lgQ + qLogV + (px - 1) * Math.log(m) + px * Math.log(x[i]) -
			(px + q) * Math.log(v + x[i] * m);
	}
	return sum;
}

/**
 * Maximum-likelihood Gamma-Gamma on customers with x > 0 repeat purchases of mean value `mean` > 0 (others are
 * skipped). The density of the mean z̄ of x transactions (Fader & Hardie 2013, equation 4):
 *   Γ(px+q) / (Γ(px) Γ(q)) · v^q · z̄^(px−1) · x^(px) / (v + x z̄)^(px+q).
 */
export function fitGammaGamma(data: SpendData): GammaGammaFit {
	const columns = spendColumns(data);
	const keep: number[] = [];
	for (let i = 0; i < columns.x.length; i++) if (columns.x[i] > 0 && columns.mean[i] > 0) keep.push(i);
	if (keep.length === 0) throw new RangeError('fitGammaGamma needs customers with repeat purchases');
	const x = Float64Array.from(keep, (i) => columns.x[i]);
	const mean = Float64Array.from(keep, (i) => columns.mean[i]);
	let average = 0;
	for (let i = 0; i < mean.length; i++) average += mean[i] / mean.length;
	const objective = ([p, q, v]: number[]) => -gammaGammaLogLikelihood({ p, q, v }, x, mean);
	// Starts: flat (1, 1, 1) and ones at the scale of the data (the mean spend is p·v/(q−1)).
	const starts = [
		[1, 1, 1],
		[2, 3, average],
		[5, 2, average / 5],
		[10, 5, average / 2]
	];
	const best = minimizeFromStarts(objective, starts, PARAMETER_BOUNDARY);
	const [p, q, v] = best.result.x;
	return { p, q, v, logLikelihood: -best.result.value, iterations: best.iterations, converged: best.result.converged, customers: keep.length };
}

/**
 * E[Z | x, z̄]: the expected spend per transaction of a customer whose x repeat transactions averaged z̄
 * (Fader & Hardie 2013, equation 5): p (v + x z̄) / (p x + q − 1), a weighted average of the population mean
 * p v / (q − 1) and z̄. With x = 0 it is the population mean (infinite when q ≤ 1).
 */
export function expectedAverageValue({ p, q, v }: GammaGammaParams, x: number, mean: number): number {
	const m = x > 0 ? mean : 0;
	return (p * (v + x * m)) / (p * x + q - 1);
}

/**
 * Discounted customer lifetime value over the next `horizonPeriods` whole periods (the unit of the fit):
 *   Σ_{k=1..H} [E(k) − E(k−1)] · E[Z] / (1 + d)^k,
 * where E(k) = conditionalExpectedPurchases(bgnbd, k, x, tx, T) is the expected number of purchases in the next k
 * periods, E[Z] = expectedAverageValue(gg, x, mean), and d the discount rate per period: each period's expected
 * revenue is discounted to today as if it arrived at the period's end (as lifetimes' customer_lifetime_value).
 * A fractional horizon is truncated to whole periods.
 */
export function clv(
	bgnbd: BgnbdParams,
	gg: GammaGammaParams,
	customer: CustomerSummary & { mean: number },
	horizonPeriods: number,
	discountRatePerPeriod: number
): number {
	const { x, tx, T, mean } = customer;
	const value = expectedAverageValue(gg, x, mean);
	let total = 0;
	let previous = 0;
	const periods = Math.floor(horizonPeriods);
	for (let k = 1; k <= periods; k++) {
		const expected = conditionalExpectedPurchases(bgnbd, k, x, tx, T);
		total += ((expected - previous) * value) / Math.pow(1 + discountRatePerPeriod, k);
		previous = expected;
	}
	return total;
}
