/** BFGS with gradients, and its log-space wrapper for positive parameters. */
import { describe, expect, it } from 'vitest';
import { bfgs, bfgsPositive } from '../../../../src/lib/engine/math/bfgs';

describe('bfgs', () => {
	it('finds the Rosenbrock minimum (1, 1) from (−1.2, 1) in far fewer evaluations than a simplex needs', () => {
		let evaluations = 0;
		const result = bfgs(([x, y], g) => {
			evaluations++;
			g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
			g[1] = 200 * (y - x * x);
			return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
		}, [-1.2, 1], { gradientTolerance: 1e-8 });
		expect(result.converged).toBe(true);
		expect(result.x[0]).toBeCloseTo(1, 6);
		expect(result.x[1]).toBeCloseTo(1, 6);
		expect(result.value).toBeLessThan(1e-12);
		expect(result.evaluations).toBe(evaluations);
		expect(evaluations).toBeLessThan(200);
	});

	it('on positive parameters: the minimum at (0.01, 300), every trial point positive', () => {
		const seen: number[][] = [];
		const result = bfgsPositive(([a, b], g) => {
			seen.push([a, b]);
			// f = ln(a/0.01)² + ln(b/300)²; its derivatives by ln a and ln b.
			g[0] = 2 * Math.log(a / 0.01);
			g[1] = 2 * Math.log(b / 300);
			return Math.log(a / 0.01) ** 2 + Math.log(b / 300) ** 2;
		}, [1, 1], { gradientTolerance: 1e-10 });
		expect(result.converged).toBe(true);
		expect(result.x[0]).toBeCloseTo(0.01, 10);
		expect(result.x[1]).toBeCloseTo(300, 6);
		expect(seen.every(([a, b]) => a > 0 && b > 0)).toBe(true);
	});

	it('without an interior minimum it stops just past the bound, not converged, within tens of iterations', () => {
		// f = 1/a + b² decreases for ever as a grows: the infimum is at a = ∞.
		const result = bfgsPositive(([a, b], g) => {
			g[0] = -1 / a;
			g[1] = 2 * b * b;
			return 1 / a + b * b;
		}, [1, 1], { bound: 1e6 });
		expect(result.converged).toBe(false);
		expect(result.x[0]).toBeGreaterThan(1e6);
		expect(result.x[0]).toBeLessThan(1e6 * Math.exp(4));
		expect(result.iterations).toBeLessThan(60);
	});

	it('says not converged at its iteration limit', () => {
		const result = bfgs(([x], g) => ((g[0] = 4 * x ** 3), x ** 4), [3], { maxIterations: 2, gradientTolerance: 0 });
		expect(result.converged).toBe(false);
		expect(result.iterations).toBe(2);
	});
});
