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

/** A page of the given size whose mapper shows the export `name`, drawn. */
async function mapperAt(width: number, height: number, name: string) {
	const { page } = await newPage(siteOf());
	await page.setViewportSize({ width, height });
	await page.goto(siteOf().url);
	await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'text/csv', buffer: fixture(name) });
	await page.locator('[data-testid=mapper][aria-busy=false]').waitFor();
	return page;
}

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
		await page.locator('[data-testid=mapper][aria-busy=false]').waitFor();
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

	it('an order-lines file of several megabytes is read in two parts (two workers): one event per order, an order on both sides joined', async () => {
		const { page, errors } = await newPage(siteOf());
		await page.goto(siteOf().url);
		// 10,000 orders of 4 lines (40,000 lines, 2.9 MB, over MIN_SPLIT_BYTES) for 3,000 customers; every 40th cancelled
		// (a C invoice, negative quantities: one refund); every 50th has its last line written at the end of the file,
		// so the orders of the first half among them stand on both sides of the split.
		const header = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
		const lines: string[] = [];
		const moved: string[] = [];
		for (let k = 0; k < 10_000; k++) {
			const cancelled = k % 40 === 0;
			for (let item = 0; item < 4; item++) {
				const quantity = (cancelled ? -1 : 1) * (1 + item);
				const line = `${cancelled ? 'C' : ''}${600000 + k},2208${item},ITEM 2208${item},${quantity},${1 + (k % 12)}/${1 + (k % 28)}/2024 10:${String(k % 60).padStart(2, '0')},2.55,${12000 + (k % 3000)}.0,United Kingdom`;
				(item === 3 && k % 50 === 7 ? moved : lines).push(line);
			}
		}
		const workers: string[] = [];
		page.on('worker', (worker) => workers.push(worker.url()));
		await page.getByTestId('file-input').setInputFiles({ name: 'orders-two-parts.csv', mimeType: 'text/csv', buffer: Buffer.from([header, ...lines, ...moved].join('\n')) });
		await page.getByTestId('mapper').waitFor();
		expect(await page.getByTestId('shape').inputValue()).toBe('orders');
		await page.getByTestId('import-button').click();
		await page.getByTestId('funnel-table').waitFor({ timeout: 60_000 });
		// One event per order (a purchase, or the cancellation's refund), none for the moved lines: they joined their orders.
		expect(await page.getByTestId('dataset-meta').textContent()).toContain('10,000 events · 3,000 customers');
		expect(workers.filter((url) => /\/part\.worker-[^/]*\.js$/.test(url))).toHaveLength(1);
		expect(errors).toEqual([]);
	});

	it('on a phone (390 px), what the first rows of an order file become fits its box: the derived value is in view', async () => {
		// Each heading took the mapper's column width (9rem): the table was 624 px wide in a 316 px box, the event and
		// the value out of view.
		const page = await mapperAt(390, 844, 'shopify-orders.csv');
		const table = page.getByTestId('derived-events');
		const fit = await table.evaluate((t) => ({ table: t.getBoundingClientRect().width, box: t.parentElement!.clientWidth }));
		expect(fit.table).toBeLessThanOrEqual(fit.box);
		const value = await table.locator('tbody tr').first().locator('td').last().evaluate((td) => {
			const box = td.getBoundingClientRect();
			return { text: td.textContent, inView: box.left >= 0 && box.right <= window.innerWidth };
		});
		expect(value).toEqual({ text: '50.00', inView: true });
	});

	it('the mapper fits the screen at 1280 px: every detected role of the retail file is in view without scrolling sideways', async () => {
		const page = await mapperAt(1280, 720, 'retail-orders.csv');
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

/*
 * The dashboard's figures of each export, by hand from tests/fixtures/shops/README.md (net value per customer:
 * purchases less refunds, to the cent). An orders file opens on the 5-stage customer journey, whose Retention step
 * is the repeat customers: those with two purchases (orders that are not themselves cancellations) or more.
 * The 80/20 row is the ceil(20% × n) customers of highest net value and their share of the net total.
 *  retail   17850 72.94 + 22.20 + 25.50 − 25.50 = 95.14 (3 orders); 13047 66.68; 12583 144.00; 14527 34.80 − 27.50 =
 *           7.30; 15311 19.35 − 4.65 = 14.70; 12347 42.20 − 17.00 = 25.20. Total 353.02; repeat 1 (17850);
 *           top ceil(1.2) = 2: 144.00 + 95.14 = 239.14 of 353.02.
 *  shopify  ann 50.00 + 54.00 − 18.00 = 86.00 (2 orders); bob 24.00 − 24.00 = 0; cara 30.50 + 12.00 − 12.00 (voided)
 *           = 30.50 (2 orders). Total 116.50; repeat 2 (ann, cara); top ceil(0.6) = 1: ann 86.00 of 116.50.
 *  woo      7: 45.00 + 27.00 = 72.00 (2 orders); 8: 30.00 − 30.00 = 0; 9: 15.50 − 15.50 (cancelled) + 61.25 = 61.25
 *           (2 orders). Total 133.25; repeat 2; top 1: 72.00 of 133.25.
 *  stripe   cus_PaA1 20.00 + 20.00 = 40.00 (2); cus_PaB2 49.99 − 49.99 = 0 (the failed payment is rejected);
 *           cus_PaC3 100.00 − 25.00 + 0.10 + 0.20 = 75.30 (3). Total 115.30; repeat 2; top 1: 75.30 of 115.30.
 */
describe('shop exports: the dashboard’s repeat customers, revenue and 80/20', () => {
	it.each([
		// name, customers, repeat customers, net total, top 20%'s value
		['retail-orders.csv', 6, 1, '353.02', 239.14],
		['shopify-orders.csv', 3, 2, '116.50', 86.0],
		['woocommerce-orders.csv', 3, 2, '133.25', 72.0],
		['stripe-payments.csv', 3, 2, '115.30', 75.3]
	])('%s', async (name, customers, repeat, total, top) => {
		const { page, errors } = await newPage(siteOf());
		await page.goto(siteOf().url);
		await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'text/csv', buffer: fixture(name) });
		await page.getByTestId('mapper').waitFor();
		await page.getByTestId('import-button').click();
		await page.getByTestId('funnel-table').waitFor();
		expect(await page.getByTestId('model-picker').inputValue()).toBe('journey5');
		const count = (stage: string) => page.locator(`[data-testid=funnel-table] tr[data-stage=${stage}] [data-testid=funnel-count]`).getAttribute('data-count');
		await expect.poll(() => count('reach'), { timeout: 15_000 }).toBe(String(customers));
		expect(await count('retention')).toBe(String(repeat));
		expect(await count('loyalty')).toBe('0');

		await page.getByTestId('tab-value').click();
		const shares = page.getByTestId('top-shares');
		await shares.waitFor();
		expect(await shares.locator('caption').textContent()).toContain(`${customers} customers, total value ${total}`);
		const topRow = shares.locator('tbody tr').nth(3);
		expect(await topRow.locator('th').textContent()).toBe('20%');
		expect(Number(await topRow.locator('td[data-share]').getAttribute('data-share'))).toBeCloseTo(top / Number(total), 12);
		expect(errors).toEqual([]);
	});
});
