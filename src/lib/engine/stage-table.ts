/** Per-stage metrics: who entered, who is there now, how they move on, what they are worth, how many slip. */
import type { Classification } from './classify';
import { isIncluded, type Mask } from './filter';
import type { LifecycleModel } from './model';
import { fromMinorUnits, tableMinorUnitScale, toMinorUnits } from './money';
import { moneyEvents } from './purchases';
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
 * re-entries and the cumulative time in each stage (./stage-entries).
 */
export function stageTable(
	table: EventTable,
	classification: Classification,
	model: LifecycleModel,
	status: StatusResult,
	mask: Mask = null,
	customerValue: Float64Array = netValues(table, classification.asOf),
	entries?: StageEntries
): StageTable {
	const S = model.stages.length;
	const { customerCount, current } = classification;
	const times = model.progression === 'latest' ? classification.entered : classification.reached;
	const scale = tableMinorUnitScale(table);
	let chosen = 0;
	for (let c = 0; c < customerCount; c++) if (isIncluded(mask, c)) chosen++;

	const durations = new Float64Array(customerCount);
	const stayed = entries ? new Float64Array(customerCount) : null;
	const rows = model.stages.map((stage, s): StageRow => {
		let entered = 0;
		let movedOn = 0;
		let reentries = 0;
		let inStayed = 0;
		for (let c = 0; c < customerCount; c++) {
			if (!isIncluded(mask, c)) continue;
			if (entries && stayed) {
				const time = cumulativeTime(entries, c, s);
				if (!Number.isNaN(time)) stayed[inStayed++] = time;
			}
			const t = times[c * S + s];
			if (Number.isNaN(t)) continue;
			entered++;
			if (entries) reentries += entriesAfter(entries, c, s, t);
			if (s + 1 < S) {
				const next = times[c * S + s + 1];
				if (!Number.isNaN(next) && next >= t) durations[movedOn++] = next - t;
			}
		}
		let inStage = 0;
		let valueUnits = 0;
		let inactive = 0;
		let lost = 0;
		for (let c = 0; c < customerCount; c++) {
			if (current[c] !== s || !isIncluded(mask, c)) continue;
			inStage++;
			valueUnits += toMinorUnits(customerValue[c], scale);
			if (status.status[c] === INACTIVE) inactive++;
			else if (status.status[c] === LOST) lost++;
		}
		const valueSum = fromMinorUnits(valueUnits, scale);
		const [medianTimeInStage, p90TimeInStage] = quantiles(durations.subarray(0, movedOn), [0.5, 0.9]);
		return {
			stageId: stage.id,
			label: stage.label,
			entered,
			current: inStage,
			share: ratio(inStage, chosen),
			conversionToNext: s + 1 < S ? ratio(movedOn, entered) : null,
			medianTimeInStage,
			p90TimeInStage,
			valueSum,
			valueMean: ratio(valueSum, inStage),
			inactive,
			lost,
			...(stayed ? { entries: entered + reentries, medianCumulativeTime: quantiles(stayed.subarray(0, inStayed), [0.5])[0] } : {})
		};
	});
	let regressions = 0;
	classification.regressed.forEach((r, c) => {
		if (isIncluded(mask, c)) regressions += r;
	});
	return { customers: chosen, progression: model.progression, rows, regressions, ...(entries ? { counting: 'entries' as const } : {}) };
}
