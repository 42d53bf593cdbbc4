/** Nelder–Mead and its log-space wrapper for positive parameters. */
import { describe, expect, it } from 'vitest';
import { minimizePositive, nelderMead } from '../../../../src/lib/engine/math/minimize';

describe('minimize', () => {
	it('Nelder–Mead finds the Rosenbrock minimum; minimizePositive keeps parameters positive', () => {
		const rosenbrock = ([x, y]: number[]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
		const result = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 5000 });
		expect(result.converged).toBe(true);
		expect(result.x[0]).toBeCloseTo(1, 5);
		expect(result.x[1]).toBeCloseTo(1, 5);

		// Undefined (NaN) for non-positive values; minimum at (0.01, 300).
		const f = ([a, b]: number[]) => (a > 0 && b > 0 ? Math.log(a / 0.01) ** 2 + Math.log(b / 300) ** 2 : NaN);
		const positive = minimizePositive(f, [1, 1]);
		expect(positive.x[0]).toBeCloseTo(0.01, 8);
		expect(positive.x[1]).toBeCloseTo(300, 4);

		const capped = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 10 });
		expect(capped.converged).toBe(false);
		expect(capped.iterations).toBe(10);
	});
});
