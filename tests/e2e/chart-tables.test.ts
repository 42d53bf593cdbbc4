/**
 * Every chart's "Show as table" gives the chart's own numbers; chart marks work from the keyboard with their
 * tooltip on focus; switching the language changes stage names and number formats.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openSample, useSite } from './browser';

const siteOf = useSite();

/** Opens the table under the chart matched by `chart` (a selector of the chart's figure) and reads its cells' data-value, row by row. */
async function tableOf(page: Page, chart: string): Promise<(number | null)[][]> {
	const block = page.locator(`${chart} + .chart-table`);
	const toggle = block.getByTestId('show-table');
	expect(await toggle.getAttribute('aria-expanded')).toBe('false');
	await toggle.click();
	expect(await toggle.getAttribute('aria-expanded')).toBe('true');
	const table = block.getByTestId('chart-table');
	await table.waitFor();
	expect(await table.locator('caption').textContent()).not.toBe('');
	return table.locator('tbody tr').evaluateAll((rows) =>
		rows.map((row) =>
			[...row.querySelectorAll('th, td')].map((cell) => {
				const value = cell.getAttribute('data-value');
				return value === null || value === '' ? null : Number(value);
			})
		)
	);
}

describe('charts as tables', () => {
	it('shows each chart’s numbers as a table, in every view', async () => {
		const { page, errors } = await openSample(siteOf());

		// Funnel view: conversion over time, one row per entry cohort with the plotted rate.
		await page.getByTestId('conversion-line').waitFor();
		const rates = await page.getByTestId('conversion-point').evaluateAll((points) => points.map((p) => Number(p.getAttribute('data-rate'))));
		const conversion = await tableOf(page, 'figure:has([data-testid=conversion-line])');
		expect(conversion.map((row) => row[2])).toEqual(rates);
		// The time-to-convert histogram: one row per bin.
		await page.getByTestId('time-bin').first().waitFor();
		const bins = await page.getByTestId('time-bin').evaluateAll((b) => b.map((bin) => Number(bin.getAttribute('data-customers'))));
		const histogram = await tableOf(page, '[data-testid=time-histogram]');
		expect(histogram.map((row) => row[1])).toEqual(bins);

		// Flows: one row per link, with the link's customers; the flows out of step 1 hold every customer.
		await page.getByTestId('tab-flows').click();
		await page.getByTestId('sankey-link').first().waitFor();
		const links = await page.getByTestId('sankey-link').evaluateAll((paths) => paths.map((p) => Number(p.getAttribute('data-customers'))));
		const entering = await page.locator('[data-testid=sankey-node][data-node^="0:"]').evaluateAll((nodes) => nodes.reduce((sum, n) => sum + Number(n.getAttribute('data-customers')), 0));
		const flows = await tableOf(page, '[data-testid=sankey]');
		expect(flows.map((row) => row[3]).sort((a, b) => a! - b!)).toEqual(links.sort((a, b) => a - b));
		expect(flows.filter((row) => row[0] === 1).reduce((sum, row) => sum + row[3]!, 0)).toBe(entering);

		// Retention curves: each cohort's rates are the heatmap's counts over the cohort size (periods not over are not drawn).
		await page.getByTestId('tab-retention').click();
		await page.getByTestId('retention-curves').waitFor();
		// The heatmap draws its rows a part per task: read it once it says it is whole.
		await page.locator('[data-testid=retention-table][aria-busy=false]').waitFor();
		const heatmap = await page.locator('[data-testid=retention-table] tbody tr[data-cohort]').first().evaluate((row) => ({
			size: Number(row.querySelector('[data-testid=cohort-size]')!.textContent!.replace(/,/g, '')),
			counts: [...row.querySelectorAll('td.cell')].map((c) => (c.classList.contains('incomplete') ? null : c.getAttribute('data-count') === '' ? null : Number(c.getAttribute('data-count'))))
		}));
		const curves = await tableOf(page, 'figure:has([data-testid=retention-curves])');
		expect(curves.length).toBe((await page.locator('[data-testid=retention-table] tbody tr[data-cohort]').count()) + 1);
		heatmap.counts.forEach((count, k) => {
			if (count === null) expect(curves[0][k + 1]).toBeNull();
			else expect(curves[0][k + 1]).toBeCloseTo(count / heatmap.size, 10);
		});

		// Trend: the table's counts are the bars'.
		await page.getByTestId('tab-trend').click();
		await page.getByTestId('trend-chart').waitFor();
		const bars = await page.getByTestId('trend-bar').evaluateAll((groups) =>
			groups.map((g) => ['new', 'returning', 'resurrecting', 'dormant'].map((k) => Number(g.querySelector(`[data-testid=trend-${k}]`)!.getAttribute('data-count'))))
		);
		const trend = await tableOf(page, 'figure:has([data-testid=trend-chart])');
		expect(trend.map((row) => row.slice(1))).toEqual(bars);

		// Value: the Lorenz curve ends at everyone holding all the value; the holdout table has a row per week.
		await page.getByTestId('tab-value').click();
		await page.getByTestId('top-shares').waitFor();
		const lorenz = await tableOf(page, 'figure.lorenz');
		expect(lorenz.at(-1)![0]).toBeCloseTo(1, 10);
		expect(lorenz.at(-1)![1]).toBeCloseTo(1, 10);
		if (await page.getByTestId('holdout-chart').count()) {
			const holdout = await tableOf(page, 'figure:has([data-testid=holdout-chart])');
			expect(holdout.length).toBeGreaterThan(0);
			expect(holdout.map((row) => row[0])).toEqual(holdout.map((_, i) => i + 1));
		}
		expect(errors).toEqual([]);
	});

	it('opens a chart mark from the keyboard, with its tooltip on focus', async () => {
		const { page, errors } = await openSample(siteOf());
		const bar = page.getByTestId('funnel-bar').nth(1);
		await bar.focus();
		const tip = page.getByTestId('chart-tooltip');
		await tip.waitFor();
		const count = await page.getByTestId('funnel-count').nth(1).textContent();
		expect(await tip.textContent()).toContain(count!.trim());
		await page.keyboard.press('Escape');
		await tip.waitFor({ state: 'detached' });
		await page.keyboard.press('Enter');
		await page.getByTestId('customer-list').waitFor();
		expect(errors).toEqual([]);
	});

	it('shows the tooltip of a retention cell on hover and on focus, and hides it on leaving or Escape', async () => {
		const { page, errors } = await openSample(siteOf());
		await page.getByTestId('tab-retention').click();
		const cell = page.locator('[data-testid=retention-table] tbody tr[data-cohort] .cell-button').nth(1);
		await cell.waitFor();
		const tip = page.getByTestId('chart-tooltip');
		const label = (await cell.getAttribute('aria-label'))!;
		await cell.hover();
		await tip.waitFor();
		// The tooltip says what the cell's accessible name says after its figure.
		expect(label).toContain((await tip.textContent())!.trim());
		await page.getByTestId('retention-curves').hover();
		await tip.waitFor({ state: 'detached' });
		await cell.focus();
		await tip.waitFor();
		await page.keyboard.press('Escape');
		await tip.waitFor({ state: 'detached' });
		expect(errors).toEqual([]);
	});

	it('draws a heatmap of thousands of cells a part per task, and a later answer in every drawn row at once', async () => {
		const { page, errors } = await openSample(siteOf());
		await page.getByTestId('tab-retention').click();
		await page.locator('[data-testid=retention-table][aria-busy=false]').waitFor();
		// Each task's new rows, as a MutationObserver sees them (it reports once per task that changed the page).
		await page.evaluate(() => {
			const parts: number[] = [];
			(window as unknown as { heatmapParts: number[] }).heatmapParts = parts;
			new MutationObserver((records) => {
				const rows = records.flatMap((r) => [...r.addedNodes]).filter((n) => n instanceof HTMLElement && n.matches('tr[data-cohort]')).length;
				if (rows) parts.push(rows);
			}).observe(document.body, { childList: true, subtree: true });
		});
		// The sample by week: 49 cohorts by 53 weeks, 2,597 cells.
		await page.getByTestId('retention-period').selectOption('week');
		await page.waitForFunction(() => document.querySelectorAll('[data-testid=retention-table] tr[data-cohort]').length > 12);
		await page.locator('[data-testid=retention-table][aria-busy=false]').waitFor();
		const rows = await page.locator('[data-testid=retention-table] tbody tr[data-cohort]').count();
		const columns = await page.locator('[data-testid=retention-table] thead th').count();
		expect(rows).toBe(49);
		expect(columns).toBe(2 + 53);
		const parts = await page.evaluate(() => (window as unknown as { heatmapParts: number[] }).heatmapParts);
		// Whatever the months' heatmap had drawn came at once; then about 60 cells (a row of 53 weeks) per task.
		expect(parts.reduce((a, b) => a + b, 0)).toBe(49);
		expect(parts.length).toBeGreaterThan(10);
		expect(Math.max(...parts.slice(1))).toBe(1);

		// A later answer (counts instead of rates) redraws every row in the task it arrives in: checked on every frame,
		// no frame shows some rows' counts beside other rows' rates.
		await page.evaluate(() => ((window as unknown as { heatmapParts: number[] }).heatmapParts.length = 0));
		const frames = page.waitForFunction(
			() => {
				const cells = [...document.querySelectorAll<HTMLElement>('[data-testid=retention-table] td.cell')].filter((c) => c.dataset.count !== '');
				const counts = cells.filter((c) => !c.textContent!.includes('%')).length;
				return counts === 0 ? false : { counts, cells: cells.length };
			},
			undefined,
			{ polling: 'raf' }
		);
		await page.getByTestId('retention-show').selectOption('count');
		const shown = (await (await frames).jsonValue()) as { counts: number; cells: number };
		expect(shown.counts).toBe(shown.cells);
		expect(await page.locator('[data-testid=retention-table] tbody tr[data-cohort]').count()).toBe(49);
		// No row was made again: the rows drawn follow the answer where they stand.
		expect(await page.evaluate(() => (window as unknown as { heatmapParts: number[] }).heatmapParts)).toEqual([]);
		expect(errors).toEqual([]);
	});

	it('speaks Dutch: stage names and number formats follow the language', async () => {
		const { page, errors } = await openSample(siteOf());
		expect(await page.locator('[data-testid=funnel-table] tbody th').first().textContent()).toBe('Anonymous prospect');
		expect((await page.getByTestId('funnel-count').first().textContent())!.trim()).toBe('2,000');
		await page.getByTestId('language').selectOption('nl');
		await page.waitForFunction(() => document.querySelector('[data-testid=funnel-table] tbody th')?.textContent === 'Anonieme prospect');
		expect((await page.getByTestId('funnel-count').first().textContent())!.trim()).toBe('2.000');
		expect(await page.locator('[data-testid=stage-table] tbody th').first().textContent()).toBe('Anonieme prospect');
		await page.getByTestId('tab-flows').click();
		await page.getByTestId('sankey').waitFor();
		expect(await page.getByTestId('sankey').textContent()).toContain('Anonieme prospect');
		expect(await page.getByTestId('show-table').first().textContent()).toContain('Toon als tabel');
		expect(errors).toEqual([]);
	});
});
