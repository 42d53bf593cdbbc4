/** Drill-down: the customers behind a number, as rows a person can read and export. */
import type { Classification } from './classify';
import type { BreakdownSpec } from './queries';
import { stageSequences } from './flows';
import type { StepTimes } from './funnel';
import type { JourneyMark, JourneySpec } from './journey';
import type { LifecycleModel } from './model';
import { periodOf, type Period } from './periods';
import { cohortTimeOf, type RetentionOptions } from './retention';
import { moneyEvents } from './purchases';
import { ACTIVE, INACTIVE, LOST, type StatusResult } from './status';
import type { EventTable } from './table';
import { valueOfCustomer } from './value';

export interface CustomerRow {
	id: string;
	stage: string;
	status: 'active' | 'inactive' | 'lost' | 'not yet seen';
	wonBack: boolean;
	firstSeen: number | null;
	lastSeen: number | null;
	events: number;
	value: number;
}

export interface CustomerList {
	/** All the customers selected. */
	total: number;
	/** The first `limit` of them, in customer order. */
	rows: CustomerRow[];
}

const STATUS_NAMES = { [ACTIVE]: 'active', [INACTIVE]: 'inactive', [LOST]: 'lost' } as const;

export function listCustomers(
	table: EventTable,
	classification: Classification,
	model: LifecycleModel,
	status: StatusResult,
	customers: number[],
	limit = 100_000
): CustomerList {
	const money = moneyEvents(table).money;
	const rows = customers.slice(0, limit).map((c): CustomerRow => {
		let events = 0;
		for (let i = table.customerStart[c]; i < table.customerStart[c + 1] && table.time[i] <= classification.asOf; i++) events++;
		const value = valueOfCustomer(table, c, money, classification.asOf);
		const stage = classification.current[c];
		const first = classification.firstSeen[c];
		const last = classification.lastSeen[c];
		return {
			id: table.customerIds[c],
			stage: stage >= 0 ? model.stages[stage].label : '',
			status: STATUS_NAMES[status.status[c] as keyof typeof STATUS_NAMES] ?? 'not yet seen',
			wonBack: status.wonBack[c] === 1,
			firstSeen: Number.isNaN(first) ? null : first,
			lastSeen: Number.isNaN(last) ? null : last,
			events,
			value
		};
	});
	return { total: customers.length, rows };
}

/** What was clicked: a funnel step, a stage of the stage table, or a Sankey node or link of the paths. */
export type Selection =
	/** A funnel step; within one segment of a breakdown when `group` is given. */
	| { kind: 'step'; step: number; group?: BreakdownSpec & { value: string } }
	| { kind: 'stage'; stage: number }
	| { kind: 'path-node'; node: string; positions: number }
	| { kind: 'path-link'; source: string; target: string; positions: number }
	| {
			kind: 'retention-cell';
			period: Period;
			cohortStage: number;
			returnEvent: string | null;
			mode: 'bounded' | 'unbounded';
			cohort: number;
			k: number;
			/** A custom bracket's last period offset (null: no end); the cell is then periods k to last. */
			last?: number | null;
	  }
	| { kind: 'trend'; period: Period; index: number; category: TrendCategory }
	| { kind: 'rfm-segment'; segment: string }
	/** Customers whose time from funnel step `from` to step `to` falls in [low, high) ms (a histogram bin). */
	| { kind: 'conversion-time'; from: number; to: number; low: number; high: number }
	/** Customers entering step 1 in a period (a point of conversion over time) who reached step `step`. */
	| { kind: 'entry-cohort'; period: Period; index: number; step: number }
	/** The top 20% by value, or those whose value is at or below zero. */
	| { kind: 'value-group'; group: 'top' | 'zero-or-negative' }
	/** A node or a link of a journey (journey.ts), "other" included. */
	| { kind: 'journey'; journey: JourneySpec; mark: JourneyMark };

/** The customer of a column of step times. */
const customerOfColumn = (steps: StepTimes, j: number) => (steps.customerOf ? steps.customerOf[j] : j);

/** The customers counted at a funnel step. */
export function customersAtStep(steps: StepTimes, step: number): number[] {
	const chosen: number[] = [];
	for (let j = 0; j < steps.customers; j++) if (!Number.isNaN(steps.times[step * steps.customers + j])) chosen.push(customerOfColumn(steps, j));
	return chosen;
}

/** The customers of a time-to-convert histogram bin. */
export function customersConvertingIn(steps: StepTimes, from: number, to: number, low: number, high: number): number[] {
	const chosen: number[] = [];
	for (let j = 0; j < steps.customers; j++) {
		const gap = steps.times[to * steps.customers + j] - steps.times[from * steps.customers + j];
		if (gap >= low && gap < high) chosen.push(customerOfColumn(steps, j));
	}
	return chosen;
}

