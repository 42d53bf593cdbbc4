/**
 * Numeric helpers for the customer-value models: the log-gamma function, the Gauss hypergeometric
 * function 2F1 and a Nelder–Mead minimiser. Pure functions of numbers, no dependencies.
 */

// Lanczos approximation, g = 7, n = 9 (the coefficients of Numerical Recipes / Godfrey):
// relative error about 1e-15 for positive arguments.
const LANCZOS_G = 7;
const LANCZOS = [
	0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
	12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
];
const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * ln |Γ(x)| by the Lanczos approximation, with the reflection formula Γ(x)Γ(1−x) = π / sin(πx) below 1/2.
 * +Infinity at the poles (0, −1, −2, ...); NaN for NaN.
 */
export function lnGamma(x: number): number {
	if (Number.isNaN(x)) return NaN;
	if (x === Infinity) return Infinity;
	if (x < 0.5) {
		if (Number.isInteger(x)) return Infinity;
		// ln|Γ(x)| = ln π − ln|sin πx| − ln Γ(1 − x); sin via the fractional part keeps it accurate for large |x|.
		return Math.log(Math.PI) - Math.log(Math.abs(sinPi(x))) - lnGamma(1 - x);
	}
	// x = 1 and x = 2 exactly: Γ = 1.
	if (x === 1 || x === 2) return 0;
	const y = x - 1;
	let sum = LANCZOS[0];
	for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (y + i);
	const t = y + LANCZOS_G + 0.5;
	return LN_SQRT_2PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The sign of Γ(x): +1 for x > 0, alternating between the poles below 0; NaN at the poles. */
export function gammaSign(x: number): number {
	if (x > 0) return 1;
	if (Number.isInteger(x) || Number.isNaN(x)) return NaN;
	// Γ is negative on (−1, 0), positive on (−2, −1), ...
	return Math.floor(x) % 2 === 0 ? 1 : -1;
}

/** sin(πx) with the argument reduced first, so that sin(π·n) is exactly 0. */
function sinPi(x: number): number {
	const r = x - 2 * Math.floor(x / 2); // in [0, 2)
	if (r === 0 || r === 1) return 0;
	return Math.sin(Math.PI * r);
}

export interface Hyp2f1Options {
	/** Relative tolerance of the series; default 1e-15. */
	tolerance?: number;
	/** Most series terms before giving up with NaN; default 10,000,000. */
	maxTerms?: number;
}

/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) for real arguments and z < 1 (and z = 1 when c − a − b > 0).
 *
 * - 0 ≤ z ≤ 0.8: the defining series Σ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ, summed until the remaining tail (bounded by a
 *   geometric series with the current term ratio) is below the tolerance.
 * - z < 0: Pfaff's transformation 2F1(a, b; c; z) = (1 − z)^(−a) 2F1(a, c − b; c; z / (z − 1)) maps z to (0, 1),
 *   so the series never alternates with large cancelling terms.
 * - 0.8 < z < 1: the linear transformation to 1 − z (Abramowitz & Stegun 15.3.6), whose two series converge fast;
 *   for an integer c − a − b, where that is singular, the limiting forms with logarithms (A&S 15.3.10–12). When
 *   c − a − b is close to (not at) an integer the transformation's terms cancel; when they cancel by more than
 *   four digits (or are not finite) the direct series is summed instead, however many terms that takes (so z
 *   within about 1e-6 of 1 with c − a − b within about 1e-4 of an integer gives NaN).
 *
 * NaN when c is a pole (0, −1, ...) or when the series does not converge within maxTerms.
 */
export function hyp2f1(a: number, b: number, c: number, z: number, options: Hyp2f1Options = {}): number {
	if (![a, b, c, z].every(Number.isFinite)) return NaN;
	if (z === 0 || a === 0 || b === 0) return 1;
	if (c <= 0 && Number.isInteger(c)) return NaN;
	if (z > 1) return NaN;
	if (z === 1) {
		if (isNonPositiveInteger(a) || isNonPositiveInteger(b)) return hyp2f1Series(a, b, c, 1, options);
		const d = c - a - b;
		// Gauss's theorem; the series diverges when c − a − b ≤ 0 (to +∞ when all parameters are positive).
		if (d > 0) return gammaRatio([c, d], [c - a, c - b]);
		return a > 0 && b > 0 && c > 0 ? Infinity : NaN;
	}
	if (z < 0) {
		const w = z / (z - 1);
		// Either parameter can be kept; keep a non-positive integer (a terminating series) when there is one.
		const [p, q] = isNonPositiveInteger(b) && !isNonPositiveInteger(a) ? [b, a] : [a, b];
		return Math.pow(1 - z, -p) * hyp2f1Positive(p, c - q, c, w, options);
	}
	return hyp2f1Positive(a, b, c, z, options);
}

