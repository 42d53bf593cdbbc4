/**
 * Cohort retention. A cohort is the customers whose cohort event falls in one period; cell (c, k) counts
 * cohort-c customers with a return event in period c+k ("on", bounded) or in any period from c+k on
 * ("on or after", unbounded). Periods past the data's end are incomplete: null, never 0.
 * With custom brackets (day 0, 1-7, 8-30, 31-90, ...), a cell is a bracket of period offsets instead of one: a return
 * in any of its periods ("on"), or in it or a later one ("on or after", rolling); the brackets partition the periods.
 */
import { fromMinorUnits, tableMinorUnitScale, toMinorUnits } from './money';
import type { CustomerGroups } from './funnel';
import { periodIndexFrom, periodLabel, periodOf, periodStarts, type Period } from './periods';
import { moneyEvents } from './purchases';
import { ratio } from './stats';
import { timeRange, type EventTable } from './table';

export interface RetentionOptions {
	period: Period;
	/** Each customer's cohort time (first seen, or entry into a chosen stage); NaN: not in any cohort. */
	cohortTimes: Float64Array | CohortTimes;
	/** Only these customers (ascending; ./filter chosenCustomers): the others are in no cohort. All when omitted. */
	customers?: Uint32Array | null;
	/** Event codes that count as a return; every event when omitted. */
	returnEvents?: Set<number>;
	/** Event codes whose values are revenue, whatever counts as a return; purchases and refunds (./purchases) when omitted. */
	revenueEvents?: Set<number>;
	mode: 'bounded' | 'unbounded';
	/** Data ends here (default: the last event): later periods are incomplete. */
	end?: number;
	/** Custom brackets: the first period offset of each, ascending from 0; the last runs on without end. */
	brackets?: readonly number[];
}

/**
 * Cohort times read where they are, not copied into an array per customer per call: customer c's is
 * times[c * stride + offset] (a stage's entry in the classification), or with `firstRow` the time of their first
 * event (table.time at customerStart[c]); either way NaN when after `until`.
 */
export interface CohortTimes {
	times: Float64Array;
	stride: number;
	offset: number;
	firstRow?: Uint32Array;
	until: number;
}

/** A bracket of period offsets, from `from` to `to` (inclusive; null: no end). */
export interface RetentionBracket {
	from: number;
	to: number | null;
}

export interface RetentionCohort {
	period: number;
	label: string;
	start: number;
	size: number;
	/** Customers counted in period k after the cohort's (bracket k, with brackets); null when it is past the data's end. */
	counts: (number | null)[];
	/** counts / size. */
	rates: (number | null)[];
	/** Net revenue (purchases and refunds) of the cohort's customers in period k, and divided by period 0's. */
	revenue: (number | null)[];
	revenueRetention: (number | null)[];
	/** Period k is the last, partial one of the data (bracket k holds it). */
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
	/** With custom brackets: what each column k is. */
	brackets?: RetentionBracket[];
}

/** Brackets from their first offsets: sorted, whole, from 0, each running to the next one's start. */
export function retentionBrackets(starts: readonly number[]): RetentionBracket[] {
	const sorted = [...new Set([0, ...starts.filter((s) => Number.isInteger(s) && s >= 0)])].sort((a, b) => a - b);
	return sorted.map((from, i) => ({ from, to: i + 1 < sorted.length ? sorted[i + 1] - 1 : null }));
}

export function retention(table: EventTable, options: RetentionOptions): RetentionResult {
	return groupRetention(table, options, { of: null, count: 1 })[0];
}

/** Where customer c's cohort time is read: plain data, so that the passes below take it as an argument. */
interface CohortSource {
	times: Float64Array;
	stride: number;
	offset: number;
	firstRow: Uint32Array | null;
	until: number;
}

function cohortSource(times: Float64Array | CohortTimes): CohortSource {
	if (times instanceof Float64Array) return { times, stride: 1, offset: 0, firstRow: null, until: Infinity };
	return { times: times.times, stride: times.stride, offset: times.offset, firstRow: times.firstRow ?? null, until: times.until };
}

/** Customer c's cohort time (NaN: in none). */
function cohortTimeAt(source: CohortSource, c: number): number {
	const { times, firstRow } = source;
	const t = firstRow ? (firstRow[c + 1] > firstRow[c] ? times[firstRow[c]] : NaN) : times[c * source.stride + source.offset];
	return t <= source.until ? t : NaN;
}

/** Customer c's cohort time under the options (NaN: in none). */
export function cohortTimeOf(times: Float64Array | CohortTimes): (c: number) => number {
	const source = cohortSource(times);
	return (c) => cohortTimeAt(source, c);
}

/**
 * What the passes over the customers share. The passes are plain functions of it, with no closure made per call: a
 * cold answer runs each once, and code that calls a fresh closure per call is optimised late and thrown away
 * ("wrong call target").
 */
