/**
 * Cohort retention. A cohort is the customers whose cohort event falls in one period; cell (c, k) counts
 * cohort-c customers with a return event in period c+k ("on", bounded) or in any period from c+k on
 * ("on or after", unbounded). Periods past the data's end are incomplete: null, never 0.
 */
import { fromMinorUnits, tableMinorUnitScale, toMinorUnits } from './money';
import { periodLabel, periodOf, periodStart, type Period } from './periods';
import { moneyEvents } from './purchases';
import { ratio } from './stats';
import { timeRange, type EventTable } from './table';

export interface RetentionOptions {
	period: Period;
	/** Each customer's cohort time (first seen, or entry into a chosen stage); NaN: not in any cohort. */
	cohortTimes: Float64Array;
	/** Event codes that count as a return; every event when omitted. */
	returnEvents?: Set<number>;
	/** Event codes whose values are revenue, whatever counts as a return; purchases and refunds (./purchases) when omitted. */
	revenueEvents?: Set<number>;
	mode: 'bounded' | 'unbounded';
	/** Data ends here (default: the last event): later periods are incomplete. */
	end?: number;
}

export interface RetentionCohort {
	period: number;
	label: string;
	start: number;
	size: number;
	/** Customers counted in period k after the cohort's; null when that period is past the data's end. */
	counts: (number | null)[];
	/** counts / size. */
	rates: (number | null)[];
	/** Net revenue (purchases and refunds) of the cohort's customers in period k, and divided by period 0's. */
	revenue: (number | null)[];
	revenueRetention: (number | null)[];
	/** Period k is the last, partial one of the data. */
	partial: boolean[];
}

export interface RetentionResult {
	period: Period;
	mode: 'bounded' | 'unbounded';
	cohorts: RetentionCohort[];
	/** Customers with a cohort event: the sum of the cohort sizes. */
	customers: number;
	/** Size-weighted mean rate per k over the cohorts whose period k is complete. */
	average: (number | null)[];
}

export function retention(table: EventTable, options: RetentionOptions): RetentionResult {
	const { period, cohortTimes, returnEvents, mode } = options;
	const revenueEvents = options.revenueEvents ?? moneyEvents(table).money;
	const scale = tableMinorUnitScale(table);
	const end = options.end ?? timeRange(table)?.max ?? -Infinity;
	const lastPeriod = periodOf(end, period);
	const cohortOf = new Float64Array(cohortTimes.length).fill(NaN);
	let first = Infinity;
	for (let c = 0; c < cohortTimes.length; c++) {
		if (Number.isNaN(cohortTimes[c])) continue;
		cohortOf[c] = periodOf(cohortTimes[c], period);
		first = Math.min(first, cohortOf[c]);
	}
	if (first === Infinity) return { period, mode, cohorts: [], customers: 0, average: [] };

	const width = lastPeriod - first + 1;
	const cohortCount = width;
	const sizes = new Uint32Array(cohortCount);
	const counts = new Uint32Array(cohortCount * width);
	const revenue = new Float64Array(cohortCount * width);
	const seen = new Int32Array(width).fill(-1); // last customer counted per k: one count per customer and cell

	for (let c = 0; c < cohortTimes.length; c++) {
		if (Number.isNaN(cohortOf[c])) continue;
		const cohort = cohortOf[c] - first;
		sizes[cohort]++;
		let furthest = -1;
		for (let i = table.customerStart[c]; i < table.customerStart[c + 1]; i++) {
			const t = table.time[i];
			if (t < cohortTimes[c] || t > end) continue;
			const k = periodOf(t, period) - cohortOf[c];
			const v = table.value[i];
			// Revenue in whole minor units, so that a refund cancels its purchase exactly.
			if (!Number.isNaN(v) && revenueEvents.has(table.event[i])) revenue[cohort * width + k] += toMinorUnits(v, scale);
			if (returnEvents && !returnEvents.has(table.event[i])) continue;
			if (seen[k] !== c) {
				seen[k] = c;
				if (mode === 'bounded') counts[cohort * width + k]++;
			}
			furthest = Math.max(furthest, k);
		}
		// Unbounded: returning in period k or later counts for every k up to the furthest return.
		if (mode === 'unbounded') for (let k = 0; k <= furthest; k++) counts[cohort * width + k]++;
		seen.fill(-1);
	}

	const cohorts: RetentionCohort[] = [];
	for (let cohort = 0; cohort < cohortCount; cohort++) {
		if (sizes[cohort] === 0) continue;
		const index = first + cohort;
		const available = lastPeriod - index + 1;
		const row = (k: number) => (k < available ? counts[cohort * width + k] : null);
		const cohortCounts = Array.from({ length: width }, (_, k) => row(k));
		const money = Array.from({ length: width }, (_, k) => (k < available ? fromMinorUnits(revenue[cohort * width + k], scale) : null));
		cohorts.push({
			period: index,
			label: periodLabel(index, period),
			start: periodStart(index, period),
			size: sizes[cohort],
			counts: cohortCounts,
			rates: cohortCounts.map((n) => (n === null ? null : n / sizes[cohort])),
			revenue: money,
			revenueRetention: money.map((m) => (m === null ? null : ratio(m, money[0] ?? 0))),
			partial: Array.from({ length: width }, (_, k) => index + k === lastPeriod)
		});
	}

	return { period, mode, cohorts, customers: cohorts.reduce((n, c) => n + c.size, 0), average: weightedAverage(cohorts, width) };
}

/** Retention at each period offset over all cohorts, weighted by size; the partial last period and anything past it are left out. */
export function weightedAverage(cohorts: readonly Pick<RetentionCohort, 'size' | 'counts' | 'partial'>[], width: number): (number | null)[] {
	return Array.from({ length: width }, (_, k) => {
		let n = 0;
		let size = 0;
		for (const cohort of cohorts) {
			const count = cohort.counts[k];
			if (count === null || cohort.partial[k]) continue;
			n += count;
			size += cohort.size;
		}
		return ratio(n, size);
	});
}
