/** Small statistics helpers over typed arrays. */

/** Quantile of ascending-sorted values, linear interpolation between order statistics (R-7, as d3.quantile). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number | null {
	const n = sorted.length;
	if (n === 0) return null;
	const h = (n - 1) * p;
	const lo = Math.floor(h);
	const hi = Math.min(lo + 1, n - 1);
	return sorted[lo] + (sorted[hi] - sorted[lo]) * (h - lo);
}

/** a / b, or null when b is zero: a rate of nothing is unknown, not 0. */
export function ratio(a: number, b: number): number | null {
	return b === 0 ? null : a / b;
}