interface RetentionGrid {
	table: EventTable;
	source: CohortSource;
	/** The chosen customers (ascending), or null: customers 0 to visited - 1. */
	list: Uint32Array | null;
	visited: number;
	of: Int32Array | null;
	/** Where each period from the first cohort's to the data's last starts (width + 1 of them). */
	starts: Float64Array;
	width: number;
	end: number;
	/** Each period offset's column (its bracket, with brackets). */
	columnOf: Int32Array;
	columnCount: number;
	cohortCount: number;
	/** A group's cells: cohortCount × columnCount. */
	cells: number;
	/** By event code: 1 when the event counts as a return; null when every event does. */
	isReturn: Uint8Array | null;
	bounded: boolean;
}

/** The earliest cohort time in each group (Infinity: none). */
function earliestCohortTimes(source: CohortSource, list: Uint32Array | null, visited: number, of: Int32Array | null, groupCount: number): Float64Array {
	const earliest = new Float64Array(groupCount).fill(Infinity);
	for (let j = 0; j < visited; j++) {
		const c = list ? list[j] : j;
		const g = of ? of[c] : 0;
		if (g < 0) continue;
		const t = cohortTimeAt(source, c);
		if (t < earliest[g]) earliest[g] = t;
	}
	return earliest;
}

/** The cohort (a period of the grid) of a customer whose cohort time this is; -1: none (NaN, or after the data's last period). */
function cohortIndex(grid: RetentionGrid, cohortStart: number): number {
	return cohortStart < grid.starts[grid.width] ? periodIndexFrom(grid.starts, cohortStart, 0) : -1;
}

/** Each cohort's size and returns per column, per group: one pass over the chosen customers' events. */
function countReturns(grid: RetentionGrid, sizes: Uint32Array, counts: Uint32Array): void {
	const { source, list, visited, of, starts, end, columnOf, columnCount, cohortCount, cells, isReturn, bounded } = grid;
	const { customerStart, time, event } = grid.table;
	for (let j = 0; j < visited; j++) {
		const c = list ? list[j] : j;
		const g = of ? of[c] : 0;
		if (g < 0) continue;
		const cohortStart = cohortTimeAt(source, c);
		const cohort = cohortIndex(grid, cohortStart);
		if (cohort < 0) continue;
		sizes[g * cohortCount + cohort]++;
		const cell = g * cells + cohort * columnCount;
		let furthest = -1; // the last column counted: columns only grow along a customer's events (time order)
		let i = customerStart[c];
		// The customer's rows up to the data's end (rows are in time order): those after it are cut once, not tested per row.
		let last = customerStart[c + 1];
		while (last > i && time[last - 1] > end) last--;
		while (i < last && time[i] < cohortStart) i++;
		if (isReturn === null) {
			// Only each period's first event is looked at: the rest of a period's events are skipped on their times.
			for (let at = cohort; i < last; ) {
				at = periodIndexFrom(starts, time[i], at);
				const col = columnOf[at - cohort];
				if (col !== furthest) {
					furthest = col;
					if (bounded) counts[cell + col]++;
				}
				const next = starts[at + 1];
				do i++;
				while (i < last && time[i] < next);
			}
		} else
			for (let at = cohort; i < last; i++) {
				if (!isReturn[event[i]]) continue;
				at = periodIndexFrom(starts, time[i], at);
				const col = columnOf[at - cohort];
				if (col === furthest) continue;
				furthest = col;
				if (bounded) counts[cell + col]++;
			}
		// Unbounded: returning in column k or later counts for every k up to the furthest return.
		if (!bounded) for (let col = 0; col <= furthest; col++) counts[cell + col]++;
	}
}

/**
 * Net revenue per cell, in whole minor units (so that a refund cancels its purchase exactly): one walk over the rows
 * that carry a value (about 1 in 80 events), in row order, following whose rows they are, rather than a look at
 * every customer's rows. A row counts from its customer's cohort time to the data's end.
 */
function revenueByCell(grid: RetentionGrid, isRevenue: Uint8Array, scale: number, revenue: Float64Array): void {
	const { source, list, visited, of, starts, end, columnOf, columnCount, cells } = grid;
	const { customerStart, time, event, value } = grid.table;
	const { present, values } = value;
	let c = -1;
	let runEnd = 0; // the first row after customer c's
	let j = 0; // the list's first customer not before c
	let cell = -1; // customer c's cohort's cells in the grid; -1: not counted
	let cohort = 0;
	let cohortStart = 0;
	let k = 0; // values are kept in row order: the k-th set bit's
	for (let w = 0; w < present.length; w++) {
		for (let word = present[w]; word !== 0; ) {
			const low = word & -word;
			word ^= low;
			const row = w * 32 + (31 - Math.clz32(low));
			const v = values[k++];
			if (row >= runEnd) {
				do c++;
				while (customerStart[c + 1] <= row);
				runEnd = customerStart[c + 1];
				cell = -1;
				if (list) while (j < visited && list[j] < c) j++;
				const g = of ? of[c] : 0;
				if ((list ? j < visited && list[j] === c : c < visited) && g >= 0) {
					cohortStart = cohortTimeAt(source, c);
					cohort = cohortIndex(grid, cohortStart);
					if (cohort >= 0) cell = g * cells + cohort * columnCount;
				}
			}
			if (cell < 0 || !isRevenue[event[row]] || Number.isNaN(v)) continue;
			const t = time[row];
			if (t < cohortStart || t > end) continue;
			revenue[cell + columnOf[periodIndexFrom(starts, t, cohort) - cohort]] += toMinorUnits(v, scale);
		}
	}
}

