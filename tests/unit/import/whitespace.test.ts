/**
 * Files separated by runs of spaces: the CDNOW master file (its first 40 purchases, vendored in
 * tests/fixtures/cdnow-master-head.txt; see tests/fixtures/README.md) imports as it is.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CsvParser, delimiterThatSplits, detectDelimiter } from '../../../src/lib/import/csv';
import { RowConverter } from '../../../src/lib/import/convert';
import { previewFile } from '../../../src/lib/import/preview';
import { fileOf, readFile } from '../../helpers/import';
import { customerOfRows } from '../../helpers/tables';
import { valueAt } from '../../../src/lib/engine/values';

const utc = Date.UTC;

function parse(text: string, delimiter: string): string[][] {
	const rows: string[][] = [];
	const parser = new CsvParser(delimiter, (fields) => rows.push(fields));
	parser.push(text);
	parser.end();
	return rows;
}

describe('runs of spaces', () => {
	it('split fields with no empty field before, between or after them', () => {
		expect(parse(' 00001 19970101  1   11.77\r\n 00002 19970112  1   12.00  \n00003\t 2', ' ')).toEqual([
			['00001', '19970101', '1', '11.77'],
			['00002', '19970112', '1', '12.00'],
			['00003\t', '2']
		]);
	});

	it('are the delimiter only when no other delimiter splits the lines', () => {
		expect(detectDelimiter(' customer_id  date number_of_cds  dollar_value\n 00001 19970101  1   11.77\n')).toBe(' ');
		expect(detectDelimiter('name,city\nAnn Lee,Den Haag\nBo Li,Ho Chi Minh City\n')).toBe(',');
		expect(detectDelimiter('one\ntwo\n')).toBe(',');
	});

	it('are named when a file read with another delimiter has one column', () => {
		expect(delimiterThatSplits('a  b   c\n1 2 3\n')).toBe(' ');
		expect(delimiterThatSplits('a;b;c\n1;2;3\n')).toBe(';');
		expect(delimiterThatSplits('just text\nmore words here\n')).toBe(null);
	});

	it('the converter says which delimiter would work when the header is one column', () => {
		expect(() => new RowConverter('cdnow.txt', [' customer_id  date number_of_cds  dollar_value'], { shape: 'event-log', columns: [{ role: 'customer' }], timeZone: 'UTC' }, 0)).toThrow(
			/its header splits on runs of spaces: choose that delimiter/
		);
	});
});

describe('rarer delimiters', () => {
	it('a tilde, a caret or a colon splits a file no usual delimiter splits: it imports as it is, not as one column', async () => {
		// Was: one column "customer~date~event" and "choose the timestamp and the event name", nothing about why.
		for (const d of ['~', '^', ':']) {
			const text = [['customer', 'date', 'event'], ['a', '2025-01-01', 'signup'], ['b', '2025-01-02', 'signup'], ['a', '2025-01-03', 'purchase']].map((r) => r.join(d)).join('\n');
			expect(detectDelimiter(text)).toBe(d);
			const { preview, table } = await readFile(text, 'tilde.txt');
			expect(preview.header).toEqual(['customer', 'date', 'event']);
			expect([table.rowCount, table.customerIds.length]).toEqual([3, 2]);
		}
		// Not before a usual one, nor where only the data lines hold it (times in a comma file).
		expect(detectDelimiter('a,b~c\n1,2~3\n')).toBe(',');
		expect(detectDelimiter('id,time\n1,10:00\n2,11:30\n')).toBe(',');
	});

	it('are named when the file is read with another delimiter', async () => {
		const text = 'customer~date~event\na~2025-01-01~signup\nb~2025-01-02~signup\n';
		const preview = await previewFile(fileOf(text, 'tilde.txt'), { delimiter: ',' });
		expect(preview.betterDelimiter).toBe('~');
		expect(() => new RowConverter('tilde.txt', ['customer~date~event'], { shape: 'event-log', columns: [{ role: 'customer' }], timeZone: 'UTC' }, 0)).toThrow(
			/its header splits on tilde ~: choose that delimiter/
		);
	});
});

describe('cdnow-master-head.txt', () => {
	it('imports as it is: runs of spaces, YYYYMMDD dates, ids with their leading zeros, one purchase a row', async () => {
		const bytes = new Uint8Array(readFileSync(new URL('../../fixtures/cdnow-master-head.txt', import.meta.url)));
		const { preview, table, rejectedCount } = await readFile(bytes, 'cdnow-master-head.txt');
		expect(preview.source.delimiter).toBe(' ');
		expect(preview.betterDelimiter).toBe(null);
		expect(preview.header).toEqual(['customer_id', 'date', 'number_of_cds', 'dollar_value']);
		expect(preview.mapping.shape).toBe('orders');
		expect(preview.mapping.columns.map((c) => c.role)).toEqual(['customer', 'timestamp', 'ignore', 'value']);
		expect(preview.mapping.columns[1].dateFormat).toBe('compact');
		expect(rejectedCount).toBe(0);
		expect(table.rowCount).toBe(40);
		expect(table.customerIds.slice(0, 3)).toEqual(['00001', '00002', '00003']);
		// Customer 00003's six purchases, as the file lists them: 20.76 + 20.76 + 19.54 + 57.45 + 20.96 + 16.99 = 156.46.
		const customer = customerOfRows(table);
		const third = Array.from({ length: table.rowCount }, (_, i) => i).filter((i) => customer[i] === 2);
		expect(third.map((i) => [table.time[i], valueAt(table.value, i)])).toEqual([
			[utc(1997, 0, 2), 20.76],
			[utc(1997, 2, 30), 20.76],
			[utc(1997, 3, 2), 19.54],
			[utc(1997, 10, 15), 57.45],
			[utc(1997, 10, 25), 20.96],
			[utc(1998, 4, 28), 16.99]
		]);
	});
});

describe('a headerless file separated by spaces (the layout of CDNOW_sample.txt)', () => {
	it('is read without a header: columns are named, every row is data', async () => {
		const text = ' 00004 0001 19970101  2   29.33\r\n 00004 0001 19970118  2   29.73\r\n 00018 0002 19970101  2   29.73\r\n';
		const preview = await previewFile(fileOf(text, 'cdnow-sample.txt'));
		expect(preview.source.delimiter).toBe(' ');
		expect(preview.source.hasHeader).toBe(false);
		expect(preview.header).toEqual(['Column 1', 'Column 2', 'Column 3', 'Column 4', 'Column 5']);
		expect(preview.rows[0]).toEqual(['00004', '0001', '19970101', '2', '29.33']);
	});
});

describe('cdnow-sample-head.txt', () => {
	// The first 12 lines of CDNOW_sample.txt, unchanged: no header; master id, sample id, YYYYMMDD, CDs, dollars.
	it('imports with nothing beyond pressing Import: the values name the customer, the date and the amount', async () => {
		const bytes = new Uint8Array(readFileSync(new URL('../../fixtures/cdnow-sample-head.txt', import.meta.url)));
		const { preview, table, rejectedCount } = await readFile(bytes, 'cdnow-sample-head.txt');
		expect(preview.source).toMatchObject({ delimiter: ' ', hasHeader: false });
		expect(preview.mapping.shape).toBe('orders');
		expect(preview.mapping.columns.map((c) => c.role)).toEqual(['customer', 'ignore', 'timestamp', 'ignore', 'value']);
		expect(preview.mapping.columns[2].dateFormat).toBe('compact');
		expect(rejectedCount).toBe(0);
		expect(table.rowCount).toBe(12);
		expect(table.customerIds).toEqual(['00004', '00021', '00050', '00071', '00086', '00111']);
		// 00111: 35.99 on 1997-01-01, 32.99 on 01-11, 77.96 on 03-15.
		const customer = customerOfRows(table);
		const last = Array.from({ length: table.rowCount }, (_, i) => i).filter((i) => customer[i] === 5);
		expect(last.map((i) => [table.time[i], valueAt(table.value, i)])).toEqual([
			[utc(1997, 0, 1), 35.99],
			[utc(1997, 0, 11), 32.99],
			[utc(1997, 2, 15), 77.96]
		]);
	});
});
