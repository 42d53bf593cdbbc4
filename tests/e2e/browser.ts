/**
 * Headless Chromium (Debian's, never a downloaded one) against the built site,
 * served by the plain static server under a sub-path to prove relative paths work.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { serveStatic } from '../../scripts/serve.mjs';
import { decodeState, encodeState, type DashboardState } from '../../src/lib/state/url';

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

/**
 * Features of Chromium's own window that a test's page never shows and that take a core from it: from Chromium 156
 * (Debian's 156.0.8078.114 here) each new headless window renders its address bar's popup in a renderer process of
 * its own ("WebUI Top Renderer", chrome://omnibox-popup.top-chrome), 0.4-0.7 s of CPU while the page opens. On two
 * cores a freshly opened dashboard's tasks waited 2-4× their length for a core (bench:profile, reload).
 */
const DISABLED_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup', 'PreloadTopChromeWebUI'];

let playwrightsFeatures: Promise<string[]> | null = null;
/**
 * Playwright's own --disable-features list, read off the command line of a browser it launched (once per process).
 * Chromium keeps only the last --disable-features switch, so a list of ours must carry Playwright's too.
 */
function playwrightsDisabledFeatures(): Promise<string[]> {
	playwrightsFeatures ??= (async () => {
		// --enable-automation: CDP gives the command line only then.
		const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--enable-automation'] });
		try {
			const { arguments: args } = await (await browser.newBrowserCDPSession()).send('Browser.getBrowserCommandLine');
			return args.filter((a) => a.startsWith('--disable-features=')).flatMap((a) => a.slice('--disable-features='.length).split(','));
		} finally {
			await browser.close();
		}
	})();
	return playwrightsFeatures;
}

/** Debian's Chromium, headless, with the flags above and `args`. */
export async function launchChromium(args: string[] = []): Promise<Browser> {
	const disabled = [...new Set([...(await playwrightsDisabledFeatures()), ...DISABLED_FEATURES])];
	return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...args, `--disable-features=${disabled.join(',')}`] });
}

export interface Site {
	url: string;
	browser: Browser;
	close(): Promise<void>;
}

export async function openSite(): Promise<Site> {
	const server: Server = await serveStatic('build', { port: 0, base: BASE });
	const address = server.address();
	if (!address || typeof address === 'string') throw new Error('the static server has no port');
	const browser = await launchChromium();
	return {
		url: `http://127.0.0.1:${address.port}${BASE}/`,
		browser,
		async close() {
			await browser.close();
			await new Promise((done) => server.close(done));
		}
	};
}

/** Records the page's uncaught errors and console errors into `errors`, so a test can demand there were none. */
function recordErrors(page: Page, errors: string[]): void {
	page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push(`console: ${m.text()}`);
	});
}

/** A page that records uncaught errors and console errors, so a test can demand there were none. */
export async function newPage(site: Site): Promise<{ page: Page; errors: string[] }> {
	const context = await site.browser.newContext();
	const page = await context.newPage();
	const errors: string[] = [];
	recordErrors(page, errors);
	return { page, errors };
}

