/**
 * Parquet files (tests/fixtures/parquet, written by make-parquet.mjs with DuckDB): the retail orders of
 * tests/fixtures/shops typed as a warehouse holds them, in three row groups, read with the detected plan, give the
 * very events the CSV gives (hand-checked in tests/fixtures/shops/README.md); each logical type becomes the text
 * the converter reads; a file cut short, a footer of nonsense, a compression not read and a row group past its
 * budget are refused with a message that names the file and what is wrong.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EventTable } from '../../../src/lib/engine/table';
import { pageBudgets } from '../../../src/lib/import/budgets';
import { previewFile } from '../../../src/lib/import/preview';
import { readRows, sniffSource } from '../../../src/lib/import/source';
import { fileOf, readFile } from '../../helpers/import';
import { customerOfRows } from '../../helpers/tables';
import { valueAt } from '../../../src/lib/engine/values';

const bytesOf = (path: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url)));

function eventsOf(table: EventTable) {
	const customer = customerOfRows(table);
	return Array.from({ length: table.rowCount }, (_, i) => [table.customerIds[customer[i]], table.time[i], table.eventNames[table.event[i]], valueAt(table.value, i)]);
}

/** Every row of a Parquet file as text, with its row numbers. */
async function rowsOf(bytes: Uint8Array, name: string, budgets = pageBudgets(null)) {
	const file = fileOf(bytes, name);
	const source = await sniffSource(file, {}, budgets);
	const rows: { line: number; fields: string[] }[] = [];
	const header = await readRows(file, source, (fields, line) => rows.push({ line, fields }), { budgets });
	return { source, header, rows };
}