/** The customers who entered step 1 in a period and reached step `step`. */
export function customersOfEntryCohort(steps: StepTimes, period: Period, index: number, step: number): number[] {
	const chosen: number[] = [];
	for (let j = 0; j < steps.customers; j++) {
		const start = steps.times[j];
		if (!Number.isNaN(start) && periodOf(start, period) === index && !Number.isNaN(steps.times[step * steps.customers + j])) chosen.push(customerOfColumn(steps, j));
	}
	return chosen;
}

/** The customers whose current stage it is. */
export function customersInStage(classification: Classification, stage: number, included: (c: number) => boolean): number[] {
	const chosen: number[] = [];
	classification.current.forEach((s, c) => {
		if (s === stage && included(c)) chosen.push(c);
	});
	return chosen;
}

/**
 * The customers through a Sankey node ("position:stage") or link of the stage paths (without folding:
 * a folded "other" node is a set of stages, so drill into its stages instead).
 */
export function customersOnPath(classification: Classification, selection: Extract<Selection, { kind: 'path-node' | 'path-link' }>, included: (c: number) => boolean): number[] {
	const nodeAt = (sequence: number[], position: number) =>
		position < Math.min(sequence.length, selection.positions) ? `${position}:${sequence[position]}` : position === sequence.length && position < selection.positions ? `${position}:-1` : null;
	const chosen: number[] = [];
	stageSequences(classification).forEach((sequence, c) => {
		if (sequence.length === 0 || !included(c)) return;
		if (selection.kind === 'path-node') {
			const position = Number(selection.node.split(':')[0]);
			if (nodeAt(sequence, position) === selection.node) chosen.push(c);
		} else {
			const position = Number(selection.source.split(':')[0]);
			if (nodeAt(sequence, position) === selection.source && nodeAt(sequence, position + 1) === selection.target) chosen.push(c);
		}
	});
	return chosen;
}

/**
 * The customers of a retention cell: cohort period `cohort`, returning in period cohort + k (or later, unbounded), or
 * in a custom bracket of periods cohort + k to cohort + last (null: no end).
 */
export function customersInRetentionCell(table: EventTable, options: RetentionOptions, cohort: number, k: number, last: number | null = k): number[] {
	const cohortTime = cohortTimeOf(options.cohortTimes);
	const list = options.customers ?? null;
	const visited = list ? list.length : options.cohortTimes instanceof Float64Array ? options.cohortTimes.length : table.customerIds.length;
	const end = options.end ?? Infinity;
	const chosen: number[] = [];
	for (let j = 0; j < visited; j++) {
		const c = list ? list[j] : j;
		const start = cohortTime(c);
		if (Number.isNaN(start) || periodOf(start, options.period) !== cohort) continue;
		for (let i = table.customerStart[c]; i < table.customerStart[c + 1]; i++) {
			const t = table.time[i];
			if (t < start || t > end || (options.returnEvents && !options.returnEvents.has(table.event[i]))) continue;
			const offset = periodOf(t, options.period) - cohort;
			if ((offset >= k && (last === null || offset <= last)) || (options.mode === 'unbounded' && offset > k)) {
				chosen.push(c);
				break;
			}
		}
	}
	return chosen;
}

export type TrendCategory = 'new' | 'returning' | 'resurrecting' | 'dormant';

/** The customers behind one segment of a lifecycle-trend bar (definitions as in trend.ts). */
export function customersInTrend(table: EventTable, period: Period, index: number, category: TrendCategory, included: (c: number) => boolean): number[] {
	const chosen: number[] = [];
	for (let c = 0; c < table.customerIds.length; c++) {
		if (!included(c)) continue;
		let activeNow = false;
		let activeBefore = false;
		let activeEarlier = false; // before the previous period
		let first = Infinity;
		for (let i = table.customerStart[c]; i < table.customerStart[c + 1]; i++) {
			const p = periodOf(table.time[i], period);
			first = Math.min(first, p);
			if (p === index) activeNow = true;
			else if (p === index - 1) activeBefore = true;
			else if (p < index - 1) activeEarlier = true;
		}
		const is =
			category === 'new'
				? first === index
				: category === 'returning'
					? activeNow && activeBefore
					: category === 'resurrecting'
						? activeNow && !activeBefore && activeEarlier
						: !activeNow && activeBefore;
		if (is) chosen.push(c);
	}
	return chosen;
}
