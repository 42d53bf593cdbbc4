/**
 * Minimisation with gradients: BFGS (a quasi-Newton method) with a backtracking line search, for objectives whose
 * gradient is known in closed form. The BG/NBD fit uses it on its log-parameters: against Nelder–Mead (./minimize)
 * it needs tens of evaluations where the simplex needs thousands, and on a likelihood without an interior optimum
 * its steps grow along the ridge, so it reaches the parameter boundary in a few iterations instead of drifting there.
 */
import type { MinimizeResult } from './minimize';

/** f(x), writing ∇f(x) into `gradient` (of x's length). */
export type ObjectiveWithGradient = (x: Float64Array, gradient: Float64Array) => number;

export interface BfgsOptions {
	/** Converged when every component of the gradient is at most this (absolute); default 1e-6. */
	gradientTolerance?: number;
	/** ... and the step to the minimum the curvature learnt so far predicts is at most this in every coordinate; 1e-6. */
	stepTolerance?: number;
	/** Default 500. */
	maxIterations?: number;
	/** Stop (not converged) once a coordinate's magnitude passes this: a minimum beyond it is not wanted. Default ∞. */
	bound?: number;
	/** The largest move of any coordinate in one step; default 4. */
	maxStep?: number;
}

const dot = (u: Float64Array, v: Float64Array) => {
	let sum = 0;
	for (let i = 0; i < u.length; i++) sum += u[i] * v[i];
	return sum;
};
const maxAbs = (v: Float64Array) => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/**
 * BFGS from x0. Each step goes along −H∇f (H the inverse Hessian's estimate; the steepest descent when that is not
 * a descent direction), shortened to `maxStep`, and halved until it decreases f by the Armijo condition; H is
 * updated when the step's curvature is positive. Non-finite values of f count as too far. Stops converged when the
 * gradient and the predicted step are within tolerance; not converged at the iteration limit, past `bound`, or when no step (down to 2^−40
 * of the first try, or below 1e-12) decreases f.
 */
export function bfgs(f: ObjectiveWithGradient, x0: number[], options: BfgsOptions = {}): MinimizeResult {
	const n = x0.length;
	const gradientTolerance = options.gradientTolerance ?? 1e-6;
	const maxIterations = options.maxIterations ?? 500;
	const bound = options.bound ?? Infinity;
	const maxStep = options.maxStep ?? 4;
	const stepTolerance = options.stepTolerance ?? 1e-6;
	let x = Float64Array.from(x0);
	let g = new Float64Array(n);
	let value = f(x, g);
	let evaluations = 1;
	let iterations = 0;
	let converged = false;
	if (!Number.isFinite(value)) return { x: [...x], value: Infinity, iterations, evaluations, converged };
	// The inverse Hessian's estimate, row-major; the identity until the first step scales it.
	let H = identity(n);
	const direction = new Float64Array(n);
	const s = new Float64Array(n);
	const y = new Float64Array(n);
	// Whether H holds curvature learnt from a step (not the identity of the start or of a reset).
	let learnt = false;
	while (iterations < maxIterations) {
		if (maxAbs(x) > bound) break;
		for (let i = 0; i < n; i++) {
			let d = 0;
			for (let j = 0; j < n; j++) d -= H[i * n + j] * g[j];
			direction[i] = d;
		}
		// Converged: a small gradient, and (once H knows the curvature) a small step to the minimum it predicts. On a
		// ridge that keeps falling slowly towards a bound the gradient is small but that step is long.
		if (maxAbs(g) <= gradientTolerance && (!learnt || maxAbs(direction) <= stepTolerance)) {
			converged = true;
			break;
		}
		iterations++;
		if (!(dot(direction, g) < 0)) {
			H = identity(n);
			learnt = false;
			for (let i = 0; i < n; i++) direction[i] = -g[i];
		}
		const longest = maxAbs(direction);
		if (longest > maxStep) for (let i = 0; i < n; i++) direction[i] *= maxStep / longest;
		const slope = dot(direction, g);
		// Backtracking: the first step t that decreases f by at least 1e-4 · t · slope.
		const next = new Float64Array(n);
		const nextGradient = new Float64Array(n);
		let nextValue = NaN;
		let t = 1;
		for (let halvings = 0; halvings < 40; halvings++, t /= 2) {
			for (let i = 0; i < n; i++) next[i] = x[i] + t * direction[i];
			nextValue = f(next, nextGradient);
			evaluations++;
			if (Number.isFinite(nextValue) && nextValue <= value + 1e-4 * t * slope) break;
		}
		if (!(Number.isFinite(nextValue) && nextValue <= value + 1e-4 * t * slope)) break;
		for (let i = 0; i < n; i++) {
			s[i] = next[i] - x[i];
			y[i] = nextGradient[i] - g[i];
		}
		const sy = dot(s, y);
		if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
			if (iterations === 1) H = identity(n, sy / dot(y, y));
			H = bfgsUpdate(H, s, y, sy);
			learnt = true;
		}
		x = next;
		g = nextGradient;
		value = nextValue;
		// A step this short no longer moves f beyond its rounding: the gradient is as small as it will get.
		if (maxAbs(s) <= 1e-12) {
			converged = maxAbs(g) <= gradientTolerance;
			break;
		}
	}
	return { x: [...x], value, iterations, evaluations, converged };
}

function identity(n: number, scale = 1): Float64Array {
	const m = new Float64Array(n * n);
	for (let i = 0; i < n; i++) m[i * n + i] = scale;
	return m;
}

/** H' = (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1 / (s · y): the BFGS update of the inverse Hessian. */
function bfgsUpdate(H: Float64Array, s: Float64Array, y: Float64Array, sy: number): Float64Array {
	const n = s.length;
	const rho = 1 / sy;
	const Hy = new Float64Array(n);
	for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Hy[i] += H[i * n + j] * y[j];
	const yHy = dot(y, Hy);
	const updated = new Float64Array(n * n);
	// Expanded: H − ρ (Hy sᵀ + s yᵀH) + (ρ² yᵀHy + ρ) s sᵀ, with H symmetric (yᵀH = (Hy)ᵀ).
	for (let i = 0; i < n; i++)
		for (let j = 0; j < n; j++) updated[i * n + j] = H[i * n + j] - rho * (Hy[i] * s[j] + s[i] * Hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j];
	return updated;
}

/**
 * Minimises f over positive parameters by BFGS on their logarithms (so every trial point is positive); `gradient`
 * receives ∂f/∂ln xᵢ = xᵢ ∂f/∂xᵢ, which the objective computes. `bound` applies to the parameters (and its inverse).
 * Returns the parameters themselves.
 */
export function bfgsPositive(
	f: (x: number[], gradientByLog: Float64Array) => number,
	x0: number[],
	options: Omit<BfgsOptions, 'bound'> & { bound?: number } = {}
): MinimizeResult {
	if (x0.some((v) => !(v > 0))) throw new RangeError('bfgsPositive needs positive starting values');
	const bound = options.bound === undefined ? Infinity : Math.log(options.bound);
	const result = bfgs((y, gradient) => f(Array.from(y, Math.exp), gradient), x0.map(Math.log), { ...options, bound });
	return { ...result, x: result.x.map(Math.exp) };
}
