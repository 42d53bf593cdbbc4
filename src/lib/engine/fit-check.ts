/**
 * Whether a fitted BG/NBD or Gamma-Gamma model describes the data at all. A maximum-likelihood fit that runs to the
 * edge of the parameter space (a parameter above 1e6) or never settles has not found a model of these customers:
 * printing "a = 8.3e+8" would pass that off as a result. Each verdict says why, in terms of the customers.
 */
import type { BgnbdFit } from './bgnbd';
import type { GammaGammaFit } from './gamma-gamma';

/** A parameter beyond this (or below its inverse) is the fit running to the boundary. */
export const PARAMETER_BOUNDARY = 1e6;

/**
 * Why BG/NBD does not fit:
 * - no-dropout: the drop-out probability p ~ Beta(a, b) runs to 0 (b or a at the boundary, a/(a+b) → 0): almost
 *   no one drops out, so the data cannot say when customers leave;
 * - everyone-drops-out: p runs to 1: almost every customer leaves after each purchase;
 * - same-rate: the purchase rate λ ~ Gamma(r, α) loses its spread (r, α at the boundary): every customer buys at
 *   the same rate, the heterogeneity the model is built on is absent;
 * - not-converged: the optimiser stopped at its iteration limit.
 */
export type BgnbdProblem = 'no-dropout' | 'everyone-drops-out' | 'same-rate' | 'not-converged';

/**
 * Why Gamma-Gamma gives no value:
 * - too-few: fewer than one repeat buyer with a positive spend;
 * - same-spend: a parameter at the boundary: spend per purchase hardly varies between customers;
 * - no-mean: q ≤ 1, where the model's mean spend is infinite;
 * - not-converged: the optimiser stopped at its iteration limit.
 */
export type GammaGammaProblem = 'too-few' | 'same-spend' | 'no-mean' | 'not-converged';

/** A parameter past PARAMETER_BOUNDARY or its inverse (or not a number). */
export const atBoundary = (v: number) => !(v <= PARAMETER_BOUNDARY && v >= 1 / PARAMETER_BOUNDARY);

export function bgnbdProblem(fit: BgnbdFit): BgnbdProblem | null {
	const { r, alpha, a, b } = fit;
	if (atBoundary(a) || atBoundary(b)) return a / (a + b) < 0.5 ? 'no-dropout' : 'everyone-drops-out';
	if (atBoundary(r) || atBoundary(alpha)) return 'same-rate';
	return fit.converged ? null : 'not-converged';
}

export function gammaGammaProblem(fit: GammaGammaFit): GammaGammaProblem | null {
	if ([fit.p, fit.q, fit.v].some(atBoundary)) return 'same-spend';
	if (!(fit.q > 1)) return 'no-mean';
	return fit.converged ? null : 'not-converged';
}

/** The verdicts in English, for the command line and for results read without the interface. */
export const BGNBD_PROBLEM_TEXT: Record<BgnbdProblem, string> = {
	'no-dropout': 'almost no one drops out, so the data cannot tell when customers leave',
	'everyone-drops-out': 'almost every customer leaves after each purchase',
	'same-rate': 'every customer buys at about the same rate, and the model needs them to differ',
	'not-converged': 'the fit did not converge'
};

export const GAMMA_GAMMA_PROBLEM_TEXT: Record<GammaGammaProblem, string> = {
	'too-few': 'too few repeat buyers with a value',
	'same-spend': 'spend per purchase hardly varies between customers',
	'no-mean': 'the fitted mean spend is infinite (q ≤ 1)',
	'not-converged': 'the fit did not converge'
};

/** "The lifetime-value model does not fit this data: <why>." */
export const noFitMessage = (problem: BgnbdProblem) => `The lifetime-value model (BG/NBD) does not fit this data: ${BGNBD_PROBLEM_TEXT[problem]}.`;
