/**
 * Adding an export to a dataset (engine/append.ts, docs/compare.md): an event the dataset already holds (same
 * customer, time, name and value) is dropped and counted once; repeats inside one export are kept; attributes of
 * either file come along.
 */
import { describe, expect, it } from 'vitest';
import { appendTable } from '../../../src/lib/engine/append';
import { EventTableBuilder, type EventTable } from '../../../src/lib/engine/table';
import { customerOfRows, day, tableOf } from '../../helpers/tables';
import { valueAt } from '../../../src/lib/engine/values';

const rowsOf = (table: EventTable) => {
	const customer = customerOfRows(table);
	return Array.from({ length: table.rowCount }, (_, i) => [table.customerIds[customer[i]], table.time[i], table.eventNames[table.event[i]], valueAt(table.value, i)]);
};

describe('appending an export to a dataset', () => {
	// January's export.
	const base = tableOf([
		['ann', day(1), 'signup'],
		['ann', day(5), 'purchase', 20],
		['bob', day(2), 'signup'],
		['bob', day(9), 'purchase', 15],
		['bob', day(9), 'purchase', 15] // two identical orders in the source, both kept when imported
	]);
	// February's export overlaps January's last days.
	const addition = tableOf([
		['ann', day(5), 'purchase', 20], // held already: a duplicate
		['ann', day(5), 'purchase', 25], // another value: a new event
		['ann', day(40), 'purchase', 30], // new
		['bob', day(9), 'purchase', 15], // held twice: a duplicate
		['bob', day(9), 'purchase', 15], // the second copy: a duplicate
		['bob', day(9), 'purchase', 15], // a third copy: the source now has three, so one is added
		['cy', day(35), 'signup'], // a new customer
		['cy', day(35), 'signup'] // repeated inside the new export: both kept
	]);

	it('drops what the dataset holds, counts it, and keeps repeats within the new export', () => {
		const result = appendTable(base, addition);
		expect(result.duplicates).toBe(3);
		expect(result.added).toBe(5);
		expect(result.table.rowCount).toBe(base.rowCount + 5);
		expect(rowsOf(result.table)).toEqual([
			['ann', day(1), 'signup', NaN],
			['ann', day(5), 'purchase', 20],
			['ann', day(5), 'purchase', 25],
			['ann', day(40), 'purchase', 30],
			['bob', day(2), 'signup', NaN],
			['bob', day(9), 'purchase', 15],
			['bob', day(9), 'purchase', 15],
			['bob', day(9), 'purchase', 15],
			['cy', day(35), 'signup', NaN],
			['cy', day(35), 'signup', NaN]
		]);
	});

	it('adding the same export twice adds nothing the second time', () => {
		const once = appendTable(base, addition).table;
		const twice = appendTable(once, addition);
		expect(twice.added).toBe(0);
		expect(twice.duplicates).toBe(addition.rowCount);
		expect(rowsOf(twice.table)).toEqual(rowsOf(once));
	});

	it('keeps the attributes of both files; an event with no value for one is empty', () => {
		const withChannel = new EventTableBuilder(['channel']);
		withChannel.add('ann', day(1), 'signup', NaN, ['email']);
		const withCountry = new EventTableBuilder(['country']);
		withCountry.add('ann', day(1), 'signup', NaN, ['NL']); // the same event: dropped, its attribute with it
		withCountry.add('dan', day(3), 'signup', NaN, ['VN']);
		const { table, duplicates } = appendTable(withChannel.build(), withCountry.build());
		expect(duplicates).toBe(1);
		expect(table.attributes.map((a) => [a.name, Array.from(a.codes, (code) => a.values[code])])).toEqual([
			['channel', ['email', '']],
			['country', ['', 'VN']]
		]);
	});
});
