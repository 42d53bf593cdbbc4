/**
 * How far the chosen customers got along a forward-only classification's stages: how many reached each stage, and
 * the time from reaching each stage to reaching the next. The lifecycle view's funnel (cumulative, every stage, no
 * window) and its stage table's entries, conversions and times in stage are all this, so a filter change reads each
 * chosen customer's reached times once for both, where the funnel and the stage table read them twice apiece (8 bytes
 * per stage and chosen customer, a cache line each, in every pass: the lifecycle query's largest cost at 10M events).
 */
import type { Classification } from './classify';
import { chosenCustomers, type Mask } from './filter';
import { quantiles } from './stats';

export interface StageCounts {
	/** The chosen customers, with or without a stage. */
	customers: number;
	/** reached[s]: the chosen customers who reached stage s (entered it or a later one). */
	reached: Uint32Array;
}

export interface StageReach extends StageCounts {
	/**
	 * From reaching stage s - 1 to reaching stage s, over the customers who reached s (ms): the median and the 90th
	 * percentile; null at stage 0 and where no one reached the stage.
	 */
	medianGap: (number | null)[];
	p90Gap: (number | null)[];
}

/**
 * Whether a classification is forward-only (it keeps no last-held times): then each customer's current stage is the
 * furthest they entered, and they reached every stage up to it and none after, which is what stageReach counts by.
 */
export const isForwardOnly = (classification: Classification): boolean => classification.lastHeld === null;

/**
 * How many of the mask's customers (all when null) reached each stage of a forward-only classification (isForwardOnly):
 * counted from the current stage alone (4 bytes per customer), a few ms where the gaps' medians take tens (./funnel's
 * first answer, `times: false`).
 */
export function stageCounts(classification: Classification, mask: Mask): StageCounts {
	const { customerCount, current } = classification;
	const S = classification.stageIds.length;
	const list = chosenCustomers(mask);
	const chosen = list ? list.length : customerCount;
	const furthest = new Uint32Array(S);
	for (let j = 0; j < chosen; j++) {
		const s = current[list ? list[j] : j];
		if (s >= 0) furthest[s]++;
	}
	const reached = new Uint32Array(S);
	for (let s = S - 1, sum = 0; s >= 0; s--) reached[s] = sum += furthest[s];
	return { customers: chosen, reached };
}

/** The reach of the mask's customers (all when null) along a forward-only classification, from their counts when held. */
export function stageReach(classification: Classification, mask: Mask, counts: StageCounts = stageCounts(classification, mask)): StageReach {
	const { current, reached: times } = classification;
	const S = classification.stageIds.length;
	const list = chosenCustomers(mask);
	const { customers: chosen, reached } = counts;
	// The gaps into stage s (≥ 1) lie from gapEnd[s] - reached[s] to gapEnd[s] once filled: the reached times are read once.
	const gapEnd = new Uint32Array(S);
	let total = 0;
	for (let s = 1; s < S; s++) {
		gapEnd[s] = total;
		total += reached[s];
	}
	const gaps = new Float64Array(total);
	for (let j = 0; j < chosen; j++) {
		const c = list ? list[j] : j;
		const row = c * S;
		for (let s = 1, last = current[c]; s <= last; s++) gaps[gapEnd[s]++] = times[row + s] - times[row + s - 1];
	}
	const medianGap: (number | null)[] = [null];
	const p90Gap: (number | null)[] = [null];
	for (let s = 1; s < S; s++) {
		const [median, p90] = quantiles(gaps.subarray(gapEnd[s] - reached[s], gapEnd[s]), [0.5, 0.9]);
		medianGap.push(median);
		p90Gap.push(p90);
	}
	return { customers: chosen, reached, medianGap: medianGap.slice(0, S), p90Gap: p90Gap.slice(0, S) };
}
