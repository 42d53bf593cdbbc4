/**
 * The hostile corpus of issue 21 through the page: each file gets its message or imports; meanwhile the page
 * stays responsive (no task on the page's thread takes 200 ms of its CPU, as Chromium's trace records them; the
 * longest task and timer-loop wait by the clock are measured and logged too), the page's heap, the import worker's
 * memory and the renderer processes stay under their ceilings, and the dataset stored before still opens with the
 * same numbers. Then Cancel on a gzip bomb, and ?src= limits.
 */
import { createServer, type Server } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLarge } from '../../scripts/make-hostile.mjs';
import { HOSTILE_CASES, pathOf } from '../helpers/hostile-corpus';
import { newPage, openSample, storedCounts, traceMainThread, useSite, watchImportWorkerMemory, type MainThreadTasks, type WorkerMemory } from './browser';

const siteOf = useSite();

/** The page's JavaScript heap may not grow past this while a hostile file is read (the import runs in a worker). */
const HEAP_CEILING = 256 * 1024 * 1024;
/**
 * The longest the page's thread may be busy with one task, in the thread's CPU time. By the clock (long tasks, a
 * 20 ms timer loop) a task on this shared 2-core machine at a load of 15-25 also counts the time its thread waited
 * for a core: the gzip bomb's longest tasks there took 93-143 ms by the clock and 1-2 ms of CPU.
 */
const MAX_GAP_MS = 200;
/**
 * The import worker's memory (JavaScript heap and backing stores: array buffers, external strings) may not grow past
 * this while it reads a hostile file. The largest import here, the gzip bomb, is stopped by the row budget: a quarter
 * of the heap limit Chromium reports at 200 bytes a row; this ceiling catches an import that holds the whole file or
 * its text.
 */
const WORKER_MEMORY_CEILING = 1536 * 1024 * 1024;
/**
 * The browser's renderer processes (the tab, its workers, the rest of the page's process) resident at most: the gzip
 * bomb's import, the largest, was measured at 1.4 GB (docs/robustness.md).
 */
const TAB_CEILING = 2 * 1024 * 1024 * 1024;

const threadText = (gap: number, { longestWallMs, longestCpuMs }: MainThreadTasks) =>
	`page's thread: longest task ${Math.round(longestCpuMs)} ms of CPU (${Math.round(longestWallMs)} ms by the clock), longest timer wait or long task ${Math.round(gap)} ms`;
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
const workerMemoryText = ({ peak, heap, backing, renderers }: WorkerMemory) =>
	`import worker at most ${mb(peak)} (JavaScript heap ${mb(heap)}, buffers and external strings ${mb(backing)}), renderer processes ${mb(renderers)} resident`;

beforeAll(async () => {
	await makeLarge();
}, 300_000);

/**
 * Starts watching the page's thread: window.__gap holds the longest wait between ticks of a 20 ms timer loop since,
 * window.__longTask the longest task Chromium reports (PerformanceObserver, 'longtask').
 */
async function watchMainThread(page: Page) {
	await page.evaluate(() => {
		const w = window as unknown as { __gap: number; __heap: number; __longTask: number };
		w.__gap = 0;
		w.__heap = 0;
		w.__longTask = 0;
		new PerformanceObserver((list) => {
			for (const task of list.getEntries()) w.__longTask = Math.max(w.__longTask, task.duration);
		}).observe({ type: 'longtask' });
		let last = performance.now();
		setInterval(() => {
			const now = performance.now();
			w.__gap = Math.max(w.__gap, now - last - 20);
			last = now;
			const used = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
			w.__heap = Math.max(w.__heap, used);
		}, 20);
	});
}

const watched = (page: Page) =>
	page.evaluate(() => {
		const w = window as unknown as { __gap: number; __heap: number; __longTask: number };
		return { gap: Math.max(w.__gap, w.__longTask), heap: w.__heap };
	});
