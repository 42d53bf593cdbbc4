/**
 * Attribution: which of a customer's events gives their value of an attribute, for filters and breakdowns alike.
 * The first event (the channel that brought them), the last (where they are now), or the event at which they
 * entered a stage of the model (the channel of the deal that made them a customer).
 */
import type { Classification } from './classify';
import type { AttributeColumn, EventTable } from './table';

/** A stage by its id in the model (ids outlive edits that reorder the stages). */
export type Attribution = 'first' | 'last' | { stage: string };

export const DEFAULT_ATTRIBUTION: Attribution = 'first';

/** A customer with events but no value under the attribution (never entered the stage). */
export const NO_VALUE = -1;
/** A customer without any event: in no segment. */
export const NO_EVENTS = -2;

/** Whether the attribution needs the model's classification (entering a stage). */
export const needsClassification = (attribution: Attribution | undefined): attribution is { stage: string } =>
	typeof attribution === 'object' && attribution !== null;

/**
 * Each customer's code in the column under the attribution: NO_EVENTS without events, NO_VALUE when the customer
 * never entered the stage (or the model has no stage of that id). Entering a stage is the first event at the entry
 * time (events of one instant are ordered as the file wrote them). A stage needs the classification.
 */
export function attributedCodes(table: EventTable, column: AttributeColumn, attribution: Attribution, classification: Classification | null): Int32Array {
	const customers = table.customerIds.length;
	const codes = new Int32Array(customers).fill(NO_EVENTS);
	const byStage = needsClassification(attribution);
	if (byStage && !classification) throw new TypeError('Attributing values to entering a stage needs the classification');
	const stage = byStage ? classification!.stageIds.indexOf(attribution.stage) : -1;
	const S = classification?.stageIds.length ?? 0;
	for (let c = 0; c < customers; c++) {
		const start = table.customerStart[c];
		const end = table.customerStart[c + 1];
		if (end === start) continue;
		if (attribution === 'first') codes[c] = column.codes[start];
		else if (attribution === 'last') codes[c] = column.codes[end - 1];
		else {
			const entered = stage < 0 ? NaN : classification!.entered[c * S + stage];
			codes[c] = NO_VALUE;
			if (Number.isNaN(entered)) continue;
			for (let i = start; i < end; i++) {
				if (table.time[i] >= entered) {
					codes[c] = column.codes[i];
					break;
				}
			}
		}
	}
	return codes;
}

/** A stable key of an attribution, for caches. */
export const attributionKey = (attribution: Attribution | undefined) =>
	needsClassification(attribution) ? `stage:${attribution.stage}` : (attribution ?? DEFAULT_ATTRIBUTION);
