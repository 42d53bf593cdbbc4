/**
 * Small pure helpers every caller of the engine needs to set up an analysis the way the site does
 * (the engine worker, the CLI and the SQL agreement tests).
 */
import type { Classification } from './classify';
import { isIncluded, type Mask } from './filter';
import type { LifecycleModel } from './model';
import type { EventTable } from './table';

/** Cohort times: first seen (stage -1) or entry into a stage, for the customers the mask keeps. */
export function cohortTimesOf(classification: Classification, model: LifecycleModel, stage: number, mask: Mask): Float64Array {
	const S = model.stages.length;
	const times = stage < 0 || stage >= S ? classification.firstSeen : classification.entered.filter((_, i) => i % S === stage);
	return times.map((t, c) => (isIncluded(mask, c) ? t : NaN));
}

/** The event that counts as a return (null: any event). An unknown name matches nothing. */
export function returnEventsOf(table: EventTable, name: string | null): Set<number> | undefined {
	return name === null ? undefined : new Set([table.eventNames.indexOf(name)]);
}
