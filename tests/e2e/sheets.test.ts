/**
 * Spreadsheets through the page: an .xlsx workbook (tests/fixtures/sheets, the retail orders saved with date cells)
 * is read in the import worker, its sheet chosen in the mapper, and imports as the CSV of the same orders does
 * (tests/fixtures/shops/README.md: 8 orders and 4 refunds of 6 customers, 17850 the one repeat customer); a zip bomb
 * named .xlsx is refused with the budget's message, and the tab lives on.
 */
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { newPage, useSite } from './browser';

const siteOf = useSite();
const XLSX_FILE = readFileSync(new URL('../fixtures/sheets/retail-orders.xlsx', import.meta.url));
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The same workbook with its sheets the other way round: Notes first, the orders on the second sheet. */
function notesFirst(): Buffer {
	const book = XLSX.read(XLSX_FILE, { cellNF: true });
	book.SheetNames.reverse();
	return XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true });
}

/** A zip of the given parts, deflated (written by hand: the sheet's deflate stream is made by Node's zlib, quickly). */
function zipOf(parts: { name: string; crc: number; size: number; deflated: Buffer }[]): Buffer {
	const locals: Buffer[] = [];
	const central: Buffer[] = [];
	let offset = 0;
	for (const { name, crc, size, deflated } of parts) {
		const fileName = Buffer.from(name);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(8, 8); // deflate
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(deflated.length, 18);
		local.writeUInt32LE(size, 22);
		local.writeUInt16LE(fileName.length, 26);
		const entry = Buffer.alloc(46);
		entry.writeUInt32LE(0x02014b50, 0);
		entry.writeUInt16LE(20, 4);
		entry.writeUInt16LE(20, 6);
		entry.writeUInt16LE(8, 10);
		entry.writeUInt32LE(crc, 16);
		entry.writeUInt32LE(deflated.length, 20);
		entry.writeUInt32LE(size, 24);
		entry.writeUInt16LE(fileName.length, 28);
		entry.writeUInt32LE(offset, 42);
		locals.push(local, fileName, deflated);
		central.push(entry, fileName);
		offset += local.length + fileName.length + deflated.length;
	}
	const directory = Buffer.concat(central);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(parts.length, 8);
	end.writeUInt16LE(parts.length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, directory, end]);
}

/** A workbook whose one sheet inflates to `mb` MB of the same row: a few hundred KB on disk. */
async function zipBomb(mb: number): Promise<Buffer> {
	const small = (name: string, text: string) => ({ name, crc: crc32(text), size: Buffer.byteLength(text), deflated: deflateRawSync(text) });
	const row = Buffer.from('<row><c t="inlineStr"><is><t>x</t></is></c></row>'.repeat(20_000));
	const deflate = createDeflateRaw({ level: 9 });
	const chunks: Buffer[] = [];
	deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
	let crc = 0;
	let size = 0;
	for (; size < mb * 1024 * 1024; size += row.length) {
		crc = crc32(row, crc);
		if (!deflate.write(row)) await once(deflate, 'drain');
	}
	deflate.end();
	await once(deflate, 'end');
	return zipOf([
		small('[Content_Types].xml', '<Types/>'),
		small('xl/workbook.xml', '<workbook><sheets><sheet name="S" sheetId="1"/></sheets></workbook>'),
		{ name: 'xl/worksheets/sheet1.xml', crc, size, deflated: Buffer.concat(chunks) }
	]);
}

