/** Per-stage metrics: who entered, who is there now, how they move on, what they are worth, how many slip. */
import type { Classification } from './classify';
import { chosenCustomers, type Mask } from './filter';
import type { LifecycleModel } from './model';
import { fromMinorUnits, tableMinorUnitScale, toMinorUnits } from './money';
import { moneyEvents } from './purchases';
import { isForwardOnly, stageReach, type StageReach } from './reach';
import { cumulativeTime, entriesAfter, type StageEntries } from './stage-entries';
import { quantiles, ratio } from './stats';
import { INACTIVE, LOST, type StatusResult } from './status';
import type { EventTable } from './table';
import { customerValues } from './value';

export interface StageRow {
	stageId: string;
	label: string;
	/** Customers who entered the stage (forward-only: reached it or a later one). */
	entered: number;
	/** Customers whose current stage it is. */
	current: number;
	/** current / all customers. */
	share: number | null;
	/** Of those who entered, the share who entered the next stage. */
	conversionToNext: number | null;
	/** Time from entering this stage to entering the next, for those who moved on (ms). */
	medianTimeInStage: number | null;
	p90TimeInStage: number | null;
	/** Total and mean net value (purchases and refunds, ./purchases) of the customers currently in the stage. */
	valueSum: number;
	valueMean: number | null;
	inactive: number;
	lost: number;
	/** Counting by entries: `entered` plus the times those customers came into the stage again after entering it. */
	entries?: number;
	/** Counting by entries: the median time in the stage over all of a customer's stays in it (the current one up to the as-of date), ms. */
	medianCumulativeTime?: number | null;
}

export interface StageTable {
	customers: number;
	/**
	 * The model's progression. Under 'latest', stages move both ways, so `entered` counts everyone who was ever in a
	 * stage (ever lost, won back or not) while `current` and the status overlay count where customers are now.
	 */
	progression: LifecycleModel['progression'];
	rows: StageRow[];
	/** 'latest' progression: customers now in an earlier stage than one they entered. */
	regressions: number;
	/** Present when counting by entries: every row then has `entries` and `medianCumulativeTime`. */
	counting?: 'entries';
}

/** Each customer's net value by a date: purchases and refunds (./purchases), summed exactly. */
export const netValues = (table: EventTable, asOf: number, money = moneyEvents(table).money): Float64Array =>
	customerValues(table, { valueEvents: money, asOf });

/**
 * `customerValue`: each customer's net value as of the classification's date; the same under every filter, so a
 * session passes the one it keeps (two passes over every event otherwise). With `entries`, rows also count
 * re-entries and the cumulative time in each stage (./stage-entries). `reach`: the mask's customers' reach (./reach)
 * when the caller holds it (the lifecycle query's funnel is read from the same one).
 */
export function stageTable(
	table: EventTable,
	classification: Classification,
	model: LifecycleModel,
	status: StatusResult,
	mask: Mask = null,
	customerValue: Float64Array = netValues(table, classification.asOf),
	entries?: StageEntries,
	reach?: StageReach
): StageTable {
	const S = model.stages.length;
	const { customerCount, current } = classification;
	const scale = tableMinorUnitScale(table);
	// Only the chosen customers are visited: after a filter change, a third of them or fewer.
	const list = chosenCustomers(mask);
	const chosen = list ? list.length : customerCount;
	// Forward-only, who entered each stage, moved on and when is the chosen customers' reach: the times in a stage are
	// the gaps from reaching it to reaching the next.
	const moves = !entries && model.progression !== 'latest' && isForwardOnly(classification) ? movesOfReach(reach ?? stageReach(classification, mask)) : stageMoves(classification, model, list, chosen, entries);
	const inStage = new Uint32Array(S);
	const valueUnits = new Float64Array(S);
	const inactive = new Uint32Array(S);
	const lost = new Uint32Array(S);
	let regressions = 0;
	for (let j = 0; j < chosen; j++) {
		const c = list ? list[j] : j;
		regressions += classification.regressed[c];
		const s = current[c];
		if (s < 0) continue;
		inStage[s]++;
		valueUnits[s] += toMinorUnits(customerValue[c], scale);
		if (status.status[c] === INACTIVE) inactive[s]++;
		else if (status.status[c] === LOST) lost[s]++;
	}
	const rows = model.stages.map((stage, s): StageRow => {
		const valueSum = fromMinorUnits(valueUnits[s], scale);
		return {
			stageId: stage.id,
			label: stage.label,
			entered: moves.entered[s],
			current: inStage[s],
			share: ratio(inStage[s], chosen),
			conversionToNext: s + 1 < S ? ratio(moves.movedOn[s], moves.entered[s]) : null,
			medianTimeInStage: moves.median[s],
			p90TimeInStage: moves.p90[s],
			valueSum,
			valueMean: ratio(valueSum, inStage[s]),
			inactive: inactive[s],
			lost: lost[s],
			...(moves.stays ? { entries: moves.stays.entries[s], medianCumulativeTime: moves.stays.medianCumulativeTime[s] } : {})
		};
	});
	return { customers: chosen, progression: model.progression, rows, regressions, ...(entries ? { counting: 'entries' as const } : {}) };
}

