/**
 * Shop exports dropped on the home page import with nothing beyond pressing Import (tests/fixtures/shops/README.md
 * has the hand computation): the mapper detects the orders shape and says how revenue is made, Import is enabled at
 * once, and the dataset holds one purchase per order and the refunds.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newPage, useSite } from './browser';

const siteOf = useSite();
const fixture = (name: string) => readFileSync(new URL(`../fixtures/shops/${name}`, import.meta.url));

describe('shop exports, in the browser', () => {
	it.each([
		// name, revenue sentence, events (purchases + refunds), customers, first derived event
		['retail-orders.csv', 'Quantity × UnitPrice, summed over its lines', '12 events · 6 customers', ['17850', '2010-12-01 08:26', 'purchase', '72.94']],
		['shopify-orders.csv', 'its Total, taken once per order', '8 events · 3 customers', ['ann@example.com', '2024-03-01 15:15', 'purchase', '50.00']],
		['woocommerce-orders.csv', 'its order_total, taken once per order', '7 events · 3 customers', ['7', '2024-03-01 10:00', 'purchase', '45.00']],
		['stripe-payments.csv', 'Amount of each row', '8 events · 3 customers', ['cus_PaA1', '2024-03-01 10:00', 'purchase', '20.00']]
	])('%s', async (name, revenue, meta, firstEvent) => {
		const { page, errors } = await newPage(siteOf());
		await page.goto(siteOf().url);
		await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'text/csv', buffer: fixture(name) });
		await page.getByTestId('mapper').waitFor();
		expect(await page.getByTestId('shape').inputValue()).toBe('orders');
		expect(await page.getByTestId('revenue-rule').textContent()).toContain(revenue);
		const first = await page.locator('[data-testid=derived-events] tbody tr').first().locator('td').allTextContents();
		expect(first).toEqual(firstEvent);
		expect(await page.getByTestId('import-button').isEnabled()).toBe(true);
		await page.getByTestId('import-button').click();
		await page.getByTestId('funnel-table').waitFor();
		expect(await page.getByTestId('dataset-meta').textContent()).toContain(meta);
		expect(errors).toEqual([]);
	});

	it('the mapper fits the screen at 1280 px: every detected role of the retail file is in view without scrolling sideways', async () => {
		const { page } = await newPage(siteOf());
		await page.setViewportSize({ width: 1280, height: 720 });
		await page.goto(siteOf().url);
		await page.getByTestId('file-input').setInputFiles({ name: 'retail-orders.csv', mimeType: 'text/csv', buffer: fixture('retail-orders.csv') });
		await page.getByTestId('mapper').waitFor();
		const roles = await page.locator('[data-testid=mapping-summary] li').evaluateAll((items) =>
			items.map((li) => {
				const box = li.getBoundingClientRect();
				return { role: li.getAttribute('data-role'), text: li.textContent?.trim(), inView: box.left >= 0 && box.right <= window.innerWidth };
			})
		);
		expect(roles.map((r) => r.role)).toEqual(['order', 'quantity', 'timestamp', 'unit-price', 'customer', 'attribute']);
		expect(roles.every((r) => r.inView)).toBe(true);
		expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
	});
});
