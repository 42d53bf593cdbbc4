/**
 * Shared results (issue 22): a snapshot link opens in a fresh browser with no file and no storage and shows the
 * dashboard's numbers read-only; a damaged fragment shows a notice.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/lib/share/snapshot';
import { encodeSnapshot } from '../../src/lib/share/snapshot-codec';
import { dashboardResults } from '../helpers/dashboard-results';
import { DAY, tableOf, type Row } from '../helpers/tables';
import { newPage, openSample, useSite } from './browser';

const siteOf = useSite();

/** 60 leads, 30 of them MQLs, 12 customers, 3 of whom buy again: the repeat step is under k = 5. */
function results() {
	const rows: Row[] = [];
	const start = Date.UTC(2025, 0, 1);
	for (let c = 0; c < 60; c++) {
		rows.push([`secret-${c}@example.com`, start + c * DAY, 'lead']);
		if (c < 30) rows.push([`secret-${c}@example.com`, start + (c + 10) * DAY, 'mql']);
		if (c < 12) rows.push([`secret-${c}@example.com`, start + (c + 30) * DAY, 'purchase', 100]);
		if (c < 3) rows.push([`secret-${c}@example.com`, start + (c + 60) * DAY, 'purchase', 50]);
	}
	return dashboardResults(tableOf(rows));
}

describe('a shared snapshot link', () => {
	it('shows the funnel in a fresh browser with empty storage, hides the count under k, and switches views', async () => {
		const snapshot = buildSnapshot(results(), { k: 5, dataset: 'pipeline.csv', model: 'Lead lifecycle', made: Date.UTC(2026, 0, 1), filtered: false });
		const { page, errors } = await newPage(siteOf());
		await page.goto(`${siteOf().url}shared/#${await encodeSnapshot(snapshot)}`);
		await page.getByTestId('funnel-table').waitFor();
		const cells = await page.getByTestId('funnel-table').locator('tbody tr').evaluateAll((rows) => rows.map((r) => [r.querySelector('th')?.textContent?.trim(), r.querySelector('td')?.textContent?.trim()]));
		expect(cells).toEqual([
			['Anonymous prospect', '60'],
			['Lead', '60'],
			['MQL', '30'],
			['SQL', '12'],
			['SQO', '12'],
			['Customer', '12'],
			['Repeat customer', '<5']
		]);
		expect(await page.getByTestId('shared-title').textContent()).toBe('pipeline.csv');
		expect(await page.content()).not.toContain('secret-');
		// The funnel's CSV writes the hidden step as a reader expects it: "<5", and its withheld drop-off, not -1 or -2.
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
		const csv = readFileSync((await download.path())!, 'utf8');
		expect(csv.split('\n').find((line) => line.includes('Repeat customer'))).toBe('repeat,Repeat customer,no,<5,,,withheld,,');
		await page.getByTestId('tab-trend').click();
		await page.getByTestId('trend-chart').waitFor();
		await page.getByTestId('tab-value').click();
		await page.getByTestId('rfm-segments').waitFor();
		expect(await page.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);
		expect(errors).toEqual([]);
		await page.context().close();
	});

	it('shows a notice, not a blank page, for a damaged fragment', async () => {
		const { page, errors } = await newPage(siteOf());
		await page.goto(`${siteOf().url}shared/#q1YqzkgsSlWyUkpUqgUA<script>`);
		await expect.poll(() => page.getByTestId('notice').textContent()).toContain('cannot be shown');
		expect(errors).toEqual([]);
		await page.context().close();
	});
});

/** The funnel table's step names and counts, as the page shows them. */
const funnelRows = (page: import('playwright-core').Page) =>
	page.getByTestId('funnel-table').locator('tbody tr').evaluateAll((rows) => rows.map((r) => `${r.querySelector('th')?.textContent?.trim()}: ${r.querySelector('td')?.textContent?.trim()}`));

describe('sharing the dashboard', () => {
	it('makes a link that a fresh browser opens with the dashboard numbers', async () => {
		const { page, errors } = await openSample(siteOf());
		const expected = await funnelRows(page);
		await page.getByTestId('share-menu').click();
		await page.getByTestId('share-snapshot').click();
		const link = await page.getByTestId('snapshot-link').getAttribute('href');
		expect(link).toMatch(/\/shared\/\?lang=en#[A-Za-z0-9_-]+$/);
		expect(link!.length).toBeLessThan(8 * 1024);

		const fresh = await newPage(siteOf());
		await fresh.page.goto(link!);
		await fresh.page.getByTestId('funnel-table').waitFor();
		expect(await funnelRows(fresh.page)).toEqual(expected);
		expect(fresh.errors).toEqual([]);
		expect(errors).toEqual([]);
		await fresh.page.context().close();
		await page.context().close();
	});

	it('writes a one-file report that opens from file:// with networking off, under its CSP, with the same numbers', async () => {
		const { page } = await openSample(siteOf());
		const expected = await funnelRows(page);
		await page.getByTestId('share-menu').click();
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-report').click()]);
		const file = join(mkdtempSync(join(tmpdir(), 'lens-report-')), 'report.html');
		await download.saveAs(file);
		await page.context().close();
		const html = readFileSync(file, 'utf8');
		expect(html).toContain("script-src 'sha256-");
		expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);

		const context = await siteOf().browser.newContext({ offline: true });
		const requests: string[] = [];
		context.on('request', (r) => requests.push(r.url()));
		const report = await context.newPage();
		const errors: string[] = [];
		report.on('pageerror', (e) => errors.push(e.message));
		report.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
		await report.goto(pathToFileURL(file).href);
		await report.getByTestId('funnel-table').waitFor();
		expect(await funnelRows(report)).toEqual(expected);
		await report.getByTestId('tab-retention').click();
		await report.getByTestId('present').click();
		await report.getByTestId('deck').waitFor();
		expect(requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:') && !url.startsWith('blob:'))).toEqual([]);
		expect(errors).toEqual([]);
		await context.close();
	});
});