const isNonPositiveInteger = (x: number) => x <= 0 && Number.isInteger(x);

/** 2F1 for 0 < z < 1. */
function hyp2f1Positive(a: number, b: number, c: number, z: number, options: Hyp2f1Options): number {
	if (z > 0.8 && !isNonPositiveInteger(a) && !isNonPositiveInteger(b)) {
		const transformed = hyp2f1OneMinusZ(a, b, c, z, options);
		if (transformed !== null) return transformed;
	}
	return hyp2f1Series(a, b, c, z, options);
}

/**
 * A&S 15.3.6: 2F1(a,b;c;z) = Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) · 2F1(a, b; a+b−c+1; 1−z)
 *   + (1−z)^(c−a−b) Γ(c)Γ(a+b−c)/(Γ(a)Γ(b)) · 2F1(c−a, c−b; c−a−b+1; 1−z).
 * Null when it cannot be trusted (a pole, an overflow, or more than four digits lost to cancellation).
 */
function hyp2f1OneMinusZ(a: number, b: number, c: number, z: number, options: Hyp2f1Options): number | null {
	const d = c - a - b;
	if (Number.isInteger(d)) return hyp2f1IntegerExcess(a, b, d, 1 - z);
	const w = 1 - z;
	const first = gammaRatio([c, d], [c - a, c - b]) * hyp2f1Series(a, b, 1 - d, w, options);
	const logW = Math.log(w);
	// The second term's factor (1 − z)^d · Γ(c)Γ(−d)/(Γ(a)Γ(b)), in logs so that large parameters do not overflow.
	const secondFactor = gammaRatio([c, -d], [a, b], d * logW);
	const second = secondFactor === 0 ? 0 : secondFactor * hyp2f1Series(c - a, c - b, 1 + d, w, options);
	const sum = first + second;
	if (!Number.isFinite(sum) || !Number.isFinite(first) || !Number.isFinite(second)) return null;
	const magnitude = Math.abs(first) + Math.abs(second);
	if (magnitude > 1e4 * Math.abs(sum)) return null;
	return sum;
}

/**
 * 2F1(a, b; a + b + d; 1 − w) for an integer d and small w > 0, where 15.3.6 is singular: A&S 15.3.10–12, sums with
 * logarithms and digammas. With m = |d|, (x)ₙ the rising factorial:
 * d = m ≥ 0:  Γ(m)Γ(c)/(Γ(a+m)Γ(b+m)) Σ_{n<m} (a)ₙ(b)ₙ/(n!(1−m)ₙ) wⁿ
 *             − (−w)^m Γ(c)/(Γ(a)Γ(b)) Σ_{n≥0} (a+m)ₙ(b+m)ₙ/(n!(n+m)!) wⁿ [ln w − ψ(n+1) − ψ(n+m+1) + ψ(a+n+m) + ψ(b+n+m)]
 * d = −m < 0: Γ(m)Γ(c)/(Γ(a)Γ(b)) w^−m Σ_{n<m} (a−m)ₙ(b−m)ₙ/(n!(1−m)ₙ) wⁿ
 *             − (−1)^m Γ(c)/(Γ(a−m)Γ(b−m)) Σ_{n≥0} (a)ₙ(b)ₙ/(n!(n+m)!) wⁿ [ln w − ψ(n+1) − ψ(n+m+1) + ψ(a+n) + ψ(b+n)]
 * Null when the parts cancel by more than four digits or are not finite.
 */
