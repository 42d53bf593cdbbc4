/**
 * Funnel breakdowns and conversion over time.
 * A customer's attribute value is the one on their first event (the channel that brought them, the country
 * they came from); the top values get their own funnel and the rest are "other".
 */
import type { Classification } from './classify';
import { isIncluded, type Mask } from './filter';
import { funnel, stepTimes, type FunnelOptions, type FunnelResult } from './funnel';
import type { LifecycleModel } from './model';
import { periodLabel, periodOf, type Period } from './periods';
import { ratio } from './stats';
import type { EventTable } from './table';

export const OTHER_VALUE = 'Other';

export interface FunnelBreakdown {
	attribute: string;
	groups: { value: string; funnel: FunnelResult }[];
}

/** The groups of a breakdown: the top values of the attribute on each customer's first event, then "other". */
export function breakdownGroups(table: EventTable, attribute: string, mask: Mask = null, top = 8): { value: string; mask: Mask }[] {
	const column = table.attributes.find((a) => a.name === attribute);
	if (!column) return [];
	const customers = table.customerIds.length;
	const valueOf = new Int32Array(customers).fill(-1);
	const sizes = new Uint32Array(column.values.length);
	for (let c = 0; c < customers; c++) {
		if (table.customerStart[c + 1] === table.customerStart[c] || !isIncluded(mask, c)) continue;
		valueOf[c] = column.codes[table.customerStart[c]];
		sizes[valueOf[c]]++;
	}
	const ranked = column.values.map((_, code) => code).filter((code) => sizes[code] > 0).sort((a, b) => sizes[b] - sizes[a] || a - b);
	const groupMask = (codes: Set<number>): Mask => Uint8Array.from(valueOf, (code) => (code >= 0 && codes.has(code) ? 1 : 0));
	const groups = ranked.slice(0, top).map((code) => ({ value: column.values[code] || '(empty)', mask: groupMask(new Set([code])) }));
	if (ranked.length > top) groups.push({ value: OTHER_VALUE, mask: groupMask(new Set(ranked.slice(top))) });
	return groups;
}

export function funnelBreakdown(
	table: EventTable,
	classification: Classification,
	model: LifecycleModel,
	attribute: string,
	options: FunnelOptions = {},
	top = 8
): FunnelBreakdown {
	const groups = breakdownGroups(table, attribute, options.mask ?? null, top);
	return { attribute, groups: groups.map(({ value, mask }) => ({ value, funnel: funnel(classification, model, { ...options, mask }) })) };
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