describe('Parquet: the retail orders', () => {
	it('read as the CSV does: same header, roles, events and rejects', async () => {
		const csv = await readFile(bytesOf('shops/retail-orders.csv'), 'retail-orders.csv');
		const parquet = await readFile(bytesOf('parquet/retail-orders.parquet'), 'retail-orders.parquet');
		expect(parquet.preview.source.format).toBe('parquet');
		expect(parquet.preview.header).toEqual(csv.preview.header);
		expect(parquet.plan.mapping.shape).toBe('orders');
		expect(parquet.plan.mapping.columns.map((c) => c.role)).toEqual(csv.plan.mapping.columns.map((c) => c.role));
		// The first order, by hand: 17850's invoice 536365 at 2010-12-01 08:26, 6 × 2.55 + 6 × 3.39 + 8 × 2.75 + 2 × 7.65 = 72.94.
		expect(eventsOf(parquet.table)[0]).toEqual(['17850', Date.UTC(2010, 11, 1, 8, 26), 'purchase', 72.94]);
		expect(eventsOf(parquet.table)).toEqual(eventsOf(csv.table));
		// 8 orders and 4 refunds of 6 customers (the README's count).
		expect(parquet.table.rowCount).toBe(12);
		// The two lines with no CustomerID: rows 14 and 15 (line 15 and 16 of the CSV, which has a header line).
		expect(parquet.rejects.map((r) => [r.line, r.reason])).toEqual([
			[14, 'customer'],
			[15, 'customer']
		]);
	});

	it('gives every row of its three row groups, in order, typed values as text', async () => {
		const { header, rows } = await rowsOf(bytesOf('parquet/retail-orders.parquet'), 'retail-orders.parquet');
		expect(header).toEqual(['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country']);
		expect(rows.map((r) => r.line)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
		// A TIMESTAMP without a zone is a wall-clock time (the mapper's zone applies); DECIMAL(10,2) 2.55 is "2.55";
		// the DOUBLE 17850 is "17850"; a NULL is empty.
		expect(rows[0].fields).toEqual(['536365', '85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', '6', '2010-12-01 08:26:00', '2.55', '17850', 'United Kingdom']);
		// Row 9 ends the first row group, row 17 starts the third.
		expect(rows[8].fields).toEqual(['536370', 'POST', 'POSTAGE', '3', '2010-12-01 08:45:00', '18', '12583', 'France']);
		expect(rows[16].fields).toEqual(['537626', '22375', 'AIRLINE BAG VINTAGE JET SET BROWN', '4', '2010-12-07 14:57:00', '4.25', '12347', 'Iceland']);
		expect(rows[13].fields[6]).toBe('');
		expect(rows[20].fields).toEqual(['C538001', '22086', "PAPER CHAIN KIT 50'S CHRISTMAS", '-10', '2010-12-13 10:05:00', '2.55', '17850', 'United Kingdom']);
	});

	it('stops where a preview has enough: after a number of rows, inside a row group, or a number of fields', async () => {
		const file = fileOf(bytesOf('parquet/retail-orders.parquet'), 'retail-orders.parquet');
		const source = await sniffSource(file);
		const lines = async (options: { stopAfterRows?: number; stopAfterCells?: number }) => {
			const seen: number[] = [];
			const header = await readRows(file, source, (_, line) => seen.push(line), options);
			expect(header.length).toBe(8);
			return seen;
		};
		expect(await lines({ stopAfterRows: 10 })).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		// Eight fields a row: the third row reaches 24.
		expect(await lines({ stopAfterCells: 24 })).toEqual([1, 2, 3]);
		const preview = await previewFile(file);
		expect(preview.header[4]).toBe('InvoiceDate');
		expect(preview.rows[0][4]).toBe('2010-12-01 08:26:00');
	});
});

describe('Parquet: logical types as text', () => {
	it('dates, timestamps with and without a zone, big integers, decimals, booleans, nulls and lists', async () => {
		const { header, rows } = await rowsOf(bytesOf('parquet/types.parquet'), 'types.parquet');
		expect(header).toEqual(['id', 'day', 'local_time', 'utc_time', 'local_ms', 'big', 'money', 'flag', 'note', 'list']);
		expect(rows.map((r) => r.fields)).toEqual([
			// DATE 2024-03-01; TIMESTAMP (µs, not adjusted to UTC) a wall-clock time; TIMESTAMPTZ an instant (Z);
			// TIMESTAMP_MS keeps its milliseconds; BIGINT 2^53 + 1 exactly; DECIMAL 12.50 as the number 12.5.
			['1', '2024-03-01', '2024-03-01 09:30:00', '2024-03-01T09:30:00Z', '2024-03-01 09:30:00.250', '9007199254740993', '12.5', 'true', 'a', '[1,2]'],
			['2', '1999-12-31', '1999-12-31 23:59:59', '2000-01-01T00:00:00Z', '1999-12-31 23:59:59', '-5', '-0.05', 'false', '', '[]'],
			['3', '', '', '', '', '', '', '', 'c', '']
		]);
	});
});

describe('Parquet: compressions', () => {
	it('reads gzip pages as it reads uncompressed ones, and names a compression it does not read', async () => {
		const plain = await rowsOf(bytesOf('parquet/types.parquet'), 'types.parquet');
		expect(await rowsOf(bytesOf('parquet/types-gzip.parquet'), 'types-gzip.parquet')).toEqual(plain);
		await expect(rowsOf(bytesOf('parquet/types-zstd.parquet'), 'types-zstd.parquet')).rejects.toThrow(
			'types-zstd.parquet: the Parquet file is compressed with ZSTD, which this import does not read: write it with snappy or gzip compression (or none), or export it as CSV.'
		);
	});
});

describe('Parquet: broken and hostile files', () => {
	const good = bytesOf('parquet/retail-orders.parquet');

	it('a file cut short is refused, naming the file and that its footer is missing', async () => {
		await expect(rowsOf(good.slice(0, good.length - 100), 'cut.parquet')).rejects.toThrow(/^cut\.parquet: the Parquet file is damaged or cut short and cannot be read \(the file does not end with the Parquet footer\)\.$/);
	});

	it('a footer of nonsense is refused as damaged, not a crash', async () => {
		// PAR1, junk, a footer length that points before the file's start, PAR1.
		const junk = new Uint8Array([0x50, 0x41, 0x52, 0x31, 1, 2, 3, 4, 5, 6, 7, 8, 0xff, 0xff, 0xff, 0x7f, 0x50, 0x41, 0x52, 0x31]);
		await expect(rowsOf(junk, 'junk.parquet')).rejects.toThrow(/^junk\.parquet: the Parquet file is damaged or cut short and cannot be read \(/);
		// Column data overwritten with zeros: the footer reads, the pages do not.
		const zeroed = good.slice();
		zeroed.fill(0, 4, 400);
		await expect(rowsOf(zeroed, 'zeroed.parquet')).rejects.toThrow(/^zeroed\.parquet: the Parquet file is damaged or cut short/);
	});

	it('a row group larger than its budget, or more rows than the row budget, is refused from the footer', async () => {
		const budgets = pageBudgets(null);
		await expect(rowsOf(good, 'orders.parquet', { ...budgets, maxRowGroupBytes: 100 })).rejects.toThrow(/^orders\.parquet: a row group of this Parquet file expands to more than 0 MB/);
		await expect(rowsOf(good, 'orders.parquet', { ...budgets, maxRows: 20 })).rejects.toThrow(/^orders\.parquet: more than 20 rows/);
		await expect(rowsOf(good, 'orders.parquet', { ...budgets, maxColumns: 5 })).rejects.toThrow(/^orders\.parquet, line 1: more than 5 columns/);
	});
});
