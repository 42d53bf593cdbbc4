/** The right model on first open: the data chooses it when the link names none, and the page says why. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newPage, useSite } from './browser';

const siteOf = useSite();
const VIETNAMESE = readFileSync(new URL('../fixtures/vietnamese-events.csv', import.meta.url));

const funnelCounts = (page: import('playwright-core').Page) =>
	page.getByTestId('funnel-count').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))));

describe('the model on first open', () => {
	it('a Vietnamese event log opens on the customer journey, not 10 → 0 → 0 …, and says why', async () => {
		const { page, errors } = await newPage(siteOf());
		await page.goto(siteOf().url);
		await page.getByTestId('file-input').setInputFiles({ name: 'su-kien.csv', mimeType: 'text/csv', buffer: VIETNAMESE });
		await page.getByTestId('mapper').waitFor();
		await page.getByTestId('import-button').click();
		await page.getByTestId('model-recommendation').waitFor();
		expect(await page.getByTestId('model-picker').inputValue()).toBe('journey5');
		await expect.poll(() => funnelCounts(page), { timeout: 15_000 }).toEqual([10, 7, 5, 4, 2]);
		expect(await page.getByTestId('model-recommendation').textContent()).toContain('đăng ký');
		// One click to change it: the picker takes the focus.
		await page.getByTestId('change-model').click();
		expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('model-picker');
		expect(errors).toEqual([]);
	});

	it("a link's model always wins", async () => {
		const { page } = await newPage(siteOf());
		await page.goto(siteOf().url);
		await page.getByTestId('file-input').setInputFiles({ name: 'su-kien.csv', mimeType: 'text/csv', buffer: VIETNAMESE });
		await page.getByTestId('mapper').waitFor();
		await page.getByTestId('import-button').click();
		await page.getByTestId('funnel-table').waitFor();
		await page.waitForURL(/model=journey5/);
		const url = new URL(page.url());
		url.searchParams.set('model', 'status');
		await page.goto(url.toString());
		await page.getByTestId('funnel-table').waitFor();
		expect(await page.getByTestId('model-picker').inputValue()).toBe('status');
		expect(await page.getByTestId('model-recommendation').count()).toBe(0);
	});
});
