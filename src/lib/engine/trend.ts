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
	const newCounts = new Uint32Array(groupCount * width);
	const returning = new Uint32Array(groupCount * width);
	const resurrecting = new Uint32Array(groupCount * width);
	const dormant = new Uint32Array(groupCount * width);
	const { customerStart, time } = table;
	const list = chosenCustomers(mask);
	const visited = list ? list.length : table.customerIds.length;

	// Each customer's active periods, in order (rows are sorted by time within a customer). A row before the end of
	// the period last counted is in it: one comparison per row, the period looked up only when a new one starts.
	for (let j = 0; j < visited; j++) {
		const c = list ? list[j] : j;
		const g = of ? of[c] : 0;
		const from = customerStart[c];
		const to = customerStart[c + 1];
		if (g < 0 || from === to) continue;
		const base = g * width;
		let previous = periodIndexFrom(starts, time[from], 0);
		let end = starts[previous + 1];
		newCounts[base + previous]++;
		for (let i = from + 1; i < to; i++) {
			const t = time[i];
			if (t < end) continue;
			const p = periodIndexFrom(starts, t, previous);
			if (p === previous + 1) returning[base + p]++;
			else {
				resurrecting[base + p]++;
				dormant[base + previous + 1]++;
			}
			previous = p;
			end = starts[p + 1];
		}
		// Active in its last period and not in the next one, if the data goes on that far.
		if (previous + 1 < width) dormant[base + previous + 1]++;
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
				new: newCounts[at],
				returning: returning[at],
				resurrecting: resurrecting[at],
				dormant: dormant[at],
				active: newCounts[at] + returning[at] + resurrecting[at]
			};
		})
	}));
}
