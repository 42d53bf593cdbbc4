/**
 * The funnel's exclusion steps and per-step windows, and retention's brackets (issue 24), set in the page, written to
 * the link, and the same after a reload of that link: the numbers are the engine's, asked with the same query.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clientStatus, leadLifecycle } from '../../src/lib/engine/model';
import { EngineSession } from '../../src/lib/engine/session';
import { readFile } from '../helpers/import';
import { openSample, useSite } from './browser';

const siteOf = useSite();
const sample = readFileSync(new URL('../../static/samples/lead-lifecycle.csv', import.meta.url), 'utf8');
const [LEAD, SQL, SQO] = [1, 3, 4];

/** Waits until the link's list parameter `param` holds `items` (a list's items are URI-encoded and comma-joined). */
const waitForLink = (page: import('playwright-core').Page, param: string, items: string[]) =>
	page.waitForFunction(
		([name, expected]) => {
			const value = new URLSearchParams(location.search).get(name);
			return value !== null && JSON.stringify(value.split(',').map(decodeURIComponent)) === JSON.stringify(expected);
		},
		[param, items] as const
	);
const numbers = (page: import('playwright-core').Page, testId: string) =>
	page.getByTestId(testId).evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count') ?? (c.textContent ?? '').replace(/,/g, ''))));

