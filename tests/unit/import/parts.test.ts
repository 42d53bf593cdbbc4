/**
 * A CSV file read in two parts (import/parts.ts) gives exactly what one part gives: the table, the rejected rows
 * with their lines, the counts, and the same error; at every split point, including inside a quoted field, inside an
 * order whose lines straddle the split and next to rejected rows. The second part is read in-process here (the
 * import worker reads it in another worker; tests/e2e/import.test.ts drives that).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { valueAt } from '../../../src/lib/engine/values';
import { convertFile, planOf, type ImportPlan } from '../../../src/lib/import/import-file';
import { MIN_SPLIT_BYTES, ORDERS_FIRST_SHARE, readLaterPart, splitPoint, type ReadLaterPart } from '../../../src/lib/import/parts';
import { pageBudgets } from '../../../src/lib/import/budgets';
import { ImportError } from '../../../src/lib/import/errors';
import { previewFile } from '../../../src/lib/import/preview';
import { fileOf } from '../../helpers/import';
import type { ColumnSpec } from '../../../src/lib/base/source-types';

/** Quoted fields with line breaks (CRLF and LF), rejects of every kind, a blank line; 3 customers, 2 attributes. */
const EVENT_LOG = [
	'customer_id,timestamp,event,value,channel,"plan,name"',
	'bob,2024-03-02,purchase,19.99,email,pro',
	'alice,2024-03-05T10:00:00Z,"page\r\nview",,ads,"free\nplan"',
	'bob,2024-03-01,signup,,email,pro',
	'alice,not a date,signup,,ads,free',
	'',
	'alice,2024-03-01 09:30,signup,,ads,free',
	'carol,2024-03-03,purchase,abc,organic,pro',
	'carol,2024-03-04',
	',2024-03-04,login,,organic,pro',
	'dave,2024-03-10,"trial, ""extended""", 5 ,email,"line one',
	'line two',
	'line three"',
	'erin,2024-03-04, ,,ads,free',
	'dave,2024-03-10,"trial, extended", 5 ,extra,email,pro',
	'erin,2024-03-11,signup,,ads,free',
	'frank,2024-03-12,signup,,"a ""quoted""',
	'channel",pro',
	'bob,2024-03-13,purchase,5.50,email,pro',
	'frank,2024-03-14,purchase,7,referral,free'
].join('\r\n');

/**
 * Order lines in the retail layout: order 600002's lines before and after others (not consecutive), a cancelled
 * order, an order whose customer is named only on a later line and whose last line says it was refunded, and an
 * unreadable quantity.
 */
const ORDER_LINES = [
	'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country,Status',
	'600001,A1,MUG,2,12/1/2024 8:26,2.55,17850.0,United Kingdom,',
	'600001,A2,"TEE,\nLARGE",1,12/1/2024 8:26,10.10,17850.0,United Kingdom,',
	'600002,B1,CAP,3,12/2/2024 9:00,1.10,,France,',
	'600003,C1,HOOD,1,12/2/2024 9:30,30.00,13047.0,Germany,',
	'600002,B2,SOCKS,1,12/2/2024 9:00,0.20,12583.0,France,',
	'C600004,A1,MUG,-2,12/3/2024 10:00,2.55,17850.0,United Kingdom,',
	'600005,D1,BAG,two,12/3/2024 11:00,4.00,13047.0,Germany,',
	'600005,D2,BAG,1,12/3/2024 11:00,4.00,13047.0,Germany,',
	'600002,B3,SCARF,2,12/2/2024 9:00,3.30,,France,refunded',
	'600006,E1,PEN,1,,1.00,,Spain,',
	'600003,C2,HOOD,1,12/2/2024 9:30,30.00,13047.0,Germany,',
	'600007,F1,BOOK,1,12/4/2024 12:00,12.00,17850.0,United Kingdom,'
].join('\n');

/** The second part read in-process, as the worker would read it. */
const inProcess: ReadLaterPart = (part, onBytes, signal) => readLaterPart(part, onBytes, signal);

