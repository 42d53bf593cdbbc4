/**
 * Funnels over a classification, in two modes.
 * cumulative (as CRMs count): a customer counts at a step when they reached that stage or a later one.
 * strict: a customer counts at step k when they entered step 1 and every non-optional step up to k, in order.
 * Either way, with a conversion window, step k must come within N days of step 1.
 */
import type { Classification } from './classify';
import { isIncluded, type Mask } from './filter';
import type { LifecycleModel } from './model';
import { DAY_MS } from './periods';
import { quantiles, ratio } from './stats';

export interface FunnelStep {
	stageId: string;
	label: string;
	optional: boolean;
	count: number;
	/** count / first step's count. */
	conversion: number | null;
	/** count / previous step's count. */
	stepConversion: number | null;
	/** Customers of the previous step who did not reach this one (0 at the first step). */
	dropOff: number;
	dropOffRate: number | null;
	/** Median milliseconds from the previous step to this one; null at the first step. */
	medianTimeFromPrevious: number | null;
}

export type FunnelMode = 'cumulative' | 'strict';

export interface FunnelResult {
	mode: FunnelMode;
	windowDays: number | null;
	customers: number;
	steps: FunnelStep[];
}

export interface FunnelOptions {
	/** Stage indexes to show, in model order; all stages when omitted. */
	steps?: number[];
	mode?: FunnelMode;
	/** Step k must come within this many days of step 1. */
	windowDays?: number | null;
	/** Only these customers. */
	mask?: Mask;
}

/** Per customer, the time they count at each step (NaN where they do not): steps × customers. */
export interface StepTimes {
	stages: number[];
	/** times[k * customers + c]. */
	times: Float64Array;
	customers: number;
}

export function stepTimes(classification: Classification, model: LifecycleModel, options: FunnelOptions = {}): StepTimes {
	const S = classification.stageIds.length;
	const n = classification.customerCount;
	// Steps follow the model's order: reached times only never decrease in that order.
	const stages = options.steps ? [...new Set(options.steps)].filter((s) => s >= 0 && s < S).sort((a, b) => a - b) : model.stages.map((_, s) => s);
	const window = options.windowDays ? options.windowDays * DAY_MS : Infinity;
	const strict = options.mode === 'strict';
	const source = strict ? classification.entered : classification.reached;
	const times = new Float64Array(stages.length * n).fill(NaN);

	for (let c = 0; c < n; c++) {
		const start = source[c * S + stages[0]];
		if (Number.isNaN(start) || !isIncluded(options.mask, c)) continue;
		let last = start; // time of the last required step met, in order
		for (let k = 0; k < stages.length; k++) {
			const stage = stages[k];
			let t = source[c * S + stage];
			if (strict && k > 0) {
				if (model.stages[stage].optional) {
					// Not required: counted with the steps before it, at its own time when entered in order.
					t = !Number.isNaN(t) && t >= last ? t : last;
				} else if (Number.isNaN(t) || t < last) break;
				else last = t;
			}
			if (Number.isNaN(t) || t - start > window) break;
			times[k * n + c] = t;
		}
	}
	return { stages, times, customers: n };
}

export function funnel(classification: Classification, model: LifecycleModel, options: FunnelOptions = {}): FunnelResult {
	const { stages, times, customers } = stepTimes(classification, model, options);
	const steps: FunnelStep[] = [];
	const gaps = new Float64Array(customers);
	stages.forEach((stage, k) => {
		let count = 0;
		for (let c = 0; c < customers; c++) {
			const t = times[k * customers + c];
			if (Number.isNaN(t)) continue;
			if (k > 0) gaps[count] = t - times[(k - 1) * customers + c];
			count++;
		}
		const first = k === 0 ? count : steps[0].count;
		const before = k === 0 ? count : steps[k - 1].count;
		steps.push({
			stageId: model.stages[stage].id,
			label: model.stages[stage].label,
			optional: model.stages[stage].optional === true,
			count,
			conversion: ratio(count, first),
			stepConversion: k === 0 ? null : ratio(count, before),
			dropOff: before - count,
			dropOffRate: k === 0 ? null : ratio(before - count, before),
			medianTimeFromPrevious: k > 0 ? quantiles(gaps.subarray(0, count), [0.5])[0] : null
		});
	});
	let chosen = 0;
	for (let c = 0; c < customers; c++) if (isIncluded(options.mask, c)) chosen++;
	return { mode: options.mode ?? 'cumulative', windowDays: options.windowDays ?? null, customers: chosen, steps };
}

export interface ConversionTime {
	customers: number;
	p25: number | null;
	median: number | null;
	p75: number | null;
	p90: number | null;
	/** Equal-width bins of whole days from 0 to the longest time, at most `bins` of them. */
	histogram: { from: number; to: number; customers: number }[];
}

/** The time from step `from` to step `to` (indexes into the funnel's steps) of the customers counted at both. */
export function conversionTime(step: StepTimes, from: number, to: number, bins = 20): ConversionTime {
	const n = step.customers;
	const gaps = new Float64Array(n);
	let count = 0;
	let longest = 0;
	for (let c = 0; c < n; c++) {
		const a = step.times[from * n + c];
		const b = step.times[to * n + c];
		if (Number.isNaN(a) || Number.isNaN(b)) continue;
		gaps[count++] = b - a;
		longest = Math.max(longest, b - a);
	}
	const width = Math.max(1, Math.ceil(longest / DAY_MS / bins)) * DAY_MS;
	const binCount = Math.max(1, Math.ceil((longest + 1) / width));
	const histogram = Array.from({ length: count ? binCount : 0 }, (_, i) => ({ from: i * width, to: (i + 1) * width, customers: 0 }));
	for (let g = 0; g < count; g++) histogram[Math.min(binCount - 1, Math.floor(gaps[g] / width))].customers++;
	const [p25, median, p75, p90] = quantiles(gaps.subarray(0, count), [0.25, 0.5, 0.75, 0.9]);
	return {
		customers: count,
		p25,
		median,
		p75,
		p90,
		histogram
	};
}
