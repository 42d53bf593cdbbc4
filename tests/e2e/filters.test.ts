/** Filters of two conditions and a breakdown, set in the filter bar, survive a reload of the link; every view splits by segment. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CustomerFilter } from '../../src/lib/engine/filter';
import { leadLifecycle } from '../../src/lib/engine/model';
import { EngineSession } from '../../src/lib/engine/session';
import { readFile } from '../helpers/import';
import { openSample, useSite } from './browser';

const siteOf = useSite();
const sample = readFileSync(new URL('../../static/samples/lead-lifecycle.csv', import.meta.url), 'utf8');

const counts = (page: import('playwright-core').Page) => page.getByTestId('funnel-count').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))));

describe('filters and breakdowns, in the browser', () => {
	it('keeps a two-condition filter and a breakdown through a reload of the link, with the engine’s numbers', async () => {
		const { table } = await readFile(sample, 'lead-lifecycle.csv');
		const session = new EngineSession(table);
		// Not by email (on the first event), and did attend a webinar.
		const filter: CustomerFilter = { attributes: [{ name: 'channel', op: 'not', values: ['email'] }], events: [{ event: 'webinar', did: true }] };
		const { page, errors } = await openSample(siteOf());
		// The sample opens on the lead lifecycle (the tests below use its funnel).
		await page.getByTestId('funnel-table').waitFor();
		const model = leadLifecycle;
		const whole = session.lifecycle({ model, mode: 'cumulative', windowDays: null }).funnel.steps.map((s) => s.count);

		// The filter bar lives in the toolbar's Filters menu.
		await page.getByTestId('filters-menu').click();
		await page.getByTestId('add-condition').click();
		await page.getByTestId('condition-attribute').selectOption('channel');
		await page.getByTestId('condition-operator').selectOption('not');
		await page.getByTestId('condition-values').selectOption(['email']);
		await page.getByTestId('add-event').click();
		await page.getByTestId('event-name').selectOption('webinar');
		await page.getByTestId('breakdown').selectOption('channel');
		await page.getByTestId('breakdown-top').fill('2');
		await page.getByTestId('breakdown-top').dispatchEvent('change');
		// Two filters on the button: the condition and the event (a breakdown filters nothing).
		expect(await page.getByTestId('filters-menu').textContent()).toContain('Filters (2)');
		await page.getByTestId('filters-menu').click();

		const expected = session.lifecycle({ model, filter, mode: 'cumulative', windowDays: null }).funnel.steps.map((s) => s.count);
		const groups = session.breakdown({ model, filter, mode: 'cumulative', windowDays: null, attribute: 'channel', top: 2 }).groups;
		// A filter never raises a count, and the two largest channels and "Other" add up to it.
		expected.forEach((n, k) => expect(n).toBeLessThanOrEqual(whole[k]));
		expect(groups.map((g) => g.value).at(-1)).toBe('Other');
		expect(groups.reduce((n, g) => n + g.funnel.customers, 0)).toBe(expected[0]);

		await page.waitForFunction(() => /fa=not%3Achannel%3Aemail/.test(location.search) && /fe=did%3Awebinar/.test(location.search) && /by=channel/.test(location.search) && /top=2/.test(location.search));
		await page.waitForFunction((n) => document.querySelector('[data-testid=funnel-count]')?.getAttribute('data-count') === String(n), expected[0]);
		expect(await counts(page)).toEqual(expected);
		const headings = page.getByTestId('breakdown-groups').locator('.multiple h4');
		await page.waitForFunction((n) => document.querySelectorAll('[data-testid=breakdown-groups] .multiple').length === n, groups.length);
		expect(await headings.allTextContents()).toEqual(groups.map((g) => `${g.value} · ${g.funnel.customers}`));

		await page.reload();
		await page.waitForFunction((n) => document.querySelector('[data-testid=funnel-count]')?.getAttribute('data-count') === String(n), expected[0]);
		expect(await counts(page)).toEqual(expected);
		await page.getByTestId('filters-menu').click();
		expect(await page.getByTestId('condition-operator').inputValue()).toBe('not');
		expect(await page.getByTestId('event-name').inputValue()).toBe('webinar');
		expect(await page.getByTestId('breakdown').inputValue()).toBe('channel');
		await page.getByTestId('filters-menu').click();
		await page.waitForFunction((n) => document.querySelectorAll('[data-testid=breakdown-groups] .multiple').length === n, groups.length);
		expect(await headings.allTextContents()).toEqual(groups.map((g) => `${g.value} · ${g.funnel.customers}`));

		// Every other view splits by the same segments.
		const breakdown = { attribute: 'channel', top: 2 };
		await page.getByTestId('tab-retention').click();
		await page.getByTestId('segment-curves').waitFor();
		expect(await page.getByTestId('segment-curve').count()).toBe(groups.length);
		const retention = session.retentionBySegment({ model, filter, period: 'month', cohortStage: -1, returnEvent: null, mode: 'bounded', breakdown });
		await page.getByTestId('retention-heatmap-of').selectOption(retention.segments[0].value);
		await page.waitForFunction((n) => document.querySelectorAll('[data-testid=cohort-size]').length === n, retention.segments[0].result.cohorts.length);
		const sizes = await page.getByTestId('cohort-size').allTextContents();
		expect(sizes.map((s) => Number(s.replace(/,/g, '')))).toEqual(retention.segments[0].result.cohorts.map((c) => c.size));

		await page.getByTestId('tab-trend').click();
		await page.getByTestId('segment-bars').waitFor();
		const trend = session.trendBySegment({ model, filter, period: 'month', breakdown });
		const firstBar = await page.getByTestId('segment-bar').first().locator('rect').evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('data-count'))));
		expect(firstBar).toEqual(trend.segments.map((s) => s.result.periods[0].active).filter((n) => n > 0));

		await page.getByTestId('tab-value').click();
		await page.getByTestId('value-segments').waitFor();
		const value = session.valueBySegment({ model, filter, horizonWeeks: 52, yearlyDiscount: 0.1, breakdown });
		const rows = await page.getByTestId('value-segments').locator('tbody td[data-count]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))));
		expect(rows).toEqual(value.segments.map((s) => s.customers));

		await page.getByTestId('tab-flows').click();
		await page.getByTestId('sankey').waitFor();
		await page.getByTestId('sankey-band').first().waitFor();
		expect(await page.getByTestId('segment-legend').textContent()).toContain('Other');
		expect(errors).toEqual([]);
	});
});
