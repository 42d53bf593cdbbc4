/**
 * Customer lifetime value by the "buy till you die" models:
 * - BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): while alive a customer buys at a
 *   Poisson rate λ ~ Gamma(r, α); after each purchase the customer drops out with probability p ~ Beta(a, b).
 * - Gamma-Gamma (Fader & Hardie 2013, "The Gamma-Gamma model of monetary value"): the spend per transaction is
 *   Gamma(p, ν) with ν ~ Gamma(q, γ); fitted on the mean spend of each repeat buyer's repeat transactions. The
 *   scale γ is called v here, as in lifetimes.
 *
 * Data is a per-customer summary in one time unit (a period: weeks for CDNOW): x repeat purchases, tx the time of
 * the last purchase and T the age, both measured from the first purchase; `purchaseSummary` builds it from an
 * event log. Fits maximise the likelihood with Nelder–Mead on log-parameters (./special).
 */
import type { Mask } from './filter';
import { isIncluded } from './filter';
import { hyp2f1, lnGamma, minimizePositive, type MinimizeResult } from './special';
import type { EventTable } from './table';

export interface BgnbdParams {
	r: number;
	alpha: number;
	a: number;
	b: number;
}

export interface BgnbdFit extends BgnbdParams {
	logLikelihood: number;
	/** Nelder–Mead iterations over all restarts. */
	iterations: number;
}

export interface GammaGammaParams {
	p: number;
	q: number;
	v: number;
}

export interface GammaGammaFit extends GammaGammaParams {
	logLikelihood: number;
	iterations: number;
	/** Customers the fit used (x > 0 and mean > 0). */
	customers: number;
}

/** One customer's summary: x repeat purchases, tx the last purchase's time and T the age, from the first purchase. */
export interface CustomerSummary {
	x: number;
	tx: number;
	T: number;
}

export interface SummaryColumns {
	x: ArrayLike<number>;
	tx: ArrayLike<number>;
	T: ArrayLike<number>;
}

/** Rows as objects, or columns (e.g. a PurchaseSummary's typed arrays). */
export type SummaryData = readonly CustomerSummary[] | SummaryColumns;

export interface SpendColumns {
	x: ArrayLike<number>;
	mean: ArrayLike<number>;
}

export type SpendData = readonly { x: number; mean: number }[] | SpendColumns;

function summaryColumns(data: SummaryData): { x: Float64Array; tx: Float64Array; T: Float64Array } {
	if (Array.isArray(data)) {
		const rows = data as readonly CustomerSummary[];
		return {
			x: Float64Array.from(rows, (d) => d.x),
			tx: Float64Array.from(rows, (d) => d.tx),
			T: Float64Array.from(rows, (d) => d.T)
		};
	}
	const columns = data as SummaryColumns;
	return { x: Float64Array.from(columns.x), tx: Float64Array.from(columns.tx), T: Float64Array.from(columns.T) };
}

function spendColumns(data: SpendData): { x: Float64Array; mean: Float64Array } {
	if (Array.isArray(data)) {
		const rows = data as readonly { x: number; mean: number }[];
		return { x: Float64Array.from(rows, (d) => d.x), mean: Float64Array.from(rows, (d) => d.mean) };
	}
	const columns = data as SpendColumns;
	return { x: Float64Array.from(columns.x), mean: Float64Array.from(columns.mean) };
}

// ---------------------------------------------------------------------------------------------------------------
// BG/NBD

/**
 * Prepared data for repeated likelihood evaluations: the gamma-function terms depend on the parameters and on x
 * only, so they are computed once per distinct x rather than once per customer.
 */
interface PreparedSummary {
	n: number;
	xIndex: Uint32Array;
	distinctX: Float64Array;
	x: Float64Array;
	tx: Float64Array;
	T: Float64Array;
}

function prepare(data: SummaryData): PreparedSummary {
	const { x, tx, T } = summaryColumns(data);
	const index = new Map<number, number>();
	const xIndex = new Uint32Array(x.length);
	const distinct: number[] = [];
	for (let i = 0; i < x.length; i++) {
		let k = index.get(x[i]);
		if (k === undefined) {
			k = distinct.length;
			index.set(x[i], k);
			distinct.push(x[i]);
		}
		xIndex[i] = k;
	}
	return { n: x.length, xIndex, distinctX: Float64Array.from(distinct), x, tx, T };
}

