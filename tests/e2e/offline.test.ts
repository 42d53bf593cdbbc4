/** After one visit, the site opens and works with no network (the service worker serves its files). */
import { describe, expect, it } from 'vitest';
import { newPage, openSample, useSite } from './browser';

const siteOf = useSite();

describe('offline', () => {
	it('reloads the dashboard and opens the home page with the network off', async () => {
		const { page, errors } = await openSample(siteOf());
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
		});
		// The page that installed the worker is not yet controlled by it; a reload is.
		await page.reload();
		await page.getByTestId('funnel-table').waitFor();
		const counts = await page.getByTestId('funnel-count').allTextContents();

		await page.context().setOffline(true);
		await page.reload();
		await page.getByTestId('funnel-table').waitFor();
		expect(await page.getByTestId('funnel-count').allTextContents()).toEqual(counts);
		await page.goto(siteOf().url);
		await page.getByTestId('dataset-row').first().waitFor();
		expect(await page.getByTestId('dataset-row').count()).toBe(1);
		expect(errors).toEqual([]);
	});

	it("registers the service worker only once the first visit's page is drawn, not beside SvelteKit's start", async () => {
		const { page, errors } = await newPage(siteOf());
		await page.addInitScript(() => {
			const register = ServiceWorkerContainer.prototype.register;
			ServiceWorkerContainer.prototype.register = function (...args) {
				(window as unknown as { registeredAt: number }).registeredAt = performance.now();
				return register.apply(this, args);
			};
		});
		await page.goto(siteOf().url);
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
		});
		const { registeredAt, firstPaint } = await page.evaluate(() => ({
			registeredAt: (window as unknown as { registeredAt?: number }).registeredAt,
			firstPaint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime
		}));
		// SvelteKit registered it at the load event, while its start and the page's first layout were still to come.
		expect(firstPaint).toBeGreaterThan(0);
		expect(registeredAt).toBeGreaterThan(firstPaint!);
		expect(errors).toEqual([]);
	});
});
