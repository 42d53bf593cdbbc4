/**
 * Whole files through preview and conversion (ported from the old importEventLog tests):
 * table order, rejected rows with their lines, streaming past the preview's sample, errors that stop an import.
 */
import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../src/lib/import/errors';
import { convertFile, planOf, type ImportProgress } from '../../../src/lib/import/import-file';
import { previewFile } from '../../../src/lib/import/preview';
import { fileOf, readFile } from '../../helpers/import';
import { customerOfRows } from '../../helpers/tables';
import { denseValues, valueAt } from '../../../src/lib/engine/values';

const utc = Date.UTC;

async function importError(content: string | Uint8Array, fileName = 'data.csv'): Promise<ImportError> {
	const error = await readFile(content, fileName).then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(ImportError);
	return error as ImportError;
}

/** Line numbers on the right; lines 3–4 are one row with a quoted newline, line 7 is blank. */
const EVENTS = [
	'customer_id,timestamp,event,value', //             1
	'bob,2024-03-02,purchase,19.99', //                 2
	'alice,2024-03-05T10:00:00Z,"page', //              3
	'view",', //                                        4
	'bob,2024-03-01,signup,', //                        5
	'alice,not a date,signup,', //                      6  bad timestamp
	'', //                                              7
	'alice,2024-03-01 09:30,signup,', //                8
	'carol,2024-03-03,purchase,abc', //                 9  bad value
	'carol,2024-03-04', //                              10 too few fields
	',2024-03-04,login,', //                            11 no customer id
	'erin,2024-03-04, ,', //                            12 no event name
	'dave,2024-03-10,"trial, extended", 5 ,extra', //   13 too many fields
	'dave,2024-03-10,"trial, extended", 5 ', //         14
	'erin,20240311,signup,' //                          15 a compact date in an ISO column
].join('\r\n');

describe('a hand-written event log', () => {
	it('builds the table sorted by customer (in order of first appearance), then time', async () => {
		const { preview, table, rowsRead } = await readFile(EVENTS, 'events.csv');
		expect(preview.header).toEqual(['customer_id', 'timestamp', 'event', 'value']);
		expect(preview.mapping.columns).toEqual([
			{ role: 'customer' },
			{ role: 'timestamp', dateFormat: 'iso' },
			{ role: 'event' },
			{ role: 'value', decimal: '.' }
		]);
		expect(preview.source.delimiter).toBe(',');
		expect(rowsRead).toBe(12); // the blank line 7 is no row

		expect(table.rowCount).toBe(5);
		expect(table.customerIds).toEqual(['bob', 'alice', 'dave']);
		expect(table.eventNames).toEqual(['purchase', 'page\r\nview', 'signup', 'trial, extended']);
		expect(customerOfRows(table)).toEqual([0, 0, 1, 1, 2]);
		expect(Array.from(table.time)).toEqual([utc(2024, 2, 1), utc(2024, 2, 2), utc(2024, 2, 1, 9, 30), utc(2024, 2, 5, 10), utc(2024, 2, 10)]);
		expect(Array.from(table.event)).toEqual([2, 0, 2, 1, 3]);
		expect(Array.from(denseValues(table.value))).toEqual([NaN, 19.99, NaN, NaN, 5]);
		expect(Array.from(table.customerStart)).toEqual([0, 2, 4, 5]);
	});

	it('rejects the unreadable rows with their line, column, reason and text, and imports the rest', async () => {
		const { rejects, rejectedCount, rejectCounts } = await readFile(EVENTS, 'events.csv');
		expect(rejectedCount).toBe(7);
		expect(rejectCounts).toEqual({ timestamp: 2, value: 1, 'field-count': 2, customer: 1, event: 1 });
		expect(rejects).toEqual([
			{
				line: 6,
				column: 'timestamp',
				reason: 'timestamp',
				message: '"not a date" is not a date; expected 2024-03-01 or 2024-03-01T09:30:00Z',
				raw: 'alice,not a date,signup,'
			},
			{
				line: 9,
				column: 'value',
				reason: 'value',
				message: '"abc" is not a number such as 1234.50, 1,234.50, $1,234.50 or (12.00)',
				raw: 'carol,2024-03-03,purchase,abc'
			},
			{ line: 10, column: '', reason: 'field-count', message: 'expected 4 fields, found 2', raw: 'carol,2024-03-04' },
			{ line: 11, column: 'customer_id', reason: 'customer', message: 'the customer id is empty', raw: ',2024-03-04,login,' },
			{ line: 12, column: 'event', reason: 'event', message: 'the event name is empty', raw: 'erin,2024-03-04, ,' },
			{ line: 13, column: '', reason: 'field-count', message: 'expected 4 fields, found 5', raw: 'dave,2024-03-10,"trial, extended", 5 ,extra' },
			{
				line: 15,
				column: 'timestamp',
				reason: 'timestamp',
				message: '"20240311" is not a date; expected 2024-03-01 or 2024-03-01T09:30:00Z',
				raw: 'erin,20240311,signup,'
			}
		]);
	});
});

