/**
 * Spreadsheets (.xlsx, .ods): tests/fixtures/sheets/make-sheets.mjs saves the retail fixture of tests/fixtures/shops
 * as workbooks, with numbers as numbers and InvoiceDate as date cells. Read with the detected plan, each must give the
 * very events the CSV gives (hand-checked in tests/fixtures/shops/README.md); a zip bomb must stop at the budget.
 */
import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { EventTable } from '../../../src/lib/engine/table';
import { pageBudgets, type ImportBudgets } from '../../../src/lib/import/budgets';
import { previewFile } from '../../../src/lib/import/preview';
import { cellText, serialToMs } from '../../../src/lib/import/workbook';
import { fileOf, readFile } from '../../helpers/import';
import { customerOfRows } from '../../helpers/tables';
import { valueAt } from '../../../src/lib/engine/values';

const bytesOf = (path: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url)));

function eventsOf(table: EventTable) {
	const customer = customerOfRows(table);
	return Array.from({ length: table.rowCount }, (_, i) => [table.customerIds[customer[i]], table.time[i], table.eventNames[table.event[i]], valueAt(table.value, i)]);
}

describe('workbooks of the retail orders', () => {
	it.each(['retail-orders.xlsx', 'retail-orders.ods'])('%s reads as the CSV does: same header, roles, events and rejects', async (name) => {
		const csv = await readFile(bytesOf('shops/retail-orders.csv'), 'retail-orders.csv');
		const sheet = await readFile(bytesOf(`sheets/${name}`), name);
		expect(sheet.preview.source).toMatchObject({ format: name.endsWith('.ods') ? 'ods' : 'xlsx', sheet: 'Orders', sheets: ['Orders', 'Notes'], hasHeader: true });
		expect(sheet.preview.header).toEqual(csv.preview.header);
		expect(sheet.plan.mapping.shape).toBe('orders');
		expect(sheet.plan.mapping.columns.map((c) => c.role)).toEqual(csv.plan.mapping.columns.map((c) => c.role));
		// The first order, by hand: 17850's invoice 536365 at 2010-12-01 08:26, 72.94 (README of tests/fixtures/shops).
		expect(eventsOf(sheet.table)[0]).toEqual(['17850', Date.UTC(2010, 11, 1, 8, 26), 'purchase', 72.94]);
		expect(eventsOf(sheet.table)).toEqual(eventsOf(csv.table));
		// The two lines with no CustomerID, rows 15 and 16 of the sheet as of the file.
		expect(sheet.rejects.map((r) => [r.line, r.reason])).toEqual([
			[15, 'customer'],
			[16, 'customer']
		]);
	});

	it.each(['retail-orders.xlsx', 'retail-orders.ods'])('%s: another sheet can be chosen', async (name) => {
		const preview = await previewFile(fileOf(bytesOf(`sheets/${name}`), name), { sheet: 'Notes' });
		expect(preview.source.sheet).toBe('Notes');
		// Two lines of text: the first reads as a header, the second as its one row.
		expect(preview.header).toEqual(['These orders are the retail fixture of tests/fixtures/shops, saved as a workbook.']);
		expect(preview.rows).toEqual([['The data is on the sheet Orders.']]);
	});
});

describe('cells as text', () => {
	it('turns serial dates into the workbook clock’s date and time, by hand', () => {
		// 40513 days after 1899-12-30 is 2010-12-01; 0.35138888… of a day is 8 h 26 min.
		expect(cellText({ t: 'n', v: 40513.35138888889, z: 'm/d/yyyy h:mm' })).toBe('2010-12-01 08:26:00');
		expect(cellText({ t: 'n', v: 45292, z: 'yyyy-mm-dd' })).toBe('2024-01-01');
		// The 1904 date system (old Mac workbooks) counts from 1904-01-01.
		expect(cellText({ t: 'n', v: 0, z: 'yyyy-mm-dd' }, true)).toBe('1904-01-01');
		// Excel's 1900 system has a 29 February 1900 that never was: serial 59 is the 28th, 61 the 1st of March.
		expect(new Date(serialToMs(59)).toISOString().slice(0, 10)).toBe('1900-02-28');
		expect(new Date(serialToMs(61)).toISOString().slice(0, 10)).toBe('1900-03-01');
	});

	it('keeps numbers as Excel shows them, and names booleans and errors', () => {
		expect(cellText({ t: 'n', v: 17850, z: 'General' })).toBe('17850');
		expect(cellText({ t: 'n', v: 0.1 + 0.2 })).toBe('0.3');
		expect(cellText({ t: 'n', v: -25.5, z: '#,##0.00' })).toBe('-25.5');
		expect(cellText({ t: 'b', v: true })).toBe('TRUE');
		expect(cellText({ t: 'e', v: 42 })).toBe('#N/A');
		expect(cellText({ t: 's', v: '00123' })).toBe('00123');
		expect(cellText(undefined)).toBe('');
	});
});

describe('a workbook that expands too far', () => {
	const budgets: ImportBudgets = { ...pageBudgets(null), maxWorkbookBytes: 1024 * 1024 };
	// 4 MB of one repeated row compresses to a few KB: the parts expand 4 times past the 1 MB budget.
	const row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>';
	const bomb = zipSync({
		'[Content_Types].xml': strToU8('<Types/>'),
		'xl/workbook.xml': strToU8('<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'),
		'xl/worksheets/sheet1.xml': strToU8(`<worksheet><sheetData>${row.repeat((4 * 1024 * 1024) / row.length)}</sheetData></worksheet>`)
	});

	it('is small on disk', () => {
		expect(bomb.byteLength).toBeLessThan(64 * 1024);
	});

	it('is refused with the budget named, before SheetJS reads it', async () => {
		await expect(previewFile(fileOf(bomb, 'bomb.xlsx'), {}, 'UTC', budgets)).rejects.toThrow(
			"bomb.xlsx: the workbook's parts expand to more than 1 MB, the most that can be read whole. Save the sheet you need as CSV, or split it."
		);
	});

	it('a file larger than the budget is refused before it is read', async () => {
		await expect(previewFile(fileOf(bomb, 'bomb.xlsx'), {}, 'UTC', { ...budgets, maxWorkbookBytes: 1000 })).rejects.toThrow(/expand to more than 0 MB/);
	});

	it('a damaged workbook says so', async () => {
		await expect(previewFile(fileOf(bomb.subarray(0, 2000), 'cut.xlsx'), {}, 'UTC', budgets)).rejects.toThrow(/^cut\.xlsx: the workbook is damaged and cannot be read/);
	});
});
