/**
 * Funnels over a classification, in two modes.
 * cumulative (as CRMs count): a customer counts at a step when they reached that stage or a later one.
 * strict: a customer counts at step k when they entered step 1 and every non-optional step up to k, in order.
 * Either way, with a conversion window, step k must come within N hours, days or weeks of step 1; with a
 * per-step window (an SLA), within N units of the step before it; and with an exclusion, a customer who did the
 * excluded event after counting at one step and before a later one drops out at that later step.
 * Counting by entries (./stage-entries), each step also counts the times its customers came into its stage again
 * after they counted there (within the conversion window): a recycled lead counts once more at each stage it re-enters.
 */
import type { Classification } from './classify';
import { chosenCustomers, isIncluded, type Mask } from './filter';
import type { LifecycleModel } from './model';
import { DAY_MS } from './periods';
import { isForwardOnly, stageCounts, stageReach, type StageCounts, type StageReach } from './reach';
import { entriesAfter, type StageEntries } from './stage-entries';
import { quantiles, ratio } from './stats';
import type { EventTable } from './table';

export type WindowUnit = 'hour' | 'day' | 'week';
export const WINDOW_UNITS: readonly WindowUnit[] = ['hour', 'day', 'week'];
export const WINDOW_UNIT_MS: Record<WindowUnit, number> = { hour: DAY_MS / 24, day: DAY_MS, week: 7 * DAY_MS };

/** The step into stage `stage` (a model index) must come within `within` window units of the funnel's step before it. */
export interface StepWindow {
	stage: number;
	within: number;
}

/**
 * Customers who did `event` (its exact name) after counting at stage `from` and before counting at a later step up
 * to stage `to` (model indexes, from < to) drop out at that step. Where stage `from` is not a shown step, the last
 * shown step before it stands in.
 */
export interface FunnelExclusion {
	event: string;
	from: number;
	to: number;
}

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
	/** Of the drop-off, the customers an exclusion took out here; only in a funnel with exclusions. */
	excluded?: number;
	/**
	 * Counting by entries: the customers counted here plus the times they came into this step's stage again after
	 * counting here (at least `count`). The conversions and drop-off stay those of unique customers.
	 */
	entries?: number;
}

export type FunnelMode = 'cumulative' | 'strict';
/** What a step counts: unique customers, or entries (re-entries count again). */
export type FunnelCounting = 'customers' | 'entries';

export interface FunnelResult {
	mode: FunnelMode;
	/** The conversion window, in windowUnit (days when absent). */
	windowDays: number | null;
	windowUnit?: WindowUnit;
	customers: number;
	steps: FunnelStep[];
	/** Present when counting by entries: every step then has `entries`. */
	counting?: 'entries';
	/**
	 * Present on a first answer that left out the median time into each step (FunnelOptions.times): every step's
	 * medianTimeFromPrevious is null until the whole answer brings them.
	 */
	timesToCome?: true;
}

export interface FunnelOptions {
	/** Stage indexes to show, in model order; all stages when omitted. */
	steps?: number[];
	mode?: FunnelMode;
	/** Step k must come within this many window units (days by default) of step 1. */
	windowDays?: number | null;
	windowUnit?: WindowUnit;
	stepWindows?: readonly StepWindow[];
	exclusions?: readonly FunnelExclusion[];
	/** The events the exclusions look in; exclusions are ignored without it. */
	table?: EventTable;
	/** Count by entries: each stay in each stage (./stage-entries). */
	entries?: StageEntries;
	/** Only these customers. */
	mask?: Mask;
	/**
	 * false: a first answer, drawn before the rest of the view: a reach funnel (isReachFunnel) leaves out the median
	 * time into each step, most of its compute on a cold start, and says so (FunnelResult.timesToCome). Other funnels
	 * count and time their steps in one pass, and come whole.
	 */
	times?: boolean;
}

/** Per chosen customer, the time they count at each step (NaN where they do not): steps × chosen customers. */
export interface StepTimes {
	stages: number[];
	/** times[k * customers + j]: the j-th chosen customer's time at step k. */
	times: Float64Array;
	/** The chosen customers (columns): the mask's, or everyone. */
	customers: number;
	/** Column j's customer (an index into the table's customers); null: column j is customer j (no mask). */
	customerOf: Uint32Array | null;
	/** The step at which an exclusion took each column's customer out, -1 where none; only with exclusions. */
	excludedAt?: Int32Array;
	/** The conversion window in ms (Infinity: none): how late a re-entry may come after step 1. */
	window: number;
}