function hyp2f1IntegerExcess(a: number, b: number, d: number, w: number): number | null {
	const m = Math.abs(d);
	const c = a + b + d;
	// The shifts: for d ≥ 0 the log series runs over (a+m, b+m), for d < 0 over (a, b).
	const [sa, sb] = d >= 0 ? [a + m, b + m] : [a, b];
	// The finite sum's parameters and its gamma factor.
	const [fa, fb] = d >= 0 ? [a, b] : [a - m, b - m];
	let finite = 0;
	if (m > 0) {
		let term = 1;
		for (let n = 0; n < m; n++) {
			finite += term;
			term *= ((fa + n) * (fb + n) * w) / ((n + 1) * (1 - m + n));
		}
		finite *= d >= 0 ? gammaRatio([m, c], [a + m, b + m]) : gammaRatio([m, c], [a, b], -m * Math.log(w));
	}
	const logW = Math.log(w);
	const factor =
		d >= 0 ? (m % 2 === 0 ? 1 : -1) * gammaRatio([c], [a, b], m * logW) : (m % 2 === 0 ? 1 : -1) * gammaRatio([c], [a - m, b - m]);
	let series = 0;
	if (factor !== 0) {
		// coefficient (sa)ₙ(sb)ₙ/(n!(n+m)!) wⁿ, starting at 1/m!
		let coefficient = Math.exp(-lnGamma(m + 1));
		for (let n = 0; n < 10_000; n++) {
			const bracket = logW - digamma(n + 1) - digamma(n + m + 1) + digamma(sa + n) + digamma(sb + n);
			const term = coefficient * bracket;
			series += term;
			const ratio = Math.abs(((sa + n) * (sb + n) * w) / ((n + 1) * (n + m + 1)));
			if (coefficient === 0 || (ratio < 0.5 && Math.abs(coefficient) * (Math.abs(bracket) + 1) <= 1e-17 * Math.abs(series))) break;
			coefficient *= ((sa + n) * (sb + n) * w) / ((n + 1) * (n + m + 1));
		}
	}
	const second = factor === 0 ? 0 : -factor * series;
	const sum = finite + second;
	if (!Number.isFinite(sum)) return null;
	if (Math.abs(finite) + Math.abs(second) > 1e4 * Math.abs(sum)) return null;
	return sum;
}

/**
 * The digamma function ψ(x) = d/dx ln Γ(x): the recurrence ψ(x) = ψ(x+1) − 1/x up to x ≥ 10, then the asymptotic
 * series; reflection ψ(1−x) − π cot(πx) below 0. NaN at the poles.
 */
export function digamma(x: number): number {
	if (Number.isNaN(x) || (x <= 0 && Number.isInteger(x))) return NaN;
	if (x < 0) return digamma(1 - x) - Math.PI / Math.tan(Math.PI * (x - Math.floor(x)));
	let result = 0;
	while (x < 10) {
		result -= 1 / x;
		x += 1;
	}
	const inv = 1 / (x * x);
	// ln x − 1/(2x) − Σ B₂ₖ/(2k x^2k)
	result +=
		Math.log(x) -
		0.5 / x -
		inv * (1 / 12 - inv * (1 / 120 - inv * (1 / 252 - inv * (1 / 240 - inv * (1 / 132 - inv * (691 / 32760 - inv / 12))))));
	return result;
}

/** Π Γ(top) / Π Γ(bottom) · e^logFactor, computed in logs with signs; 0 when a bottom argument is a pole. */
function gammaRatio(top: number[], bottom: number[], logFactor = 0): number {
	let log = logFactor;
	let sign = 1;
	for (const t of top) {
		if (isNonPositiveInteger(t)) return NaN;
		log += lnGamma(t);
		sign *= gammaSign(t);
	}
	for (const t of bottom) {
		if (isNonPositiveInteger(t)) return 0; // 1/Γ at a pole is 0
		log -= lnGamma(t);
		sign *= gammaSign(t);
	}
	return sign * Math.exp(log);
}

/** The defining series, for |z| < 1; NaN when it has not converged within maxTerms. */
function hyp2f1Series(a: number, b: number, c: number, z: number, options: Hyp2f1Options): number {
	const tolerance = options.tolerance ?? 1e-15;
	const maxTerms = options.maxTerms ?? 10_000_000;
	let term = 1;
	let sum = 1;
	for (let n = 0; n < maxTerms; n++) {
		const ratio = ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
		term *= ratio;
		sum += term;
		if (term === 0) return sum;
		if (!Number.isFinite(sum)) return sum;
		// The tail after this term is at most |term| · R / (1 − R), R the larger of the next ratio and |z|
		// (the ratios tend to z, monotonically once n is large), provided R < 1.
		const next = Math.abs(((a + n + 1) * (b + n + 1) * z) / ((c + n + 1) * (n + 2)));
		const bound = Math.max(next, Math.abs(z));
		if (bound < 1 && Math.abs(term) * (bound / (1 - bound)) <= tolerance * Math.abs(sum)) return sum;
	}
	return NaN;
}

export interface NelderMeadOptions {
	/** Size of the initial simplex's steps from the start, per coordinate or for all; default 0.5 (log space: ×1.65). */
	initialStep?: number | number[];
	/** Stop when the simplex's values differ by at most this (absolute) ... */
	fTolerance?: number;
	/** ... and its vertices by at most this in every coordinate. Defaults 1e-10 and 1e-8. */
	xTolerance?: number;
	/** Default 5,000. */
	maxIterations?: number;
	/** Default 20,000. */
	maxEvaluations?: number;
}

