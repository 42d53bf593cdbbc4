/**
 * The browser the e2e tests and the benchmark share (`launchChromium`) runs nothing of Chromium's own beside the page
 * under test. From Debian's Chromium 156.0.8078.114 each new window rendered its address-bar popup in a renderer
 * process of its own, 0.4-0.7 s of CPU as a page opened on the same two cores, and its main thread's tasks counted
 * with the page's in a trace (`traceMainThread` takes every renderer's main thread). A Chromium that renames the
 * features turned off would bring it back unseen; this says so.
 */
import { describe, expect, it } from 'vitest';
import { useSite, type TraceEvent } from './browser';

const siteOf = useSite();

describe('the tests’ browser', () => {
	it('starts no renderer of its own as a page opens: only the page’s', async () => {
		const { browser, url } = siteOf();
		// The whole browser traced from before the page's window exists: the popup's renderer starts with the window.
		await browser.startTracing(undefined, { categories: ['devtools.timeline'] });
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(url);
		await page.getByTestId('file-input').waitFor({ state: 'attached' });
		await page.waitForTimeout(1000);
		const { traceEvents } = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
		await context.close();
		const processes = traceEvents.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => e.args?.name);
		expect(processes).toContain('Renderer');
		// Utility processes ("Service: …", the tracing service among them) run no page; any other renderer is one too many.
		const others = processes.filter((name = '') => !['Browser', 'GPU Process', 'Renderer'].includes(name) && !name.startsWith('Service: '));
		expect(others).toEqual([]);
	});
});
