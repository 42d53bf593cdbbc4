/**
 * The stored first answer (issue 26's reload; app/dashboard-start.ts, store/answers.ts): a dashboard link opened in a
 * new tab draws the funnel the dashboard stored the last time it showed this very query on this dataset, before the
 * engine worker has answered, and then the engine's, the same numbers. A link that differs in anything the answer
 * depends on (filter, model, funnel option, as-of date, an added file) never shows a stored answer that is not its
 * own; a deleted dataset's answers are gone. To see what is drawn before the engine answers, the tests hold every
 * message to the engine worker until they release them.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { leadLifecycle } from '../../src/lib/engine/model';
import { EngineSession } from '../../src/lib/engine/session';
import { readFile } from '../helpers/import';
import { changed, foreignRequests, openSample, openTab, storedCounts, useSite, wholeAnswersStored } from './browser';

const siteOf = useSite();
const sample = readFileSync(new URL('../../static/samples/lead-lifecycle.csv', import.meta.url), 'utf8');

/**
 * In every page of the context: messages to the engine worker held (window.__holding) until __releaseEngine(), and
 * every state the funnel is drawn in, as [data-answer, the counts of its steps], in order.
 */
const HOLD_AND_WATCH = `
	window.__holding = true;
	window.__held = [];
	window.__states = [];
	const Original = window.Worker;
	const post = Original.prototype.postMessage;
	window.Worker = class extends Original {
		constructor(url, options) {
			super(url, options);
			if (options?.name === 'engine') this.postMessage = (...args) => (held(args) ? window.__held.push([this, args]) : post.apply(this, args));
		}
	};
	// With window.__holdWhole set, a call for the whole funnel answer (Comlink's APPLY of 'lifecycle') stays held.
	const held = (args) => window.__holding || (window.__holdWhole === true && args[0]?.type === 'APPLY' && args[0]?.path?.[0] === 'lifecycle');
	window.__releaseEngine = () => {
		window.__holding = false;
		for (const [worker, args] of window.__held.splice(0)) held(args) ? window.__held.push([worker, args]) : post.apply(worker, args);
	};
	new MutationObserver(() => {
		const funnel = document.querySelector('[data-testid=funnel]');
		const counts = funnel ? [...funnel.querySelectorAll('[data-testid=funnel-count]')].map((c) => Number(c.getAttribute('data-count'))) : [];
		if (!counts.length) return;
		const state = JSON.stringify([funnel.getAttribute('data-answer'), counts]);
		if (window.__states.at(-1) !== state) window.__states.push(state);
	}).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-answer', 'data-count'] });
`;


type Drawn = { answer: string; counts: number[] };
const states = (page: Page): Promise<Drawn[]> =>
	page.evaluate(() => (window as unknown as { __states: string[] }).__states.map((s) => JSON.parse(s)).map(([answer, counts]) => ({ answer, counts })));
const release = (page: Page) => page.evaluate(() => (window as unknown as { __releaseEngine(): void }).__releaseEngine());
const held = (page: Page) => page.evaluate(() => (window as unknown as { __held: unknown[] }).__held.length);
const answerOf = (page: Page) => page.getByTestId('funnel').getAttribute('data-answer');
const counts = (page: Page) => page.getByTestId('funnel-count').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))));

/** The sample's dashboard, its answer stored; the context holds the engine worker in every page opened after. */
async function sampleWithStoredAnswer() {
	const opened = await openSample(siteOf());
	const { page } = opened;
	await expect.poll(async () => (await storedCounts(page, ['answers']))[0]).toBe(1);
	await page.context().addInitScript(HOLD_AND_WATCH);
	return { ...opened, link: page.url() };
}


