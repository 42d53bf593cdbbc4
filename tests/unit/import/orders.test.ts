/**
 * Order lines to orders (docs/orders.md): one purchase per order at its first date, valued at its revenue in exact
 * cents; refunds and cancellations as refund events with a negative value.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventTable } from '../../../src/lib/engine/table';
import { PURCHASE_EVENT, REFUND_EVENT } from '../../../src/lib/engine/purchases';
import { RowConverter, wholeNumberIds } from '../../../src/lib/import/convert';
import { orderStatus } from '../../../src/lib/import/orders';
import { ImportError } from '../../../src/lib/import/errors';
import { customerOfRows } from '../../helpers/tables';
import { readFile } from '../../helpers/import';
import type { ColumnMapping, ColumnSpec } from '../../../src/lib/base/source-types';
import { valueAt } from '../../../src/lib/engine/values';

const utc = Date.UTC;
type Event = [customer: string, time: number, event: string, value: number];

function eventsOf(table: EventTable): Event[] {
	const customer = customerOfRows(table);
	return Array.from({ length: table.rowCount }, (_, i) => [table.customerIds[customer[i]], table.time[i], table.eventNames[table.event[i]], valueAt(table.value, i)]);
}

/** Converts rows under an orders mapping built from the header's roles. */
function convert(header: string[], roles: ColumnSpec[], rows: string[][]) {
	const mapping: ColumnMapping = { shape: 'orders', columns: roles, timeZone: 'UTC' };
	const converter = new RowConverter('orders.csv', header, mapping, 0);
	rows.forEach((row, i) => converter.read(row, i + 2));
	return converter.finish();
}

const RETAIL_HEADER = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'];
const RETAIL = `${RETAIL_HEADER.join(',')}
536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850.0,United Kingdom
536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850.0,United Kingdom
536366,22633,HAND WARMER UNION JACK,6,12/1/2010 8:28,1.85,17850.0,United Kingdom
536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,12/1/2010 8:34,1.69,13047.0,United Kingdom
536367,22745,POPPY'S PLAYHOUSE BEDROOM,6,12/1/2010 8:34,2.1,13047.0,United Kingdom
C536379,D,Discount,-1,12/1/2010 9:41,27.5,14527.0,United Kingdom
536365,22752,SET 7 BABUSHKA NESTING BOXES,2,12/1/2010 8:26,7.65,17850.0,United Kingdom
536380,22961,JAM MAKING SET PRINTED,24,12/1/2010 9:41,1.45,14527.0,United Kingdom
C536383,35004C,SET OF 3 COLOURED FLYING DUCKS,-1,12/1/2010 9:49,4.65,15311.0,United Kingdom
536384,82484,WOOD BLACK BOARD ANT WHITE FINISH,3,12/13/2010 9:53,6.45,15311.0,United Kingdom
`;