function preparedLogLikelihood({ r, alpha, a, b }: BgnbdParams, d: PreparedSummary): number {
	if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return NaN;
	// Per distinct x: ln(A1 without α^r ... ) pieces that do not depend on tx, T.
	const m = d.distinctX.length;
	const gammaTerms = new Float64Array(m); // ln Γ(r+x) − ln Γ(r) + ln Γ(a+b) + ln Γ(b+x) − ln Γ(b) − ln Γ(a+b+x)
	const logA4Factor = new Float64Array(m); // ln(a / (b + x − 1)), for x > 0
	const lgR = lnGamma(r);
	const lgAB = lnGamma(a + b);
	const lgB = lnGamma(b);
	for (let k = 0; k < m; k++) {
		const x = d.distinctX[k];
		gammaTerms[k] = lnGamma(r + x) - lgR + lgAB + lnGamma(b + x) - lgB - lnGamma(a + b + x);
		logA4Factor[k] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : -Infinity;
	}
	const rLogAlpha = r * Math.log(alpha);
	let sum = 0;
	for (let i = 0; i < d.n; i++) {
		const k = d.xIndex[i];
		const x = d.x[i];
		const logA3 = -(r + x) * Math.log(alpha + d.T[i]);
		let logBracket = logA3;
		if (x > 0) {
			const logA4 = logA4Factor[k] - (r + x) * Math.log(alpha + d.tx[i]);
			// ln(e^A3 + e^A4) without overflow.
			const hi = Math.max(logA3, logA4);
			logBracket = hi + Math.log1p(Math.exp(Math.min(logA3, logA4) - hi));
		}
		sum += gammaTerms[k] + rLogAlpha + logBracket;
	}
	return sum;
}

/**
 * The BG/NBD log-likelihood (FHL 2005, equation 6): Σ ln(A1 · A2 · (A3 + δ(x>0) A4)) with
 *   A1 = Γ(r+x) α^r / Γ(r),  A2 = Γ(a+b) Γ(b+x) / (Γ(b) Γ(a+b+x)),
 *   A3 = (α+T)^−(r+x),       A4 = a / (b+x−1) · (α+tx)^−(r+x).
 * NaN for non-positive parameters.
 */
export function bgnbdLogLikelihood(params: BgnbdParams, data: SummaryData): number {
	return preparedLogLikelihood(params, prepare(data));
}

/**
 * Maximum-likelihood BG/NBD: minimises −LL over (ln r, ln α, ln a, ln b) with Nelder–Mead from several starting
 * points (α scaled to the data's mean age, since α is in time units), restarts the best until it stops improving
 * (a fresh simplex escapes Nelder–Mead's occasional premature collapse), and keeps the best.
 */
export function fitBgnbd(data: SummaryData): BgnbdFit {
	const d = prepare(data);
	if (d.n === 0) throw new RangeError('fitBgnbd needs at least one customer');
	let meanT = 0;
	for (let i = 0; i < d.n; i++) meanT += d.T[i] / d.n;
	const scale = meanT > 0 ? meanT : 1;
	const objective = ([r, alpha, a, b]: number[]) => -preparedLogLikelihood({ r, alpha, a, b }, d);
	const starts = [
		[1, scale / 10, 1, 1],
		[0.5, scale / 4, 0.5, 2],
		[0.2, scale / 20, 1, 3],
		[2, scale, 0.3, 0.6]
	];
	const best = bestOf(objective, starts);
	const [r, alpha, a, b] = best.result.x;
	return { r, alpha, a, b, logLikelihood: -best.result.value, iterations: best.iterations };
}

