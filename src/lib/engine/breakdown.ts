/**
 * Breakdowns: customers split into segments by the value of an attribute (attributed to each customer by
 * ./attribution: their first event by default), the top N values and "other"; and conversion over time.
 * Every customer with events is in exactly one segment, so the segments' customers sum to the total.
 */
import { attributedCodes, NO_EVENTS, NO_VALUE, type Attribution } from './attribution';
import type { Classification } from './classify';
import { chosenCustomers, type Mask } from './filter';
import { groupFunnels, stepTimes, type CustomerGroups, type FunnelOptions, type FunnelResult } from './funnel';
import type { LifecycleModel } from './model';
import { periodLabel, periodOf, type Period } from './periods';
import { ratio } from './stats';
import type { EventTable } from './table';

export const OTHER_VALUE = 'Other';
/** The segment of customers without a value under the attribution (they never entered the stage). */
export const NONE_VALUE = '(none)';
export const EMPTY_VALUE = '(empty)';
export const DEFAULT_TOP = 8;

export interface FunnelBreakdown {
	attribute: string;
	groups: { value: string; funnel: FunnelResult }[];
}

export interface Segment {
	value: string;
	customers: number;
}

/** A breakdown's segments, largest first ("other" last), and each customer's segment index (-1: in none). */
export interface Segments extends CustomerGroups {
	segments: Segment[];
	of: Int32Array;
}

/**
 * Segments of the chosen customers by their attributed codes (./attribution): the `top` largest values (ties in
 * dictionary order), then "other" for the rest; customers with NO_VALUE are a value of their own, "(none)". One index
 * per customer (4 bytes), not a mask per segment: analyses count every segment in one pass over the chosen customers.
 */
export function segmentsOf(codes: Int32Array, values: readonly string[], mask: Mask, top = DEFAULT_TOP): Segments {
	const none = values.length; // NO_VALUE's slot after the dictionary
	const sizes = new Uint32Array(values.length + 1);
	// Each chosen customer's slot first, then their segment in its place.
	const of = new Int32Array(codes.length).fill(-1);
	const list = chosenCustomers(mask);
	const visited = list ? list.length : codes.length;
	for (let j = 0; j < visited; j++) {
		const c = list ? list[j] : j;
		if (codes[c] === NO_EVENTS) continue;
		of[c] = codes[c] === NO_VALUE ? none : codes[c];
		sizes[of[c]]++;
	}
	const ranked = Array.from(sizes.keys()).filter((slot) => sizes[slot] > 0).sort((a, b) => sizes[b] - sizes[a] || a - b);
	// Each slot's segment: its rank among the top, else "other" (the last).
	const segmentOfSlot = new Int32Array(sizes.length).fill(-1);
	ranked.forEach((slot, rank) => (segmentOfSlot[slot] = Math.min(rank, top)));
	const label = (slot: number) => (slot === none ? NONE_VALUE : values[slot] || EMPTY_VALUE);
	const segments: Segment[] = ranked.slice(0, top).map((slot) => ({ value: label(slot), customers: sizes[slot] }));
	if (ranked.length > top) segments.push({ value: OTHER_VALUE, customers: ranked.slice(top).reduce((n, slot) => n + sizes[slot], 0) });
	for (let j = 0; j < visited; j++) {
		const c = list ? list[j] : j;
		if (of[c] >= 0) of[c] = segmentOfSlot[of[c]];
	}
	return { segments, of, count: segments.length };
}

/**
 * The chosen customers who did an event (`doers`, ./filter customersWhoDid) and those who did not: segments "did X"
 * and "did not X", largest first as every breakdown's. What "why did they convert?" compares, as a breakdown.
 */
export function eventSegments(doers: Uint32Array, event: string, customers: number, mask: Mask): Segments {
	const codes = Int32Array.from({ length: customers }, (_, c) => ((doers[c >>> 5] >>> (c & 31)) & 1 ? 0 : 1));
	return segmentsOf(codes, [`did ${event}`, `did not ${event}`], mask, 2);
}

/** The customers of segment s, as a mask (what a drill-down into one segment's funnel takes). */
export function segmentMask({ of }: Segments, s: number): Uint8Array {
	return Uint8Array.from(of, (g) => (g === s ? 1 : 0));
}

/** The segments of an attribute under an attribution (its first event by default); none when there is no such attribute. */
export function breakdownGroups(
	table: EventTable,
	attribute: string,
	mask: Mask = null,
	top = DEFAULT_TOP,
	attribution: Attribution = 'first',
	classification: Classification | null = null
): Segments {
	const column = table.attributes.find((a) => a.name === attribute);
	return column ? segmentsOf(attributedCodes(table, column, attribution, classification), column.values, mask, top) : { segments: [], of: new Int32Array(table.customerIds.length).fill(-1), count: 0 };
}

/** A funnel per segment (the segments lie within options.mask), from one pass over the customers' step times. */
export function segmentFunnels(classification: Classification, model: LifecycleModel, attribute: string, segments: Segments, options: FunnelOptions = {}): FunnelBreakdown {
	const funnels = groupFunnels(classification, model, options, segments);
	return { attribute, groups: segments.segments.map(({ value }, s) => ({ value, funnel: funnels[s] })) };
}

export function funnelBreakdown(
	table: EventTable,
	classification: Classification,
	model: LifecycleModel,
	attribute: string,
	options: FunnelOptions = {},
	top = DEFAULT_TOP
): FunnelBreakdown {
	return segmentFunnels(classification, model, attribute, breakdownGroups(table, attribute, options.mask ?? null, top), options);
}

export interface ConversionOverTime {
	period: Period;
	/** One point per entry cohort: customers entering step 1 in the period, and the share reaching each step. */
	cohorts: { period: number; label: string; entered: number; rates: (number | null)[] }[];
	steps: string[];
}

export function conversionOverTime(classification: Classification, model: LifecycleModel, period: Period, options: FunnelOptions = {}): ConversionOverTime {
	const { stages, times, customers } = stepTimes(classification, model, options);
	const byPeriod = new Map<number, number[]>();
	for (let c = 0; c < customers; c++) {
		const start = times[c];
		if (Number.isNaN(start)) continue;
		const p = periodOf(start, period);
		let counts = byPeriod.get(p);
		if (!counts) byPeriod.set(p, (counts = new Array(stages.length).fill(0)));
		for (let k = 0; k < stages.length && !Number.isNaN(times[k * customers + c]); k++) counts[k]++;
	}
	const cohorts = [...byPeriod.entries()]
		.sort((a, b) => a[0] - b[0])
		.map(([p, counts]) => ({ period: p, label: periodLabel(p, period), entered: counts[0], rates: counts.map((n) => ratio(n, counts[0])) }));
	return { period, cohorts, steps: stages.map((s) => model.stages[s].label) };
}