/** Forgets what was seen so far: the next watch starts from nothing. */
const resetWatch = (page: Page) =>
	page.evaluate(() => {
		const w = window as unknown as { __gap: number; __longTask: number };
		w.__gap = 0;
		w.__longTask = 0;
	});

describe('the hostile corpus in the page', () => {
	it('every file gets its message or imports; the page stays responsive and the stored dataset intact', async () => {
		const { page, errors } = await openSample(siteOf());
		const sample = page.url();
		const funnel = await page.getByTestId('funnel-count').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-count')));
		const seen: { file: string; gap: number; tasks: MainThreadTasks; heap: number; worker: WorkerMemory }[] = [];
		for (const c of HOSTILE_CASES) {
			await page.goto(siteOf().url);
			await page.getByTestId('dataset-row').first().waitFor();
			await watchMainThread(page);
			const workerHeap = await watchImportWorkerMemory(page);
			const trace = await traceMainThread(page);
			await page.getByTestId('file-input').setInputFiles(pathOf(c));
			let gap: number;
			if ('message' in c.page) {
				// Refused at once, or (a budget of rows) while importing what the preview accepted.
				const error = page.getByTestId('import-error');
				await error.or(page.getByTestId('mapper')).waitFor({ timeout: 60_000 });
				if (await page.getByTestId('mapper').isVisible()) await page.getByTestId('import-button').click();
				await error.waitFor({ timeout: 240_000 });
				expect(await error.textContent(), c.file).toMatch(c.page.message);
				gap = (await watched(page)).gap;
			} else {
				await page.getByTestId('mapper').waitFor({ timeout: 60_000 });
				// Reading the file's start and drawing the mapper count; then the import, watched until it ends:
				// drawing the dashboard after it is not the file's doing.
				const preview = (await watched(page)).gap;
				await resetWatch(page);
				const during = page.waitForFunction(
					() => {
						const w = window as unknown as { __gap: number; __longTask: number; __importGap?: number };
						if (document.querySelector('[data-testid="import-progress"]')) w.__importGap = Math.max(w.__gap, w.__longTask);
						const ended = !document.querySelector('[data-testid="import-progress"]') && w.__importGap !== undefined;
						// The trace counts no task after this: drawing the dashboard is not the file's doing.
						if (ended) performance.mark('lens-import-ended');
						return ended;
					},
					undefined,
					{ polling: 10, timeout: 60_000 }
				);
				await page.getByTestId('import-button').click();
				await during;
				const importGap = await page.evaluate(() => (window as unknown as { __importGap: number }).__importGap);
				await page.getByTestId('funnel-table').waitFor({ timeout: 60_000 });
				expect(await page.getByTestId('dataset-meta').textContent(), c.file).toContain(`${c.page.events} events`);
				gap = Math.max(preview, importGap);
			}
			const tasks = await trace.stop('lens-import-ended');
			seen.push({ file: c.file, gap, tasks, heap: (await watched(page)).heap, worker: await workerHeap.stop() });
			console.log(`${c.file}: ${threadText(gap, tasks)}, ${workerMemoryText(seen.at(-1)!.worker)}`);
		}
		const MB = 2 ** 20;
		console.log(seen.map((s) => `${s.file}: ${threadText(s.gap, s.tasks)}, page heap ${Math.round(s.heap / MB)} MB, ${workerMemoryText(s.worker)}`).join('\n'));
		for (const s of seen) {
			expect(s.heap, s.file).toBeLessThan(HEAP_CEILING);
			expect(s.tasks.tasks, s.file).toBeGreaterThan(0);
			expect(s.tasks.longestCpuMs, `${s.file}: the page's thread was busy too long`).toBeLessThan(MAX_GAP_MS);
			// Measured at all (the worker read the file), and seen to hold what the file makes it hold, and bounded.
			expect(s.worker.samples, s.file).toBeGreaterThan(0);
			expect(s.worker.peak, s.file).toBeGreaterThanOrEqual(HOSTILE_CASES.find((c) => c.file === s.file)!.workerHoldsAtLeast ?? 0);
			expect(s.worker.peak, s.file).toBeLessThan(WORKER_MEMORY_CEILING);
			expect(s.worker.renderers, s.file).toBeLessThan(TAB_CEILING);
		}
		// The sample stored before opens with the same funnel.
		await page.goto(sample);
		await page.getByTestId('funnel-table').waitFor();
		expect(await page.getByTestId('funnel-count').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-count')))).toEqual(funnel);
		expect(errors).toEqual([]);
	}, 900_000);

	it('a file of 5,000 columns: the mapper draws the columns in view of the first 200 and the role columns, lists the attributes by count, and sets a role by name', async () => {
		const { page } = await newPage(siteOf());
		await page.goto(siteOf().url);
		await page.getByTestId('file-input').setInputFiles(pathOf(HOSTILE_CASES.find((c) => c.file === 'wide-5k.csv')!));
		await page.locator('[data-testid=mapper][aria-busy=false]').waitFor();
		const drawn = () => page.locator('th[data-column]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-column')));
		// The table spans 204 columns (the first 200, then the four with a role: columns 2001 to 2004), 160 px each,
		// but draws only those in view and three either side.
		const width = await page.getByTestId('mapper-table').evaluate((e) => e.scrollWidth);
		expect(width).toBeGreaterThanOrEqual(204 * 160);
		expect(width).toBeLessThan(205 * 160);
		const first = await drawn();
		expect(first[0]).toBe('attr0');
		expect(first.length).toBeLessThanOrEqual(Math.ceil(1280 / 160) + 6);
		// Scrolled to the end: the role columns, and no longer the first ones.
		await page.getByTestId('mapper-table').evaluate((e) => (e.scrollLeft = e.scrollWidth));
		await expect.poll(drawn).toContain('value');
		expect(await drawn()).not.toContain('attr0');
		expect(await page.locator('th[data-column="customer_id"] [data-testid="role"]').inputValue()).toBe('customer');
		// The summary names the role columns and the first attributes, and counts the rest.
		expect(await page.getByTestId('more-attributes').textContent()).toMatch(/^and [\d,]+ more attribute columns$/);
		expect(await page.getByTestId('mapping-summary').locator('li').count()).toBeLessThanOrEqual(4 + 12 + 1);
		await page.getByTestId('by-name-column').fill('attr4000');
		await page.getByTestId('by-name-role').selectOption('value');
		await page.getByTestId('by-name-set').click();
		// attr4000 now holds the value and joins the table's end; the old value column is ignored, so it leaves it.
		await page.getByTestId('mapper-table').evaluate((e) => (e.scrollLeft = e.scrollWidth));
		await expect.poll(drawn).toContain('attr4000');
		expect(await page.locator('th[data-column="attr4000"] [data-testid="role"]').inputValue()).toBe('value');
		expect(await page.locator('th[data-column="value"]').count()).toBe(0);
	});
});

