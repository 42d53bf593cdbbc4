/** Figures against targets, hand-checked: met or missed and by how much, per stage, per funnel step, overall. */
import { describe, expect, it } from 'vitest';
import type { LifecycleModel } from '../../../src/lib/engine/model';
import { DAY_MS } from '../../../src/lib/engine/periods';
import { activeShareCheck, figureVsTarget, funnelStepChecks, impliedConversionTarget, keyFigureChecks, stageTableChecks } from '../../../src/lib/engine/targets';

const model: LifecycleModel = {
	id: 'm',
	name: 'M',
	progression: 'forward-only',
	targets: { activeShare: 0.7 },
	stages: [
		{ id: 'lead', label: 'Lead', enter: [], targets: { conversionToNext: 0.5, medianDays: 7 } },
		{ id: 'mql', label: 'MQL', enter: [], targets: { conversionToNext: 0.4 } },
		{ id: 'sql', label: 'SQL', enter: [] },
		{ id: 'won', label: 'Won', enter: [] }
	]
};

describe('a figure against its target', () => {
	it('a rate must reach it, a time must stay under it; the target itself is met', () => {
		expect(figureVsTarget(0.35, 0.4, 'at-least')).toMatchObject({ met: false, actual: 0.35, target: 0.4 });
		expect(figureVsTarget(0.35, 0.4, 'at-least')!.by).toBeCloseTo(-0.05, 12);
		expect(figureVsTarget(0.4, 0.4, 'at-least')).toEqual({ actual: 0.4, target: 0.4, direction: 'at-least', met: true, by: 0 });
		expect(figureVsTarget(3, 5, 'at-most')).toEqual({ actual: 3, target: 5, direction: 'at-most', met: true, by: -2 });
		expect(figureVsTarget(6.5, 5, 'at-most')).toEqual({ actual: 6.5, target: 5, direction: 'at-most', met: false, by: 1.5 });
	});

	it('says nothing without a figure or a target', () => {
		expect(figureVsTarget(null, 0.4, 'at-least')).toBeNull();
		expect(figureVsTarget(0.4, undefined, 'at-least')).toBeNull();
		expect(figureVsTarget(NaN, 0.4, 'at-least')).toBeNull();
	});
});

describe('the stage table, the funnel and the customers against the model’s targets', () => {
	const row = (stageId: string, conversionToNext: number | null, medianDays: number | null) => ({ stageId, conversionToNext, medianTimeInStage: medianDays === null ? null : medianDays * DAY_MS });

	it('checks each stage: Lead converts 60% (target 50%, met, +10 points) in a median 10 days (target 7, missed by 3)', () => {
		const checks = stageTableChecks(model, { rows: [row('lead', 0.6, 10), row('mql', 0.3, 2), row('sql', 0.5, 1), row('won', null, null)] as never });
		expect(checks[0].conversion).toMatchObject({ met: true, target: 0.5 });
		expect(checks[0].conversion!.by).toBeCloseTo(0.1, 12);
		expect(checks[0].medianTime).toEqual({ actual: 10, target: 7, direction: 'at-most', met: false, by: 3 });
		expect(checks[1].conversion).toMatchObject({ met: false, target: 0.4 });
		expect(checks[1].conversion!.by).toBeCloseTo(-0.1, 12);
		expect(checks[1].medianTime).toBeNull();
		expect(checks.slice(2).map((c) => [c.conversion, c.medianTime])).toEqual([
			[null, null],
			[null, null]
		]);
	});

	it('checks a funnel step against the stage before it, only where the two are neighbours in the model', () => {
		const step = (stageId: string, stepConversion: number | null) => ({ stageId, stepConversion });
		const all = funnelStepChecks(model, { steps: [step('lead', null), step('mql', 0.45), step('sql', 0.5), step('won', 0.2)] as never });
		expect(all.map((c) => c?.met ?? null)).toEqual([null, false, true, null]);
		// MQL hidden: SQL's conversion is from Lead, two stages on, which no target speaks of.
		const hidden = funnelStepChecks(model, { steps: [step('lead', null), step('sql', 0.2), step('won', 0.5)] as never });
		expect(hidden).toEqual([null, null, null]);
	});

	it('implies the conversion from one stage to a later one when every stage between has a target: 50% × 40% = 20%', () => {
		expect(impliedConversionTarget(model, 'lead', 'sql')).toBeCloseTo(0.2, 12);
		expect(impliedConversionTarget(model, 'lead', 'mql')).toBe(0.5);
		expect(impliedConversionTarget(model, 'lead', 'won')).toBeNull();
		expect(impliedConversionTarget(model, 'sql', 'lead')).toBeNull();
	});

	it('the active share: 60 of 100 seen customers active against 70%, missed by 10 points', () => {
		const check = activeShareCheck(model, { active: 60, inactive: 30, lost: 10 });
		expect(check).toMatchObject({ actual: 0.6, target: 0.7, met: false });
		expect(check!.by).toBeCloseTo(-0.1, 12);
		expect(activeShareCheck({ ...model, targets: undefined }, { active: 60, inactive: 30, lost: 10 })).toBeNull();
		expect(activeShareCheck(model, { active: 0, inactive: 0, lost: 0 })).toBeNull();
	});

	it('the key figures: Lead → SQL converts 18% against the implied 50% × 40% = 20% (missed by 2 points); 60 of 100 active against 70%', () => {
		const figures = { firstStep: 'lead', lastStep: 'sql', conversion: 0.18, active: 60, atRisk: 30, lost: 10 };
		const checks = keyFigureChecks(model, figures);
		expect(checks.conversion).toMatchObject({ actual: 0.18, met: false, direction: 'at-least' });
		expect(checks.conversion!.target).toBeCloseTo(0.2, 12);
		expect(checks.conversion!.by).toBeCloseTo(-0.02, 12);
		expect(checks.active).toMatchObject({ actual: 0.6, target: 0.7, met: false });
		// Lead → Won: SQL has no target, so no conversion target is implied; no funnel, no check.
		expect(keyFigureChecks(model, { ...figures, lastStep: 'won' }).conversion).toBeNull();
		expect(keyFigureChecks(model, { ...figures, firstStep: null, lastStep: null, conversion: null }).conversion).toBeNull();
		expect(keyFigureChecks({ ...model, targets: undefined }, figures).active).toBeNull();
	});
});
