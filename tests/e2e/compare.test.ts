/**
 * Comparing two exports and adding an export to a dataset in the page (issue 25, part 2; docs/compare.md): two
 * stored HubSpot exports picked from the dataset list give the hand-checked categories (tests/unit/engine/compare.test.ts)
 * and their customers as CSV; a file dropped on a dataset's row is compared with it, or added to it with repeated
 * events counted as duplicates; and an add that fails while storing leaves the stored dataset exactly as it was.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, patchImportWorker, storedCounts, useSite } from './browser';
import { sankeyLabelsWithoutCount } from './layout-checks';

const siteOf = useSite();
const STORES = ['datasets', 'chunks', 'dicts', 'rejects'];
const fixture = (name: string) => ({ name, mimeType: 'text/csv', buffer: readFileSync(`tests/fixtures/${name}`) });
const csvFile = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
type Upload = ReturnType<typeof csvFile>;

/** Imports a file from the home page as a new dataset, as detected, and comes back to the home page. */
async function importFile(page: Page, file: Upload) {
	await page.goto(siteOf().url);
	await page.getByTestId('file-input').setInputFiles(file);
	await page.getByTestId('import-button').click();
	await page.getByTestId('funnel-table').waitFor();
	await page.goto(siteOf().url);
	await page.getByTestId('dataset-row').first().waitFor();
}

/** Each category's count on the compare page. */
const categoryCounts = (page: Page) =>
	page.getByTestId('compare-category').evaluateAll((rows) => Object.fromEntries(rows.map((r) => [r.getAttribute('data-category'), Number(r.getAttribute('data-count'))])));