async function planFor(content: string, name: string): Promise<ImportPlan> {
	return planOf(await previewFile(fileOf(content, name)));
}

/** The byte after each line feed: every place the file could be split. */
function lineStarts(content: string): number[] {
	const bytes = new TextEncoder().encode(content);
	const starts: number[] = [];
	bytes.forEach((b, i) => {
		if (b === 10 && i + 1 < bytes.length) starts.push(i + 1);
	});
	return starts;
}

/** Everything an import keeps of a file: table, rejects with lines and raw text, counts. */
async function converted(content: string, name: string, plan: ImportPlan, parts?: { read: ReadLaterPart; at?: number }) {
	const { table, rowsRead, rejectedCount, rejects, rejectCounts, bytesRead } = await convertFile(fileOf(content, name), plan, { parts });
	return { table, rowsRead, rejectedCount, rejects, rejectCounts, bytesRead };
}

describe('a CSV file read in two parts', () => {
	it.each([
		['an event log with quoted line breaks and rejects', EVENT_LOG, 'events.csv'],
		['order lines with an order on both sides of the split', ORDER_LINES, 'orders.csv']
	])('%s: the same table, rejects and lines at every split point', async (_, content, name) => {
		const plan = await planFor(content, name);
		const whole = await converted(content, name, plan);
		expect(whole.rejects.length).toBeGreaterThan(0);
		for (const at of lineStarts(content)) {
			expect(await converted(content, name, plan, { read: inProcess, at }), `split at byte ${at}`).toEqual(whole);
		}
	});

	it('uses the second part exactly when the split is at a row start, and reads on when it is inside a quoted field', async () => {
		const plan = await planFor(EVENT_LOG, 'events.csv');
		const whole = await converted(EVENT_LOG, 'events.csv', plan);
		// A second part that claims 1,000 rows more shows whether it was used.
		const marked: ReadLaterPart = async (...args) => {
			const part = await inProcess(...args);
			return { ...part, rowsRead: part.rowsRead + 1000 };
		};
		const insideQuotes = EVENT_LOG.indexOf('line two');
		const rowStart = EVENT_LOG.indexOf('erin,2024-03-04');
		expect((await converted(EVENT_LOG, 'events.csv', plan, { read: marked, at: insideQuotes })).rowsRead).toBe(whole.rowsRead);
		expect((await converted(EVENT_LOG, 'events.csv', plan, { read: marked, at: rowStart })).rowsRead).toBe(whole.rowsRead + 1000);
	});

	it('the order straddling the split is one purchase of all its lines, at its first line', async () => {
		const plan = await planFor(ORDER_LINES, 'orders.csv');
		const at = ORDER_LINES.indexOf('600002,B2');
		const { table, rejects } = await converted(ORDER_LINES, 'orders.csv', plan, { read: inProcess, at });
		// 600002: 3 × 1.10 + 1 × 0.20 + 2 × 3.30 = 10.10, for 12583 (named on its second line, after the split),
		// refunded whole (its last line's status).
		const customer = table.customerIds.indexOf('12583');
		expect(customer).toBeGreaterThanOrEqual(0);
		const first = table.customerStart[customer];
		const events = Array.from({ length: table.customerStart[customer + 1] - first }, (_, i) => [table.eventNames[table.event[first + i]], valueAt(table.value, first + i)]);
		expect(events).toEqual([
			['purchase', 10.1],
			['refund', -10.1]
		]);
		// 600006 has neither customer nor date: rejected at its line (12), after the unreadable quantity (line 9).
		expect(rejects.map((r) => [r.line, r.reason])).toEqual([
			[9, 'value'],
			[12, 'customer']
		]);
	});

	it('an error in the second part names its line in the file, as one part does', async () => {
		const content = `${EVENT_LOG}\r\ngina,2024-03-15,"never closed,,,\r\nmore`;
		const plan = await planFor(EVENT_LOG, 'events.csv');
		const message = (parts?: { read: ReadLaterPart; at?: number }) =>
			convertFile(fileOf(content, 'events.csv'), plan, { parts }).then(
				() => 'no error',
				(e: unknown) => (e instanceof ImportError ? e.message : String(e))
			);
		const one = await message();
		expect(one).toMatch(/line 23/);
		expect(await message({ read: inProcess, at: content.indexOf('erin,2024-03-11') })).toBe(one);
	});

	it('more rows than the budget in the two parts together stops as one part does', async () => {
		const plan = await planFor(EVENT_LOG, 'events.csv');
		const { rowsRead } = await converted(EVENT_LOG, 'events.csv', plan);
		expect(rowsRead).toBe(15);
		const budgets = { ...pageBudgets(null), maxRows: 14 };
		const at = EVENT_LOG.indexOf('erin,2024-03-04');
		const message = (parts?: { read: ReadLaterPart; at?: number }) =>
			convertFile(fileOf(EVENT_LOG, 'events.csv'), plan, { parts, budgets }).then(
				() => 'no error',
				(e: unknown) => (e instanceof Error ? e.message : String(e))
			);
		const one = await message();
		expect(one).toMatch(/14/);
		expect(await message({ read: inProcess, at })).toBe(one);
	});

	it('progress reaches the whole file once, and counts every row', async () => {
		const plan = await planFor(EVENT_LOG, 'events.csv');
		const fractions: number[] = [];
		const file = fileOf(EVENT_LOG, 'events.csv');
		const result = await convertFile(file, plan, { parts: { read: inProcess, at: EVENT_LOG.indexOf('erin,2024-03-04') }, onProgress: (p) => fractions.push(p.fraction) });
		expect(result.bytesRead).toBe(file.size);
		expect(fractions.at(-1)).toBe(1);
		expect(fractions.every((f) => f >= 0 && f <= 1)).toBe(true);
	});
});