/** Per stage: who entered it, who moved on to the next and the time that took (median, 90th percentile), and the stays. */
interface StageMoves {
	entered: ArrayLike<number>;
	movedOn: ArrayLike<number>;
	median: (number | null)[];
	p90: (number | null)[];
	/** Counting by entries: entries and the median cumulative time per stage. */
	stays?: { entries: number[]; medianCumulativeTime: (number | null)[] };
}

/** A forward-only stage table's moves: entering the next stage is reaching it, and the time in a stage is the gap into the next. */
function movesOfReach({ reached, medianGap, p90Gap }: StageReach): StageMoves {
	const S = reached.length;
	return {
		entered: reached,
		movedOn: Array.from({ length: S }, (_, s) => (s + 1 < S ? reached[s + 1] : 0)),
		median: Array.from({ length: S }, (_, s) => (s + 1 < S ? medianGap[s + 1] : null)),
		p90: Array.from({ length: S }, (_, s) => (s + 1 < S ? p90Gap[s + 1] : null))
	};
}

/** The moves read from each chosen customer's times (entered under 'latest', else reached), and with `entries` their stays. */
function stageMoves(classification: Classification, model: LifecycleModel, list: Uint32Array | null, chosen: number, entries: StageEntries | undefined): StageMoves {
	const S = model.stages.length;
	const times = model.progression === 'latest' ? classification.entered : classification.reached;
	// One pass over the chosen customers counts every stage (a customer's stages lie together in `times`, so one
	// pass reads each once, where a pass per stage read them all S times), then one more collects the durations.
	const entered = new Uint32Array(S);
	const movedOn = new Uint32Array(S);
	const stays = new Uint32Array(S);
	const reentries = new Float64Array(S);
	for (let j = 0; j < chosen; j++) {
		const c = list ? list[j] : j;
		const row = c * S;
		for (let s = 0; s < S; s++) {
			const t = times[row + s];
			if (Number.isNaN(t)) continue;
			entered[s]++;
			if (s + 1 < S && times[row + s + 1] >= t) movedOn[s]++;
		}
		if (entries)
			for (let s = 0; s < S; s++) {
				if (!Number.isNaN(cumulativeTime(entries, c, s))) stays[s]++;
				const t = times[row + s];
				if (!Number.isNaN(t)) reentries[s] += entriesAfter(entries, c, s, t);
			}
	}
	// Each stage's durations lie together: from start[s], end[s] filled so far (and so the stays).
	const durations = new Float64Array(movedOn.reduce((a, b) => a + b, 0));
	const durationEnd = offsetsOf(movedOn);
	for (let j = 0; j < chosen; j++) {
		const row = (list ? list[j] : j) * S;
		for (let s = 0; s + 1 < S; s++) {
			// Moved on: entered the next stage at or after this one (never when this one is NaN).
			const t = times[row + s];
			const next = times[row + s + 1];
			if (next >= t) durations[durationEnd[s]++] = next - t;
		}
	}
	const stayed = entries ? new Float64Array(stays.reduce((a, b) => a + b, 0)) : null;
	const stayedEnd = offsetsOf(stays);
	if (stayed)
		for (let j = 0; j < chosen; j++) {
			const c = list ? list[j] : j;
			for (let s = 0; s < S; s++) {
				const time = cumulativeTime(entries!, c, s);
				if (!Number.isNaN(time)) stayed[stayedEnd[s]++] = time;
			}
		}
	const inStage = Array.from({ length: S }, (_, s) => quantiles(durations.subarray(durationEnd[s] - movedOn[s], durationEnd[s]), [0.5, 0.9]));
	return {
		entered,
		movedOn,
		median: inStage.map(([median]) => median),
		p90: inStage.map(([, p90]) => p90),
		...(stayed
			? {
					stays: {
						entries: Array.from({ length: S }, (_, s) => entered[s] + reentries[s]),
						medianCumulativeTime: Array.from({ length: S }, (_, s) => quantiles(stayed.subarray(stayedEnd[s] - stays[s], stayedEnd[s]), [0.5])[0])
					}
				}
			: {})
	};
}

/** Where each part's values start, when parts of these sizes lie one after the other. */
function offsetsOf(sizes: Uint32Array): Uint32Array {
	const starts = new Uint32Array(sizes.length);
	for (let s = 1; s < sizes.length; s++) starts[s] = starts[s - 1] + sizes[s - 1];
	return starts;
}
