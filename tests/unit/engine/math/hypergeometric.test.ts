/** The Gauss hypergeometric function 2F1 against closed forms and mpmath. */
import { describe, expect, it } from 'vitest';
import { hyp2f1 } from '../../../../src/lib/engine/math/hypergeometric';
import { relativeError } from '../../../helpers/numbers';

describe('hyp2f1', () => {
	it('2F1(1, 1; 2; z) = −ln(1 − z)/z, for z near 0, near 1 and negative', () => {
		for (const z of [1e-6, 0.3, 0.5, 0.8, 0.9, 0.95, 0.999, 0.999999, -0.2, -0.5, -0.9, -0.999]) {
			const expected = -Math.log1p(-z) / z;
			expect(relativeError(hyp2f1(1, 1, 2, z), expected), `z = ${z}`).toBeLessThan(1e-12);
		}
	});

	it('2F1 closed forms: (1 − z)^−a, arcsin, arctan, a terminating series', () => {
		for (const z of [0.1, 0.85, 0.99, -0.6]) {
			expect(relativeError(hyp2f1(2.7, 1.3, 1.3, z), Math.pow(1 - z, -2.7))).toBeLessThan(1e-12);
		}
		// 2F1(½, ½; 3/2; x²) = arcsin(x)/x: c − a − b = ½, so z near 1 goes through the 1 − z transformation.
		for (const x of [0.3, 0.9, 0.99, 0.9999]) {
			expect(relativeError(hyp2f1(0.5, 0.5, 1.5, x * x), Math.asin(x) / x), `x = ${x}`).toBeLessThan(1e-12);
		}
		// 2F1(½, 1; 3/2; −x²) = arctan(x)/x.
		for (const x of [0.5, 0.99]) expect(relativeError(hyp2f1(0.5, 1, 1.5, -x * x), Math.atan(x) / x)).toBeLessThan(1e-12);
		// 2F1(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1)).
		const [b, c, z] = [1.5, 2.5, 0.7];
		expect(hyp2f1(-2, b, c, z)).toBeCloseTo(1 - (2 * b * z) / c + (b * (b + 1) * z * z) / (c * (c + 1)), 14);
	});

	it('2F1 at the BG/NBD arguments agrees with mpmath.hyp2f1', () => {
		const cases: [number, number, number, number, number][] = [
			[26.2426, 28.4262, 28.2192, 0.595, 23922099582.637082],
			[0.2426, 2.4262, 2.2192, 0.9216, 2.1039861154149868],
			[0.2426, 2.4262, 2.2192, 0.9999, 29.863170228763731],
			[3, 4, 5.5, 0.85, 42.670191411515169],
			[3, 4, 7, 0.85, 13.582184262624391],
			[0.3, 0.7, -0.2, 0.9, -17.6512031148709],
			[1.5, 2.5, 3.7, -5, 0.12895610419284253],
			[1.5, 2.5, 3.7, 0.95, 10.797933050279758],
			[0.7, 0.2, -0.1, 0.95, -31.834049601081985],
			// c − a − b an integer (0, −2, 2, −2) near z = 1: the logarithmic limiting forms.
			[3, 4, 7, 0.999, 218.07891874229308],
			[3, 4, 5, 0.99999, 19999600116.342151],
			[0.5, 1.5, 4, 0.95, 1.3162232096696509],
			[2.5, 0.3, 0.8, 0.97, 334.45058985484155]
		];
		for (const [a, b, c, z, expected] of cases) {
			expect(relativeError(hyp2f1(a, b, c, z), expected), `${a}, ${b}; ${c}; ${z}`).toBeLessThan(1e-12);
		}
	});
});