describe('order lines', () => {
	it('a date repeated on the lines of an order is read once and means the same; a bad date is rejected on every line', () => {
		const header = ['Order', 'Customer', 'Date', 'Qty', 'Price'];
		const roles: ColumnSpec[] = [{ role: 'order' }, { role: 'customer' }, { role: 'timestamp', dateFormat: 'mdy' }, { role: 'quantity' }, { role: 'unit-price' }];
		const { table, rejects } = convert(header, roles, [
			['O1', 'c1', '12/1/2010 8:26', '1', '2'],
			['O1', 'c1', '12/1/2010 8:26', '1', '3'],
			['O2', 'c2', '12/45/2010 8:26', '1', '1'],
			['O2', 'c2', '12/45/2010 8:26', '1', '1'],
			['O3', 'c3', '12/1/2010 8:26', '2', '1'],
			['O4', 'c3', '12/2/2010 8:26', '1', '1']
		]);
		expect(eventsOf(table)).toEqual([
			['c1', utc(2010, 11, 1, 8, 26), PURCHASE_EVENT, 5],
			['c3', utc(2010, 11, 1, 8, 26), PURCHASE_EVENT, 2],
			['c3', utc(2010, 11, 2, 8, 26), PURCHASE_EVENT, 1]
		]);
		expect(rejects.map((r) => [r.line, r.reason])).toEqual([
			[4, 'timestamp'],
			[5, 'timestamp']
		]);
	});

	it('an empty date on the first row read is rejected, as on any other row, not dropped', () => {
		// Found by the two-parts property (tests/unit/import/parts.test.ts): the remembered date started as '' (NaN),
		// so a first row without a date, in a file or in the second part of one, was dropped without a reject.
		const { table, rejects, rowsRead } = convert(['Customer', 'Date', 'Amount'], [{ role: 'customer' }, { role: 'timestamp', dateFormat: 'iso' }, { role: 'value' }], [
			['a', '', '5'],
			['a', '2024-01-02', '7'],
			['b', '', '1']
		]);
		expect(rowsRead).toBe(3);
		expect(eventsOf(table)).toEqual([['a', utc(2024, 0, 2), PURCHASE_EVENT, 7]]);
		expect(rejects.map((r) => [r.line, r.reason, r.message])).toEqual([
			[2, 'timestamp', 'the date is empty; expected 2024-03-01 or 2024-03-01T09:30:00Z'],
			[4, 'timestamp', 'the date is empty; expected 2024-03-01 or 2024-03-01T09:30:00Z']
		]);
	});

	it('the retail layout is detected as orders: invoice, quantity × unit price, C invoices cancelled', async () => {
		const { preview, table, rejectedCount } = await readFile(RETAIL, 'retail.csv');
		expect(preview.mapping.shape).toBe('orders');
		expect(preview.mapping.columns.map((c) => c.role)).toEqual(['order', 'ignore', 'ignore', 'quantity', 'timestamp', 'unit-price', 'customer', 'attribute']);
		expect(preview.mapping.columns[0].cancelPrefix).toBe('C');
		expect(preview.ambiguousDates).toEqual([]); // 12/13/2010 says month first
		expect(rejectedCount).toBe(0);
		// 536365: 6 × 2.55 + 6 × 3.39 + 2 × 7.65 (a line further down) = 15.30 + 20.34 + 15.30 = 50.94.
		// 536366: 6 × 1.85 = 11.10. 536367: 32 × 1.69 + 6 × 2.10 = 54.08 + 12.60 = 66.68.
		// 14527: C536379 −27.50, 536380 24 × 1.45 = 34.80. 15311: C536383 −4.65, 536384 3 × 6.45 = 19.35.
		expect(eventsOf(table)).toEqual([
			['17850', utc(2010, 11, 1, 8, 26), PURCHASE_EVENT, 50.94],
			['17850', utc(2010, 11, 1, 8, 28), PURCHASE_EVENT, 11.1],
			['13047', utc(2010, 11, 1, 8, 34), PURCHASE_EVENT, 66.68],
			['14527', utc(2010, 11, 1, 9, 41), REFUND_EVENT, -27.5],
			['14527', utc(2010, 11, 1, 9, 41), PURCHASE_EVENT, 34.8],
			['15311', utc(2010, 11, 1, 9, 49), REFUND_EVENT, -4.65],
			['15311', utc(2010, 11, 13, 9, 53), PURCHASE_EVENT, 19.35]
		]);
	});

	it('finds an order column by its values in a file of line amounts too: ids in runs, each on one time and one customer', async () => {
		// "Ref" names no order, and no quantity × price marks the lines: each line was a purchase (5 where there are 3).
		const lines = ['Ref,Client,When,Amount', 'X-77,c1,2025-03-01 10:00,10.00', 'X-77,c1,2025-03-01 10:00,5.00', 'X-78,c2,2025-03-02 09:00,3.00', 'X-78,c2,2025-03-02 09:00,4.00', 'X-79,c1,2025-03-05 16:30,2.00'];
		const { preview, table } = await readFile(lines.join('\n'), 'lines.csv');
		expect(preview.mapping.shape).toBe('orders');
		expect(preview.mapping.columns.map((c) => c.role)).toEqual(['order', 'customer', 'timestamp', 'value']);
		expect(eventsOf(table)).toEqual([
			['c1', utc(2025, 2, 1, 10), PURCHASE_EVENT, 15],
			['c1', utc(2025, 2, 5, 16, 30), PURCHASE_EVENT, 2],
			['c2', utc(2025, 2, 2, 9), PURCHASE_EVENT, 7]
		]);
		// Not a column that repeats in runs across times: a card's expiry year, one customer's payments on several days.
		const payments = ['Customer,Created,Amount,Exp Year', 'c1,2025-03-01 10:00,10.00,2027', 'c1,2025-04-01 10:00,10.00,2027', 'c2,2025-03-02 09:00,3.00,2026', 'c2,2025-05-02 09:00,3.00,2026', 'c3,2025-03-05 16:30,2.00,2028'];
		const paid = await readFile(payments.join('\n'), 'payments.csv');
		expect(paid.preview.mapping.columns.map((c) => c.role)).toEqual(['customer', 'timestamp', 'value', 'ignore']);
		expect(paid.table.rowCount).toBe(5);
	});

	it('takes the customer and date of an order from its first line (Shopify writes them there only)', () => {
		const { table, rejectedCount } = convert(
			['Name', 'Email', 'Created at', 'Lineitem quantity', 'Lineitem price'],
			[{ role: 'order' }, { role: 'customer' }, { role: 'timestamp', dateFormat: 'iso' }, { role: 'quantity' }, { role: 'unit-price' }],
			[
				['#1001', 'ann@example.com', '2024-03-01 10:00', '2', '10.10'],
				['#1001', '', '', '1', '0.20'],
				['#1002', 'bob@example.com', '2024-03-02', '1', '5'],
				['#1002', '', '', '3', '0.10']
			]
		);
		expect(rejectedCount).toBe(0);
		expect(eventsOf(table)).toEqual([
			['ann@example.com', utc(2024, 2, 1, 10), PURCHASE_EVENT, 20.4],
			['bob@example.com', utc(2024, 2, 2), PURCHASE_EVENT, 5.3]
		]);
	});

	it('takes an order total once per order, never summed over its lines, and nets the refunded amount', () => {
		const { table } = convert(
			['Order', 'Customer', 'Date', 'Total', 'Refunded Amount', 'Status'],
			[{ role: 'order' }, { role: 'customer' }, { role: 'timestamp', dateFormat: 'iso' }, { role: 'order-total' }, { role: 'refund-amount' }, { role: 'status' }],
			[
				['1', 'a', '2024-01-01', '30.00', '', 'paid'],
				['1', 'a', '2024-01-01', '30.00', '', 'paid'],
				['2', 'a', '2024-01-05', '19.99', '19.99', 'refunded'],
				['3', 'b', '2024-01-06', '0.30', '', 'refunded'],
				['4', 'b', '2024-01-07', '10', '2.5', 'partially_refunded']
			]
		);
		expect(eventsOf(table)).toEqual([
			['a', utc(2024, 0, 1), PURCHASE_EVENT, 30],
			['a', utc(2024, 0, 5), PURCHASE_EVENT, 19.99],
			['a', utc(2024, 0, 5), REFUND_EVENT, -19.99],
			// Refunded with no amount given: the whole order.
			['b', utc(2024, 0, 6), PURCHASE_EVENT, 0.3],
			['b', utc(2024, 0, 6), REFUND_EVENT, -0.3],
			['b', utc(2024, 0, 7), PURCHASE_EVENT, 10],
			['b', utc(2024, 0, 7), REFUND_EVENT, -2.5]
		]);
	});

	it('takes an order-level discount off the lines once', () => {
		const { table } = convert(
			['Order', 'Customer', 'Date', 'Qty', 'Price', 'Discount'],
			[{ role: 'order' }, { role: 'customer' }, { role: 'timestamp', dateFormat: 'iso' }, { role: 'quantity' }, { role: 'unit-price' }, { role: 'discount' }],
			[
				['1', 'a', '2024-01-01', '2', '15', '5'],
				['1', 'a', '2024-01-01', '1', '10', '']
			]
		);
		expect(eventsOf(table)).toEqual([['a', utc(2024, 0, 1), PURCHASE_EVENT, 35]]);
	});

	it('without an order column, each row is an order: a negative amount is a refund, a failed payment is rejected', () => {
		const { table, rejects } = convert(
			['Customer', 'Date', 'Amount', 'Status'],
			[{ role: 'customer' }, { role: 'timestamp', dateFormat: 'iso' }, { role: 'value' }, { role: 'status' }],
			[
				['a', '2024-01-01', '12.50', 'Paid'],
				['a', '2024-01-02', '-12.50', 'Paid'],
				['b', '2024-01-03', '9', 'Failed']
			]
		);
		expect(eventsOf(table)).toEqual([
			['a', utc(2024, 0, 1), PURCHASE_EVENT, 12.5],
			['a', utc(2024, 0, 2), REFUND_EVENT, -12.5]
		]);
		expect(rejects.map((r) => [r.line, r.column, r.reason])).toEqual([[4, 'Status', 'failed']]);
	});

	it('rejects an order none of whose lines names the customer, at its first line', () => {
		const { rejects, table } = convert(
			['Order', 'Customer', 'Date', 'Amount'],
			[{ role: 'order' }, { role: 'customer' }, { role: 'timestamp', dateFormat: 'iso' }, { role: 'value' }],
			[
				['1', '', '2024-01-01', '1'],
				['1', '', '', '2'],
				['2', 'b', '2024-01-01', '3']
			]
		);
		expect(eventsOf(table)).toEqual([['b', utc(2024, 0, 1), PURCHASE_EVENT, 3]]);
		expect(rejects).toEqual([{ line: 2, column: 'Customer', reason: 'customer', message: 'order "1" has no customer id on any of its lines', raw: '1,,2024-01-01,1' }]);
	});

	it.each([
		['refunded', 'refunded'],
		['Cancelled', 'refunded'],
		['wc-refunded', 'refunded'],
		['Đã hoàn tiền', 'refunded'],
		['Reembolsado', 'refunded'],
		['Geannuleerd', 'refunded'],
		['failed', 'failed'],
		['paid', 'ok'],
		['', 'ok']
	])('status %j is %s', (text, status) => {
		expect(orderStatus(text)).toBe(status);
	});
});

