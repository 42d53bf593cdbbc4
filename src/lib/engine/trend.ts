/**
 * Lifecycle trend per period: new (first activity ever), returning (active this and the previous period),
 * resurrecting (active now, not in the previous period, active before) and dormant (active in the previous
 * period, not now; drawn below zero).
 */
import { periodLabel, periodOf, periodStart, type Period } from './periods';
import { isIncluded, type Mask } from './filter';
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

export function lifecycleTrend(table: EventTable, period: Period, mask: Mask = null): TrendResult {
	if (table.rowCount === 0) return { period, periods: [] };
	// Periods grow with time: the first and last period are those of the first and last event.
	const range = timeRange(table)!;
	const first = periodOf(range.min, period);
	const last = periodOf(range.max, period);
	const width = last - first + 1;
	const counts = { new: new Uint32Array(width), returning: new Uint32Array(width), resurrecting: new Uint32Array(width), dormant: new Uint32Array(width) };

	// Each customer's active periods, in order (rows are sorted by time within a customer).
	for (let c = 0; c < table.customerIds.length; c++) {
		if (!isIncluded(mask, c)) continue;
		let previous = -1; // index of the last active period seen, -1 before the first
		for (let i = table.customerStart[c]; i < table.customerStart[c + 1]; i++) {
			const p = periodOf(table.time[i], period) - first;
			if (p === previous) continue;
			if (previous < 0) counts.new[p]++;
			else if (p === previous + 1) counts.returning[p]++;
			else {
				counts.resurrecting[p]++;
				counts.dormant[previous + 1]++;
			}
			previous = p;
		}
		// Active in its last period and not in the next one, if the data goes on that far.
		if (previous >= 0 && previous + 1 < width) counts.dormant[previous + 1]++;
	}

	const periods = Array.from({ length: width }, (_, k): TrendPeriod => {
		const index = first + k;
		return {
			period: index,
			label: periodLabel(index, period),
			start: periodStart(index, period),
			new: counts.new[k],
			returning: counts.returning[k],
			resurrecting: counts.resurrecting[k],
			dormant: counts.dormant[k],
			active: counts.new[k] + counts.returning[k] + counts.resurrecting[k]
		};
	});
	return { period, periods };
}
