/**
 * Headless Chromium (Debian's, never a downloaded one) against the built site,
 * served by the plain static server under a sub-path to prove relative paths work.
 */
import type { Server } from 'node:http';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { serveStatic } from '../../scripts/serve.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** No sandbox (root in CI) and none of Chromium's own network traffic, which this machine's closed network refuses. */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];
const BASE = '/lens';

export interface Site {
	url: string;
	browser: Browser;
	close(): Promise<void>;
}

export async function openSite(): Promise<Site> {
	const server: Server = await serveStatic('build', { port: 0, base: BASE });
	const address = server.address();
	if (!address || typeof address === 'string') throw new Error('the static server has no port');
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
	return {
		url: `http://127.0.0.1:${address.port}${BASE}/`,
		browser,
		async close() {
			await browser.close();
			await new Promise((done) => server.close(done));
		}
	};
}

/** A page that records uncaught errors and console errors, so a test can demand there were none. */
export async function newPage(site: Site): Promise<{ page: Page; errors: string[] }> {
	const context = await site.browser.newContext();
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push(`console: ${m.text()}`);
	});
	return { page, errors };
}

/** Serves the site and starts the browser for the test file: call at the top of a file, read site() in tests. */
export function useSite(): () => Site {
	let site: Site;
	beforeAll(async () => {
		site = await openSite();
	});
	afterAll(async () => {
		await site?.close();
	});
	return () => site;
}

/** A fresh page with the built-in sample imported and its dashboard open. */
export async function openSample(site: Site) {
	const opened = await newPage(site);
	await opened.page.goto(site.url);
	await opened.page.getByTestId('try-sample').click();
	await opened.page.getByTestId('funnel-table').waitFor();
	// The link follows what is shown a little later: wait until it names the dataset's file.
	await opened.page.waitForFunction(() => new URLSearchParams(location.search).has('dn'));
	return opened;
}

/** How many records each IndexedDB store of the site holds, read in the page. */
export function storedCounts(page: Page, stores: string[]): Promise<number[]> {
	return page.evaluate(async (names) => {
		const open = indexedDB.open('lifecycle-lens');
		const db: IDBDatabase = await new Promise((done) => (open.onsuccess = () => done(open.result)));
		const count = (store: string) =>
			new Promise<number>((done) => {
				const request = db.transaction(store).objectStore(store).count();
				request.onsuccess = () => done(request.result);
			});
		const counts = await Promise.all(names.map(count));
		db.close();
		return counts;
	}, stores);
}

/**
 * Runs `code` in the import worker before its own module body (the worker's script is served with it in front):
 * how a test makes the worker's storage fail or takes away an API it uses, where a page init script cannot reach.
 */
export async function patchImportWorker(context: BrowserContext, code: string): Promise<void> {
	await context.route(/\/import\.worker-[\w-]+\.js$/, async (route) => {
		const response = await route.fetch();
		await route.fulfill({ response, body: `${code}\n${await response.text()}` });
	});
}

/**
 * Samples the JavaScript heap of the page's import worker every 50 ms through the DevTools protocol
 * (Runtime.getHeapUsage on the worker's target) until stop(), which gives the peak. A sample waits while the
 * worker is inside one long step, so a peak in the middle of such a step is seen only as it ends.
 */
export async function watchImportWorkerHeap(page: Page): Promise<{ stop(): Promise<number> }> {
	const cdp = await page.context().newCDPSession(page);
	let worker: string | null = null;
	let peak = 0;
	let nextId = 1;
	const answers = new Map<number, (usedSize: number) => void>();
	cdp.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => {
		if (/import\.worker/.test(targetInfo.url)) worker = sessionId;
	});
	cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
		const { id, result } = JSON.parse(message) as { id: number; result?: { usedSize?: number } };
		answers.get(id)?.(result?.usedSize ?? 0);
		answers.delete(id);
	});
	// Not flattened: this session's messages to the worker go through Target.sendMessageToTarget, beside Playwright's own.
	await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
	let sampling = false;
	const sample = async () => {
		if (!worker || sampling) return;
		sampling = true;
		const id = nextId++;
		const used = await new Promise<number>((done) => {
			answers.set(id, done);
			setTimeout(() => done(0), 2000); // a worker ended (Cancel) answers no more
			cdp.send('Target.sendMessageToTarget', { sessionId: worker!, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) }).catch(() => done(0));
		});
		peak = Math.max(peak, used);
		sampling = false;
	};
	const timer = setInterval(() => void sample(), 50);
	return {
		async stop() {
			clearInterval(timer);
			while (sampling) await new Promise((done) => setTimeout(done, 10));
			await sample();
			await cdp.detach().catch(() => {});
			return peak;
		}
	};
}