it('reads a semicolon-delimited file with other header names and no value column', async () => {
	const text = 'Contact ID;Event Name;Date\nc1;signup;2024-03-01\nc2;"a;b, c";2024-03-02\nc1;purchase;2024-03-03\n';
	const { preview, table, rejectedCount } = await readFile(text, 'semi.csv');
	expect(preview.source.delimiter).toBe(';');
	expect(preview.mapping.columns.map((c) => c.role)).toEqual(['customer', 'event', 'timestamp']);
	expect(rejectedCount).toBe(0);
	expect(table.customerIds).toEqual(['c1', 'c2']);
	expect(table.eventNames).toEqual(['signup', 'a;b, c', 'purchase']);
	expect(Array.from(table.event)).toEqual([0, 2, 1]);
	expect(Array.from(table.time)).toEqual([utc(2024, 2, 1), utc(2024, 2, 3), utc(2024, 2, 2)]);
	expect(Array.from(denseValues(table.value))).toEqual([NaN, NaN, NaN]);
});

it("orders one customer's events by time, keeping file order for equal times", async () => {
	const { table } = await readFile('user,time,action\nu,2024-03-02,b\nu,2024-03-01,a\nu,2024-03-02,c\n', 'ties.csv');
	expect(table.eventNames).toEqual(['b', 'a', 'c']);
	expect(Array.from(table.event)).toEqual([1, 0, 2]);
});

