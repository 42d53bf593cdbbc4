/** Per-stage metrics: who entered, who is there now, how they move on, what they are worth, how many slip. */
import type { Classification } from './classify';
import { isIncluded, type Mask } from './filter';
import type { LifecycleModel } from './model';
import { fromMinorUnits, tableMinorUnitScale, toMinorUnits } from './money';
import { moneyEvents } from './purchases';
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
}

/** Each customer's net value by a date: purchases and refunds (./purchases), summed exactly. */
export const netValues = (table: EventTable, asOf: number, money = moneyEvents(table).money): Float64Array =>
	customerValues(table, { valueEvents: money, asOf });

/**
 * `customerValue`: each customer's net value as of the classification's date; the same under every filter, so a
 * session passes the one it keeps (two passes over every event otherwise).
 */
export function stageTable(
	table: EventTable,
	classification: Classification,
	model: LifecycleModel,
	status: StatusResult,
	mask: Mask = null,
	customerValue: Float64Array = netValues(table, classification.asOf)
): StageTable {
	const S = model.stages.length;
	const { customerCount, current } = classification;
	const times = model.progression === 'latest' ? classification.entered : classification.reached;
	const scale = tableMinorUnitScale(table);
	let chosen = 0;
	for (let c = 0; c < customerCount; c++) if (isIncluded(mask, c)) chosen++;

	const durations = new Float64Array(customerCount);
	const rows = model.stages.map((stage, s): StageRow => {
		let entered = 0;
		let movedOn = 0;
		for (let c = 0; c < customerCount; c++) {
			const t = times[c * S + s];
			if (Number.isNaN(t) || !isIncluded(mask, c)) continue;
			entered++;
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
			lost
		};
	});
	let regressions = 0;
	classification.regressed.forEach((r, c) => {
		if (isIncluded(mask, c)) regressions += r;
	});
	return { customers: chosen, progression: model.progression, rows, regressions };
}