/** Clicks the export button and reads the CSV it downloads. */
async function downloaded(page: Page): Promise<string> {
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-compared').click()]);
	const stream = await download.createReadStream();
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

/** A dataset row's "Add or compare a file" input. */
const rowFileInput = (page: Page, name: string) => page.getByTestId('dataset-row').filter({ hasText: name }).getByTestId('dataset-file-input');

describe('compare', () => {
	it('two stored HubSpot exports picked from the list: the categories, the Sankey, and who is behind them as CSV', async () => {
		const { page, errors } = await newPage(siteOf());
		await importFile(page, fixture('hubspot-contacts.csv'));
		await importFile(page, fixture('hubspot-contacts-april.csv'));
		// The newest is B, the one before A.
		expect(await page.getByTestId('compare-a').locator('option:checked').textContent()).toBe('hubspot-contacts');
		expect(await page.getByTestId('compare-b').locator('option:checked').textContent()).toBe('hubspot-contacts-april');
		await page.getByTestId('compare-go').click();
		await page.getByTestId('compare-categories').waitFor();
		// A stage-date export opens on the lead lifecycle.
		expect(await page.getByTestId('compare-model').inputValue()).toBe('lead');
		expect(await categoryCounts(page)).toEqual({ new: 1, disappeared: 1, wonBack: 0, forward: 2, back: 1, quiet: 2, unchanged: 2 });
		expect(await page.getByTestId('compare-dates').textContent()).toContain('8 customers in A, 8 in B, 9 in either.');
		// The Sankey: Ann, Grace and Hugo stay customers; Farid goes from SQO to customer.
		const nodes = await page.getByTestId('sankey-node').evaluateAll((gs) => Object.fromEntries(gs.map((g) => [g.getAttribute('data-node'), Number(g.getAttribute('data-customers'))])));
		expect(nodes).toMatchObject({ 'a:5': 3, 'b:5': 4, 'a:absent': 1, 'b:absent': 1 });
		// The left column is A, the right B, each headed so (with A's date where there is room).
		expect(await page.getByTestId('sankey-column').allTextContents()).toEqual(['Stage at A (Mar 25, 2024)', 'Stage at B']);
		// Every node's label says its count, the small ones of the last column too ("Not in B · 1").
		for (const width of [390, 1280, 1440]) {
			await page.setViewportSize({ width, height: 900 });
			await expect.poll(() => sankeyLabelsWithoutCount(page, 'body')).toEqual([]);
			expect(await page.getByTestId('sankey-column').allTextContents()).toEqual([expect.stringMatching(/^Stage at A/), expect.stringMatching(/^Stage at B/)]);
		}
		expect(await page.locator('[data-testid="sankey-node"][data-node="b:absent"]').textContent()).toBe('Not in B · 1');

		await page.getByRole('button', { name: 'List the customers: Moved forward' }).click();
		await page.getByTestId('compared-customers').waitFor();
		expect(await page.getByTestId('compared-row').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)))).toEqual([
			['bao@example.com', 'Lead', 'active', 'MQL', 'active'],
			['farid@example.com', 'SQO', 'active', 'Customer', 'active']
		]);
		expect((await downloaded(page)).trim().split('\n')).toEqual([
			'customer_id,change,stage_a,status_a,stage_b,status_b',
			'bao@example.com,forward,Lead,active,MQL,active',
			'farid@example.com,forward,SQO,active,Customer,active'
		]);
		// A node of the Sankey lists its customers too: the one not in B is Daan.
		await page.locator('[data-testid="sankey-node"][data-node="b:absent"] rect').click();
		await expect.poll(() => page.getByTestId('compared-row').allTextContents()).toEqual([expect.stringContaining('daan@example.com')]);

		// Under the client-status model, going quiet is a move from Active into Inactive: the line that says what the
		// category means must not say "at the same stage" beside a list and a Sankey that show a move.
		await page.getByTestId('compare-model').selectOption('status');
		await expect.poll(() => categoryCounts(page)).toMatchObject({ quiet: 3, forward: 0, back: 0 });
		await page.getByRole('button', { name: 'List the customers: Went quiet' }).click();
		await expect.poll(() => page.getByTestId('compared-row').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)))).toEqual(
			['carmen', 'emma', 'hugo'].map((name) => [`${name}@example.com`, 'Active', 'active', 'Inactive', 'inactive'])
		);
		expect(await page.locator('[data-category=quiet] .hint').textContent()).toBe('Active at A, inactive or lost at B, without moving forward or back.');
		expect(errors).toEqual([]);
	}, 180_000);

	it('a file dropped on a dataset is compared with it; ids that would run as formulas are text in the CSV', async () => {
		const { page, errors } = await newPage(siteOf());
		await importFile(page, csvFile('january.csv', 'customer_id,timestamp,event\n=1+1,2025-01-10,lead\nbo,2025-01-12,lead\n'));
		await rowFileInput(page, 'january').setInputFiles(csvFile('march.csv', 'customer_id,timestamp,event\n=1+1,2025-01-10,lead\n=1+1,2025-03-02,mql\ncy,2025-03-05,lead\n'));
		await page.getByTestId('file-target').waitFor();
		await page.getByTestId('target-compare').check();
		await page.getByTestId('import-button').click();
		await page.getByTestId('compare-categories').waitFor();
		expect(await page.getByTestId('compare-pair').textContent()).toBe('january (A) → march (B)');
		await page.getByTestId('compare-model').selectOption('lead');
		await expect.poll(() => categoryCounts(page)).toEqual({ new: 1, disappeared: 1, wonBack: 0, forward: 1, back: 0, quiet: 0, unchanged: 0 });
		await page.getByRole('button', { name: 'List the customers: Moved forward' }).click();
		await page.getByTestId('compared-customers').waitFor();
		expect(await page.getByTestId('compared-row').locator('td').first().textContent()).toBe('=1+1');
		expect((await downloaded(page)).trim().split('\n')[1]).toBe("'=1+1,forward,Lead,active,MQL,active");
		expect(errors).toEqual([]);
	}, 180_000);

	it('a category of more customers than the page shows: the first 200 listed, every one of them in the CSV', async () => {
		const { page, errors } = await newPage(siteOf());
		const ids = Array.from({ length: 250 }, (_, i) => `c${String(i).padStart(3, '0')}`);
		await importFile(page, csvFile('leads-january.csv', ['customer_id,timestamp,event', ...ids.map((id) => `${id},2025-01-10,lead`)].join('\n')));
		await rowFileInput(page, 'leads-january').setInputFiles(
			csvFile('leads-march.csv', ['customer_id,timestamp,event', ...ids.flatMap((id) => [`${id},2025-01-10,lead`, `${id},2025-03-02,mql`])].join('\n'))
		);
		await page.getByTestId('file-target').waitFor();
		await page.getByTestId('target-compare').check();
		await page.getByTestId('import-button').click();
		await page.getByTestId('compare-categories').waitFor();
		await page.getByTestId('compare-model').selectOption('lead');
		await expect.poll(() => categoryCounts(page)).toMatchObject({ forward: 250, new: 0, disappeared: 0 });
		await page.getByRole('button', { name: 'List the customers: Moved forward' }).click();
		await page.getByTestId('compared-customers').waitFor();
		expect(await page.getByTestId('compared-total').textContent()).toBe('250');
		expect(await page.getByTestId('compared-row').count()).toBe(200);
		expect(await page.getByTestId('compared-shown').textContent()).toBe('The first 200 are shown; the CSV has them all.');
		const [header, ...rows] = (await downloaded(page)).trim().split('\n');
		expect(header).toBe('customer_id,change,stage_a,status_a,stage_b,status_b');
		expect(rows.map((row) => row.split(',')[0]).sort()).toEqual(ids);
		expect(new Set(rows.map((row) => row.split(',').slice(1, 3).join(',')))).toEqual(new Set(['forward,Lead']));
		expect(errors).toEqual([]);
	}, 180_000);
});

