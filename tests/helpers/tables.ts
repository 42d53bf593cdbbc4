/** Builds EventTables for tests from readable rows. */
import { DAY_MS } from '../../src/lib/engine/periods';
import { EventTableBuilder, type EventTable } from '../../src/lib/engine/table';

export const DAY = DAY_MS;
/** Day d of January 2025, 00:00 UTC. */
export const day = (d: number) => Date.UTC(2025, 0, d);

export type Row = [customer: string, time: number, event: string, value?: number];

export function tableOf(rows: Row[]): EventTable {
	const builder = new EventTableBuilder();
	for (const [customer, time, event, value] of rows) builder.add(customer, time, event, value ?? NaN);
	return builder.build();
}

/** Each row's customer code, expanded from the table's runs (the table keeps runs, not a code per row). */
export function customerOfRows(table: Pick<EventTable, 'customerStart' | 'rowCount'>): number[] {
	const codes: number[] = [];
	for (let c = 0; c + 1 < table.customerStart.length; c++) for (let i = table.customerStart[c]; i < table.customerStart[c + 1]; i++) codes.push(c);
	return codes;
}
