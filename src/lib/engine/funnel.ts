/**
 * Cumulative funnel, as CRMs count: a customer counts at a step when they reached that stage or a later one.
 */
import type { Classification } from './classify';
import type { LifecycleModel } from './model';
import { quantileSorted, ratio } from './stats';

export interface FunnelStep {
	stageId: string;
	label: string;
	count: number;
	/** count / first step's count. */
	conversion: number | null;
	/** count / previous step's count. */
	stepConversion: number | null;
	/** Customers of the previous step who did not reach this one (0 at the first step). */
	dropOff: number;
	dropOffRate: number | null;
	/** Median milliseconds from reaching the previous step to reaching this one; null at the first step. */
	medianTimeFromPrevious: number | null;
}

export interface FunnelResult {
	mode: 'cumulative';
	customers: number;
	steps: FunnelStep[];
}

export interface FunnelOptions {
	/** Stage indexes to show, in model order; all stages when omitted. */
	steps?: number[];
}

export function funnel(classification: Classification, model: LifecycleModel, options: FunnelOptions = {}): FunnelResult {
	const stageCount = classification.stageIds.length;
	// Steps follow the model's order: reached times only never decrease in that order.
	const stepStages = options.steps ? [...new Set(options.steps)].sort((a, b) => a - b) : model.stages.map((_, s) => s);
	const { reached, customerCount } = classification;
	const steps: FunnelStep[] = [];

	stepStages.forEach((stage, k) => {
		const previous = k > 0 ? stepStages[k - 1] : -1;
		const gaps: number[] = [];
		let count = 0;
		for (let c = 0; c < customerCount; c++) {
			const t = reached[c * stageCount + stage];
			if (Number.isNaN(t)) continue;
			count++;
			if (previous >= 0) gaps.push(t - reached[c * stageCount + previous]);
		}
		const first = k === 0 ? count : steps[0].count;
		const before = k === 0 ? count : steps[k - 1].count;
		steps.push({
			stageId: model.stages[stage].id,
			label: model.stages[stage].label,
			count,
			conversion: ratio(count, first),
			stepConversion: k === 0 ? null : ratio(count, before),
			dropOff: before - count,
			dropOffRate: k === 0 ? null : ratio(before - count, before),
			medianTimeFromPrevious: previous >= 0 ? quantileSorted(Float64Array.from(gaps).sort(), 0.5) : null
		});
	});

	return { mode: 'cumulative', customers: customerCount, steps };
}