describe('funnel and retention options, in the browser', () => {
	it('an exclusion step and a per-step window make the engine’s funnel, mark the excluded, and survive a reload of the link', async () => {
		const session = new EngineSession((await readFile(sample, 'lead-lifecycle.csv')).table);
		const expected = session.lifecycle({ model: leadLifecycle, mode: 'cumulative', windowDays: null, stepWindows: [{ stage: SQL, within: 7 }], exclusions: [{ event: 'webinar', from: LEAD, to: SQO }] }).funnel;
		const plain = session.lifecycle({ model: leadLifecycle, mode: 'cumulative', windowDays: null }).funnel;
		const { page, errors } = await openSample(siteOf());
		await page.getByTestId('funnel-table').waitFor();

		await page.getByTestId('exclusions').locator('summary').click();
		await page.getByTestId('exclusion-event').selectOption('webinar');
		await page.getByTestId('exclusion-from').selectOption(String(LEAD));
		await page.getByTestId('exclusion-to').selectOption(String(SQO));
		await page.getByTestId('exclusion-add').click();
		await page.getByTestId('step-windows').locator('summary').click();
		await page.getByTestId('step-window-sql').fill('7');
		await page.getByTestId('step-window-sql').dispatchEvent('change');
		await waitForLink(page, 'ex', ['lead:sqo:webinar']);
		await waitForLink(page, 'sla', ['sql:7']);

		const check = async () => {
			await page.waitForFunction((n) => document.querySelectorAll('[data-testid=funnel-excluded-count]').length === n, expected.steps.length);
			expect(await numbers(page, 'funnel-count')).toEqual(expected.steps.map((s) => s.count));
			expect(await numbers(page, 'funnel-excluded-count')).toEqual(expected.steps.map((s) => s.excluded));
			// The chart marks each step where the exclusion took customers out.
			expect(await page.getByTestId('funnel-excluded').count()).toBe(expected.steps.filter((s) => s.excluded).length);
			expect(await page.getByTestId('exclusion').allTextContents()).toEqual([expect.stringContaining('webinar between Lead and SQO')]);
			expect(await page.getByTestId('step-window-sql').inputValue()).toBe('7');
		};
		await check();
		// Real numbers: the options took customers out, and the exclusion some of them.
		expect(expected.steps.some((s, k) => s.count < plain.steps[k].count)).toBe(true);
		expect(expected.steps.reduce((n, s) => n + (s.excluded ?? 0), 0)).toBeGreaterThan(0);

		await page.reload();
		await page.getByTestId('funnel-table').waitFor();
		await check();
		expect(errors).toEqual([]);
	});

	it('counting by entries: the client status’s won-back clients count again at Active, in the chart, the tables and the link', async () => {
		const session = new EngineSession((await readFile(sample, 'lead-lifecycle.csv')).table);
		const { funnel, stages } = session.lifecycle({ model: clientStatus, mode: 'cumulative', windowDays: null, counting: 'entries' });
		// Real numbers: some step holds more entries than customers.
		expect(funnel.steps.some((s) => s.entries! > s.count)).toBe(true);
		const { page, errors } = await openSample(siteOf());
		const url = new URL(page.url());
		url.searchParams.set('model', 'status');
		await page.goto(url.toString());
		await page.getByTestId('funnel-table').waitFor();
		await page.getByTestId('funnel-counting').selectOption('entries');
		await waitForLink(page, 'cnt', ['entries']);

		const check = async () => {
			await page.waitForFunction((n) => document.querySelectorAll('[data-testid=funnel-entries]').length === n, funnel.steps.length);
			expect(await numbers(page, 'funnel-entries')).toEqual(funnel.steps.map((s) => s.entries));
			expect(await numbers(page, 'funnel-count')).toEqual(funnel.steps.map((s) => s.count));
			const entriesCells = await page.locator('[data-testid=stage-table] td[data-key=entries]').allTextContents();
			expect(entriesCells.map((c) => Number(c.replace(/,/g, '')))).toEqual(stages.rows.map((r) => r.entries));
			expect(await page.locator('[data-testid=stage-table] td[data-key=medianCumulativeTime]').count()).toBe(stages.rows.length);
			// The bars measure entries: Active's, the most entries, is the longest.
			const widths = await page.getByTestId('funnel-bar').evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('width'))));
			const most = funnel.steps.reduce((best, s, k) => (s.entries! > funnel.steps[best].entries! ? k : best), 0);
			expect(Math.max(...widths)).toBe(widths[most]);
		};
		await check();
		await page.reload();
		await page.getByTestId('funnel-table').waitFor();
		await check();

		// Back to unique customers: the entries columns go, and so does cnt from the link.
		await page.getByTestId('funnel-counting').selectOption('customers');
		await page.waitForFunction(() => !new URLSearchParams(location.search).has('cnt'));
		await page.waitForFunction(() => document.querySelectorAll('[data-testid=funnel-entries]').length === 0);
		expect(await page.locator('[data-testid=stage-table] td[data-key=entries]').count()).toBe(0);
		expect(errors).toEqual([]);
	});

	it('retention in brackets: headings, the engine’s counts and the link after a reload', async () => {
		const session = new EngineSession((await readFile(sample, 'lead-lifecycle.csv')).table);
		const expected = session.retention({ model: leadLifecycle, period: 'day', cohortStage: -1, returnEvent: null, mode: 'unbounded', brackets: [0, 1, 8, 31] });
		const { page, errors } = await openSample(siteOf());
		await page.getByTestId('tab-retention').click();
		await page.getByTestId('retention-period').selectOption('day');
		await page.getByTestId('retention-mode').selectOption('unbounded');
		await page.getByTestId('retention-brackets').fill('31, 1, 8');
		await page.getByTestId('retention-brackets').dispatchEvent('change');
		await waitForLink(page, 'rb', ['0', '1', '8', '31']);

		const check = async () => {
			await page.waitForFunction(() => document.querySelectorAll('[data-testid=retention-table] thead th').length === 6);
			const headings = await page.locator('[data-testid=retention-table] thead th').allTextContents();
			expect(headings.slice(2).map((h) => h.trim())).toEqual(['Day 0', 'Day 1 to day 7', 'Day 8 to day 30', 'Day 31 and later']);
			const firstRow = await page.locator('[data-testid=retention-table] tbody tr').first().locator('td.cell').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-count')));
			expect(firstRow).toEqual(expected.cohorts[0].counts.map((n) => (n === null ? '' : String(n))));
			expect(await page.getByTestId('retention-brackets').inputValue()).toBe('0, 1, 8, 31');
		};
		await check();
		await page.reload();
		await page.getByTestId('retention-table').waitFor();
		await check();

		// Per segment, the average curves' table names the same brackets.
		await page.getByTestId('filters-menu').click();
		await page.getByTestId('breakdown').selectOption('channel');
		await page.getByTestId('segment-curves').waitFor();
		const segmentTable = page.locator('figure:has([data-testid=segment-curves]) + .chart-table');
		await segmentTable.getByTestId('show-table').click();
		const segmentHeadings = await segmentTable.locator('thead th').allTextContents();
		expect(segmentHeadings.slice(1).map((h) => h.trim())).toEqual(['Day 0', 'Day 1 to day 7', 'Day 8 to day 30', 'Day 31 and later']);
		// Both curve charts' axes count days where each bracket starts, not the brackets.
		const ticks = (chart: string) => page.locator(`svg[data-testid=${chart}] > text[text-anchor=middle]`).allTextContents();
		expect(await ticks('segment-curves')).toEqual(['0', '1', '8', '31']);
		// The all-customer curves are drawn a task after the heatmap (RetentionView).
		await page.locator('svg[data-testid=retention-curves]').waitFor();
		expect(await ticks('retention-curves')).toEqual(['0', '1', '8', '31']);
		expect(errors).toEqual([]);
	});
});
