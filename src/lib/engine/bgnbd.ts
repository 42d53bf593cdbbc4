/**
 * BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): while alive a customer buys at a
 * Poisson rate λ ~ Gamma(r, α); after each purchase the customer drops out with probability p ~ Beta(a, b).
 *
 * Data is a per-customer summary in one time unit (a period: weeks for CDNOW): x repeat purchases, tx the time of
 * the last purchase and T the age, both measured from the first purchase; `purchaseSummary` (./purchase-summary)
 * builds it from an event log. The fit maximises the likelihood with BFGS on log-parameters (./math/bfgs).
 */
import { hyp2f1 } from './math/hypergeometric';
import { digamma, lnGamma } from './math/gamma';
import { bfgsPositive } from './math/bfgs';
import { minimizeFromStarts, type MinimizeResult } from './math/minimize';
import { atBoundary, PARAMETER_BOUNDARY } from './fit-check';

export interface BgnbdParams {
	r: number;
	alpha: number;
	a: number;
	b: number;
}

export interface BgnbdFit extends BgnbdParams {
	logLikelihood: number;
	/** BFGS iterations over all starts. */
	iterations: number;
	/** The best run met its tolerances (it did not stop at the iteration or evaluation limit). */
	converged: boolean;
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

/**
 * Prepared data for repeated likelihood evaluations. Customers with the same (x, tx, T) contribute the same term, so
 * each distinct summary is evaluated once and weighted by its count; and since tx and T are whole days in the
 * default resolution, ln(α + tx) and ln(α + T) are computed once per distinct value, not per customer. A fit
 * evaluates the likelihood thousands of times: at 1M events (98k customers) this is the difference between
 * seconds and tens of seconds in the engine worker.
 */
interface PreparedSummary {
	/** Customers. */
	n: number;
	/** Per distinct summary: its count, and indexes into distinctX, distinctTx and distinctT. */
	weight: Float64Array;
	xIndex: Uint32Array;
	txIndex: Uint32Array;
	TIndex: Uint32Array;
	distinctX: Float64Array;
	distinctTx: Float64Array;
	distinctT: Float64Array;
	meanT: number;
}

/** Each value's index among the distinct values, in order of first appearance. */
function distinctIndex(values: Float64Array): { index: Uint32Array; distinct: Float64Array } {
	const seen = new Map<number, number>();
	const index = new Uint32Array(values.length);
	for (let i = 0; i < values.length; i++) {
		let k = seen.get(values[i]);
		if (k === undefined) seen.set(values[i], (k = seen.size));
		index[i] = k;
	}
	return { index, distinct: Float64Array.from(seen.keys()) };
}

function prepare(data: SummaryData): PreparedSummary {
	const { x, tx, T } = summaryColumns(data);
	const byX = distinctIndex(x);
	const byTx = distinctIndex(tx);
	const byT = distinctIndex(T);
	// A summary's key from its three indexes; each is below n, so the product fits a double exactly up to 2^53.
	const n = x.length;
	const rowOf = new Map<number, number>();
	const weights: number[] = [];
	const rows: number[] = [];
	let meanT = 0;
	for (let i = 0; i < n; i++) {
		meanT += T[i] / n;
		const key = (byX.index[i] * byTx.distinct.length + byTx.index[i]) * byT.distinct.length + byT.index[i];
		const row = rowOf.get(key);
		if (row === undefined) {
			rowOf.set(key, weights.length);
			weights.push(1);
			rows.push(i);
		} else weights[row]++;
	}
	return {
		n,
		weight: Float64Array.from(weights),
		xIndex: Uint32Array.from(rows, (i) => byX.index[i]),
		txIndex: Uint32Array.from(rows, (i) => byTx.index[i]),
		TIndex: Uint32Array.from(rows, (i) => byT.index[i]),
		distinctX: byX.distinct,
		distinctTx: byTx.distinct,
		distinctT: byT.distinct,
		meanT
	};
}

function logsOfAlphaPlus(alpha: number, values: Float64Array): Float64Array {
	const logs = new Float64Array(values.length);
	for (let j = 0; j < values.length; j++) logs[j] = Math.log(alpha + values[j]);
	return logs;
}

/**
 * The log-likelihood of prepared data; with `gradient`, also its derivatives by ln r, ln α, ln a and ln b written
 * there (the fit searches the logarithms). Per summary, with s3 and s4 = 1 − s3 the shares of A3 and A4 in the
 * bracket (s4 = 0 when x = 0) and ψ the digamma function:
 *   ∂/∂r = ψ(r+x) − ψ(r) + ln α − s3 ln(α+T) − s4 ln(α+tx)
 *   ∂/∂α = r/α − (r+x) (s3/(α+T) + s4/(α+tx))
 *   ∂/∂a = ψ(a+b) − ψ(a+b+x) + s4/a
 *   ∂/∂b = ψ(a+b) + ψ(b+x) − ψ(b) − ψ(a+b+x) − s4/(b+x−1)
 */
/**
 * The log-likelihood of prepared data; with `gradient`, also its derivatives by ln r, ln α, ln a and ln b written
 * there (the fit searches the logarithms). Per summary, with s3 and s4 = 1 − s3 the shares of A3 and A4 in the
 * bracket (s4 = 0 when x = 0) and ψ the digamma function:
 *   ∂/∂r = ψ(r+x) − ψ(r) + ln α − s3 ln(α+T) − s4 ln(α+tx)
 *   ∂/∂α = r/α − (r+x) (s3/(α+T) + s4/(α+tx))
 *   ∂/∂a = ψ(a+b) − ψ(a+b+x) + s4/a
 *   ∂/∂b = ψ(a+b) + ψ(b+x) − ψ(b) − ψ(a+b+x) − s4/(b+x−1)
 */
function preparedLogLikelihood({ r, alpha, a, b }: BgnbdParams, d: PreparedSummary, gradient?: Float64Array): number {
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
	const logAlphaTx = logsOfAlphaPlus(alpha, d.distinctTx);
	const logAlphaT = logsOfAlphaPlus(alpha, d.distinctT);
	const logAlpha = Math.log(alpha);
	const by = gradient ? derivativePieces({ r, alpha, a, b }, d) : null;
	let sum = 0;
	let gr = 0;
	let gAlpha = 0;
	let ga = 0;
	let gb = 0;
	for (let i = 0; i < d.weight.length; i++) {
		const k = d.xIndex[i];
		const x = d.distinctX[k];
		const t = d.TIndex[i];
		const j = d.txIndex[i];
		const logA3 = -(r + x) * logAlphaT[t];
		let logBracket = logA3;
		let logA4 = -Infinity;
		if (x > 0) {
			logA4 = logA4Factor[k] - (r + x) * logAlphaTx[j];
			// ln(e^A3 + e^A4) without overflow.
			const hi = Math.max(logA3, logA4);
			logBracket = hi + Math.log1p(Math.exp(Math.min(logA3, logA4) - hi));
		}
		const w = d.weight[i];
		sum += w * (gammaTerms[k] + r * logAlpha + logBracket);
		if (by) {
			const s3 = Math.exp(logA3 - logBracket);
			const s4 = x > 0 ? Math.exp(logA4 - logBracket) : 0;
			const lnTx = x > 0 ? logAlphaTx[j] : 0;
			gr += w * (by.gammaR[k] + logAlpha - s3 * logAlphaT[t] - s4 * lnTx);
			gAlpha += w * (r / alpha - (r + x) * (s3 * by.inverseT[t] + s4 * by.inverseTx[j]));
			ga += w * (by.gammaA[k] + s4 / a);
			gb += w * (by.gammaB[k] - s4 * by.inverseBx[k]);
		}
	}
	if (gradient) {
		gradient[0] = r * gr;
		gradient[1] = alpha * gAlpha;
		gradient[2] = a * ga;
		gradient[3] = b * gb;
	}
	return sum;
}

/** The gradient's pieces per distinct value: the gamma terms' derivatives and 1/(b+x−1) per x, 1/(α+tx), 1/(α+T). */
function derivativePieces({ r, alpha, a, b }: BgnbdParams, d: PreparedSummary) {
	const m = d.distinctX.length;
	const gammaR = new Float64Array(m);
	const gammaA = new Float64Array(m);
	const gammaB = new Float64Array(m);
	const inverseBx = new Float64Array(m);
	const psiR = digamma(r);
	const psiAB = digamma(a + b);
	const psiB = digamma(b);
	for (let k = 0; k < m; k++) {
		const x = d.distinctX[k];
		const psiABX = digamma(a + b + x);
		gammaR[k] = digamma(r + x) - psiR;
		gammaA[k] = psiAB - psiABX;
		gammaB[k] = psiAB + digamma(b + x) - psiB - psiABX;
		inverseBx[k] = x > 0 ? 1 / (b + x - 1) : 0;
	}
	const inverseTx = Float64Array.from(d.distinctTx, (tx) => 1 / (alpha + tx));
	const inverseT = Float64Array.from(d.distinctT, (T) => 1 / (alpha + T));
	return { gammaR, gammaA, gammaB, inverseBx, inverseTx, inverseT };
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

/** The log-likelihood and its gradient by (ln r, ln α, ln a, ln b), as the fit uses them. */
export function bgnbdLogLikelihoodWithGradient(params: BgnbdParams, data: SummaryData): { logLikelihood: number; gradient: number[] } {
	const gradient = new Float64Array(4);
	const logLikelihood = preparedLogLikelihood(params, prepare(data), gradient);
	return { logLikelihood, gradient: [...gradient] };
}

/**
 * Maximum-likelihood BG/NBD: minimises −LL over (ln r, ln α, ln a, ln b) by BFGS with the closed-form gradient
 * (./math/bfgs) from several starting points (α scaled to the data's mean age, since α is in time units), and keeps
 * the best. A run that passes the parameter boundary stops there: fit-check calls such a fit a no-fit. When the best
 * run neither converges nor reaches the boundary, Nelder–Mead (./math/minimize) from the same starts decides.
 */
export function fitBgnbd(data: SummaryData): BgnbdFit {
	const d = prepare(data);
	if (d.n === 0) throw new RangeError('fitBgnbd needs at least one customer');
	const scale = d.meanT > 0 ? d.meanT : 1;
	const objective = (params: number[], gradient: Float64Array) => {
		const ll = preparedLogLikelihood(paramsOf(params), d, gradient);
		for (let i = 0; i < 4; i++) gradient[i] = -gradient[i];
		return -ll;
	};
	const starts = [
		[1, scale / 10, 1, 1],
		[0.5, scale / 4, 0.5, 2],
		[0.2, scale / 20, 1, 3],
		[2, scale, 0.3, 0.6]
	];
	// The gradient's tolerance grows with the customers, as the likelihood's terms do: 2.4e-4 for CDNOW's 2,357, where
	// the parameters are then within 1e-7 of the optimum (−LL has settled to its rounding before 1e-5).
	const options = { gradientTolerance: 1e-7 * d.n, bound: PARAMETER_BOUNDARY };
	let best: MinimizeResult | null = null;
	let iterations = 0;
	for (const start of starts) {
		const result = bfgsPositive(objective, start, options);
		iterations += result.iterations;
		if (!best || result.value < best.value) best = result;
	}
	if (best && !best.converged && !best.x.some(atBoundary)) {
		// Neither a minimum nor the boundary: a ridge where the likelihood keeps rising by millionths (the lead sample's
		// buyers as of 2025-10-31: b towards 1e6 with a/(a+b) towards 0), whose end BFGS cannot tell from its rounding.
		// Nelder–Mead from the same starts decides, as before BFGS, so the verdict on such data does not change.
		const simplex = minimizeFromStarts((params) => -preparedLogLikelihood(paramsOf(params), d), starts, PARAMETER_BOUNDARY);
		best = simplex.result;
		iterations += simplex.iterations;
	}
	if (!best || !Number.isFinite(best.value)) throw new Error('The fit did not find parameters with a finite likelihood');
	return { ...paramsOf(best.x), logLikelihood: -best.value, iterations, converged: best.converged };
}

const paramsOf = ([r, alpha, a, b]: number[]): BgnbdParams => ({ r, alpha, a, b });

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