/** Opens a link in a new tab of the same context (its storage and init scripts), recording errors into `errors`. */
export async function openTab(context: BrowserContext, link: string, errors: string[]): Promise<Page> {
	const tab = await context.newPage();
	recordErrors(tab, errors);
	await tab.goto(link);
	return tab;
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

/**
 * The cohort sizes of the retention heatmap once it shows the answer to the page's latest options, every row drawn
 * (rows are drawn in parts, and an earlier answer stays on screen until the next one comes).
 */
export async function drawnCohortSizes(page: Page): Promise<string[]> {
	await page.locator('[data-testid=retention-table][aria-busy=false]').waitFor();
	return page.getByTestId('cohort-size').allTextContents();
}

/** Every request the context's pages make to anything but the site itself (and blob:/data: URLs), as they are made. */
export function foreignRequests(context: BrowserContext, site: Site): string[] {
	const origin = new URL(site.url).origin;
	const foreign: string[] = [];
	context.on('request', (request) => {
		const url = request.url();
		if (!url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:')) foreign.push(url);
	});
	return foreign;
}

/** Every record of one IndexedDB store of the site, read in the page. */
export function storedRecords<T>(page: Page, store: string): Promise<T[]> {
	return page.evaluate(async (name) => {
		const open = indexedDB.open('lifecycle-lens');
		const db: IDBDatabase = await new Promise((done) => (open.onsuccess = () => done(open.result)));
		const records: T[] = await new Promise((done) => {
			const request = db.transaction(name).objectStore(name).getAll();
			request.onsuccess = () => done(request.result);
		});
		db.close();
		return records;
	}, store);
}

/** How many of the stored first answers (store/answers.ts) are whole (funnel, stage table, status), not the funnel alone. */
export async function wholeAnswersStored(page: Page): Promise<number> {
	return (await storedRecords<{ result: object }>(page, 'answers')).filter((r) => 'stages' in r.result).length;
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
	// The home page starts the import worker once shown, and the site's service worker keeps the script it fetched
	// (src/service-worker.ts): a copy kept before the patch would be served to the next page instead of the route's.
	for (const page of context.pages()) {
		if (!page.url().startsWith('http')) continue;
		await page.evaluate(async () => {
			for (const name of await caches.keys()) {
				const cache = await caches.open(name);
				for (const request of await cache.keys()) if (/\/import\.worker-[\w-]+\.js$/.test(request.url)) await cache.delete(request);
			}
		});
	}
}

/** What the import worker holds, in bytes, at its peak (each figure's own peak). */
export interface WorkerMemory {
	/** The JavaScript heap plus the backing stores, at their largest together. */
	peak: number;
	/** The JavaScript heap (objects, strings made in JavaScript). */
	heap: number;
	/**
	 * Array buffers and external strings, outside the JavaScript heap: the file's bytes as read, and text the
	 * browser decoded (TextDecoder's strings are external), which the heap alone does not count.
	 */
	backing: number;
	/**
	 * The resident memory of the browser's renderer processes (the page's, where the worker runs), as Linux counts
	 * it (/proc/<pid>/status, VmRSS): everything the tab holds, also what the JavaScript engine does not account.
	 */
	renderers: number;
	/** Measurements taken, by the timer and at a throw. */
	samples: number;
}

/** The process ids of a browser's renderers (CDP SystemInfo.getProcessInfo). */
async function rendererPids(browser: Browser): Promise<number[]> {
	const session = await browser.newBrowserCDPSession();
	try {
		const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
		return processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
	} finally {
		await session.detach();
	}
}

/** Resident bytes of these processes together; a process gone counts nothing. */
function residentBytes(pids: number[]): number {
	let kB = 0;
	for (const pid of pids) {
		try {
			kB += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
		} catch {
			// ended
		}
	}
	return kB * 1024;
}

/**
 * Measures the memory of the page's import worker through the DevTools protocol (Runtime.getHeapUsage on the
 * worker's target: the JavaScript heap and the backing stores of array buffers and external strings) every 20 ms
 * until stop(), and once more at every exception thrown in the worker (Debugger pauses on it; measured, resumed):
 * a budget is enforced by a throw, so what the worker held when it refused a file is measured at that very moment,
 * not left to the timer. A timer sample waits while the worker is inside one long step. Every 20 ms too, the
 * resident memory of the browser's renderer processes, which the worker's own figures undercount (the text of a
 * JSON document refused at 256 MB showed as 160-230 MB of backing stores, and ~300 MB more resident memory).
 */
export async function watchImportWorkerMemory(page: Page): Promise<{ stop(): Promise<WorkerMemory> }> {
	const cdp = await page.context().newCDPSession(page);
	let worker: string | null = null;
	const seen: WorkerMemory = { peak: 0, heap: 0, backing: 0, renderers: 0, samples: 0 };
	const pids = await rendererPids(page.context().browser()!);
	let nextId = 1;
	type Usage = { usedSize?: number; backingStorageSize?: number };
	const answers = new Map<number, (usage: Usage) => void>();
	const send = (method: string, params: object = {}) => {
		const id = nextId++;
		return new Promise<Usage>((done) => {
			answers.set(id, done);
			setTimeout(() => done({}), 2000); // a worker ended (Cancel) answers no more
			cdp.send('Target.sendMessageToTarget', { sessionId: worker!, message: JSON.stringify({ id, method, params }) }).catch(() => done({}));
		});
	};
	const measure = async () => {
		resident();
		const { usedSize = 0, backingStorageSize = 0 } = await send('Runtime.getHeapUsage');
		if (usedSize === 0) return;
		seen.samples++;
		seen.heap = Math.max(seen.heap, usedSize);
		seen.backing = Math.max(seen.backing, backingStorageSize);
		seen.peak = Math.max(seen.peak, usedSize + backingStorageSize);
	};
	cdp.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => {
		if (!/import\.worker/.test(targetInfo.url)) return;
		worker = sessionId;
		void send('Debugger.enable').then(() => send('Debugger.setPauseOnExceptions', { state: 'all' }));
	});
	cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
		const { id, result, method } = JSON.parse(message) as { id?: number; result?: Usage; method?: string };
		if (method === 'Debugger.paused') void measure().then(() => send('Debugger.resume'));
		if (id === undefined) return;
		answers.get(id)?.(result ?? {});
		answers.delete(id);
	});
	// Not flattened: this session's messages to the worker go through Target.sendMessageToTarget, beside Playwright's own.
	await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
	let sampling = false;
	const sample = async () => {
		if (!worker || sampling) return;
		sampling = true;
		await measure();
		sampling = false;
	};
	// The processes' memory is read here, not from the worker: measured also while the worker is busy.
	const resident = () => (seen.renderers = Math.max(seen.renderers, residentBytes(pids)));
	const timer = setInterval(() => {
		resident();
		void sample();
	}, 20);
	return {
		async stop() {
			clearInterval(timer);
			while (sampling) await new Promise((done) => setTimeout(done, 10));
			await sample();
			if (worker) await send('Debugger.disable');
			await cdp.detach().catch(() => {});
			return seen;
		}
	};
}

