/**
 * The gamma function's relatives for the customer-value models: ln |Γ(x)|, the sign of Γ(x), the digamma function
 * ψ(x) and ratios of gamma functions. Pure functions of numbers, no dependencies.
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

/** True for 0, −1, −2, ...: the poles of Γ. */
export const isNonPositiveInteger = (x: number) => x <= 0 && Number.isInteger(x);

/** Π Γ(top) / Π Γ(bottom) · e^logFactor, computed in logs with signs; 0 when a bottom argument is a pole. */
export function gammaRatio(top: number[], bottom: number[], logFactor = 0): number {
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