describe('a file larger than the preview reads', () => {
	// 3000 rows of about 55 bytes: past the 64 KB sniffed and the 2000 sample rows.
	const lines = ['customer_id,timestamp,event,value'];
	for (let i = 0; i < 3000; i++) {
		const time = new Date(utc(2024, 0, 1) + i * 60_000).toISOString();
		lines.push(i === 2500 ? `cust-${i % 100},not-a-date,page_view,1` : `cust-${String(i % 100).padStart(3, '0')},${time},page_view,${i}`);
	}
	lines.push('late-comer,2024-12-31T23:59:00.000Z,purchase,99.5');
	const text = lines.join('\n') + '\n';

	it('converts every row, rejecting the bad one past the sample by its line', async () => {
		expect(text.length).toBeGreaterThan(64 * 1024);
		const { preview, table, rowsRead, rejects } = await readFile(text, 'big.csv');
		expect(preview.rows).toHaveLength(20);
		expect(rowsRead).toBe(3001);
		expect(rejects.map((r) => [r.line, r.reason, r.raw])).toEqual([[2502, 'timestamp', 'cust-0,not-a-date,page_view,1']]);
		expect(table.rowCount).toBe(3000);
		expect(table.customerIds).toHaveLength(101);
		expect(table.customerIds.at(-1)).toBe('late-comer');
		expect(table.time[table.rowCount - 1]).toBe(utc(2024, 11, 31, 23, 59));
		expect(valueAt(table.value, table.rowCount - 1)).toBe(99.5);
		// cust-000's rows are 0, 100, … 2900 less the bad 2500: 29 of them, in time order.
		expect(Array.from(denseValues(table.value).slice(0, 3))).toEqual([0, 100, 200]);
		expect(table.customerStart[1]).toBe(29);
		expect(Array.from(denseValues(table.value).slice(24, 26))).toEqual([2400, 2600]);
	});

	it('reports progress up to the whole file', async () => {
		const file = fileOf(text, 'big.csv');
		const plan = planOf(await previewFile(file));
		const reports: ImportProgress[] = [];
		const result = await convertFile(file, plan, { onProgress: (p) => reports.push(p) });
		expect(result.bytesRead).toBe(file.size);
		expect(reports.at(-1)).toEqual({ phase: 'reading', fraction: 1, bytesRead: file.size, rowsRead: 3001 });
		const fractions = reports.map((r) => r.fraction);
		expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
	});

	it('stops when aborted', async () => {
		const file = fileOf(text, 'big.csv');
		const plan = planOf(await previewFile(file));
		await expect(convertFile(file, plan, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
	});
});

describe('a file that cannot be imported', () => {
	it.each<[string, string, string, string[]]>([
		['an empty file', '', 'data.csv', ['data.csv is empty (0 bytes)']],
		['a header only', 'customer_id,timestamp,event', 'data.csv', ['data.csv has a header but no rows']],
		['a header and blank lines', 'customer_id,timestamp,event\n\n\r\n', 'data.csv', ['data.csv has a header but no rows']],
		['blank lines, then a header and no rows', '\r\n\r\ncustomer_id,timestamp,event\r\n', 'data.csv', ['data.csv has a header but no rows']],
		[
			'no customer id column',
			'when,event,amount\n2024-03-01,login,1\n',
			'data.csv',
			['data.csv: the columns chosen do not say which holds the customer id;', 'the header has "when", "event", "amount"']
		],
		['no event column', 'user_name,date\nx,2024-03-01\n', 'data.csv', ['do not say which holds the event name;', '"user_name", "date"']],
		[
			'all rows bad',
			'customer_id,timestamp,event\na,nope,x\nb,2024-03-01\n',
			'data.csv',
			['data.csv: none of the 2 rows could be read. First problem: line 2, column "timestamp": "nope" is not a date']
		],
		[
			'all rows bad, the first one for its field count',
			'customer_id,timestamp,event\nb,2024-03-01\na,nope,x\n',
			'data.csv',
			['none of the 2 rows could be read. First problem: line 2: expected 3 fields, found 2.']
		],
		[
			'an unterminated quote',
			'customer_id,timestamp,event\na,2024-03-01,x\nb,2024-03-02,"y\nc,2024-03-03,z\n',
			'data.csv',
			['data.csv, line 3: a quoted field opened on line 3 is never closed; expected a closing "']
		],
		['JSON that does not parse', '[{"customer_id": "a",', 'data.json', ['data.json is not valid JSON']],
		['JSON without an array of records', '{\n  "total": 3\n}\n', 'data.json', ['data.json: expected a JSON array of objects', 'found an object with no array of records in it']]
	])('%s', async (_, text, fileName, fragments) => {
		const error = await importError(text, fileName);
		expect(error.name).toBe('ImportError');
		for (const fragment of fragments) expect(error.message).toContain(fragment);
	});

	it('names the file it was given', async () => {
		expect((await importError('', 'my export (2).csv')).message).toContain('my export (2).csv');
	});
});

describe('a file of nothing but blank space', () => {
	it('is called empty', async () => {
		await expect(readFile('   \n\t\n  \n', 'blank.csv')).rejects.toThrow('blank.csv is empty (only spaces or blank lines)');
	});
});