describe('spreadsheets, in the browser', () => {
	it('an .xlsx of order lines: the sheet chosen in the mapper, its dates read from the cells, imported as the CSV', async () => {
		const { page, errors } = await newPage(siteOf());
		await page.goto(siteOf().url);
		await page.getByTestId('file-input').setInputFiles({ name: 'retail-orders.xlsx', mimeType: XLSX_TYPE, buffer: XLSX_FILE });
		await page.getByTestId('mapper').waitFor();
		expect(await page.getByTestId('format').textContent()).toContain('Excel workbook (.xlsx)');
		expect(await page.getByTestId('sheet').locator('option').allTextContents()).toEqual(['Orders', 'Notes']);
		// Another sheet, then back: the mapper follows the sheet chosen.
		await page.getByTestId('sheet').selectOption('Notes');
		await expect.poll(() => page.getByTestId('shape').inputValue()).not.toBe('orders');
		await page.getByTestId('sheet').selectOption('Orders');
		await expect.poll(() => page.getByTestId('shape').inputValue()).toBe('orders');
		// The mapper draws its parts a task each (the first events among them): wait for the last.
		await page.locator('[data-testid=mapper][aria-busy=false]').waitFor();
		// The first order as the README computes it: 17850's invoice 536365 of 6 × 2.55 + 6 × 3.39 + 8 × 2.75 + 2 × 7.65.
		const first = await page.locator('[data-testid=derived-events] tbody tr').first().locator('td').allTextContents();
		expect(first).toEqual(['17850', '2010-12-01 08:26', 'purchase', '72.94']);
		await page.getByTestId('import-button').click();
		await page.getByTestId('funnel-table').waitFor();
		expect(await page.getByTestId('dataset-meta').textContent()).toContain('12 events · 6 customers');
		const count = (stage: string) => page.locator(`[data-testid=funnel-table] tr[data-stage=${stage}] [data-testid=funnel-count]`).getAttribute('data-count');
		await expect.poll(() => count('retention'), { timeout: 15_000 }).toBe('1');
		expect(errors).toEqual([]);
	});

	it('a zip bomb named .xlsx is refused with the budget named, and the page still works', async () => {
		const bomb = await zipBomb(300);
		expect(bomb.byteLength).toBeLessThan(2 * 1024 * 1024);
		const { page, errors } = await newPage(siteOf());
		await page.goto(siteOf().url);
		await page.getByTestId('file-input').setInputFiles({ name: 'bomb.xlsx', mimeType: XLSX_TYPE, buffer: bomb });
		await expect.poll(() => page.getByTestId('import-error').textContent(), { timeout: 60_000 }).toContain("the workbook's parts expand to more than 256 MB");
		// The tab lives on: the sample still imports.
		await page.getByTestId('try-sample').click();
		await page.getByTestId('funnel-table').waitFor();
		expect(errors.filter((e) => !/bomb\.xlsx/.test(e))).toEqual([]);
	}, 120_000);

	it("a dashboard link made from a workbook's second sheet opens that sheet when the same workbook is dropped, with no question", async () => {
		const file = { name: 'orders-book.xlsx', mimeType: XLSX_TYPE, buffer: notesFirst() };
		const { page, errors } = await newPage(siteOf());
		await page.goto(siteOf().url);
		await page.getByTestId('file-input').setInputFiles(file);
		await page.getByTestId('mapper').waitFor();
		expect(await page.getByTestId('sheet').locator('option').allTextContents()).toEqual(['Notes', 'Orders']);
		await page.getByTestId('sheet').selectOption('Orders');
		await expect.poll(() => page.getByTestId('shape').inputValue()).toBe('orders');
		await page.getByTestId('import-button').click();
		await page.getByTestId('funnel-table').waitFor();
		await page.waitForFunction(() => new URLSearchParams(location.search).has('map'));
		const link = page.url();

		// Another browser, which has never seen the workbook: the link reads the sheet Orders, not the first.
		const fresh = await newPage(siteOf());
		await fresh.page.goto(link);
		await fresh.page.getByTestId('needs-file').waitFor();
		await fresh.page.getByTestId('file-input').setInputFiles(file);
		await fresh.page.getByTestId('funnel-table').waitFor();
		expect(await fresh.page.getByTestId('mapper').count()).toBe(0);
		expect(await fresh.page.getByTestId('dataset-meta').textContent()).toContain('12 events · 6 customers');
		expect([...errors, ...fresh.errors]).toEqual([]);
		await fresh.page.context().close();
		await page.context().close();
	});
});
