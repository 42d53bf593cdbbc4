/** Presentation mode: keyboard control, funnel steps revealed one at a time, the slide in the link, themes. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openSample, useSite } from './browser';

const siteOf = useSite();
const current = (page: import('playwright-core').Page) => page.locator('section.slide.current').getAttribute('data-testid');
const visibleSteps = (page: import('playwright-core').Page) => page.locator('[data-testid=slide-funnel] g.step:not(.hidden)').count();

describe('presentation mode, in the browser', () => {
	it('is driven by the keyboard and keeps the slide in the link', async () => {
		const { page, errors } = await openSample(siteOf());
		await page.getByTestId('present').click();
		await page.getByTestId('deck').waitFor();
		expect(await current(page)).toBe('slide-funnel');
		expect(await visibleSteps(page)).toBe(1);
		for (let k = 2; k <= 7; k++) {
			await page.keyboard.press(k % 2 ? 'ArrowRight' : ' ');
			expect(await visibleSteps(page)).toBe(k);
		}
		await page.keyboard.press('ArrowRight');
		expect(await current(page)).toBe('slide-stages');
		await page.waitForFunction(() => location.search.includes('slide=2'));
		await page.keyboard.press('End');
		expect(await current(page)).toBe('slide-value-clv');
		// The sample's stage table and retention heatmap each continue on a second slide; value has three slides.
		expect(await page.getByTestId('slide-number').filter({ visible: true }).textContent()).toBe('10 / 10');
		for (const id of ['slide-value-rfm', 'slide-value-top', 'slide-trend', 'slide-retention-2']) {
			await page.keyboard.press('ArrowLeft');
			expect(await current(page)).toBe(id);
		}
		await page.keyboard.press('Home');
		expect(await current(page)).toBe('slide-funnel');

		// A link opens on its slide.
		await page.keyboard.press('PageDown');
		await page.keyboard.press('End');
		for (let k = 0; k < 4; k++) await page.keyboard.press('PageUp');
		await page.waitForFunction(() => location.search.includes('slide=6'));
		const again = await page.context().newPage();
		await again.goto(page.url());
		await again.getByTestId('deck').waitFor();
		expect(await current(again)).toBe('slide-retention-2');

		await page.keyboard.press('Escape');
		await page.getByTestId('funnel-table').waitFor();
		expect(page.url()).not.toContain('slide=');
		expect(errors).toEqual([]);
	});

	it('moves by a swipe on a phone, whose scaled buttons are too small to tap, and not by a scroll', async () => {
		const { page, errors } = await openSample(siteOf());
		await page.setViewportSize({ width: 390, height: 844 });
		await page.getByTestId('present').click();
		await page.getByTestId('deck').waitFor();
		const swipe = (dx: number, dy: number) =>
			page.evaluate(([dx, dy]) => {
				const deck = document.querySelector('[data-testid=deck]')!;
				const at = (type: string, x: number, y: number) => deck.dispatchEvent(new PointerEvent(type, { bubbles: true, pointerId: 7, pointerType: 'touch', isPrimary: true, clientX: x, clientY: y }));
				at('pointerdown', 300, 400);
				at('pointerup', 300 + dx, 400 + dy);
			}, [dx, dy]);
		await swipe(-120, 10);
		expect(await visibleSteps(page)).toBe(2);
		for (let k = 3; k <= 7; k++) await swipe(-120, 0);
		await swipe(-120, 0);
		expect(await current(page)).toBe('slide-stages');
		await swipe(20, 300);
		expect(await current(page)).toBe('slide-stages');
		await swipe(150, 0);
		expect(await current(page)).toBe('slide-funnel');
		expect(errors).toEqual([]);
	});

	it('shows the deck before the value answer: its slides say they are computing, then fill in where the link points', async () => {
		const { page, errors } = await openSample(siteOf());
		// Hold the engine worker's value call until the test lets it go (Comlink posts { type: 'APPLY', path: ['value'] }).
		await page.evaluate(() => {
			const post = Worker.prototype.postMessage;
			const held: (() => void)[] = [];
			(window as unknown as { releaseValue: () => void }).releaseValue = () => held.splice(0).forEach((send) => send());
			Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
				const call = message as { type?: string; path?: string[] } | null;
				const send = () => post.apply(this, [message, ...rest] as Parameters<typeof post>);
				if (call?.type === 'APPLY' && call.path?.[0] === 'value') held.push(send);
				else send();
			} as typeof post;
		});
		await page.getByTestId('present').click();
		await page.getByTestId('deck').waitFor();
		// The funnel is there, revealed step by step, while the value slides wait: the same ten slides as ever.
		expect(await current(page)).toBe('slide-funnel');
		expect(await visibleSteps(page)).toBe(1);
		await page.keyboard.press('End');
		expect(await current(page)).toBe('slide-value-clv');
		await page.waitForFunction(() => location.search.includes('slide=10'));
		expect(await page.getByTestId('slide-number').filter({ visible: true }).textContent()).toBe('10 / 10');
		const computing = page.locator('section.slide.current [data-testid=slide-computing]');
		expect(await computing.getAttribute('aria-busy')).toBe('true');
		expect(await computing.textContent()).toBe('Computing…');
		// Nothing to export or note from an answer that is not there yet; the other slides are drawn.
		expect(await page.locator('section.slide.current [data-testid=slide-export]').count()).toBe(0);
		expect(await page.locator('section.slide.current [data-testid=slide-note]').count()).toBe(0);
		expect(await page.locator('[data-testid=slide-computing]').count()).toBe(3);
		await page.keyboard.press('ArrowLeft');
		expect(await current(page)).toBe('slide-value-rfm');
		await page.keyboard.press('ArrowRight');

		await page.evaluate(() => (window as unknown as { releaseValue: () => void }).releaseValue());
		await computing.waitFor({ state: 'detached' });
		expect(await current(page)).toBe('slide-value-clv');
		// The sample's lifetime-value slide: the forecast, or why the model does not fit; now with its export.
		await page.locator('section.slide.current .fit-area').waitFor();
		expect(await page.locator('section.slide.current [data-testid=slide-export]').count()).toBe(1);
		// Every value slide fills in, a task after another.
		await page.waitForFunction(() => document.querySelectorAll('[data-testid=slide-computing]').length === 0);
		await page.keyboard.press('ArrowLeft');
		await page.keyboard.press('ArrowLeft');
		expect(await current(page)).toBe('slide-value-top');
		expect(await page.locator('section.slide.current [data-testid=top-shares]').count()).toBe(1);
		expect(await page.locator('section.slide.current [data-testid=slide-note]').textContent()).toMatch(/^The top 20% of customers bring /);
		expect(errors).toEqual([]);
	});

	it('says on the value slides that their answer failed, and asks again on request', async () => {
		const { page, errors } = await openSample(siteOf());
		// The engine worker's first value call answers with an error, as Comlink carries a thrown one.
		await page.evaluate(() => {
			const post = Worker.prototype.postMessage;
			let failing = true;
			Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
				const call = message as { id?: string; type?: string; path?: string[] } | null;
				if (failing && call?.type === 'APPLY' && call.path?.[0] === 'value') {
					failing = false;
					const thrown = { isError: true, value: { name: 'Error', message: 'The value model ran out of memory.' } };
					setTimeout(() => this.dispatchEvent(new MessageEvent('message', { data: { id: call.id, type: 'HANDLER', name: 'throw', value: thrown } })));
					return;
				}
				post.apply(this, [message, ...rest] as Parameters<typeof post>);
			} as typeof post;
		});
		await page.getByTestId('present').click();
		await page.getByTestId('deck').waitFor();
		await page.keyboard.press('End');
		const failure = page.locator('section.slide.current [data-testid=engine-error]');
		await failure.waitFor();
		expect(await failure.getAttribute('role')).toBe('alert');
		expect(await failure.textContent()).toContain('The value model ran out of memory.');
		// Every value slide says so, no slide is left computing, and the others are drawn.
		expect(await page.locator('[data-testid=engine-error]').count()).toBe(3);
		expect(await page.locator('[data-testid=slide-computing]').count()).toBe(0);
		await page.keyboard.press('Home');
		expect(await visibleSteps(page)).toBe(1);

		await page.keyboard.press('End');
		await failure.getByRole('button').click();
		await page.locator('section.slide.current .fit-area').waitFor();
		expect(await page.locator('[data-testid=engine-error]').count()).toBe(0);
		expect(errors).toEqual([]);
	});

	it('switches to the dark and high-contrast themes from the link', async () => {
		const { page, errors } = await openSample(siteOf());
		await page.getByTestId('theme').selectOption('dark');
		expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
		await page.waitForFunction(() => location.search.includes('theme=dark'));
		const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
		expect(background).toBe('rgb(18, 24, 32)');
		await page.getByTestId('theme').selectOption('contrast');
		await page.getByTestId('present').click();
		await page.getByTestId('deck').waitFor();
		expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('contrast');
		expect(errors).toEqual([]);
	});

	it('notes each slide with its takeaway, editable, and offers the numbers as a table and as CSV', async () => {
		const { page, errors } = await openSample(siteOf());
		await page.getByTestId('present').click();
		await page.getByTestId('deck').waitFor();
		const note = () => page.locator('section.slide.current [data-testid=slide-note]').textContent();
		// The dashboard and the slide say the same: the sample's funnel loses most customers between Lead and MQL (547).
		expect(await note()).toMatch(/^Most customers are lost between Lead and MQL \(-\d+(\.\d)?%\)\.$/);
		await page.keyboard.press('End');
		await page.keyboard.press('ArrowLeft');
		await page.keyboard.press('ArrowLeft');
		expect(await current(page)).toBe('slide-value-top');
		const top = Number(await page.locator('section.slide.current [data-testid=top-shares] tr:last-child td[data-share]').getAttribute('data-share'));
		expect(await note()).toBe(`The top 20% of customers bring ${Math.round(top * 1000) / 10}% of revenue.`);

		// An edited note replaces the takeaway and travels in the link; emptied, the takeaway is back.
		await page.getByRole('button', { name: 'Edit note' }).click();
		await page.getByLabel('Note for this slide').fill('Our whales');
		await page.getByLabel('Note for this slide').blur();
		expect(await note()).toBe('Our whales');
		// Each note is URI-encoded within the link's comma-separated list.
		await page.waitForFunction(() => (new URLSearchParams(location.search).get('notes') ?? '').split(',').map(decodeURIComponent).includes('Our whales'));
		await page.getByRole('button', { name: 'Edit note' }).click();
		await page.getByLabel('Note for this slide').fill('');
		await page.getByLabel('Note for this slide').blur();
		expect(await note()).toMatch(/^The top 20% of customers/);

		// Show as table: the funnel's numbers instead of its bars; the CSV is the funnel's.
		await page.keyboard.press('Home');
		await page.getByTestId('slide-show-table').click();
		const rows = page.locator('section.slide.current [data-testid=slide-table] [data-testid=funnel-count]');
		expect(await rows.count()).toBe(7);
		expect(await page.locator('section.slide.current svg').count()).toBe(0);
		await page.getByTestId('slide-export').click();
		const [download] = await Promise.all([page.waitForEvent('download'), page.locator('section.slide.current [data-testid=export-csv]').click()]);
		const lines = readFileSync(await download.path(), 'utf8').trimEnd().split('\n');
		expect(lines[0]).toMatch(/^stage_id,step,/);
		expect(lines).toHaveLength(8);
		expect(Number(lines[1].split(',')[3])).toBe(Number(await rows.first().getAttribute('data-count')));
		// On to the stage table (the funnel first reveals its remaining steps); it is a table already.
		for (let k = 0; k < 7; k++) await page.keyboard.press('ArrowRight');
		expect(await current(page)).toBe('slide-stages');
		expect(await page.getByTestId('slide-show-table').count()).toBe(0);
		expect(errors).toEqual([]);
	});
});