/** Runs minimizePositive from each start, keeps the best, then restarts it until the value stops improving. */
function bestOf(objective: (x: number[]) => number, starts: number[][]): { result: MinimizeResult; iterations: number } {
	const options = { fTolerance: 1e-9, xTolerance: 1e-7, maxIterations: 4000, maxEvaluations: 8000 };
	let iterations = 0;
	let best: MinimizeResult | null = null;
	for (const start of starts) {
		const result = minimizePositive(objective, start, options);
		iterations += result.iterations;
		if (!best || result.value < best.value) best = result;
	}
	for (let restart = 0; restart < 10 && best; restart++) {
		const result = minimizePositive(objective, best.x, { ...options, initialStep: 0.1 });
		iterations += result.iterations;
		const improved = best.value - result.value;
		if (result.value < best.value) best = result;
		if (!(improved > 1e-8)) break;
	}
	if (!best || !Number.isFinite(best.value)) throw new Error('The fit did not find parameters with a finite likelihood');
	return { result: best, iterations };
}

/**
 * E[X(t)]: the expected number of purchases in (0, t] of a customer who has just made the first purchase at 0
 * (FHL 2005, equation 7):
 *   (a+b−1)/(a−1) · [1 − (α/(α+t))^r · 2F1(r, b; a+b−1; t/(α+t))].
 * At a = 1 (a removable singularity) a is nudged by 1e-7.
 */
export function expectedPurchases(params: BgnbdParams, t: number): number {
	const { r, alpha, b } = params;
	const a = Math.abs(params.a - 1) < 1e-7 ? params.a + 1e-7 : params.a;
	if (t <= 0) return 0;
	const z = t / (alpha + t);
	const hyp = hyp2f1(r, b, a + b - 1, z);
	return ((a + b - 1) / (a - 1)) * (1 - Math.exp(r * Math.log(alpha / (alpha + t))) * hyp);
}

/**
 * E[Y(t) | x, tx, T]: the expected purchases in (T, T+t] of a customer with x repeat purchases, the last at tx,
 * observed for T (FHL 2005, equation 10):
 *   (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))]
 *   / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+tx))^(r+x)).
 */
export function conditionalExpectedPurchases(params: BgnbdParams, t: number, x: number, tx: number, T: number): number {
	const { r, alpha, b } = params;
	const a = Math.abs(params.a - 1) < 1e-7 ? params.a + 1e-7 : params.a;
	if (t <= 0) return 0;
	const z = t / (alpha + T + t);
	const hyp = hyp2f1(r + x, b + x, a + b + x - 1, z);
	const bracket = 1 - Math.exp((r + x) * Math.log((alpha + T) / (alpha + T + t))) * hyp;
	const numerator = ((a + b + x - 1) / (a - 1)) * bracket;
	return numerator / (1 + deathOdds(params, x, tx, T));
}

/** δ(x>0) · a/(b+x−1) · ((α+T)/(α+tx))^(r+x): the odds that the customer has dropped out since the last purchase. */
function deathOdds({ r, alpha, a, b }: BgnbdParams, x: number, tx: number, T: number): number {
	if (x <= 0) return 0;
	return Math.exp(Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + T) / (alpha + tx)));
}

/**
 * P(alive | x, tx, T) = 1 / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+tx))^(r+x)) (FHL 2005, equation 11);
 * 1 for a customer without repeat purchases, who by the model cannot have dropped out yet.
 */
export function probabilityAlive(params: BgnbdParams, x: number, tx: number, T: number): number {
	return 1 / (1 + deathOdds(params, x, tx, T));
}

// ---------------------------------------------------------------------------------------------------------------
// Gamma-Gamma

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
	const best = bestOf(objective, starts);
	const [p, q, v] = best.result.x;
	return { p, q, v, logLikelihood: -best.result.value, iterations: best.iterations, customers: keep.length };
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

// ---------------------------------------------------------------------------------------------------------------
// From an event log to a summary

const DAY = 86_400_000;
/** 1970-01-05, a Monday: whole weeks are counted from it, so a week runs Monday to Sunday. */
const MONDAY_DAY = 4;