describe('Cancel', () => {
	it('stops a gzip bomb import within a second and leaves storage as it was', async () => {
		const { page, errors } = await openSample(siteOf());
		await page.goto(siteOf().url);
		await page.getByTestId('dataset-row').first().waitFor();
		const before = await storedCounts(page, ['datasets', 'chunks']);
		await page.getByTestId('file-input').setInputFiles(pathOf(HOSTILE_CASES.find((c) => c.file === 'bomb.csv.gz')!));
		await page.getByTestId('mapper').waitFor();
		await page.getByTestId('import-button').click();
		await page.getByTestId('import-progress').waitFor();
		await page.waitForTimeout(1500); // well into the bomb
		// Timed in the page: from the click until the progress bar is gone.
		const took = await page.evaluate(
			() =>
				new Promise<number>((done) => {
					const start = performance.now();
					(document.querySelector('[data-testid="cancel-import"]') as HTMLButtonElement).click();
					const check = () => (document.querySelector('[data-testid="import-progress"]') ? setTimeout(check, 5) : done(performance.now() - start));
					check();
				})
		);
		expect(took).toBeLessThan(1000);
		expect(await page.getByTestId('import-error').count()).toBe(0);
		await expect.poll(() => storedCounts(page, ['datasets', 'chunks'])).toEqual(before);
		expect(errors).toEqual([]);
	}, 120_000);
});

