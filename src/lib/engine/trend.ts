/**
 * Lifecycle trend per period: new (first activity ever), returning (active this and the previous period),
 * resurrecting (active now, not in the previous period, active before) and dormant (active in the previous
 * period, not now; drawn below zero).
 */
import { periodIndexFrom, periodLabel, periodOf, periodStarts, type Period } from './periods';
import { chosenCustomers, type Mask } from './filter';
import type { CustomerGroups } from './funnel';
import { timeRange, type EventTable } from './table';

export interface TrendPeriod {
	period: number;
	label: string;
	start: number;
	new: number;
	returning: number;
	resurrecting: number;
	/** A count, positive; charts draw it below zero. */
	dormant: number;
	/** Customers active in the period: new + returning + resurrecting. */
	active: number;
}

export interface TrendResult {
	period: Period;
	periods: TrendPeriod[];
}

export function lifecycleTrend(table: EventTable, period: Period, mask: Mask = null, range = timeRange(table)): TrendResult {
	return groupTrends(table, period, mask, { of: null, count: 1 }, range)[0];
}

/**
 * A trend per group of customers (a breakdown's segments, lying within the mask), in one pass over the chosen
 * customers' events; each equals the trend of its group's customers alone. `range`: the data's first and last event
 * (timeRange), which a session keeps.
 */
export function groupTrends(table: EventTable, period: Period, mask: Mask, groups: CustomerGroups, range = timeRange(table)): TrendResult[] {
	const { of, count: groupCount } = groups;
	if (table.rowCount === 0 || !range) return Array.from({ length: groupCount }, () => ({ period, periods: [] }));
	// Periods grow with time: the first and last period are those of the first and last event.
	const first = periodOf(range.min, period);
	const last = periodOf(range.max, period);
	const width = last - first + 1;
	const starts = periodStarts(first, width, period);
	// Per group and period (g * width + p).
	const counts = { new: new Uint32Array(groupCount * width), returning: new Uint32Array(groupCount * width), resurrecting: new Uint32Array(groupCount * width), dormant: new Uint32Array(groupCount * width) };
	const { customerStart, time } = table;
	const list = chosenCustomers(mask);
	const visited = list ? list.length : table.customerIds.length;

	// Each customer's active periods, in order (rows are sorted by time within a customer).
	for (let j = 0; j < visited; j++) {
		const c = list ? list[j] : j;
		const g = of ? of[c] : 0;
		if (g < 0) continue;
		const base = g * width;
		let previous = -1; // index of the last active period seen, -1 before the first
		let p = 0;
		for (let i = customerStart[c]; i < customerStart[c + 1]; i++) {
			p = periodIndexFrom(starts, time[i], p);
			if (p === previous) continue;
			if (previous < 0) counts.new[base + p]++;
			else if (p === previous + 1) counts.returning[base + p]++;
			else {
				counts.resurrecting[base + p]++;
				counts.dormant[base + previous + 1]++;
			}
			previous = p;
		}
		// Active in its last period and not in the next one, if the data goes on that far.
		if (previous >= 0 && previous + 1 < width) counts.dormant[base + previous + 1]++;
	}

	return Array.from({ length: groupCount }, (_, g): TrendResult => ({
		period,
		periods: Array.from({ length: width }, (_, k): TrendPeriod => {
			const index = first + k;
			const at = g * width + k;
			return {
				period: index,
				label: periodLabel(index, period),
				start: starts[k],
				new: counts.new[at],
				returning: counts.returning[at],
				resurrecting: counts.resurrecting[at],
				dormant: counts.dormant[at],
				active: counts.new[at] + counts.returning[at] + counts.resurrecting[at]
			};
		})
	}));
}
