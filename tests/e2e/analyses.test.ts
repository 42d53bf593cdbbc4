/** The analysis views render the engine's numbers for the sample: Sankey, retention heatmap, lifecycle trend. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/lib/engine/classify';
import { stagePaths } from '../../src/lib/engine/flows';
import { customerMask } from '../../src/lib/engine/filter';
import { funnel } from '../../src/lib/engine/funnel';
import { leadLifecycle } from '../../src/lib/engine/model';
import { retention } from '../../src/lib/engine/retention';
import { funnelBreakdown } from '../../src/lib/engine/breakdown';
import { retentionCsv } from '../../src/lib/engine/results-csv';
import { lifecycleTrend } from '../../src/lib/engine/trend';
import { readFile } from '../helpers/import';
import { drawnCohortSizes, openSample, useSite } from './browser';

const siteOf = useSite();

const sample = readFileSync(new URL('../../static/samples/lead-lifecycle.csv', import.meta.url), 'utf8');

describe('analysis views, in the browser', () => {
	it('draws the Sankey, the retention heatmap and the trend with the engine numbers', async () => {
		const { table } = await readFile(sample, 'lead-lifecycle.csv');
		const classification = classify(table, leadLifecycle);
		const { page, errors } = await openSample(siteOf());

		await page.getByTestId('tab-flows').click();
		await page.getByTestId('sankey').waitFor();
		await page.waitForFunction(() => location.search.includes('view=flows'));
		const paths = stagePaths(classification, leadLifecycle, { positions: 4, minShare: 0 });
		const nodes = await page.getByTestId('sankey-node').evaluateAll((els) => els.map((e) => [e.getAttribute('data-node'), Number(e.getAttribute('data-customers'))]));
		expect(Object.fromEntries(nodes)).toEqual(Object.fromEntries(paths.nodes.map((n) => [n.id, n.customers])));
		expect(await page.getByTestId('sankey-link').count()).toBe(paths.links.length);

		await page.getByTestId('tab-retention').click();
		const expected = retention(table, { period: 'month', cohortTimes: classification.firstSeen, mode: 'bounded' });
		const sizes = await drawnCohortSizes(page);
		expect(sizes.map((s) => Number(s.replace(/,/g, '')))).toEqual(expected.cohorts.map((c) => c.size));
		const firstRow = await page.locator('[data-testid=retention-table] tbody tr').first().locator('td.cell').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-count')));
		expect(firstRow).toEqual(expected.cohorts[0].counts.map((n) => (n === null ? '' : String(n))));
		await page.getByTestId('retention-curves').waitFor();

		await page.getByTestId('tab-trend').click();
		await page.getByTestId('trend-chart').waitFor();
		expect(await page.getByTestId('trend-bar').count()).toBe(lifecycleTrend(table, 'month').periods.length);
		expect(errors).toEqual([]);
	});

	it('drills down from a funnel bar and a Sankey link to the right customers, and filters every view', async () => {
		const { table } = await readFile(sample, 'lead-lifecycle.csv');
		const classification = classify(table, leadLifecycle);
		const { page, errors } = await openSample(siteOf());

		const counts = await page.getByTestId('funnel-count').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))));
		await page.getByTestId('funnel-bar').nth(3).click();
		await page.getByTestId('customer-list').waitFor();
		expect(Number((await page.getByTestId('customer-total').textContent())!.replace(/,/g, ''))).toBe(counts[3]);
		// Virtualised: far fewer rows in the page than customers in the list.
		expect(await page.getByTestId('customer-row').count()).toBeLessThan(40);
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-customers').click()]);
		const csv = readFileSync(await download.path(), 'utf8').trimEnd().split('\n');
		expect(csv.length - 1).toBe(counts[3]);

		// Filter: customers whose first event came by email.
		await page.getByTestId('filters-menu').click();
		await page.getByTestId('add-condition').click();
		await page.getByTestId('condition-attribute').selectOption('channel');
		await page.getByTestId('condition-values').selectOption('email');
		const mask = customerMask(table, classification.firstSeen, { attributes: [{ name: 'channel', values: ['email'] }] });
		const filtered = funnel(classification, leadLifecycle, { mask }).steps.map((s) => s.count);
		await page.waitForFunction((n) => document.querySelector('[data-testid=funnel-count]')?.getAttribute('data-count') === String(n), filtered[0]);
		expect(await page.getByTestId('funnel-count').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))))).toEqual(filtered);

		// The Filters menu's panel floats over the tabs: close it first.
		await page.getByTestId('filters-menu').click();
		await page.getByTestId('tab-flows').click();
		await page.getByTestId('sankey').waitFor();
		const paths = stagePaths(classification, leadLifecycle, { positions: 4, mask });
		await page.waitForFunction((n) => document.querySelector('[data-testid=sankey-node][data-node="0:0"]')?.getAttribute('data-customers') === String(n), paths.customers);
		const link = page.getByTestId('sankey-link').first();
		const linkCustomers = Number(await link.getAttribute('data-customers'));
		await link.dispatchEvent('click');
		await page.getByTestId('customer-list').waitFor();
		expect(Number((await page.getByTestId('customer-total').textContent())!.replace(/,/g, ''))).toBe(linkCustomers);
		expect(errors).toEqual([]);
	});

	it('exports the retention numbers as CSV equal to the engine, and charts as SVG and PNG', async () => {
		const { table } = await readFile(sample, 'lead-lifecycle.csv');
		const classification = classify(table, leadLifecycle);
		const { page, errors } = await openSample(siteOf());

		const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').first().click()]);
		const svg = readFileSync(await svgDownload.path(), 'utf8');
		expect(svg).toContain('Lead lifecycle funnel · lead-lifecycle-sample');
		expect(svg.match(/class="bar[ "]/g)?.length).toBe(7);
		const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').first().click()]);
		const png = readFileSync(await pngDownload.path());
		expect(png.subarray(1, 4).toString()).toBe('PNG');

		await page.getByTestId('tab-retention').click();
		await page.getByTestId('retention-table').waitFor();
		const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
		const expected = retention(table, { period: 'month', cohortTimes: classification.firstSeen, mode: 'bounded', end: classification.asOf });
		expect(readFileSync(await csvDownload.path(), 'utf8')).toBe(retentionCsv(expected));
		expect(errors).toEqual([]);
	});

	it('breaks the funnel down by channel into groups that add up, and drills into a group', async () => {
		const { table } = await readFile(sample, 'lead-lifecycle.csv');
		const expected = funnelBreakdown(table, classify(table, leadLifecycle), leadLifecycle, 'channel');
		const { page, errors } = await openSample(siteOf());
		// The breakdown sits in the Filters menu (it splits every view); the menu closes again before the charts are clicked.
		await page.getByTestId('filters-menu').click();
		await page.getByTestId('breakdown').selectOption('channel');
		await page.getByTestId('filters-menu').click();
		const groups = page.getByTestId('breakdown-groups').locator('.multiple');
		await groups.first().waitFor();
		expect(await groups.locator('h4').allTextContents()).toEqual(expected.groups.map((g) => `${g.value} · ${g.funnel.customers}`));
		// A bin of the time-to-convert histogram and a point of conversion over time list their customers too.
		const bin = page.getByTestId('time-bin').first();
		const binCount = Number(/: ([\d,]+)$/.exec((await bin.getAttribute('title'))!)![1].replace(/,/g, ''));
		await bin.click();
		await page.getByTestId('customer-list').waitFor();
		expect(Number((await page.getByTestId('customer-total').textContent())!.replace(/,/g, ''))).toBe(binCount);
		await page.getByTestId('conversion-point').first().dispatchEvent('click');
		await page.waitForFunction(() => document.querySelector('[data-testid=customer-list] h3')?.textContent?.startsWith('Entered'));

		await groups.nth(1).getByTestId('funnel-bar').nth(2).click();
		// The list of the conversion point is still open: wait for the group's to replace it.
		await page.waitForFunction((value) => document.querySelector('[data-testid=customer-list] h3')?.textContent?.startsWith(`${value}: at`), expected.groups[1].value);
		expect(Number((await page.getByTestId('customer-total').textContent())!.replace(/,/g, ''))).toBe(expected.groups[1].funnel.steps[2].count);
		expect(errors).toEqual([]);
	});
});
