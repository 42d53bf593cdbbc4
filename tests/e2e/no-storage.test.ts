/**
 * A browser that refuses IndexedDB (some private windows, storage blocked in settings): the page says so and
 * still analyses a dropped file, in memory, for the session.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newPage, openSample, useSite } from './browser';

const siteOf = useSite();

/** What such a browser does: every attempt to open a database fails, in the page and in its workers. */
const REFUSE_INDEXEDDB = `(() => {
	const refuse = () => { throw new DOMException('The user denied permission to access the database.', 'SecurityError'); };
	IDBFactory.prototype.open = refuse;
	IDBFactory.prototype.deleteDatabase = refuse;
	IDBFactory.prototype.databases = () => Promise.reject(new DOMException('denied', 'SecurityError'));
})();
`;

async function pageWithoutStorage() {
	const opened = await newPage(siteOf());
	const { page } = opened;
	await page.addInitScript(REFUSE_INDEXEDDB);
	// Init scripts do not reach workers: their scripts get the same first lines on the way in.
	await page.route('**/_app/immutable/workers/**', async (route) => {
		const response = await route.fetch();
		await route.fulfill({ response, body: REFUSE_INDEXEDDB + (await response.text()) });
	});
	return opened;
}

const funnelCounts = (page: Page) =>
	page.getByTestId('funnel-count').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))));

describe('without IndexedDB', () => {
	it('says so, and analyses the sample in memory with the same numbers as a stored import', async () => {
		const stored = await openSample(siteOf());
		const expected = await funnelCounts(stored.page);
		await stored.page.context().close();

		const { page, errors } = await pageWithoutStorage();
		await page.goto(siteOf().url);
		await page.getByTestId('no-storage').waitFor();
		expect(await page.evaluate(() => indexedDB.open('x').readyState).catch((e: Error) => e.message)).toMatch(/denied permission/);
		await page.getByTestId('try-sample').click();
		await page.getByTestId('funnel-table').waitFor();
		expect(await funnelCounts(page)).toEqual(expected);
		expect(expected[0]).toBeGreaterThan(1000);

		// Other views ask the engine worker for the same in-memory dataset.
		await page.getByTestId('tab-retention').click();
		await page.getByTestId('retention-table').waitFor();

		// Saving needs storage: the page says why instead of failing.
		await page.getByTestId('model-menu').click();
		await page.getByTestId('save-model').click();
		expect(await page.getByTestId('model-message').textContent()).toContain('does not let the site store anything');

		// Back home (in the same session) the dataset is listed as this session's, and can be removed.
		await page.getByRole('link', { name: 'Lifecycle Lens' }).first().click();
		await page.getByTestId('session-only').waitFor();
		expect(await page.getByTestId('dataset-row').count()).toBe(1);
		page.once('dialog', (dialog) => void dialog.accept());
		await page.getByRole('button', { name: /Delete dataset/ }).click();
		await page.getByTestId('dataset-row').waitFor({ state: 'detached' });
		expect(errors).toEqual([]);
	});

	it('keeps rejected rows of an in-memory import downloadable', async () => {
		const { page, errors } = await pageWithoutStorage();
		await page.goto(siteOf().url);
		const csv = ['customer_id,timestamp,event,value', 'a,2024-01-01,lead,', 'b,yesterday,lead,', 'c,2024-01-03,purchase,12.50'].join('\n');
		await page.getByTestId('file-input').setInputFiles({ name: 'bad-rows.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
		await page.getByTestId('import-button').click();
		await page.getByTestId('rejects').waitFor();
		expect(await page.getByTestId('rejected-count').textContent()).toBe('1');
		await page.getByTestId('rejects').locator('summary').click();
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-rejects').click()]);
		expect(readFileSync(await download.path(), 'utf8')).toContain('3,timestamp,unreadable date');
		expect(await page.getByTestId('dataset-meta').textContent()).toContain('2 events');
		expect(errors).toEqual([]);
	});
});
