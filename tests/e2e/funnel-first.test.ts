/**
 * The funnel view's first answer in two (issue 26, cold first answers; app/dashboard-start.ts, engine session's
 * `lifecycleFunnel`): the funnel is drawn from the engine's funnel alone, before the stage table and status counts of
 * its whole answer have come; those follow with the same numbers the engine computes in Node. Later answers come
 * whole: the stage table below a drawn funnel stays while a changed option computes. To see what is drawn before the
 * whole answer, the tests hold the engine worker's whole lifecycle answers (a Comlink reply carrying a stage table)
 * until they release them.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { leadLifecycle } from '../../src/lib/engine/model';
import type { LifecycleQuery } from '../../src/lib/engine/queries';
import { EngineSession } from '../../src/lib/engine/session';
import { readFile } from '../helpers/import';
import { changed, openSample, openTab, storedCounts, useSite, wholeAnswersStored } from './browser';

const siteOf = useSite();
const sample = readFileSync(new URL('../../static/samples/lead-lifecycle.csv', import.meta.url), 'utf8');

/** In every page of the context: the engine worker's replies that carry a stage table held while window.__holdWhole. */
const HOLD_WHOLE = `
	window.__holdWhole = true;
	window.__heldWhole = [];
	const Original = window.Worker;
	window.Worker = class extends Original {
		constructor(url, options) {
			super(url, options);
			if (options?.name !== 'engine') return;
			const add = this.addEventListener.bind(this);
			this.addEventListener = (type, listener, more) =>
				add(type, type !== 'message' ? listener : (event) => {
					if (window.__holdWhole && event.data?.value?.stages) window.__heldWhole.push(() => listener(event));
					else listener(event);
				}, more);
		}
	};
	window.__releaseWhole = () => {
		window.__holdWhole = false;
		for (const deliver of window.__heldWhole.splice(0)) deliver();
	};
`;

const release = (page: Page) => page.evaluate(() => (window as unknown as { __releaseWhole(): void }).__releaseWhole());
const hold = (page: Page) => page.evaluate(() => ((window as unknown as { __holdWhole: boolean }).__holdWhole = true));
const heldCount = (page: Page) => page.evaluate(() => (window as unknown as { __heldWhole: unknown[] }).__heldWhole.length);
const counts = (page: Page) => page.getByTestId('funnel-count').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))));
const answerOf = (page: Page) => page.getByTestId('funnel').getAttribute('data-answer');
const count = (n: number) => n.toLocaleString('en-US');
const medianCells = (page: Page) => page.getByTestId('funnel-median').allTextContents();
/** A median time as the funnel table shows it in English, days and longer (i18n/format.ts formatDuration). */
const days = (ms: number | null) => {
	if (ms === null) return '–';
	const d = ms / 86_400_000;
	return new Intl.NumberFormat('en-US', { style: 'unit', unit: 'day', unitDisplay: 'short', ...(d < 10 ? { minimumFractionDigits: 1, maximumFractionDigits: 1 } : { maximumFractionDigits: 0 }) }).format(d);
};


