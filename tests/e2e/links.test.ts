/** The link is the dashboard: copy it, open it elsewhere, go back and forward. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { drawnCohortSizes, newPage, openSample, useSite } from './browser';

const siteOf = useSite();
const sample = readFileSync(new URL('../../static/samples/lead-lifecycle.csv', import.meta.url));

/** Waits until the page has written its link (shallow history entries fire no load event). */
const waitForLink = (page: import('playwright-core').Page, pattern: RegExp) =>
	page.waitForFunction((source) => new RegExp(source).test(location.href), pattern.source);

describe('links, in the browser', () => {
	it('copies a link that opens the same view in another browser holding the dataset, and asks for the file in one without it', async () => {
		const { page, errors } = await openSample(siteOf());
		await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
		await page.getByTestId('tab-retention').click();
		await page.getByTestId('retention-period').selectOption('week');
		await page.getByTestId('filters-menu').click();
		await page.getByTestId('add-condition').click();
		await page.getByTestId('condition-attribute').selectOption('channel');
		await page.getByTestId('condition-operator').selectOption('any');
		await page.getByTestId('condition-values').selectOption(['email', 'social']);
		await waitForLink(page, /rp=week/);
		await waitForLink(page, /fa=any%3Achannel%3A(social%7Cemail|email%7Csocial)/);
		const sizes = await drawnCohortSizes(page);
		await page.getByTestId('share-menu').click();
		await page.getByTestId('copy-link').click();
		await page.waitForFunction(() => document.querySelector('[data-testid=copy-link]')?.textContent === 'Link copied ✓');
		const link = await page.evaluate(() => navigator.clipboard.readText());
		expect(link).toBe(page.url());
		expect(link.length).toBeLessThan(2000);

		// Another browser profile with the same file: the same view and numbers.
		const other = await newPage(siteOf());
		await other.page.goto(siteOf().url);
		await other.page.getByTestId('try-sample').click();
		await other.page.getByTestId('funnel-table').waitFor();
		await other.page.goto(link);
		expect(await drawnCohortSizes(other.page)).toEqual(sizes);
		expect(await other.page.getByTestId('retention-period').inputValue()).toBe('week');

		// A profile without it: the page names the file it needs, then shows the view once it is dropped.
		const empty = await newPage(siteOf());
		await empty.page.goto(link);
		await empty.page.getByTestId('needs-file').waitFor();
		expect(await empty.page.getByTestId('needs-file').textContent()).toContain('lead-lifecycle-sample, 20,673 events, 2025-01-01 to 2025-12-31');
		await empty.page.getByTestId('file-input').setInputFiles({ name: 'lead-lifecycle.csv', mimeType: 'text/csv', buffer: sample });
		expect(await drawnCohortSizes(empty.page)).toEqual(sizes);
		expect([...errors, ...other.errors, ...empty.errors]).toEqual([]);
	});

	it('moves between views with the browser back and forward buttons', async () => {
		const { page, errors } = await openSample(siteOf());
		await page.getByTestId('tab-flows').click();
		await waitForLink(page, /view=flows/);
		await page.getByTestId('tab-trend').click();
		await waitForLink(page, /view=trend/);
		await page.getByTestId('trend-period').selectOption('week');
		await waitForLink(page, /tp=week/);
		await page.goBack();
		await page.getByTestId('sankey').waitFor();
		expect(page.url()).toContain('view=flows');
		await page.goForward();
		await page.getByTestId('trend-chart').waitFor();
		expect(await page.getByTestId('trend-period').inputValue()).toBe('week');
		expect(errors).toEqual([]);
	});

	it('saves a named dashboard, lists it on the home page and opens the same view', async () => {
		const { page, errors } = await openSample(siteOf());
		await page.getByTestId('tab-trend').click();
		await page.getByTestId('trend-period').selectOption('week');
		page.once('dialog', (dialog) => dialog.accept('Weekly trend'));
		await page.getByTestId('share-menu').click();
		await page.getByTestId('save-dashboard').click();
		await page.getByTestId('model-message').waitFor();
		await page.goto(siteOf().url);
		const saved = page.getByTestId('saved-dashboard');
		await saved.first().waitFor();
		expect(await saved.locator('a').textContent()).toBe('Weekly trend');
		await saved.locator('a').click();
		await page.getByTestId('trend-chart').waitFor();
		expect(await page.getByTestId('trend-period').inputValue()).toBe('week');
		expect(errors).toEqual([]);
	});
});
