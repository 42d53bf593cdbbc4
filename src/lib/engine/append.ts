/**
 * Adding next month's export to a dataset (issue 25, part 2; docs/compare.md): the stored table's events and the new
 * file's, as one table, where an event of the new file that the dataset already holds is a duplicate and is dropped.
 *
 * An event is the same event when its customer id, time, event name and value are (attributes aside). Events are
 * counted as a multiset: a dataset holding an event once and a new file holding it twice gains it once (the source now
 * really has two); identical events inside one export are all kept, as every import keeps them.
 */
import { EventTableBuilder, type EventTable } from './table';
import { valueAt } from './values';

export interface AppendResult {
	table: EventTable;
	/** Events of the new file that were added. */
	added: number;
	/** Events of the new file the dataset already held: dropped. */
	duplicates: number;
}

/** The events of `base` and those of `addition` that `base` does not already hold. */
export function appendTable(base: EventTable, addition: EventTable): AppendResult {
	const attributeNames = [...new Set([...base.attributes.map((a) => a.name), ...addition.attributes.map((a) => a.name)])];
	const builder = new EventTableBuilder(attributeNames);
	copyRows(builder, base, attributeNames, () => true);
	const baseCustomer = new Map<string, number>();
	base.customerIds.forEach((id, c) => baseCustomer.set(id, c));
	// What each customer already has: how many of each (time, name, value), taken off as the new file repeats them.
	let held: Map<string, number> | null = null;
	let heldFor = -1;
	let duplicates = 0;
	const added = copyRows(builder, addition, attributeNames, (c, i) => {
		const b = baseCustomer.get(addition.customerIds[c]);
		if (b === undefined) return true;
		if (heldFor !== c) {
			held = new Map();
			for (let j = base.customerStart[b]; j < base.customerStart[b + 1]; j++) {
				const key = eventKey(base, j);
				held.set(key, (held.get(key) ?? 0) + 1);
			}
			heldFor = c;
		}
		const key = eventKey(addition, i);
		const left = held!.get(key) ?? 0;
		if (left === 0) return true;
		held!.set(key, left - 1);
		duplicates++;
		return false;
	});
	return { table: builder.build(), added, duplicates };
}

/** An event's time, name and value as one key (a missing value, NaN, equals a missing value). */
const eventKey = (table: EventTable, i: number) => `${table.time[i]}\u0000${table.eventNames[table.event[i]]}\u0000${valueAt(table.value, i)}`;

/** Adds the table's rows that `keep` keeps, in customer and time order; returns how many. */
function copyRows(builder: EventTableBuilder, table: EventTable, attributeNames: string[], keep: (c: number, i: number) => boolean): number {
	const columns = attributeNames.map((name) => table.attributes.find((a) => a.name === name) ?? null);
	let kept = 0;
	for (let c = 0; c < table.customerIds.length; c++) {
		for (let i = table.customerStart[c]; i < table.customerStart[c + 1]; i++) {
			if (!keep(c, i)) continue;
			builder.add(
				table.customerIds[c],
				table.time[i],
				table.eventNames[table.event[i]],
				valueAt(table.value, i),
				columns.map((column) => (column ? column.values[column.codes[i]] : ''))
			);
			kept++;
		}
	}
	return kept;
}