describe('the stored first answer', () => {
	it("draws the stored funnel before the engine answers, then the engine's, the same numbers", async () => {
		const { table } = await readFile(sample, 'lead-lifecycle.csv');
		const expected = new EngineSession(table).lifecycle({ model: leadLifecycle, mode: 'cumulative', windowDays: null, filter: {} }).funnel.steps.map((s) => s.count);
		expect(expected[0]).toBe(2000);
		const { page, errors, link } = await sampleWithStoredAnswer();
		const foreign = foreignRequests(page.context(), siteOf());

		const tab = await openTab(page.context(), link, errors);
		await tab.getByTestId('funnel-bar').first().waitFor();
		expect(await answerOf(tab)).toBe('stored');
		expect(await counts(tab)).toEqual(expected);
		// Drawn with the engine worker holding every message it was sent, answered none.
		expect(await held(tab)).toBeGreaterThan(0);

		await release(tab);
		await expect.poll(() => answerOf(tab)).toBe('engine');
		expect(await counts(tab)).toEqual(expected);
		expect(await states(tab)).toEqual([
			{ answer: 'stored', counts: expected },
			{ answer: 'engine', counts: expected }
		]);
		// Interactive once the engine has answered: a bar's customers list.
		await tab.getByTestId('funnel-bar').nth(1).click();
		await tab.getByTestId('customer-list').waitFor();
		expect(foreign).toEqual([]);
		expect(errors).toEqual([]);
	});

	it('never draws a stored answer for another filter, model, funnel option or as-of date', async () => {
		const { page, errors, link } = await sampleWithStoredAnswer();
		const base = await counts(page);
		const variants = {
			filter: changed(link, (s) => ({ ...s, options: { ...s.options, filterConditions: [{ name: 'channel', op: 'any', values: ['paid search'] }] } })),
			model: changed(link, (s) => ({ ...s, model: 'journey5' })),
			window: changed(link, (s) => ({ ...s, options: { ...s.options, funnelWindow: 14 } })),
			asOf: changed(link, (s) => ({ ...s, asOf: '2025-03-01' }))
		};
		for (const [name, variant] of Object.entries(variants)) {
			const tab = await openTab(page.context(), variant, errors);
			await tab.getByTestId('dataset-meta').waitFor();
			// Nothing stored for this query: nothing drawn while the engine is held.
			await tab.waitForTimeout(1500);
			expect(await tab.getByTestId('funnel-bar').count(), name).toBe(0);
			await release(tab);
			await expect.poll(() => answerOf(tab)).toBe('engine');
			const own = await counts(tab);
			expect(own, name).not.toEqual(base);
			expect((await states(tab)).every((s) => s.answer === 'engine'), name).toBe(true);
			// Shown once, it is stored: the next tab of this link draws it before the engine answers.
			await expect.poll(async () => (await storedCounts(page, ['answers']))[0]).toBeGreaterThan(1);
			const again = await openTab(page.context(), variant, errors);
			await again.getByTestId('funnel-bar').first().waitFor();
			expect(await answerOf(again), name).toBe('stored');
			expect(await counts(again), name).toEqual(own);
			await release(again);
			await expect.poll(() => answerOf(again)).toBe('engine');
			expect(await counts(again), name).toEqual(own);
			await Promise.all([tab.close(), again.close()]);
		}
		expect(errors).toEqual([]);
	}, 240_000);

	it("an added file makes a new dataset, whose first funnel is the engine's; the old one's answers are gone", async () => {
		const { page, errors } = await sampleWithStoredAnswer();
		await page.goto(siteOf().url);
		await release(page);
		const more = 'customer_id,timestamp,event,value,channel\nnew-1,2025-12-31T10:00:00Z,lead,,organic\nnew-2,2025-12-31T11:00:00Z,lead,,organic\n';
		await page.getByTestId('dataset-row').filter({ hasText: 'lead-lifecycle-sample' }).getByTestId('dataset-file-input').setInputFiles({ name: 'more.csv', mimeType: 'text/csv', buffer: Buffer.from(more) });
		await page.getByTestId('file-target').waitFor();
		expect(await page.getByTestId('target-add').isChecked()).toBe(true);
		await page.getByTestId('import-button').click();
		await page.getByTestId('appended').waitFor();
		expect(await storedCounts(page, ['datasets', 'answers'])).toEqual([1, 0]);
		await page.evaluate(() => ((window as unknown as { __holding: boolean }).__holding = true));
		await page.getByTestId('open-appended').click();
		await page.getByTestId('dataset-meta').waitFor();
		expect(await page.getByTestId('dataset-meta').textContent()).toContain('2,002 customers');
		await page.waitForTimeout(1500);
		expect(await page.getByTestId('funnel-bar').count()).toBe(0);
		await release(page);
		await expect.poll(() => answerOf(page)).toBe('engine');
		expect((await counts(page))[0]).toBe(2002);
		expect(errors).toEqual([]);
	}, 180_000);

	it('keeps the funnel alone once drawn, so that a page closed before the whole answer still leaves the next its first chart', async () => {
		const { page, errors, link } = await sampleWithStoredAnswer();
		const variant = changed(link, (s) => ({ ...s, options: { ...s.options, funnelWindow: 14 } }));
		await page.context().addInitScript('window.__holdWhole = true');
		// The engine answers the funnel, never the whole answer (stage table, status counts), and the tab is closed.
		const tab = await openTab(page.context(), variant, errors);
		await release(tab);
		await expect.poll(() => answerOf(tab)).toBe('engine');
		const own = await counts(tab);
		expect(own[0]).toBe(2000);
		expect(own).not.toEqual(await counts(page));
		expect(await tab.getByTestId('stage-table').count()).toBe(0);
		await expect.poll(async () => (await storedCounts(page, ['answers']))[0]).toBe(2);
		await tab.close();

		// The next tab of the link draws that funnel before the engine answers anything, then the engine's whole answer.
		const again = await openTab(page.context(), variant, errors);
		await again.getByTestId('funnel-bar').first().waitFor();
		expect(await answerOf(again)).toBe('stored');
		expect(await counts(again)).toEqual(own);
		expect(await held(again)).toBeGreaterThan(0);
		await again.evaluate(() => ((window as unknown as { __holdWhole: boolean }).__holdWhole = false));
		await release(again);
		await again.getByTestId('stage-table').waitFor();
		expect(await answerOf(again)).toBe('engine');
		expect(await counts(again)).toEqual(own);
		// The whole answer replaced the funnel kept alone: a third tab draws the stage table before the engine answers.
		await expect.poll(() => wholeAnswersStored(page)).toBe(2);
		expect(await storedCounts(page, ['answers'])).toEqual([2]);
		const third = await openTab(page.context(), variant, errors);
		await third.getByTestId('stage-table').waitFor();
		expect(await answerOf(third)).toBe('stored');
		expect(await counts(third)).toEqual(own);
		await Promise.all([again.close(), third.close()]);
		expect(errors).toEqual([]);
	});

	it("a deleted dataset's stored answers are gone, and its link asks for the file again", async () => {
		const { page, errors, link } = await sampleWithStoredAnswer();
		await page.goto(siteOf().url);
		await release(page);
		page.once('dialog', (dialog) => dialog.accept());
		await page.getByTestId('dataset-row').filter({ hasText: 'lead-lifecycle-sample' }).getByRole('button', { name: /Delete/ }).click();
		await page.getByTestId('dataset-list').waitFor({ state: 'detached' });
		expect(await storedCounts(page, ['datasets', 'chunks', 'answers'])).toEqual([0, 0, 0]);
		const tab = await openTab(page.context(), link, errors);
		await release(tab);
		await tab.getByTestId('needs-file').waitFor();
		expect(await tab.getByTestId('funnel-bar').count()).toBe(0);
		expect(errors).toEqual([]);
	});
});