export interface MinimizeResult {
	x: number[];
	value: number;
	iterations: number;
	evaluations: number;
	/** False when an iteration or evaluation limit stopped it first. */
	converged: boolean;
}

/**
 * Nelder–Mead downhill simplex (standard coefficients: reflection 1, expansion 2, contraction ½, shrink ½).
 * Non-finite function values count as +Infinity, so a region where f is undefined is simply avoided.
 */
export function nelderMead(f: (x: number[]) => number, x0: number[], options: NelderMeadOptions = {}): MinimizeResult {
	const n = x0.length;
	const fTolerance = options.fTolerance ?? 1e-10;
	const xTolerance = options.xTolerance ?? 1e-8;
	const maxIterations = options.maxIterations ?? 5000;
	const maxEvaluations = options.maxEvaluations ?? 20000;
	const steps = Array.isArray(options.initialStep)
		? options.initialStep
		: new Array<number>(n).fill(options.initialStep ?? 0.5);

	let evaluations = 0;
	const evaluate = (x: number[]) => {
		evaluations++;
		const v = f(x);
		return Number.isFinite(v) ? v : Infinity;
	};

	const simplex: number[][] = [x0.slice()];
	for (let i = 0; i < n; i++) {
		const vertex = x0.slice();
		vertex[i] += steps[i] || 0.5;
		simplex.push(vertex);
	}
	const values = simplex.map(evaluate);

	const order = () => {
		const idx = simplex.map((_, i) => i).sort((i, j) => values[i] - values[j]);
		const s = idx.map((i) => simplex[i]);
		const v = idx.map((i) => values[i]);
		for (let i = 0; i <= n; i++) {
			simplex[i] = s[i];
			values[i] = v[i];
		}
	};

	let iterations = 0;
	let converged = false;
	while (iterations < maxIterations && evaluations < maxEvaluations) {
		order();
		let fSpread = 0;
		let xSpread = 0;
		for (let i = 1; i <= n; i++) {
			fSpread = Math.max(fSpread, Math.abs(values[i] - values[0]));
			for (let j = 0; j < n; j++) xSpread = Math.max(xSpread, Math.abs(simplex[i][j] - simplex[0][j]));
		}
		if (fSpread <= fTolerance && xSpread <= xTolerance) {
			converged = true;
			break;
		}
		iterations++;

		const centroid = new Array<number>(n).fill(0);
		for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += simplex[i][j] / n;
		const worst = simplex[n];
		const along = (t: number) => centroid.map((c, j) => c + t * (c - worst[j]));

		const reflected = along(1);
		const fr = evaluate(reflected);
		if (fr < values[0]) {
			const expanded = along(2);
			const fe = evaluate(expanded);
			if (fe < fr) {
				simplex[n] = expanded;
				values[n] = fe;
			} else {
				simplex[n] = reflected;
				values[n] = fr;
			}
			continue;
		}
		if (fr < values[n - 1]) {
			simplex[n] = reflected;
			values[n] = fr;
			continue;
		}
		// Contract: outside when the reflection improved on the worst, inside otherwise.
		const outside = fr < values[n];
		const contracted = along(outside ? 0.5 : -0.5);
		const fc = evaluate(contracted);
		if (fc < (outside ? fr : values[n])) {
			simplex[n] = contracted;
			values[n] = fc;
			continue;
		}
		// Shrink towards the best vertex.
		for (let i = 1; i <= n; i++) {
			simplex[i] = simplex[i].map((x, j) => simplex[0][j] + 0.5 * (x - simplex[0][j]));
			values[i] = evaluate(simplex[i]);
		}
	}
	order();
	return { x: simplex[0].slice(), value: values[0], iterations, evaluations, converged };
}

/**
 * Minimises f over positive parameters by running Nelder–Mead on their logarithms, so every trial point is
 * positive without constraints. Tolerances apply to the log-parameters (xTolerance 1e-8 ≈ a relative 1e-8).
 * Returns the parameters themselves (not their logs).
 */
export function minimizePositive(
	f: (x: number[]) => number,
	x0: number[],
	options: NelderMeadOptions = {}
): MinimizeResult {
	if (x0.some((v) => !(v > 0))) throw new RangeError('minimizePositive needs positive starting values');
	const result = nelderMead((y) => f(y.map(Math.exp)), x0.map(Math.log), options);
	return { ...result, x: result.x.map(Math.exp) };
}
