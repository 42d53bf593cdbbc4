/**
 * "Why did they convert?" in the browser: choose the funnel step, read the hand-checked row (channel is email:
 * OR 9, 5.426 to 14.93, counts 90 / 30 / 60 / 180, tests/unit/engine/drivers.test.ts), sort by a column, and choose a
 * row: an attribute becomes the breakdown of every view, an event the filter "did it". The step is in the link.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { driversCsv } from '../helpers/drivers-fixture';
import { newPage, useSite } from './browser';

const siteOf = useSite();

/** The table's rows as [candidate, odds ratio, interval, four counts]. */
const tableRows = (page: Page) =>
	page.getByTestId('drivers-table').locator('tbody tr').evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('th, td'), (cell) => cell.textContent!.trim())));

describe('drivers in the funnel view', () => {
	it('shows the hand-checked odds ratio, sorts, and applies a row as a breakdown: an attribute by its values, an event into who did it and who did not', async () => {
		const { page, errors } = await newPage(siteOf());
		await page.goto(siteOf().url);
		await page.getByTestId('file-input').setInputFiles({ name: 'drivers.csv', mimeType: 'text/csv', buffer: Buffer.from(driversCsv()) });
		await page.getByTestId('import-button').click();
		await page.getByTestId('funnel-table').waitFor();
		// The lead lifecycle, whatever the site recommends for this file.
		await page.waitForFunction(() => new URLSearchParams(location.search).has('ds'));
		const url = new URL(page.url());
		url.searchParams.set('model', 'lead');
		await page.goto(url.toString());
		await page.getByTestId('funnel-table').waitFor();

		await page.getByTestId('drivers-step').selectOption('mql');
		await page.getByTestId('drivers-table').waitFor();
		await page.waitForFunction(() => new URLSearchParams(location.search).get('dst') === 'mql');
		expect(await page.getByTestId('drivers-sides').textContent()).toContain('150 reached MQL; 210 reached Lead and stopped there. This shows correlation, not cause.');
		// Ranked by how far the interval stays from 1: south (a 0 cell: corrected), ads and email, the webinar.
		const ranked = await tableRows(page);
		expect(ranked.map((r) => r[0])).toEqual(['region is south', 'channel is ads', 'channel is email', 'did webinar']);
		expect(ranked[2]).toEqual(['channel is email', '9.000', '5.426 to 14.93', '90', '30', '60', '180']);
		expect(ranked[3]).toEqual(['did webinar', '6.000', '3.633 to 9.910', '75', '30', '75', '180']);
		expect(ranked[0]).toEqual(['region is south', '226.1 *', '13.89 to 3,680', '150', '120', '0', '90']);
		// Hidden: north and the pricing page (no converter has them), visit and lead (no one lacks them).
		expect(await page.getByTestId('drivers-hidden').textContent()).toBe('4 candidates hidden (fewer than 30 converters or 30 who stopped have them, or fewer than 30 lack them).');
		expect(await page.getByTestId('drivers-corrected').textContent()).toContain('0.5 was added to every count');
		expect(await page.locator('th[aria-sort=descending]').textContent()).toContain('95% interval');

		// Sorted by the odds ratio, largest first, then smallest first.
		await page.getByRole('button', { name: 'Odds ratio' }).click();
		await page.waitForFunction(() => document.querySelector('[data-testid=drivers-table] th[aria-sort=descending]')?.textContent?.includes('Odds ratio'));
		expect((await tableRows(page)).map((r) => r[0])).toEqual(['region is south', 'channel is email', 'did webinar', 'channel is ads']);
		await page.getByRole('button', { name: /Odds ratio/ }).click();
		await page.waitForFunction(() => document.querySelector('[data-testid=drivers-table] th[aria-sort=ascending]')?.textContent?.includes('Odds ratio'));
		expect((await tableRows(page)).map((r) => r[0])).toEqual(['channel is ads', 'did webinar', 'channel is email', 'region is south']);

		// An attribute row: the breakdown by channel, in the filter bar and the link; the funnels per channel appear.
		await page.getByRole('button', { name: 'channel is email: Break every view down by channel' }).click();
		await page.waitForFunction(() => new URLSearchParams(location.search).get('by') === 'channel');
		await page.getByTestId('breakdown-groups').waitFor();
		// email: 90 converters, 30 who stopped, the 30 prospects; ads: 60 and 180.
		expect(await page.getByTestId('breakdown-groups').locator('.multiple h4').allTextContents()).toEqual(['ads · 240', 'email · 150']);
		expect(await page.getByTestId('drivers-applied').textContent()).toContain('broken down by channel');
		await page.getByTestId('filters-menu').click();
		expect(await page.getByTestId('breakdown').inputValue()).toBe('channel');
		await page.getByTestId('filters-menu').click();

		// An event row: the breakdown into who did the webinar and who did not (the issue: "clicking a row applies it
		// as a breakdown"), in the filter bar and the link; no filter, so the panel still compares everyone.
		await page.getByRole('button', { name: 'did webinar: Break every view down by did webinar' }).click();
		await page.waitForFunction(() => new URLSearchParams(location.search).get('by') === 'webinar' && new URLSearchParams(location.search).get('byk') === 'event');
		// did webinar: 75 converters, 30 who stopped (and whoever else did it, at any time); did not: the rest.
		await expect.poll(() => page.getByTestId('breakdown-groups').locator('.multiple h4').allTextContents()).toEqual([expect.stringMatching(/^did not webinar · \d+$/), expect.stringMatching(/^did webinar · \d+$/)]);
		expect(await page.getByTestId('drivers-applied').textContent()).toContain('broken down by did webinar');
		expect(new URLSearchParams(new URL(page.url()).search).get('fe')).toBeNull();
		expect(await page.getByTestId('drivers-sides').textContent()).toContain('150 reached MQL; 210 reached Lead');
		await page.getByTestId('filters-menu').click();
		expect(await page.getByTestId('breakdown').locator('option:checked').textContent()).toBe('did webinar');
		await page.getByTestId('filters-menu').click();

		// The step comes back with the link.
		await page.reload();
		await page.getByTestId('drivers-sides').waitFor();
		expect(await page.getByTestId('drivers-step').inputValue()).toBe('mql');
		expect(errors).toEqual([]);
	}, 120_000);
});
