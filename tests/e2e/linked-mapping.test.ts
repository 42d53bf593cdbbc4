/**
 * A dashboard link carries its file's column mapping (issue 22, item 1): a file that needed the mapper opens from
 * the link in a browser that has never seen it, with no question; a different file gets the warning and the same
 * mapper as the home page, prefilled from the link; a link made before the mapping travelled still opens.
 *
 * tests/fixtures/orders-unnamed.csv: 24 orders of 12 buyers in 2025 whose headers (Ref, Buyer, Placed, Items, Paid,
 * Region) the detector does not read as an orders file, so its mapping is chosen by hand.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, useSite } from './browser';

const siteOf = useSite();
const orders = readFileSync(new URL('../fixtures/orders-unnamed.csv', import.meta.url));
const ORDERS_FILE = { name: 'orders-unnamed.csv', mimeType: 'text/csv', buffer: orders };
/** The same orders less the last (buyer B-012's only order): another file (another fingerprint) with the same columns. */
const fewerOrders = Buffer.from(orders.toString('utf8').trimEnd().split('\n').slice(0, -1).join('\n') + '\n');

const roleOf = (page: Page, column: string) => page.locator(`th[data-column="${column}"] [data-testid=role]`);

/** Drops the orders file on the home page, maps it by hand as orders with Paid as the value, and opens its dashboard. */
async function dashboardOfMappedOrders() {
	const opened = await newPage(siteOf());
	const { page } = opened;
	await page.goto(siteOf().url);
	await page.getByTestId('file-input').setInputFiles(ORDERS_FILE);
	await page.getByTestId('mapper').waitFor();
	await page.getByTestId('shape').selectOption('orders');
	await roleOf(page, 'Ref').selectOption('order');
	await roleOf(page, 'Buyer').selectOption('customer');
	await roleOf(page, 'Placed').selectOption('timestamp');
	await roleOf(page, 'Items').selectOption('ignore');
	await roleOf(page, 'Paid').selectOption('value');
	await roleOf(page, 'Region').selectOption('attribute');
	await page.getByTestId('import-button').click();
	await page.getByTestId('funnel-table').waitFor();
	// The link follows what is shown a little later: wait until it names the file and carries its mapping.
	await page.waitForFunction(() => new URLSearchParams(location.search).has('dn'));
	return opened;
}

const meta = (page: Page) => page.getByTestId('dataset-meta').textContent();
const funnelRows = (page: Page) =>
	page.getByTestId('funnel-table').locator('tbody tr').evaluateAll((rows) => rows.map((r) => `${r.querySelector('th')?.textContent?.trim()}: ${r.querySelector('td')?.textContent?.trim()}`));

describe('a dashboard link made on a file that needed the mapper', () => {
	it('opens in a fresh browser when the named file is dropped, with no question', async () => {
		const { page, errors } = await dashboardOfMappedOrders();
		expect(await meta(page)).toContain('24 events · 12 customers');
		const expected = await funnelRows(page);
		const link = page.url();
		expect(new URLSearchParams(new URL(link).search).get('map')).toMatch(/^[A-Za-z0-9_-]+$/);
		expect(link.length).toBeLessThan(2000);

		const fresh = await newPage(siteOf());
		await fresh.page.goto(link);
		await fresh.page.getByTestId('needs-file').waitFor();
		await fresh.page.getByTestId('file-input').setInputFiles(ORDERS_FILE);
		await fresh.page.getByTestId('funnel-table').waitFor();
		expect(await fresh.page.getByTestId('mapper').count()).toBe(0);
		expect(await fresh.page.getByTestId('fingerprint-warning').count()).toBe(0);
		expect(await meta(fresh.page)).toContain('24 events · 12 customers');
		expect(await funnelRows(fresh.page)).toEqual(expected);
		expect([...errors, ...fresh.errors]).toEqual([]);
		await fresh.page.context().close();
		await page.context().close();
	});

	it('shows a different file the warning and the mapper, prefilled from the link', async () => {
		const { page, errors } = await dashboardOfMappedOrders();
		const link = page.url();
		await page.context().close();

		const fresh = await newPage(siteOf());
		await fresh.page.goto(link);
		await fresh.page.getByTestId('needs-file').waitFor();
		await fresh.page.getByTestId('file-input').setInputFiles({ ...ORDERS_FILE, name: 'orders-march.csv', buffer: fewerOrders });
		await fresh.page.getByTestId('mapper').waitFor();
		expect(await fresh.page.getByTestId('other-file').textContent()).toContain('orders-march.csv');
		expect(await fresh.page.getByTestId('shape').inputValue()).toBe('orders');
		const roles = await fresh.page.locator('[data-testid=mapping-summary] li').evaluateAll((items) => items.map((li) => `${li.getAttribute('data-role')} ${li.textContent?.split(' ').pop()}`));
		expect(roles).toEqual(['order Ref', 'customer Buyer', 'timestamp Placed', 'value Paid', 'attribute Region']);
		await fresh.page.getByTestId('import-button').click();
		await fresh.page.getByTestId('funnel-table').waitFor();
		expect(await fresh.page.getByTestId('fingerprint-warning').textContent()).toContain('orders-march.csv');
		expect(await meta(fresh.page)).toContain('23 events · 11 customers'); // the last order was B-012's only one
		expect([...errors, ...fresh.errors]).toEqual([]);
		await fresh.page.context().close();
	});

	it('still opens from a link made before the mapping travelled (no map=): the mapper asks what the link cannot say', async () => {
		const { page, errors } = await dashboardOfMappedOrders();
		const expected = await funnelRows(page);
		const url = new URL(page.url());
		url.searchParams.delete('map');
		await page.context().close();

		const fresh = await newPage(siteOf());
		await fresh.page.goto(url.href);
		await fresh.page.getByTestId('needs-file').waitFor();
		await fresh.page.getByTestId('file-input').setInputFiles(ORDERS_FILE);
		await fresh.page.getByTestId('mapper').waitFor();
		await fresh.page.getByTestId('shape').selectOption('orders');
		await roleOf(fresh.page, 'Ref').selectOption('order');
		await roleOf(fresh.page, 'Buyer').selectOption('customer');
		await roleOf(fresh.page, 'Placed').selectOption('timestamp');
		await roleOf(fresh.page, 'Items').selectOption('ignore');
		await roleOf(fresh.page, 'Paid').selectOption('value');
		await roleOf(fresh.page, 'Region').selectOption('attribute');
		await fresh.page.getByTestId('import-button').click();
		await fresh.page.getByTestId('funnel-table').waitFor();
		expect(await funnelRows(fresh.page)).toEqual(expected);
		expect(await fresh.page.getByTestId('fingerprint-warning').count()).toBe(0);
		expect([...errors, ...fresh.errors]).toEqual([]);
		await fresh.page.context().close();
	});
});