describe('ids written as floats', () => {
	it('become the integers they are when every id is one', () => {
		expect(wholeNumberIds(['17850.0', '13047.0', '-3.0', '007.0', '7.0'])).toEqual(['17850', '13047', '-3', '007', '7']);
		expect(wholeNumberIds(['1.00', '2.0'])).toEqual(['1', '2']);
	});

	it('with a decimal comma too, as a spreadsheet in Dutch, Spanish or Vietnamese saves them (17850,0), but not a thousands group', () => {
		expect(wholeNumberIds(['17850,0', '13047,0', '7,00'])).toEqual(['17850', '13047', '7']);
		expect(wholeNumberIds(['17850,0', '13047.0'])).toEqual(['17850,0', '13047.0']);
		expect(wholeNumberIds(['1,000', '2,000'])).toEqual(['1,000', '2,000']);
	});

	it('stay as written when one is not, or when two would become one', () => {
		expect(wholeNumberIds(['17850.0', '13047.5'])).toEqual(['17850.0', '13047.5']);
		expect(wholeNumberIds(['17850.0', 'abc'])).toEqual(['17850.0', 'abc']);
		expect(wholeNumberIds(['17850.0', '13047.0', '17850.00'])).toEqual(['17850.0', '13047.0', '17850.00']);
		expect(wholeNumberIds([])).toEqual([]);
	});

	it('property: ids are read as floats of whole numbers exactly when the patterns say so', () => {
		// The ids are read by their characters; the patterns they were read by before are the reference.
		const tail = fc.string({ unit: fc.constantFrom('-', '0', '0', '0', '1', '.', ',', ' ', 'a'), maxLength: 6 });
		const id = fc.oneof(tail, tail.map((t) => `17.0${t}`), tail.map((t) => `-3,0${t}`), tail.map((t) => `${t}5,00`));
		fc.assert(
			fc.property(fc.uniqueArray(id, { minLength: 1, maxLength: 3 }), (ids) => {
				const mark = ids[0].includes(',') ? ',' : '.';
				const pattern = mark === '.' ? /^-?\d+\.0+$/ : /^-?\d+,(?:0{1,2}|0{4,})$/;
				const whole = ids.map((i) => i.slice(0, i.indexOf(mark)));
				const read = ids.every((i) => pattern.test(i)) && new Set(whole).size === whole.length;
				expect(wholeNumberIds(ids)).toEqual(read ? whole : ids);
			}),
			{ numRuns: 500 }
		);
	});
});

