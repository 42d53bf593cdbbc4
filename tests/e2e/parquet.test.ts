/**
 * Parquet through the page: the retail orders as a warehouse exports them (tests/fixtures/parquet, written by DuckDB
 * in three row groups) are read in the import worker, mapped as the CSV of the same orders is, and show the very
 * funnel the CSV shows (tests/fixtures/shops/README.md: 8 orders and 4 refunds of 6 customers). A Parquet file cut
 * short gets a message naming the file, and what was stored before is left as it was.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, storedCounts, useSite } from './browser';

const siteOf = useSite();
const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url));

/** Drops the file, imports it as the mapper detected it, and gives the funnel's count at each stage. */
async function importedFunnel(page: Page, name: string, buffer: Buffer): Promise<{ format: string; first: string[]; meta: string; counts: Record<string, string | null> }> {
	await page.goto(siteOf().url);
	await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
	await page.locator('[data-testid=mapper][aria-busy=false]').waitFor();
	const format = (await page.getByTestId('format').textContent()) ?? '';
	expect(await page.getByTestId('shape').inputValue()).toBe('orders');
	const first = await page.locator('[data-testid=derived-events] tbody tr').first().locator('td').allTextContents();
	await page.getByTestId('import-button').click();
	await page.getByTestId('funnel-table').waitFor();
	// The dashboard settles on the model the data recommends (the customer journey, for orders): wait for its last
	// step, then read every step in one go (read row by row, a redraw between two reads once lost a row).
	await page.locator('[data-testid=funnel-table] tr[data-stage=retention] [data-testid=funnel-count]').waitFor({ timeout: 15_000 });
	const counts = await page
		.locator('[data-testid=funnel-table] tr[data-stage]')
		.evaluateAll((rows) => Object.fromEntries(rows.map((r) => [r.getAttribute('data-stage')!, r.querySelector('[data-testid=funnel-count]')?.getAttribute('data-count') ?? null])));
	return { format, first, meta: (await page.getByTestId('dataset-meta').textContent()) ?? '', counts };
}

describe('Parquet, in the browser', () => {
	it('the retail orders as Parquet import as the CSV does, to the same funnel', async () => {
		const { page, errors } = await newPage(siteOf());
		const parquet = await importedFunnel(page, 'retail-orders.parquet', fixture('parquet/retail-orders.parquet'));
		expect(parquet.format).toContain('Parquet file');
		// The first order as the README computes it: 17850's invoice 536365 of 6 × 2.55 + 6 × 3.39 + 8 × 2.75 + 2 × 7.65.
		expect(parquet.first).toEqual(['17850', '2010-12-01 08:26', 'purchase', '72.94']);
		expect(parquet.meta).toContain('12 events · 6 customers');

		const other = await newPage(siteOf());
		const csv = await importedFunnel(other.page, 'retail-orders.csv', fixture('shops/retail-orders.csv'));
		expect(parquet.counts).toEqual(csv.counts);
		// 6 customers reach the first step; 17850 alone comes back for a second order.
		expect(Object.values(parquet.counts)[0]).toBe('6');
		expect(parquet.counts.retention).toBe('1');
		expect([...errors, ...other.errors]).toEqual([]);
	});

	it('a Parquet file cut short is refused with its name, and the stored data stays as it was', async () => {
		const { page, errors } = await newPage(siteOf());
		await page.goto(siteOf().url);
		await page.getByTestId('try-sample').click();
		await page.getByTestId('funnel-table').waitFor();
		const stores = ['datasets', 'chunks'];
		const before = await storedCounts(page, stores);
		const whole = fixture('parquet/retail-orders.parquet');
		await page.goto(siteOf().url);
		await page.getByTestId('file-input').setInputFiles({ name: 'cut.parquet', mimeType: 'application/octet-stream', buffer: whole.subarray(0, whole.length - 200) });
		await expect.poll(() => page.getByTestId('import-error').textContent(), { timeout: 30_000 }).toContain('cut.parquet: the Parquet file is damaged or cut short');
		expect(await storedCounts(page, stores)).toEqual(before);
		expect(errors.filter((e) => !/cut\.parquet/.test(e))).toEqual([]);
	});
});