export interface PurchaseSummaryOptions {
	/** The time unit of tx and T (and so of the fitted α and of t in the predictions). */
	period: 'week' | 'day';
	/**
	 * The end of the calibration period, epoch ms. It names a UTC day: purchases at any time of that day count,
	 * and T runs to the start of that day.
	 */
	calibrationEnd: number;
	/**
	 * How purchases are merged and times measured. 'day' (default): purchases on the same UTC calendar day are one
	 * purchase, times are whole days converted to the period (days / 7 for weeks), as in Fader, Hardie & Lee's
	 * CDNOW summary. 'period': purchases in the same whole period (calendar weeks, Monday to Sunday) are one
	 * purchase and tx, T are whole numbers of periods, as lifetimes' summary_data_from_transaction_data(freq='W').
	 */
	resolution?: 'day' | 'period';
	/** The purchase events; all events when absent. */
	valueEvents?: Set<number>;
	mask?: Mask;
}

/** One row per customer with a purchase by the calibration end, as columns. */
export interface PurchaseSummary {
	/** Index into the table's customerIds. */
	customer: Uint32Array;
	/** Repeat purchases: distinct purchase days (or periods) − 1. */
	x: Float64Array;
	/** Time from the first to the last purchase, in periods. */
	tx: Float64Array;
	/** Time from the first purchase to the calibration end, in periods. */
	T: Float64Array;
	/** Mean value of the repeat purchases (each the sum of its merged events' values; NaN counts as 0); 0 when x = 0. */
	mean: Float64Array;
}

/**
 * Turns an event log into the BG/NBD / Gamma-Gamma summary, as lifetimes' summary_data_from_transaction_data:
 * purchases in the same day (or period) are merged and their values summed; x = distinct purchase days − 1;
 * tx = last − first; T = calibration end − first; mean = the mean value of the repeat purchases only (the first
 * purchase is left out, as the Gamma-Gamma model's z̄). Only purchases up to the calibration end count;
 * customers whose first purchase comes later, and customers outside the mask, have no row.
 *
 * With the defaults (resolution 'day', period 'week', calibration end 1997-09-30) this reproduces the published
 * CDNOW calibration summary exactly: x, t_x and T = (1997-09-30 − first purchase day) / 7.
 */
export function purchaseSummary(table: EventTable, options: PurchaseSummaryOptions): PurchaseSummary {
	const periodDays = options.period === 'week' ? 7 : 1;
	const byPeriod = options.resolution === 'period';
	const { valueEvents, mask } = options;
	// Each time becomes a whole unit number: a UTC day, or a whole period counted from a Monday.
	const unitOf = (t: number) => {
		const day = Math.floor(t / DAY);
		return byPeriod ? Math.floor((day - MONDAY_DAY) / periodDays) : day;
	};
	// Units are days in 'day' resolution (divided by the period's days to report), periods in 'period' resolution.
	const scale = byPeriod ? 1 : periodDays;
	const endUnit = unitOf(options.calibrationEnd);
	const endDay = Math.floor(options.calibrationEnd / DAY);

	const customers: number[] = [];
	const xs: number[] = [];
	const txs: number[] = [];
	const Ts: number[] = [];
	const means: number[] = [];
	for (let c = 0; c < table.customerIds.length; c++) {
		if (!isIncluded(mask, c)) continue;
		let first = NaN;
		let current = NaN;
		let distinct = 0;
		let repeatValue = 0;
		for (let i = table.customerStart[c]; i < table.customerStart[c + 1]; i++) {
			if (valueEvents && !valueEvents.has(table.event[i])) continue;
			const t = table.time[i];
			// Rows are sorted by time, so the first purchase after the end day ends the customer's calibration.
			if (Math.floor(t / DAY) > endDay) break;
			const unit = unitOf(t);
			const v = table.value[i];
			if (distinct === 0) first = unit;
			if (unit !== current) {
				distinct++;
				current = unit;
			}
			if (distinct > 1 && !Number.isNaN(v)) repeatValue += v;
		}
		if (distinct === 0) continue;
		const x = distinct - 1;
		customers.push(c);
		xs.push(x);
		txs.push((current - first) / scale);
		Ts.push((endUnit - first) / scale);
		means.push(x > 0 ? repeatValue / x : 0);
	}
	return {
		customer: Uint32Array.from(customers),
		x: Float64Array.from(xs),
		tx: Float64Array.from(txs),
		T: Float64Array.from(Ts),
		mean: Float64Array.from(means)
	};
}