/** The step times of the mask's customers only: 8 bytes × steps per chosen customer, not per customer. */
export function stepTimes(classification: Classification, model: LifecycleModel, options: FunnelOptions = {}): StepTimes {
	const { stages, window, time, exclusions } = stepTimer(classification, model, options);
	const customerOf = chosenCustomers(options.mask);
	const n = customerOf ? customerOf.length : classification.customerCount;
	const excludedAt = exclusions ? new Int32Array(n).fill(-1) : undefined;
	const times = new Float64Array(stages.length * n).fill(NaN);
	for (let j = 0; j < n; j++) {
		const counted = time(customerOf ? customerOf[j] : j, times, j, n);
		if (excludedAt && counted < 0) excludedAt[j] = -counted - 1;
	}
	return { stages, times, customers: n, customerOf, window, ...(excludedAt ? { excludedAt } : {}) };
}

/**
 * Writes customer c's time at each funnel step into out[at], out[at + stride], … up to the last step they count at
 * (later entries are left as they were). Returns how many steps they count at, or -(k + 1) when an exclusion took
 * them out at step k (they then count at the k steps before it).
 */
type StepTime = (c: number, out: Float64Array, at: number, stride: number) => number;

/** The funnel's steps (stage indexes), its window in ms, and when each customer counts at each step. */
function stepTimer(classification: Classification, model: LifecycleModel, options: FunnelOptions): { stages: number[]; window: number; time: StepTime; exclusions: boolean } {
	const S = classification.stageIds.length;
	const stages = funnelStages(options, S);
	const unit = WINDOW_UNIT_MS[options.windowUnit ?? 'day'];
	const window = options.windowDays ? options.windowDays * unit : Infinity;
	const stepWindow = stages.map((stage) => {
		const within = options.stepWindows?.find((w) => w.stage === stage)?.within;
		return within && within > 0 ? within * unit : Infinity;
	});
	const exclusions = options.table ? exclusionSteps(options.table, stages, options.exclusions ?? []) : [];
	const strict = options.mode === 'strict';
	const source = strict ? classification.entered : classification.reached;
	const optional = stages.map((stage) => model.stages[stage].optional === true);

	if (!strict && window === Infinity && stepWindow.every((w) => w === Infinity) && !exclusions.length) {
		// The dashboard's funnel (cumulative, no window, no exclusion): a customer counts up to their first step not
		// reached. The same answer as the general timer below, without its tests per step (half the funnel's time at 10M).
		const K = stages.length;
		const plain: StepTime = (c, out, at, stride) => {
			const row = c * S;
			for (let k = 0; k < K; k++) {
				const t = source[row + stages[k]];
				if (Number.isNaN(t)) return k;
				out[at + k * stride] = t;
			}
			return K;
		};
		return { stages, window, time: plain, exclusions: false };
	}

	const time: StepTime = (c, out, at, stride) => {
		const start = source[c * S + stages[0]];
		if (Number.isNaN(start)) return 0;
		let last = start; // time of the last required step met, in order
		for (let k = 0; k < stages.length; k++) {
			let t = source[c * S + stages[k]];
			if (strict && k > 0) {
				if (optional[k]) {
					// Not required: counted with the steps before it, at its own time when entered in order.
					t = !Number.isNaN(t) && t >= last ? t : last;
				} else if (Number.isNaN(t) || t < last) return k;
				else last = t;
			}
			if (Number.isNaN(t) || t - start > window || (k > 0 && t - out[at + (k - 1) * stride] > stepWindow[k])) return k;
			if (exclusions.length && exclusions.some((e) => k > e.fromStep && k <= e.toStep && didBetween(options.table!, c, e.codes, out[at + e.fromStep * stride], t))) return -k - 1;
			out[at + k * stride] = t;
		}
		return stages.length;
	};
	return { stages, window, time, exclusions: exclusions.length > 0 };
}

/** An exclusion in funnel steps: the step it counts from and the last step it applies to, and its event codes. */
interface ExclusionSteps {
	codes: Uint8Array;
	fromStep: number;
	toStep: number;
}

