/**
 * Shared results (issue 22): a snapshot link opens in a fresh browser with no file and no storage and shows the
 * dashboard's numbers read-only; a damaged fragment shows a notice.
 */
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/lib/share/snapshot';
import { encodeSnapshot } from '../../src/lib/share/snapshot-codec';
import { dashboardResults } from '../helpers/dashboard-results';
import { DAY, tableOf, type Row } from '../helpers/tables';
import { newPage, useSite } from './browser';

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
