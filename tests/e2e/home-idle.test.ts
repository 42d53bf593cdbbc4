/**
 * What the home page loads once it is drawn and the browser is idle, before any file is chosen: the dashboard's code,
 * which an import opens, so that its compile and V8's code cache for it do not come just before the import's first
 * bar (bench/README.md).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, openSample, useSite } from './browser';

const siteOf = useSite();

/** The route modules (SvelteKit's nodes) a page has fetched so far. */
const routeModules = (page: Page) =>
	page.evaluate(() =>
		performance
			.getEntriesByType('resource')
			.filter((r) => r.name.includes('/_app/immutable/nodes/'))
			.map((r) => r.name)
	);

/** The route modules a page opened fresh in a tab of its own fetches once drawn (`ready`). */
async function modulesOf(context: BrowserContext, url: string, ready: string): Promise<string[]> {
	const page = await context.newPage();
	await page.goto(url);
	await page.getByTestId(ready).first().waitFor();
	const modules = await routeModules(page);
	await page.close();
	return modules;
}

describe('the home page once idle', () => {
	it("has fetched the dashboard's route modules before a file is chosen", async () => {
		const { page: sample } = await openSample(siteOf());
		// The dashboard's own modules: what it fetches and another page (the comparison's) does not, the layouts being
		// shared. Told apart by page, not by time: the home page's fetches before its first paint (its presentation) and
		// the idle preload after its first frame can interleave.
		const dashboardModules = await modulesOf(sample.context(), sample.url(), 'funnel-table');
		const compareModules = await modulesOf(sample.context(), new URL('../compare/', sample.url()).toString(), 'compare-missing');
		const dashboardOnly = dashboardModules.filter((name) => !compareModules.includes(name));
		expect(dashboardOnly.length).toBeGreaterThan(0);
		const { page: home, errors } = await newPage(siteOf());
		await home.goto(siteOf().url);
		await home.getByTestId('file-input').waitFor({ state: 'attached' });
		await home.waitForFunction((wanted) => wanted.every((name) => performance.getEntriesByName(name).length > 0), dashboardOnly, { timeout: 10_000 });
		expect(await home.getByTestId('funnel-table').count()).toBe(0);
		expect(errors).toEqual([]);
	});
});
