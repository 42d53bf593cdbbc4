/** Presentation mode: keyboard control, funnel steps revealed one at a time, the slide in the link, themes. */
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
		expect(await current(page)).toBe('slide-trend');
		// The sample's stage table and retention heatmap each continue on a second slide.
		expect(await page.getByTestId('slide-number').filter({ visible: true }).textContent()).toBe('7 / 7');
		await page.keyboard.press('ArrowLeft');
		expect(await current(page)).toBe('slide-retention-2');
		await page.keyboard.press('Home');
		expect(await current(page)).toBe('slide-funnel');

		// A link opens on its slide.
		await page.keyboard.press('PageDown');
		await page.keyboard.press('End');
		await page.keyboard.press('PageUp');
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
});
