/** Honest value figures: a fit at the boundary of its parameters is reported as "does not fit", and why. */
import { describe, expect, it } from 'vitest';
import type { BgnbdFit } from '../../../src/lib/engine/bgnbd';
import { bgnbdProblem, gammaGammaProblem } from '../../../src/lib/engine/fit-check';
import type { GammaGammaFit } from '../../../src/lib/engine/gamma-gamma';
import { valueReport } from '../../../src/lib/engine/value-report';
import { tableOf, type Row } from '../../helpers/tables';

const bg = (params: Partial<BgnbdFit>): BgnbdFit => ({ r: 0.24, alpha: 4.4, a: 0.79, b: 2.4, logLikelihood: -9582, iterations: 100, converged: true, ...params });
const gg = (params: Partial<GammaGammaFit>): GammaGammaFit => ({ p: 6.25, q: 3.74, v: 15.4, logLikelihood: -4000, iterations: 100, converged: true, customers: 946, ...params });

describe('fit checks', () => {
	it('BG/NBD: the published CDNOW fit is fine; a parameter past 1e6 (or under 1e-6) or no convergence is not', () => {
		expect(bgnbdProblem(bg({}))).toBeNull();
		expect(bgnbdProblem(bg({ b: 8.3e8 }))).toBe('no-dropout');
		expect(bgnbdProblem(bg({ a: 5e-7 }))).toBe('no-dropout');
		expect(bgnbdProblem(bg({ a: 3e6, b: 4.7e7 }))).toBe('no-dropout');
		expect(bgnbdProblem(bg({ a: 8.3e8, b: 3 }))).toBe('everyone-drops-out');
		expect(bgnbdProblem(bg({ r: 2e7, alpha: 3e8 }))).toBe('same-rate');
		expect(bgnbdProblem(bg({ converged: false }))).toBe('not-converged');
	});

	it('Gamma-Gamma: boundary, an infinite mean (q ≤ 1), no convergence', () => {
		expect(gammaGammaProblem(gg({}))).toBeNull();
		expect(gammaGammaProblem(gg({ p: 4e6, q: 9e6 }))).toBe('same-spend');
		expect(gammaGammaProblem(gg({ q: 0.9 }))).toBe('no-mean');
		expect(gammaGammaProblem(gg({ converged: false }))).toBe('not-converged');
	});

	it('the value report says the model does not fit when almost no one drops out, instead of a = 5e-7', () => {
		// 40 customers buying every 1 to 4 weeks for a whole year, none stopping: nothing to learn about dropping out.
		const rows: Row[] = [];
		const WEEK = 7 * 86_400_000;
		const start = Date.UTC(2024, 0, 1);
		for (let c = 0; c < 40; c++) {
			const every = 1 + (c % 4);
			for (let w = c % 3; w < 52; w += every) rows.push([`c${c}`, start + w * WEEK, 'purchase', 10 + (c % 7) * 3 + (w % 5)]);
		}
		const report = valueReport(tableOf(rows), { asOf: start + 52 * WEEK, horizonWeeks: 52, yearlyDiscount: 0.1 });
		expect(report.prediction.ok).toBe(false);
		if (report.prediction.ok) return;
		expect(report.prediction.problem).toMatchObject({ kind: 'no-fit', why: 'no-dropout' });
		expect(report.prediction.message).toBe('The lifetime-value model (BG/NBD) does not fit this data: almost no one drops out, so the data cannot tell when customers leave.');
		expect(report.holdout).toBeNull();
	}, 30_000);
});