describe('order lines read in two parts (property)', () => {
	/**
	 * Lines of a dozen orders in any order: an order's lines consecutive or far apart, on either side of the split or
	 * both; cancelled ("C") orders, lines without an order id (each its own order), customers and dates on some lines
	 * only, unreadable quantities and dates, refunded and failed statuses, a country broken down by.
	 */
	const line = fc.record({
		order: fc.integer({ min: 0, max: 12 }),
		customer: fc.constantFrom('', 'a', 'b', 'c', 'd'),
		date: fc.constantFrom('', '2024-01-02', '2024-01-03T10:00:00Z', '2024-02-01', 'soon'),
		quantity: fc.constantFrom('1', '2', '-1', '3', 'x'),
		price: fc.constantFrom('1.50', '0.10', '20', ''),
		country: fc.constantFrom('FR', 'DE', 'UK'),
		status: fc.constantFrom('', '', '', 'refunded', 'failed')
	});
	const header = ['InvoiceNo', 'CustomerID', 'InvoiceDate', 'Quantity', 'UnitPrice', 'Country', 'Status'];
	const columns: ColumnSpec[] = [
		{ role: 'order', cancelPrefix: 'C' },
		{ role: 'customer' },
		{ role: 'timestamp', dateFormat: 'iso' },
		{ role: 'quantity' },
		{ role: 'unit-price' },
		{ role: 'attribute' },
		{ role: 'status' }
	];
	/** Order 12's lines have no id; 11's reads as 600001's number but is text, 10's is too long for one. */
	const idOf = (order: number) => (order === 12 ? '' : order === 11 ? '0600001' : order === 10 ? '6000000000000000010' : `${order % 5 === 0 ? 'C' : ''}${600000 + order}`);
	const csvOf = (lines: (typeof line extends fc.Arbitrary<infer Line> ? Line : never)[]) =>
		[header, ...lines.map((l) => [idOf(l.order), l.customer, l.date, l.quantity, l.price, l.country, l.status])]
			.map((fields) => fields.join(','))
			.join('\n');
	/** What an import keeps, or the error it stops with. */
	const outcome = (content: string, plan: ImportPlan, parts?: { read: ReadLaterPart; at: number }) =>
		converted(content, 'orders.csv', plan, parts).catch((e: unknown) => (e instanceof Error ? e.message : String(e)));

	it('splitting the file at any line gives the table, rejects and lines of one reading', async () => {
		const plan: ImportPlan = { ...(await planFor(ORDER_LINES, 'orders.csv')), header, mapping: { shape: 'orders', columns, timeZone: 'UTC' } };
		await fc.assert(
			fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 40 }), async (lines) => {
				const content = csvOf(lines);
				const whole = await outcome(content, plan);
				for (const at of lineStarts(content)) expect(await outcome(content, plan, { read: inProcess, at }), `split at byte ${at}`).toEqual(whole);
			}),
			{ numRuns: 60 }
		);
	});
});