describe('?src= limits', () => {
	let server: Server;
	const portOf = () => (server.address() as { port: number }).port;
	beforeAll(async () => {
		server = createServer((request, response) => {
			const cors = { 'access-control-allow-origin': '*' };
			if (request.url === '/stall.csv') {
				// A few bytes, then nothing, for ever.
				response.writeHead(200, { ...cors, 'content-type': 'text/csv' });
				response.write('customer_id,timestamp,event\n');
				return;
			}
			if (request.url === '/endless.csv') {
				// A response that never ends, as fast as it can.
				response.writeHead(200, { ...cors, 'content-type': 'text/csv' });
				const chunk = Buffer.from('c1,2025-01-01,lead\n'.repeat(50_000));
				const pump = () => {
					while (response.write(chunk)) if (response.destroyed) return;
					response.once('drain', pump);
				};
				response.on('close', () => response.destroy());
				pump();
				return;
			}
			if (request.url === '/moved.csv') {
				response.writeHead(302, { ...cors, location: 'http://example.invalid/x.csv' });
				response.end();
				return;
			}
			response.writeHead(404, cors);
			response.end();
		});
		await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	});
	afterAll(async () => {
		server.closeAllConnections();
		await new Promise((done) => server.close(done));
	});

	const open = async (page: Page, path: string) => page.goto(`${siteOf().url}dashboard/?src=${encodeURIComponent(`http://127.0.0.1:${portOf()}${path}`)}`);

	it('a response that never ends is stopped at the cap, with the bytes shown against it, and the page stays responsive', async () => {
		const { page } = await newPage(siteOf());
		await open(page, '/endless.csv');
		await page.getByTestId('fetching').waitFor();
		await watchMainThread(page);
		await expect.poll(() => page.getByTestId('fetching').textContent().catch(() => ''), { timeout: 10_000 }).toMatch(/: [\d.,]+ [kMG]?B of at most 1\.1 GB/);
		await page.getByTestId('source-error').waitFor({ timeout: 240_000 });
		expect(await page.getByTestId('source-error').textContent()).toContain('is larger than 1,024 MB, the most a link can load');
		const { gap, heap } = await watched(page);
		expect(heap).toBeLessThan(HEAP_CEILING);
		// Open (docs/robustness.md): 200 ms is not yet proven here; about 330 ms was measured on a loaded machine,
		// against 624 ms tasks and a dead tab before the download moved to the worker.
		expect(gap).toBeLessThan(1000);
	}, 300_000);

	it('a server that stops sending: loading stops after 30 s with a message', async () => {
		const { page } = await newPage(siteOf());
		await open(page, '/stall.csv');
		await page.getByTestId('source-error').waitFor({ timeout: 45_000 });
		expect(await page.getByTestId('source-error').textContent()).toBe(
			`The server at 127.0.0.1:${portOf()} sent nothing for 30 seconds, so loading stopped. Try again later, or download the file and drop it here instead.`
		);
	}, 60_000);

	it('Cancel stops loading at once', async () => {
		const { page } = await newPage(siteOf());
		await open(page, '/stall.csv');
		await page.getByTestId('cancel-fetch').click();
		await page.getByTestId('source-error').waitFor({ timeout: 2000 });
		expect(await page.getByTestId('source-error').textContent()).toBe(`Loading the file from 127.0.0.1:${portOf()} was cancelled.`);
	});

	it('a redirect to an address the page cannot read is named as a redirect', async () => {
		const { page } = await newPage(siteOf());
		await open(page, '/moved.csv');
		await page.getByTestId('source-error').waitFor();
		expect(await page.getByTestId('source-error').textContent()).toContain(`The server at 127.0.0.1:${portOf()} sent the link on to another address`);
	});
});