/**
 * Retention per group of customers (a breakdown's segments), in one pass over the chosen customers' events; each
 * equals the retention of its group's customers alone. No array per customer: the cohort times are read where they
 * are (CohortTimes), and only the chosen customers are visited.
 */
export function groupRetention(table: EventTable, options: RetentionOptions, groups: CustomerGroups): RetentionResult[] {
	const { period, returnEvents, mode } = options;
	const { of, count: groupCount } = groups;
	const revenueEvents = options.revenueEvents ?? moneyEvents(table).money;
	const scale = tableMinorUnitScale(table);
	const end = options.end ?? timeRange(table)?.max ?? -Infinity;
	const lastPeriod = periodOf(end, period);
	const source = cohortSource(options.cohortTimes);
	const list = options.customers ?? null;
	const visited = list ? list.length : options.cohortTimes instanceof Float64Array ? options.cohortTimes.length : table.customerIds.length;
	// The first cohort's period is that of the earliest cohort time (periods grow with time); each group's result
	// starts at its own first cohort, as the group's retention alone would.
	const earliest = earliestCohortTimes(source, list, visited, of, groupCount);
	const noCohorts = (): RetentionResult => ({ period, mode, cohorts: [], customers: 0, average: [] });
	const overall = Math.min(...earliest);
	if (overall === Infinity) return Array.from({ length: groupCount }, noCohorts);
	const first = periodOf(overall, period);

	const width = lastPeriod - first + 1;
	const cohortCount = width;
	// Columns: one per period offset, or one per bracket of offsets.
	const brackets = options.brackets ? retentionBrackets(options.brackets) : null;
	const columns = brackets ?? Array.from({ length: width }, (_, k) => ({ from: k, to: k }));
	const columnCount = columns.length;
	const columnOf = new Int32Array(width);
	for (let col = 0, k = 0; k < width; k++) {
		while (col + 1 < columnCount && columns[col + 1].from <= k) col++;
		columnOf[k] = col;
	}
	const cells = cohortCount * columnCount;
	const sizes = new Uint32Array(groupCount * cohortCount);
	const counts = new Uint32Array(groupCount * cells);
	const revenue = new Float64Array(groupCount * cells);
	// Lookups by event code, not a Set's per event.
	const isRevenue = Uint8Array.from(table.eventNames, (_, code) => (revenueEvents.has(code) ? 1 : 0));
	const isReturn = returnEvents ? Uint8Array.from(table.eventNames, (_, code) => (returnEvents.has(code) ? 1 : 0)) : null;
	const grid: RetentionGrid = {
		table,
		source,
		list,
		visited,
		of,
		// Where each period from the first cohort's to the last one starts: a customer's events are in time order, so the
		// period of each is found by moving past these, not computed per event (a million calls of periodOf).
		starts: periodStarts(first, width, period),
		width,
		end,
		columnOf,
		columnCount,
		cohortCount,
		cells,
		isReturn: isReturn && !isReturn.every((r) => r === 1) ? isReturn : null,
		bounded: mode === 'bounded'
	};
	countReturns(grid, sizes, counts);
	revenueByCell(grid, isRevenue, scale, revenue);
	const { starts } = grid;

	return Array.from({ length: groupCount }, (_, g): RetentionResult => {
		if (earliest[g] === Infinity) return noCohorts();
		// Without brackets, a column per period offset from the group's first cohort on: the later columns are none of its.
		const groupColumns = brackets ? columnCount : lastPeriod - periodOf(earliest[g], period) + 1;
		const cohorts: RetentionCohort[] = [];
		for (let cohort = 0; cohort < cohortCount; cohort++) {
			const size = sizes[g * cohortCount + cohort];
			if (size === 0) continue;
			const index = first + cohort;
			const cell = g * cells + cohort * columnCount;
			// Offsets 0 to last exist; the last is the data's partial period.
			const last = lastPeriod - index;
			const exists = (col: number) => columns[col].from <= last;
			const shown = columns.slice(0, groupColumns);
			const cohortCounts = shown.map((_, col) => (exists(col) ? counts[cell + col] : null));
			const money = shown.map((_, col) => (exists(col) ? fromMinorUnits(revenue[cell + col], scale) : null));
			cohorts.push({
				period: index,
				label: periodLabel(index, period),
				start: starts[cohort],
				size,
				counts: cohortCounts,
				rates: cohortCounts.map((n) => (n === null ? null : n / size)),
				revenue: money,
				revenueRetention: money.map((m) => (m === null ? null : ratio(m, money[0] ?? 0))),
				partial: shown.map(({ from, to }) => from <= last && (to === null || to >= last))
			});
		}
		const customers = cohorts.reduce((n, c) => n + c.size, 0);
		return { period, mode, cohorts, customers, average: weightedAverage(cohorts, groupColumns), ...(brackets ? { brackets } : {}) };
	});
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
