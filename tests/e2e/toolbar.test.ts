/**
 * The dashboard's first screen: the key figures agree with the funnel, the status line and the stage table drawn
 * below them, and follow the filter; the toolbar's menus are disclosures (aria-expanded, Escape closes and gives the
 * focus back, a click elsewhere closes) whose controls keep their names.
 */
import { describe, expect, it } from 'vitest';
import { openSample, useSite } from './browser';

const siteOf = useSite();
const number = (text: string | null) => Number((text ?? '').replace(/[^\d.-]/g, ''));

describe('the first screen', () => {
	it('shows key figures that agree with the charts below them, and follow the filter', async () => {
		const { page, errors } = await openSample(siteOf());
		const figure = async (name: string) => number(await page.getByTestId(`figure-${name}`).textContent());
		await page.getByTestId('figure-customers').waitFor();

		const counts = (await page.getByTestId('funnel-count').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count')))));
		expect(await figure('customers')).toBe(2000);
		expect(counts[0]).toBe(2000);
		// 69 of 2,000 reached the last step: 3.5 %.
		expect(await page.getByTestId('figure-conversion').textContent()).toBe(`${((100 * counts.at(-1)!) / counts[0]).toFixed(1)}%`);
		const status = (await page.getByTestId('status-summary').textContent())!.match(/[\d,]+(?= active| inactive| lost)/g)!.map(number);
		expect([await figure('active'), await figure('at-risk'), await figure('lost')]).toEqual(status);
		expect(status.reduce((a, b) => a + b)).toBe(2000);
		// The total value is the stage table's value column summed (every customer is in one stage).
		const values = await page.locator('[data-testid=stage-table] td[data-key=valueSum]').allTextContents();
		const cents = values.reduce((sum, text) => sum + Math.round(number(text) * 100), 0);
		expect(Math.round((await figure('value')) * 100)).toBe(cents);
		expect(cents).toBeGreaterThan(0);

		// A filter: customers of the email channel only.
		await page.getByTestId('filters-menu').click();
		await page.getByTestId('add-condition').click();
		await page.getByTestId('condition-attribute').selectOption('channel');
		await page.getByTestId('condition-values').selectOption('email');
		await page.waitForFunction(() => Number(document.querySelector('[data-testid=figure-customers]')?.textContent?.replace(/\D/g, '')) < 2000);
		await page.waitForFunction(
			() => document.querySelector('[data-testid=funnel-count]')?.getAttribute('data-count') === document.querySelector('[data-testid=figure-customers]')?.textContent?.replace(/\D/g, '')
		);
		expect(await figure('customers')).toBeGreaterThan(0);
		expect(errors).toEqual([]);
		await page.context().close();
	});

	it('folds the filters, sharing and model actions behind buttons that open, close on Escape and give the focus back; the filters push the page down', async () => {
		const { page, errors } = await openSample(siteOf());
		for (const [menu, inside] of [
			['filters-menu', 'filter-from'],
			['share-menu', 'share-snapshot'],
			['model-menu', 'save-model']
		]) {
			const button = page.getByTestId(menu);
			expect(await button.getAttribute('aria-expanded')).toBe('false');
			expect(await page.getByTestId(inside).isVisible()).toBe(false);
			await button.click();
			expect(await button.getAttribute('aria-expanded')).toBe('true');
			expect(await page.getByTestId(inside).isVisible()).toBe(true);
			await page.getByTestId(inside).focus();
			await page.keyboard.press('Escape');
			expect(await button.getAttribute('aria-expanded')).toBe('false');
			expect(await page.evaluate((id) => document.activeElement?.getAttribute('data-testid') === id, menu)).toBe(true);
			await button.click();
			if (menu === 'filters-menu') {
				// The filters push the page down instead of covering it: the key figures and the tabs stay in view and
				// in reach, and a view can be changed with the filters open (they stay open until closed).
				const panel = await page.getByTestId('filters-menu-panel').boundingBox();
				for (const below of ['key-figures', 'tab-flows']) expect((await page.getByTestId(below).boundingBox())!.y).toBeGreaterThanOrEqual(panel!.y + panel!.height);
				await page.getByTestId('tab-flows').click();
				await page.getByTestId('sankey').waitFor();
				expect(await page.getByTestId(inside).isVisible()).toBe(true);
				await page.getByTestId('tab-funnel').click();
				await button.click();
			} else {
				// A menu over the page: a click elsewhere closes it.
				await page.locator('h1').click();
			}
			expect(await button.getAttribute('aria-expanded')).toBe('false');
		}
		// The controls inside keep their names.
		await page.getByTestId('model-menu').click();
		for (const name of ['Edit model', 'Save model', 'Export JSON']) expect(await page.getByRole('button', { name, exact: true }).isVisible()).toBe(true);
		await page.getByTestId('share-menu').click();
		for (const name of ['Save dashboard', 'Share without data', 'Download report']) expect(await page.getByRole('button', { name, exact: true }).isVisible()).toBe(true);
		expect(errors).toEqual([]);
		await page.context().close();
	});
});
