/** ln Γ and the digamma function against exact values and mpmath. */
import { describe, expect, it } from 'vitest';
import { digamma, lnGamma } from '../../../../src/lib/engine/math/gamma';
import { relativeError } from '../../../helpers/numbers';

describe('gamma', () => {
	it('lnGamma: Γ(1/2) = √π, Γ(10) = 9!, Γ(1) = Γ(2) = 1, large and reflected arguments', () => {
		expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
		expect(lnGamma(10)).toBeCloseTo(Math.log(362880), 13);
		expect(lnGamma(1)).toBe(0);
		expect(lnGamma(2)).toBe(0);
		// References from mpmath.loggamma.
		expect(relativeError(lnGamma(100), 359.13420536957539878)).toBeLessThan(1e-14);
		expect(relativeError(lnGamma(1e-8), 18.420680738180208884)).toBeLessThan(1e-14);
		expect(lnGamma(-2.5)).toBeCloseTo(-0.05624371649767405, 13); // ln|Γ(−2.5)|
		expect(lnGamma(0)).toBe(Infinity);
		expect(lnGamma(-3)).toBe(Infinity);
	});

	it('digamma: ψ(1) = −γ, ψ(½) = −γ − 2 ln 2, reflected and large arguments (mpmath)', () => {
		const eulerGamma = 0.5772156649015329;
		expect(digamma(1)).toBeCloseTo(-eulerGamma, 14);
		expect(digamma(0.5)).toBeCloseTo(-eulerGamma - 2 * Math.LN2, 14);
		expect(digamma(-2.5)).toBeCloseTo(1.1031566406452432, 13);
		expect(digamma(10.3)).toBeCloseTo(2.2828154464391227, 14);
		expect(digamma(0)).toBeNaN();
	});
});