describe("the funnel view's first answer in two", () => {
	it('draws the engine’s funnel before its stage table and status counts, then those, as the engine computes them', async () => {
		const { table } = await readFile(sample, 'lead-lifecycle.csv');
		const windowed: LifecycleQuery = { model: leadLifecycle, mode: 'cumulative', windowDays: 14, filter: {} };
		const whole = new EngineSession(table).lifecycle(windowed);
		const unwindowed = new EngineSession(table).lifecycle({ ...windowed, windowDays: null }).funnel.steps.map((s) => s.count);
		const expected = whole.funnel.steps.map((s) => s.count);
		// Real numbers: a 14-day window narrows the funnel.
		expect(expected[0]).toBe(2000);
		expect(expected.at(-1)).toBeLessThan(unwindowed.at(-1)!);

		const { page, errors } = await openSample(siteOf());
		await expect.poll(async () => (await storedCounts(page, ['answers']))[0]).toBe(1);
		await page.context().addInitScript(HOLD_WHOLE);
		// A link with nothing stored for it: the first thing drawn is the engine's, the head start's funnel.
		const link = changed(page.url(), (s) => ({ ...s, options: { ...s.options, funnelWindow: 14 } }));
		const tab = await openTab(page.context(), link, errors);
		await tab.getByTestId('funnel-bar').first().waitFor();
		expect(await answerOf(tab)).toBe('engine');
		expect(await counts(tab)).toEqual(expected);
		// The whole answer is held: no stage table, no status line; the funnel alone is stored, for a reload meanwhile.
		await expect.poll(() => heldCount(tab)).toBeGreaterThan(0);
		await tab.waitForTimeout(500);
		expect(await tab.getByTestId('stage-table').count()).toBe(0);
		expect(await tab.getByTestId('status-summary').count()).toBe(0);
		// A windowed funnel counts and times its steps in one pass: its first answer has its times.
		expect(await medianCells(tab)).toEqual(whole.funnel.steps.map((s) => days(s.medianTimeFromPrevious)));
		await expect.poll(async () => (await storedCounts(tab, ['answers']))[0]).toBe(2);

		await release(tab);
		await tab.getByTestId('stage-table').waitFor();
		const status = await tab.getByTestId('status-summary').textContent();
		expect(status).toContain(`${count(whole.status.active)} active, ${count(whole.status.inactive)} inactive, ${count(whole.status.lost)} lost`);
		expect(await tab.getByTestId('stage-table').locator('caption').textContent()).toContain(`Stages of ${count(whole.stages.customers)} customers`);
		expect(await tab.getByTestId('stage-table').locator('tbody tr').count()).toBe(whole.stages.rows.length);
		expect(await counts(tab)).toEqual(expected);
		// The whole answer is the one stored for the next reload, in the funnel alone's place.
		await expect.poll(() => wholeAnswersStored(tab)).toBe(2);
		expect((await storedCounts(tab, ['answers']))[0]).toBe(2);

		// A changed option is answered whole: the stage table stays while it computes, the funnel changes with it.
		await hold(tab);
		const window = tab.getByTestId('funnel-window');
		await window.fill('');
		await window.dispatchEvent('change');
		await expect.poll(() => heldCount(tab)).toBeGreaterThan(0);
		await tab.waitForTimeout(500);
		expect(await counts(tab)).toEqual(expected);
		expect(await tab.getByTestId('stage-table').count()).toBe(1);
		await release(tab);
		await expect.poll(() => counts(tab)).toEqual(unwindowed);
		expect(await tab.getByTestId('stage-table').count()).toBe(1);
		expect(errors).toEqual([]);
	}, 120_000);

	it('without a head start (a link naming no model), the view asks for the funnel first itself, and its times come with the whole answer', async () => {
		const { table } = await readFile(sample, 'lead-lifecycle.csv');
		const medians = new EngineSession(table).lifecycle({ model: leadLifecycle, mode: 'cumulative', windowDays: null, filter: {} }).funnel.steps.map((s) => s.medianTimeFromPrevious);
		// Real numbers: every step after the first has a median time into it.
		expect(medians.slice(1).every((ms) => ms !== null && ms > 0)).toBe(true);
		const { page, errors } = await openSample(siteOf());
		await page.context().addInitScript(HOLD_WHOLE);
		const url = new URL(page.url());
		for (const name of ['model', 'm']) url.searchParams.delete(name);
		const tab = await openTab(page.context(), url.toString(), errors);
		await tab.getByTestId('funnel-bar').first().waitFor();
		expect(await answerOf(tab)).toBe('engine');
		const drawn = await counts(tab);
		expect(drawn[0]).toBe(2000);
		await expect.poll(() => heldCount(tab)).toBeGreaterThan(0);
		expect(await tab.getByTestId('stage-table').count()).toBe(0);
		// The dashboard's funnel (cumulative, every stage) leaves its times, most of a cold answer's compute, to the whole answer.
		await expect.poll(() => medianCells(tab)).toEqual(['–', ...medians.slice(1).map(() => '…')]);
		await release(tab);
		await tab.getByTestId('stage-table').waitFor();
		await tab.getByTestId('status-summary').waitFor();
		expect(await counts(tab)).toEqual(drawn);
		await expect.poll(() => medianCells(tab)).toEqual(medians.map(days));
		expect(errors).toEqual([]);
	}, 120_000);
});