describe('properties of order lines', () => {
	/** Lines of orders in cents, in any order, some orders cancelled (C prefix, negative quantities). */
	const lines = fc.array(
		fc.record({
			order: fc.integer({ min: 1, max: 30 }),
			customer: fc.constantFrom('a', 'b', 'c', 'd'),
			quantity: fc.integer({ min: 1, max: 50 }),
			cents: fc.integer({ min: 0, max: 100_000 }),
			day: fc.integer({ min: 1, max: 28 })
		}),
		{ minLength: 1, maxLength: 120 }
	);

	/** An order's customer and date come from its first line, as an export writes them; cancellations are "C" orders. */
	const rowsOf = (ls: { order: number; customer: string; quantity: number; cents: number; day: number }[]) => {
		const first = new Map<number, { customer: string; day: number }>();
		for (const l of ls) if (!first.has(l.order)) first.set(l.order, l);
		return ls.map((l) => {
			const cancelled = l.order % 7 === 0;
			const head = first.get(l.order)!;
			return {
				row: [`${cancelled ? 'C' : ''}${1000 + l.order}`, head.customer, `2024-01-${String(head.day).padStart(2, '0')}`, String(cancelled ? -l.quantity : l.quantity), (l.cents / 100).toFixed(2)],
				customer: head.customer,
				cancelled,
				cents: (cancelled ? -1 : 1) * l.quantity * l.cents,
				order: l.order
			};
		});
	};
	const header = ['InvoiceNo', 'CustomerID', 'InvoiceDate', 'Quantity', 'UnitPrice'];
	const roles: ColumnSpec[] = [{ role: 'order', cancelPrefix: 'C' }, { role: 'customer' }, { role: 'timestamp', dateFormat: 'iso' }, { role: 'quantity' }, { role: 'unit-price' }];
	/** Files with an event to import: not every order a cancellation at 0 (that file is refused: the test below). */
	const importable = lines.filter((ls) => rowsOf(ls).some((r) => !r.cancelled || r.cents !== 0));

	it('a file whose every order is a cancellation at 0 makes no event: refused with its own message, not a crash', () => {
		// Found by the property below (fast-check seed 432422569): the error path read the first reject, and there was none.
		const rows = rowsOf([{ order: 7, customer: 'a', quantity: 1, cents: 0, day: 1 }]).map((r) => r.row);
		expect(rows).toEqual([['C1007', 'a', '2024-01-01', '-1', '0.00']]);
		let thrown: unknown = null;
		try {
			convert(header, roles, rows);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(ImportError);
		expect((thrown as ImportError).message).toBe('orders.csv: its 1 rows make no event to import (an order cancelled at 0 makes none).');
		expect((thrown as ImportError).problem).toEqual({ code: 'import.noEvents', params: { file: 'orders.csv', rows: 1 } });
	});

	it('net revenue equals the sum over lines of quantity × price, to the cent', () => {
		fc.assert(
			fc.property(importable, (ls) => {
				const rows = rowsOf(ls);
				const { table } = convert(header, roles, rows.map((r) => r.row));
				let netCents = 0;
				for (let i = 0; i < table.rowCount; i++) netCents += Math.round(valueAt(table.value, i) * 100);
				expect(netCents).toBe(rows.reduce((sum, r) => sum + r.cents, 0));
				// Each event's value is a whole number of cents.
				for (let i = 0; i < table.rowCount; i++) expect(Math.abs(valueAt(table.value, i) * 100 - Math.round(valueAt(table.value, i) * 100))).toBeLessThan(1e-6);
			})
		);
	});

	it('purchases per customer equal the distinct orders that are not cancellations', () => {
		fc.assert(
			fc.property(importable, (ls) => {
				const rows = rowsOf(ls);
				const { table } = convert(header, roles, rows.map((r) => r.row));
				const expected = new Map<string, Set<number>>();
				for (const r of rows) if (!r.cancelled) expected.set(r.customer, (expected.get(r.customer) ?? new Set()).add(r.order));
				const customer = customerOfRows(table);
				const purchases = new Map<string, number>();
				for (let i = 0; i < table.rowCount; i++) {
					if (table.eventNames[table.event[i]] !== PURCHASE_EVENT) continue;
					const id = table.customerIds[customer[i]];
					purchases.set(id, (purchases.get(id) ?? 0) + 1);
				}
				expect(Object.fromEntries(purchases)).toEqual(Object.fromEntries([...expected].map(([c, orders]) => [c, orders.size])));
			})
		);
	});

	it('lines of hundreds of orders in any order each join their own order: one purchase per order, at its lines\' sum', () => {
		// Order ids are found by their number, or by a hash of their text (Dictionary): lines far apart must still meet.
		// Ids as numbers 4096 apart (the same low bits), as text, and text that reads as a number another order has
		// ("02" beside "2": two orders, as written).
		const idFormats = [(k: number) => `${k * 4096}`, (k: number) => `#${k}`, (k: number) => (k % 2 === 0 ? `${k}` : `0${k - 1}`)];
		const orderLines = fc.array(fc.record({ order: fc.integer({ min: 0, max: 399 }), cents: fc.integer({ min: 1, max: 9_999 }) }), { minLength: 1, maxLength: 800 });
		fc.assert(
			fc.property(orderLines, fc.constantFrom(...idFormats), (ls, idOf) => {
				// Order k belongs to customer "c<k>" and is dated k minutes after midnight: each event names its order.
				const rows = ls.map((l) => [idOf(l.order), `c${l.order}`, new Date(utc(2024, 0, 1) + l.order * 60_000).toISOString(), (l.cents / 100).toFixed(2)]);
				const { table } = convert(['Name', 'Email', 'Created at', 'Total'], [{ role: 'order' }, { role: 'customer' }, { role: 'timestamp', dateFormat: 'iso' }, { role: 'value' }], rows);
				const expected = new Map<number, number>();
				for (const l of ls) expected.set(l.order, (expected.get(l.order) ?? 0) + l.cents);
				const got = eventsOf(table).map(([customer, time, event, value]) => [customer, (time - utc(2024, 0, 1)) / 60_000, event, Math.round(value * 100)]);
				expect(got.sort((a, b) => (a[1] as number) - (b[1] as number))).toEqual(
					[...expected].sort((a, b) => a[0] - b[0]).map(([order, cents]) => [`c${order}`, order, PURCHASE_EVENT, cents])
				);
				// Customers are numbered as their orders first appeared.
				expect(table.customerIds).toEqual([...new Set(ls.map((l) => `c${l.order}`))]);
			}),
			{ numRuns: 60 }
		);
	});

	it('thousands of numbered orders, each line meeting its order after all the others began: one purchase each', () => {
		// Past a thousand numbered orders their table grows (twice here); a line must still find its order after.
		const orders = 3000;
		const rows: string[][] = [];
		for (let line = 0; line < 2; line++) for (let k = 0; k < orders; k++) rows.push([`${k * 65_536 + 7}`, `c${k}`, '2024-01-01', `${k + line}`]);
		const { table, rejectedCount } = convert(['Order', 'Customer', 'Date', 'Amount'], [{ role: 'order' }, { role: 'customer' }, { role: 'timestamp', dateFormat: 'iso' }, { role: 'value' }], rows);
		expect(rejectedCount).toBe(0);
		expect(table.rowCount).toBe(orders);
		const byCustomer = new Map(eventsOf(table).map(([customer, , event, value]) => [customer, [event, value]]));
		expect([0, 1, 1234, 2999].map((k) => byCustomer.get(`c${k}`))).toEqual([0, 1, 1234, 2999].map((k) => [PURCHASE_EVENT, 2 * k + 1]));
	});

	it('order ids stay as written: a number and its text with a leading zero are two orders, a long number is one', () => {
		const { table, rejects } = convert(
			['Order', 'Customer', 'Date', 'Amount'],
			[{ role: 'order' }, { role: 'customer' }, { role: 'timestamp', dateFormat: 'iso' }, { role: 'value' }],
			[
				['7', 'a', '2024-01-01', '1'],
				['007', 'b', '2024-01-02', '2'],
				['12345678901234567', 'c', '2024-01-03', '3'],
				['7', '', '', '10'],
				['12345678901234568', 'd', '2024-01-04', '4'],
				['007', '', '', '20'],
				['12345678901234567', '', '', '30'],
				['9007199254740993', '', '2024-01-05', '5']
			]
		);
		expect(eventsOf(table)).toEqual([
			['a', utc(2024, 0, 1), PURCHASE_EVENT, 11],
			['b', utc(2024, 0, 2), PURCHASE_EVENT, 22],
			['c', utc(2024, 0, 3), PURCHASE_EVENT, 33],
			['d', utc(2024, 0, 4), PURCHASE_EVENT, 4]
		]);
		expect(rejects.map((r) => r.message)).toEqual(['order "9007199254740993" has no customer id on any of its lines']);
	});

	it('a customer whose every order was refunded nets exactly 0', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 40 }), (amounts) => {
				const { table } = convert(
					['Customer', 'Date', 'Amount', 'Amount Refunded'],
					[{ role: 'customer' }, { role: 'timestamp', dateFormat: 'iso' }, { role: 'value' }, { role: 'refund-amount' }],
					amounts.map((cents) => ['a', '2024-01-01', (cents / 100).toFixed(2), (cents / 100).toFixed(2)])
				);
				// Summed as the engine sums values: plain floating point, in file order.
				let net = 0;
				for (let i = 0; i < table.rowCount; i++) net += valueAt(table.value, i);
				expect(Math.round(net * 100)).toBe(0);
			})
		);
	});
});