describe('add to this dataset', () => {
	const january = 'customer_id,timestamp,event,value\nann,2025-01-05,purchase,20\nbob,2025-01-09,purchase,15\nbob,2025-01-09,purchase,15\n';
	// February's export overlaps January's: ann's order and both of bob's are held already; cy is new, twice.
	const february = 'customer_id,timestamp,event,value\nann,2025-01-05,purchase,20\nann,2025-02-03,purchase,30\nbob,2025-01-09,purchase,15\nbob,2025-01-09,purchase,15\ncy,2025-02-10,signup,\ncy,2025-02-10,signup,\n';

	it('adds the new events, drops and counts the ones the dataset holds, and keeps repeats inside the new file', async () => {
		const { page, errors } = await newPage(siteOf());
		await importFile(page, csvFile('orders.csv', january));
		await rowFileInput(page, 'orders').setInputFiles(csvFile('orders-february.csv', february));
		await page.getByTestId('file-target').waitFor();
		expect(await page.getByTestId('target-add').isChecked()).toBe(true);
		await page.getByTestId('import-button').click();
		await page.getByTestId('appended').waitFor();
		expect(await page.getByTestId('appended').textContent()).toContain('Added 3 events of orders-february.csv to orders; 3 duplicates dropped.');
		// One dataset still, now of 3 + 3 events.
		expect(await page.getByTestId('dataset-row').count()).toBe(1);
		expect(await page.getByTestId('dataset-rows').textContent()).toBe('6');
		expect(await page.getByTestId('dataset-customers').textContent()).toBe('3');
		await page.getByTestId('open-appended').click();
		await page.getByTestId('funnel-table').waitFor();
		expect(await page.getByTestId('dataset-meta').textContent()).toContain('6 events · 3 customers');
		expect(errors).toEqual([]);
	}, 180_000);

	it('after adding to the older dataset, the compare form still offers two different datasets, never one twice', async () => {
		const { page, errors } = await newPage(siteOf());
		await importFile(page, csvFile('orders.csv', january));
		await importFile(page, csvFile('leads.csv', 'customer_id,timestamp,event\nzoe,2025-01-02,lead\n'));
		// The add replaces the older dataset (A) by a new one: the form must not fall back to the newer one twice.
		await rowFileInput(page, 'orders').setInputFiles(csvFile('orders-february.csv', february));
		await page.getByTestId('file-target').waitFor();
		await page.getByTestId('import-button').click();
		await page.getByTestId('appended').waitFor();
		const chosen = () => Promise.all(['compare-a', 'compare-b'].map((id) => page.getByTestId(id).locator('option:checked').textContent()));
		await expect.poll(chosen).toEqual(['leads', 'orders']);
		// Chosen on both sides by hand, one dataset cannot be compared with itself.
		await page.getByTestId('compare-a').selectOption({ label: 'orders' });
		expect(await page.getByTestId('compare-go').isDisabled()).toBe(true);
		expect(errors).toEqual([]);
	}, 180_000);

	it('an add that fails while storing leaves the stored dataset exactly as it was', async () => {
		const { page, errors } = await newPage(siteOf());
		await importFile(page, csvFile('orders.csv', january));
		// The import worker's IndexedDB says QuotaExceededError at the add's last writes (the dictionaries), after the
		// new dataset's chunks are written and in the transaction that would remove the old one.
		await patchImportWorker(
			page.context(),
			`(() => {
				const add = IDBObjectStore.prototype.add;
				IDBObjectStore.prototype.add = function (...args) {
					if (this.name === 'dicts') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
					return add.apply(this, args);
				};
			})();`
		);
		await page.reload();
		await page.getByTestId('dataset-row').first().waitFor();
		const before = await storedCounts(page, STORES);
		const href = await page.getByTestId('open-dataset').getAttribute('href');
		await rowFileInput(page, 'orders').setInputFiles(csvFile('orders-february.csv', february));
		await page.getByTestId('file-target').waitFor();
		await page.getByTestId('import-button').click();
		await page.getByTestId('import-error').waitFor({ timeout: 60_000 });
		expect(await page.getByTestId('import-error').textContent()).toContain('The browser has no room left to store this dataset.');
		expect(await storedCounts(page, STORES)).toEqual(before);
		expect(await page.getByTestId('dataset-rows').textContent()).toBe('3');
		expect(await page.getByTestId('open-dataset').getAttribute('href')).toBe(href);
		await page.getByTestId('open-dataset').click();
		await page.getByTestId('funnel-table').waitFor();
		expect(await page.getByTestId('dataset-meta').textContent()).toContain('3 events · 2 customers');
		expect(errors).toEqual([]);
	}, 180_000);
});