function exclusionSteps(table: EventTable, stages: number[], exclusions: readonly FunnelExclusion[]): ExclusionSteps[] {
	return exclusions.flatMap((exclusion) => {
		const range = exclusionRange(stages, exclusion);
		if (!range) return [];
		// An event the data does not have matches no code: it excludes no one.
		return [{ codes: Uint8Array.from(table.eventNames, (name) => (name === exclusion.event ? 1 : 0)), ...range }];
	});
}

/**
 * The funnel steps an exclusion spans: the step it counts from (the last shown step at or before stage `from`) and
 * the last step it applies to; null when it spans no step. Also what the SQL compiler goes by.
 */
export function exclusionRange(stages: readonly number[], { from, to }: FunnelExclusion): { fromStep: number; toStep: number } | null {
	// Stages are in model order: the number at or before a stage less one is the last such step.
	const fromStep = stages.filter((s) => s <= from).length - 1;
	const toStep = stages.filter((s) => s <= to).length - 1;
	return fromStep < 0 || toStep <= fromStep ? null : { fromStep, toStep };
}

/** Whether customer c has an event of the codes strictly between two times (their events are in time order). */
function didBetween(table: EventTable, c: number, codes: Uint8Array, after: number, before: number): boolean {
	for (let i = table.customerStart[c]; i < table.customerStart[c + 1]; i++) {
		const t = table.time[i];
		if (t >= before) return false;
		if (t > after && codes[table.event[i]]) return true;
	}
	return false;
}

/** The funnel's steps: stage indexes in the model's order (reached times only never decrease in that order). */
function funnelStages(options: FunnelOptions, stageCount: number): number[] {
	if (!options.steps) return Array.from({ length: stageCount }, (_, s) => s);
	return [...new Set(options.steps)].filter((s) => s >= 0 && s < stageCount).sort((a, b) => a - b);
}

/**
 * Whether a funnel is the dashboard's (cumulative over every stage, no window, no exclusion, unique customers) over a
 * forward-only classification: then it is the chosen customers' reach (./reach), which the stage table reads too.
 */
export function isReachFunnel(classification: Classification, options: FunnelOptions): boolean {
	const S = classification.stageIds.length;
	const plain = options.mode !== 'strict' && !options.windowDays && !options.stepWindows?.some((w) => w.within > 0) && !options.exclusions?.length && !options.entries;
	return plain && isForwardOnly(classification) && funnelStages(options, S).length === S;
}

/**
 * `reach`: the chosen customers' reach (./reach, over options.mask) when the caller holds it, or their counts alone;
 * read instead of the classification when the funnel is the dashboard's (isReachFunnel).
 */
export function funnel(classification: Classification, model: LifecycleModel, options: FunnelOptions = {}, reach?: StageCounts | StageReach): FunnelResult {
	if (!isReachFunnel(classification, options)) return groupFunnels(classification, model, options, { of: null, count: 1 })[0];
	const mask = options.mask ?? null;
	const counts = reach ?? stageCounts(classification, mask);
	const stages = funnelStages(options, counts.reached.length);
	const count = (k: number) => counts.reached[k];
	if (options.times === false) return { ...funnelResult(model, stages, options, counts.customers, count, () => null), timesToCome: true };
	const { medianGap } = 'medianGap' in counts ? (counts as StageReach) : stageReach(classification, mask, counts);
	return funnelResult(model, stages, options, counts.customers, count, (k) => medianGap[k]);
}

/** A whole funnel answer as its first answer (FunnelOptions.times false) says it: the same counts, no times yet. */
export function withoutTimes(result: FunnelResult): FunnelResult {
	return { ...result, steps: result.steps.map((step) => ({ ...step, medianTimeFromPrevious: null })), timesToCome: true };
}

/** Customers in groups (a breakdown's segments): of[c] is customer c's group, from 0 to count - 1, or -1 for none. */
export interface CustomerGroups {
	/** null: one group, the customers of options.mask. */
	of: Int32Array | null;
	count: number;
}

