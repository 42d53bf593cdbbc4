/**
 * Headless Chromium (Debian's, never a downloaded one) against the built site,
 * served by the plain static server under a sub-path to prove relative paths work.
 */
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
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
