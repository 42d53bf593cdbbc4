/**
 * Results against the model's targets (model.ts: a stage's conversion to the next stage and median days in it, the
 * share of customers active): met or missed, and by how much. Pure; the funnel, the stage table, the slides and the
 * key figures all ask here, so they agree.
 */
import type { FunnelResult } from './funnel';
import type { LifecycleModel } from './model';
import { DAY_MS } from './periods';
import type { StageTable } from './stage-table';

/** Whether a figure should reach its target ('at-least': a rate) or stay under it ('at-most': a time). */
export type TargetDirection = 'at-least' | 'at-most';

export interface TargetCheck {
	actual: number;
	target: number;
	direction: TargetDirection;
	met: boolean;
	/** actual − target (positive: above the target, which is good for a rate and bad for a time). */
	by: number;
}

/** A figure against its target; null when either is unknown. The target itself counts as met. */
export function figureVsTarget(actual: number | null | undefined, target: number | null | undefined, direction: TargetDirection): TargetCheck | null {
	if (actual === null || actual === undefined || target === null || target === undefined || !Number.isFinite(actual)) return null;
	const met = direction === 'at-least' ? actual >= target : actual <= target;
	return { actual, target, direction, met, by: actual - target };
}

export interface StageChecks {
	stageId: string;
	conversion: TargetCheck | null;
	/** In days. */
	medianTime: TargetCheck | null;
}

/** Each stage row of the table against its stage's targets (rows and stages matched by id). */
export function stageTableChecks(model: LifecycleModel, table: Pick<StageTable, 'rows'>): StageChecks[] {
	return table.rows.map((row) => {
		const targets = model.stages.find((s) => s.id === row.stageId)?.targets;
		return {
			stageId: row.stageId,
			conversion: figureVsTarget(row.conversionToNext, targets?.conversionToNext, 'at-least'),
			medianTime: figureVsTarget(row.medianTimeInStage === null ? null : row.medianTimeInStage / DAY_MS, targets?.medianDays, 'at-most')
		};
	});
}

/**
 * Each funnel step's conversion from the step before against the earlier stage's conversion target; only where the
 * two steps are neighbouring stages of the model (with a step hidden between them, the target says nothing).
 */
export function funnelStepChecks(model: LifecycleModel, funnel: Pick<FunnelResult, 'steps'>): (TargetCheck | null)[] {
	const index = new Map(model.stages.map((s, i) => [s.id, i]));
	return funnel.steps.map((step, k) => {
		if (k === 0) return null;
		const from = index.get(funnel.steps[k - 1].stageId);
		if (from === undefined || index.get(step.stageId) !== from + 1) return null;
		return figureVsTarget(step.stepConversion, model.stages[from].targets?.conversionToNext, 'at-least');
	});
}

/**
 * The conversion from the funnel's first step to step k that the targets imply: the product of the conversion
 * targets of the stages from the first step's to the one before step k's; null unless every one of them has a
 * target (the conversion-over-time chart draws it as its target line).
 */
export function impliedConversionTarget(model: LifecycleModel, fromStageId: string, toStageId: string): number | null {
	const from = model.stages.findIndex((s) => s.id === fromStageId);
	const to = model.stages.findIndex((s) => s.id === toStageId);
	if (from < 0 || to <= from) return null;
	let product = 1;
	for (let s = from; s < to; s++) {
		const target = model.stages[s].targets?.conversionToNext;
		if (target === undefined) return null;
		product *= target;
	}
	return product;
}

/** The share of customers active (not inactive, not lost) against the model's target. */
export function activeShareCheck(model: LifecycleModel, status: { active: number; inactive: number; lost: number }): TargetCheck | null {
	const total = status.active + status.inactive + status.lost;
	return figureVsTarget(total === 0 ? null : status.active / total, model.targets?.activeShare, 'at-least');
}

/**
 * The key figures against the targets: the overall conversion (the funnel's first step to its last) against the
 * conversion the stages' targets imply, and the share of customers active.
 */
export function keyFigureChecks(
	model: LifecycleModel,
	figures: { firstStep: string | null; lastStep: string | null; conversion: number | null; active: number; atRisk: number; lost: number }
): { conversion: TargetCheck | null; active: TargetCheck | null } {
	const implied = figures.firstStep && figures.lastStep ? impliedConversionTarget(model, figures.firstStep, figures.lastStep) : null;
	return {
		conversion: figureVsTarget(figures.conversion, implied, 'at-least'),
		active: activeShareCheck(model, { active: figures.active, inactive: figures.atRisk, lost: figures.lost })
	};
}
