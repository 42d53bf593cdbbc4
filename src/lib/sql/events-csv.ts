/**
 * The events table the SQL reads, as CSV: customer_id, ts (ISO 8601 UTC, milliseconds), event, value (empty
 * when absent), then one column per attribute. Written from an imported EventTable, so a warehouse and the
 * engine see the same events; chunked, so a large table never becomes one string.
 */
import { csvLine } from '../base/csv-writer';
import type { EventTable } from '../engine/table';
import { valueAt } from '../engine/values';

export const EVENT_COLUMNS = ['customer_id', 'ts', 'event', 'value'] as const;

export function eventsCsvHeader(table: EventTable): string[] {
	return [...EVENT_COLUMNS, ...table.attributes.map((a) => a.name)];
}

export function* eventsCsvChunks(table: EventTable, rowsPerChunk = 50_000): Generator<string> {
	yield csvLine(eventsCsvHeader(table)) + '\n';
	const lines: string[] = [];
	for (let c = 0; c < table.customerIds.length; c++) {
		for (let i = table.customerStart[c]; i < table.customerStart[c + 1]; i++) {
			const value = valueAt(table.value, i);
			const fields: (string | number)[] = [table.customerIds[c], new Date(table.time[i]).toISOString(), table.eventNames[table.event[i]], Number.isNaN(value) ? '' : value];
			for (const a of table.attributes) fields.push(a.values[a.codes[i]]);
			lines.push(csvLine(fields));
			if (lines.length === rowsPerChunk) yield lines.splice(0).join('\n') + '\n';
		}
	}
	if (lines.length) yield lines.join('\n') + '\n';
}
