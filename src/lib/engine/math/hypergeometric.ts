/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) for real arguments, as the BG/NBD's expectations need it.
 */
import { digamma, gammaRatio, isNonPositiveInteger, lnGamma } from './gamma';

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
