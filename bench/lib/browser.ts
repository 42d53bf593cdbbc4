/**
 * Headless Chromium for the benchmark: Debian's, with the e2e tests' flags, plus eager memory measurement so
 * measureUserAgentSpecificMemory answers at once. No host but localhost resolves, so nothing can leave the machine.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../tests/e2e/browser';

export function launchBrowser(): Promise<Browser> {
	return launchChromium(['--enable-blink-features=ForceEagerMeasureMemory', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost']);
}

/**
 * A fresh context (its own, empty IndexedDB); requests elsewhere than localhost are listed (and fail: no other host
 * resolves). Listened to, not intercepted: routing every request through the runner added a round trip to each of
 * the page's scripts, which the reload timing then counted.
 */
export async function isolatedContext(browser: Browser, foreign: string[]): Promise<BrowserContext> {
	const context = await browser.newContext();
	context.on('request', (request) => {
		const { protocol, hostname } = new URL(request.url());
		if (protocol === 'data:' || protocol === 'blob:' || hostname === '127.0.0.1' || hostname === 'localhost') return;
		foreign.push(request.url());
	});
	return context;
}

/**
 * Logged by the page (OBSERVE_PAGE) once the funnel shows the engine's answer: a runner waits for this console message
 * rather than for a function polled in the page or a locator, whose first use injects Playwright's script into the
 * page, a 25 ms main-thread task (traced on a two-core machine) inside the reload it times.
 */
export const ENGINE_CHART = 'lens-bench: engine chart';

/**
 * Records main-thread long tasks from the first script on: window.__longTasks holds [start, duration] pairs,
 * window.__firstChart the time the first funnel bar appeared (on a reload, the stored answer's where there is one),
 * window.__engineChart the time the funnel showed the engine's own answer (the funnel's data-answer, absent before
 * stored answers: then the first bar's time), also logged (ENGINE_CHART). A trace has both ends marked
 * (console.timeStamp 'page-start' as the document starts, 'first-bar'), for bench:profile's "before the first bar".
 * window.__import times an import as the page sees it: the file input's change (chosen), the Import button first
 * enabled (ready), the click on it (clicked); bench/lib/lens.ts takes the import's figures from these, as
 * DuckDB-WASM's load is timed in its page.
 */
export const OBSERVE_PAGE = `
	console.timeStamp('page-start');
	window.__longTasks = [];
	new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]); })
		.observe({ type: 'longtask', buffered: true });
	new MutationObserver((_, observer) => {
		const bar = document.querySelector('[data-testid=funnel-bar]');
		if (!bar) return;
		if (window.__firstChart === undefined) { window.__firstChart = performance.now(); console.timeStamp('first-bar'); }
		if (bar.closest('[data-testid=funnel]')?.getAttribute('data-answer') !== 'stored') { window.__engineChart = performance.now(); observer.disconnect(); console.debug('${ENGINE_CHART}'); }
	}).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-answer'] });
	window.__import = {};
	// Events' timeStamps are on performance.now()'s clock: when the browser had the file, and the click.
	addEventListener('change', (e) => { if (e.target.matches?.('[data-testid=file-input]')) window.__import.chosen = e.timeStamp; }, true);
	addEventListener('click', (e) => { if (e.target.closest?.('[data-testid=import-button]')) window.__import.clicked = e.timeStamp; }, true);
	new MutationObserver((_, observer) => {
		const button = document.querySelector('[data-testid=import-button]');
		if (!button || button.disabled || window.__import.chosen === undefined) return;
		window.__import.ready = performance.now();
		observer.disconnect();
	}).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
`;

/** Calls a bench page's window.bench functions from Node, as if they were local (arguments and results are JSON). */
export function benchPage<T extends object>(page: Page): T {
	return new Proxy({} as T, {
		get: (_, name) => (...args: unknown[]) =>
			page.evaluate(([call, list]) => (window as unknown as { bench: Record<string, (...a: unknown[]) => unknown> }).bench[call](...list), [String(name), args] as const)
	});
}