/** The page's main-thread tasks in a Chromium trace: the longest by the clock, and by the thread's own CPU time. */
export interface MainThreadTasks {
	/** The longest task as the clock measures it: what a user waits, but on a loaded machine also the time the thread waited for a core. */
	longestWallMs: number;
	/** The longest task's CPU time on the thread: the page's own work, whatever the machine's load. */
	longestCpuMs: number;
	tasks: number;
}

export interface TraceEvent {
	name: string;
	ph: string;
	pid: number;
	tid: number;
	ts: number;
	dur?: number;
	tdur?: number;
	args?: { name?: string };
}

/** A trace's complete events ('X') on the renderers' main threads (every tab's). */
export function onRendererMainThreads<T extends TraceEvent>(traceEvents: T[]): T[] {
	const mainThreads = new Set(traceEvents.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
	return traceEvents.filter((e) => e.ph === 'X' && mainThreads.has(`${e.pid}:${e.tid}`));
}

/**
 * Traces the renderers' main threads (Chromium tracing, 'disabled-by-default-devtools.timeline': every task with
 * its wall and thread duration) until stop(); tasks that start after the page's `performance.mark(endMark)` are not
 * counted (what follows the watched step, such as drawing the dashboard).
 */
export async function traceMainThread(page: Page): Promise<{ stop(endMark?: string): Promise<MainThreadTasks> }> {
	const browser = page.context().browser()!;
	await browser.startTracing(page, { categories: ['disabled-by-default-devtools.timeline', 'blink.user_timing'] });
	return {
		async stop(endMark) {
			const { traceEvents } = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
			const end = (endMark && traceEvents.find((e) => e.name === endMark)?.ts) || Infinity;
			const tasks = onRendererMainThreads(traceEvents).filter((e) => e.name === 'RunTask' && e.ts < end);
			return {
				longestWallMs: Math.max(0, ...tasks.map((t) => (t.dur ?? 0) / 1000)),
				longestCpuMs: Math.max(0, ...tasks.map((t) => (t.tdur ?? 0) / 1000)),
				tasks: tasks.length
			};
		}
	};
}

/** A dashboard link with its state changed (the dataset's name, file and mapping parameters kept). */
export function changed(link: string, change: (state: DashboardState) => DashboardState): string {
	const url = new URL(link);
	const { state } = decodeState(url.searchParams);
	const extra = ['lang', 'dn', 'dr', 'df', 'dt', 'map'].flatMap((name) => (url.searchParams.has(name) ? [[name, url.searchParams.get(name)!]] : []));
	const search = new URLSearchParams(encodeState(change(state)).slice(1));
	for (const [name, value] of extra) search.set(name, value);
	return `${url.origin}${url.pathname}?${search}`;
}