/**
 * A funnel per group of customers: each equals the funnel over its group's customers alone (a customer's step times
 * do not depend on anyone else). Two passes over the chosen customers, each computing their step times again (a few
 * reads each): the first counts, the second collects the time from each step to the next, which then lie together
 * by group and step. No array of every customer's step times (8 bytes × steps × customers per call).
 * The groups must lie within options.mask.
 */
export function groupFunnels(classification: Classification, model: LifecycleModel, options: FunnelOptions, groups: CustomerGroups): FunnelResult[] {
	const { stages, window, time, exclusions } = stepTimer(classification, model, options);
	const { entries, mask } = options;
	const { of, count: groupCount } = groups;
	const n = classification.customerCount;
	const K = stages.length;
	// The groups lie within the mask: only its chosen customers are visited.
	const list = chosenCustomers(mask);
	const visited = list ? list.length : n;
	const chosen = new Uint32Array(groupCount);
	// Per group and step (g * K + k): customers counted, taken out by an exclusion, and re-entries.
	const counts = new Uint32Array(groupCount * K);
	const excluded = new Uint32Array(groupCount * K);
	const reentries = new Float64Array(groupCount * K);
	const row = new Float64Array(K);
	for (let j = 0; j < visited; j++) {
		const c = list ? list[j] : j;
		const g = of ? of[c] : 0;
		if (g < 0) continue;
		chosen[g]++;
		const result = time(c, row, 0, 1);
		const counted = result < 0 ? -result - 1 : result;
		if (result < 0) excluded[g * K + counted]++;
		for (let k = 0; k < counted; k++) {
			counts[g * K + k]++;
			if (entries) reentries[g * K + k] += entriesAfter(entries, c, stages[k], row[k], row[0] + window);
		}
	}
	// The gaps of group g at step k (> 0) lie from gapEnd[g * K + k] - counts[g * K + k] once filled.
	const gapEnd = new Uint32Array(groupCount * K);
	let gapCount = 0;
	for (let i = 0; i < gapEnd.length; i++) {
		gapEnd[i] = gapCount;
		if (i % K > 0) gapCount += counts[i];
	}
	const gaps = new Float64Array(gapCount);
	if (gapCount > 0)
		for (let j = 0; j < visited; j++) {
			const c = list ? list[j] : j;
			const g = of ? of[c] : 0;
			if (g < 0) continue;
			const result = time(c, row, 0, 1);
			const counted = result < 0 ? -result - 1 : result;
			for (let k = 1; k < counted; k++) gaps[gapEnd[g * K + k]++] = row[k] - row[k - 1];
		}
	return Array.from({ length: groupCount }, (_, g) =>
		funnelResult(model, stages, options, chosen[g], (k) => counts[g * K + k], (k) => quantiles(gaps.subarray(gapEnd[g * K + k] - counts[g * K + k], gapEnd[g * K + k]), [0.5])[0], (k) => ({
			...(exclusions ? { excluded: excluded[g * K + k] } : {}),
			...(entries ? { entries: counts[g * K + k] + reentries[g * K + k] } : {})
		}))
	);
}

/** A funnel's answer from its customers, its count at each step and the median time into each step after the first. */
function funnelResult(
	model: LifecycleModel,
	stages: number[],
	options: FunnelOptions,
	customers: number,
	count: (k: number) => number,
	medianGap: (k: number) => number | null,
	extra: (k: number) => Pick<FunnelStep, 'excluded' | 'entries'> = () => ({})
): FunnelResult {
	const unit = options.windowUnit ?? 'day';
	const steps = stages.map((stage, k): FunnelStep => {
		const here = count(k);
		const first = count(0);
		const before = k === 0 ? here : count(k - 1);
		return {
			stageId: model.stages[stage].id,
			label: model.stages[stage].label,
			optional: model.stages[stage].optional === true,
			count: here,
			conversion: ratio(here, first),
			stepConversion: k === 0 ? null : ratio(here, before),
			dropOff: before - here,
			dropOffRate: k === 0 ? null : ratio(before - here, before),
			medianTimeFromPrevious: k > 0 ? medianGap(k) : null,
			...extra(k)
		};
	});
	return {
		mode: options.mode ?? 'cumulative',
		windowDays: options.windowDays ?? null,
		...(unit !== 'day' ? { windowUnit: unit } : {}),
		customers,
		steps,
		...(options.entries ? { counting: 'entries' as const } : {})
	};
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
