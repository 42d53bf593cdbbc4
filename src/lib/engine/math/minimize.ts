/**
 * Minimisation without derivatives: Nelder–Mead's downhill simplex, and a wrapper for positive parameters that
 * searches their logarithms. The Gamma-Gamma fit maximises its likelihood with it (BG/NBD uses ./bfgs, with gradients).
 */

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

/**
 * Minimises f over positive parameters from several starting points: runs minimizePositive from each start, keeps
 * the best, then restarts it until the value stops improving (a fresh simplex escapes Nelder–Mead's occasional
 * premature collapse). Throws when no start reaches a finite value.
 *
 * Two limits keep a fit without an interior optimum from running for tens of seconds (a 1M-event log without
 * drop-outs took 22 s of CPU: ten restarts each spent their whole evaluation limit drifting towards the edge, each
 * improving a little):
 * - a best past `boundary` (or its inverse) is not restarted: the callers reject such a fit as running to the edge
 *   of the parameter space (./fit-check), and restarts would only drift further;
 * - the restarts share what is left of a budget of evaluations (every start still runs in full, as the starts
 *   decide which optimum is found); a run cut short by it is not converged. Well-posed fits need a small part of it
 *   (CDNOW's BG/NBD: about 1,400 evaluations in all).
 */
export function minimizeFromStarts(objective: (x: number[]) => number, starts: number[][], boundary = Infinity): { result: MinimizeResult; iterations: number } {
	const beyond = (x: number[]) => x.some((v) => !(v <= boundary && v >= 1 / boundary));
	const runEvaluations = 8000;
	let evaluationsLeft = (starts.length + 2) * runEvaluations;
	const run = (start: number[], initialStep?: number) => {
		const maxEvaluations = Math.min(runEvaluations, evaluationsLeft);
		const result = minimizePositive(objective, start, { fTolerance: 1e-9, xTolerance: 1e-7, maxIterations: 4000, maxEvaluations, initialStep });
		evaluationsLeft -= result.evaluations;
		return result;
	};
	let iterations = 0;
	let best: MinimizeResult | null = null;
	for (const start of starts) {
		const result = run(start);
		iterations += result.iterations;
		if (!best || result.value < best.value) best = result;
	}
	for (let restart = 0; restart < 10 && best && !beyond(best.x) && evaluationsLeft > 0; restart++) {
		const result = run(best.x, 0.1);
		iterations += result.iterations;
		const improved = best.value - result.value;
		if (result.value < best.value) best = result;
		if (!(improved > 1e-8)) break;
	}
	if (!best || !Number.isFinite(best.value)) throw new Error('The fit did not find parameters with a finite likelihood');
	return { result: best, iterations };
}
