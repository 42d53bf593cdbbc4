/**
 * What the home page loads once it is drawn and the browser is idle, before any file is chosen: the dashboard's code,
 * which an import opens, so that its compile and V8's code cache for it do not come just before the import's first
 * bar (bench/README.md).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, openSample, useSite } from './browser';

const siteOf = useSite();

/** The route modules (SvelteKit's nodes) a page has fetched, all so far or only those asked before its first paint. */
const routeModules = (page: Page, beforeFirstPaint = false) =>
	page.evaluate((before) => {
		const paint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Infinity;
		return performance
			.getEntriesByType('resource')
			.filter((r) => r.name.includes('/_app/immutable/nodes/') && (!before || r.startTime < paint))
			.map((r) => r.name);
	}, beforeFirstPaint);

describe('the home page once idle', () => {
	it("has fetched the dashboard's route modules before a file is chosen", async () => {
		const { page: sample } = await openSample(siteOf());
		// The dashboard opened fresh in its own tab fetches its route modules and no other page's.
		const dashboard = await sample.context().newPage();
		await dashboard.goto(sample.url());
		await dashboard.getByTestId('funnel-table').waitFor();
		const dashboardModules = await routeModules(dashboard);
		const { page: home, errors } = await newPage(siteOf());
		await home.goto(siteOf().url);
		await home.getByTestId('file-input').waitFor({ state: 'attached' });
		await home.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
		const homeModules = await routeModules(home, true);
		const dashboardOnly = dashboardModules.filter((name) => !homeModules.includes(name));
		expect(dashboardOnly.length).toBeGreaterThan(0);
		await home.waitForFunction((wanted) => wanted.every((name) => performance.getEntriesByName(name).length > 0), dashboardOnly, { timeout: 10_000 });
		expect(await home.getByTestId('funnel-table').count()).toBe(0);
		expect(errors).toEqual([]);
	});
});