describe('where a file is split', () => {
	const source = { compressed: false, encoding: 'utf-8' as const, format: 'csv' as const, delimiter: ',', hasHeader: true };
	const big = (line: string) => fileOf(line.repeat(Math.ceil(MIN_SPLIT_BYTES / line.length) + 1), 'big.csv');

	it('after the first line feed past the middle', async () => {
		const file = big('a,b,c\n');
		const at = (await splitPoint(file, source))!;
		expect(at).toBeGreaterThan(file.size / 2);
		expect(at - file.size / 2).toBeLessThanOrEqual(6);
		expect(new Uint8Array(await file.slice(at - 1, at).arrayBuffer())[0]).toBe(10);
	});

	it('an orders file past 55% of its bytes, an event log past the middle: the part the second worker reads (it also writes its orders)', async () => {
		const orders = ['InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID'];
		const events = ['customer_id,timestamp,event'];
		for (let i = 0; i < 100_000; i++) {
			orders.push(`${500000 + (i >> 2)},${1 + (i % 5)},2024-03-0${1 + (i % 9)},1.25,${10000 + (i % 997)}.0`);
			events.push(`c${i % 997},2024-03-0${1 + (i % 9)},visit`);
		}
		for (const [lines, share] of [[orders, ORDERS_FIRST_SHARE], [events, 0.5]] as const) {
			const file = fileOf(lines.join('\n'), 'big.csv');
			const plan = planOf(await previewFile(file));
			expect(file.size).toBeGreaterThan(MIN_SPLIT_BYTES);
			const starts: number[] = [];
			const spy: ReadLaterPart = (part, ...rest) => (starts.push(part.start), readLaterPart(part, ...rest));
			const inParts = await convertFile(file, plan, { parts: { read: spy } });
			expect(starts).toHaveLength(1);
			expect(starts[0] / file.size).toBeGreaterThan(share);
			expect(starts[0] / file.size).toBeLessThan(share + 0.001);
			expect(inParts).toEqual(await convertFile(file, plan));
		}
	});

	it('not at all: small files, gzip, JSON, UTF-16', async () => {
		expect(await splitPoint(fileOf('a,b\n1,2\n'), source)).toBeNull();
		const file = big('a,b,c\n');
		expect(await splitPoint(file, { ...source, compressed: true })).toBeNull();
		expect(await splitPoint(file, { ...source, format: 'ndjson' })).toBeNull();
		expect(await splitPoint(file, { ...source, encoding: 'utf-16le' })).toBeNull();
	});
});

describe('the vendored shop exports', () => {
	it.each(['retail-orders.csv', 'shopify-orders.csv', 'woocommerce-orders.csv', 'stripe-payments.csv'])('%s: the same at every split point', async (name) => {
		const content = readFileSync(`tests/fixtures/shops/${name}`, 'utf8');
		const plan = await planFor(content, name);
		const whole = await converted(content, name, plan);
		for (const at of lineStarts(content)) expect(await converted(content, name, plan, { read: inProcess, at }), `split at byte ${at}`).toEqual(whole);
	});
});
