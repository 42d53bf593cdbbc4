/**
 * The dashboard's key figures, the answer on its first screen: how many customers, how many of them made it through
 * the funnel, how many are active, at risk (inactive) or lost, and what they are worth.
 */
import { isIncluded, type Mask } from './filter';
import type { FunnelResult } from './funnel';
import { fromMinorUnits, tableMinorUnitScale, toMinorUnits } from './money';
import { ACTIVE, INACTIVE, LOST, type StatusResult } from './status';
import type { EventTable } from './table';

export interface KeyFigures {
	asOf: number;
	/** The chosen customers (the filter's), seen by the as-of date or not. */
	customers: number;
	/** The funnel's first and last steps (stage ids), and the share of the first step's customers who reached the last. */
	firstStep: string | null;
	lastStep: string | null;
	conversion: number | null;
	/** Status by recency as of the date; customers not yet seen by then are none of these. */
	active: number;
	atRisk: number;
	lost: number;
	/** Net value (purchases less refunds, up to the as-of date) of the chosen customers, summed exactly; null when the data has no money. */
	value: number | null;
}

/**
 * `values`: each customer's net value as of the date (the session keeps the stage table's), or null when the data
 * has no money.
 */
export function keyFigures(table: EventTable, funnel: FunnelResult, status: StatusResult, options: { asOf: number; mask: Mask; values: Float64Array | null }): KeyFigures {
	const { asOf, mask, values } = options;
	const scale = tableMinorUnitScale(table);
	const counts = [0, 0, 0];
	let customers = 0;
	let units = 0;
	for (let c = 0; c < table.customerIds.length; c++) {
		if (!isIncluded(mask, c)) continue;
		customers++;
		if (status.status[c] <= LOST) counts[status.status[c]]++;
		if (values) units += toMinorUnits(values[c], scale);
	}
	const first = funnel.steps[0];
	const last = funnel.steps.at(-1);
	return {
		asOf,
		customers,
		firstStep: first?.stageId ?? null,
		lastStep: last?.stageId ?? null,
		conversion: last?.conversion ?? null,
		active: counts[ACTIVE],
		atRisk: counts[INACTIVE],
		lost: counts[LOST],
		value: values ? fromMinorUnits(units, scale) : null
	};
}
