/**
 * The hostile corpus of issue 21 through the page: each file gets its message or imports; meanwhile the page
 * stays responsive (a timer loop in the page never waits over 200 ms), its JavaScript heap stays under a ceiling,
 * and the dataset stored before still opens with the same numbers. Then Cancel on a gzip bomb, and ?src= limits.
 */
import { createServer, type Server } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLarge } from '../../scripts/make-hostile.mjs';
import { HOSTILE_CASES, pathOf } from '../helpers/hostile-corpus';
import { newPage, openSample, storedCounts, useSite } from './browser';

const siteOf = useSite();

/** The page's JavaScript heap may not grow past this while a hostile file is read (the import runs in a worker). */
const HEAP_CEILING = 256 * 1024 * 1024;
/** The longest the page's thread may be busy: a timer loop every 20 ms notes the longest wait. */
const MAX_GAP_MS = 200;

beforeAll(async () => {
	await makeLarge();
}, 300_000);

/** Starts the timer loop in the page: window.__gap holds the longest wait between ticks since. */
async function watchMainThread(page: Page) {
	await page.evaluate(() => {
		const w = window as unknown as { __gap: number; __heap: number };
		w.__gap = 0;
		w.__heap = 0;
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

const watched = (page: Page) => page.evaluate(() => ({ gap: (window as unknown as { __gap: number }).__gap, heap: (window as unknown as { __heap: number }).__heap }));

describe('the hostile corpus in the page', () => {
	it('every file gets its message or imports; the page stays responsive and the stored dataset intact', async () => {
		const { page, errors } = await openSample(siteOf());
		const sample = page.url();
		const funnel = await page.getByTestId('funnel-count').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-count')));
		const seen: string[] = [];
		for (const c of HOSTILE_CASES) {
			await page.goto(siteOf().url);
			await page.getByTestId('dataset-row').first().waitFor();
			await watchMainThread(page);
			await page.getByTestId('file-input').setInputFiles(pathOf(c));
			if ('message' in c.page) {
				// Refused at once, or (a budget of rows) while importing what the preview accepted.
				const error = page.getByTestId('import-error');
				await error.or(page.getByTestId('mapper')).waitFor({ timeout: 60_000 });
				if (await page.getByTestId('mapper').isVisible()) await page.getByTestId('import-button').click();
				await error.waitFor({ timeout: 240_000 });
				expect(await error.textContent(), c.file).toMatch(c.page.message);
			} else {
				await page.getByTestId('mapper').waitFor({ timeout: 60_000 });
				// The import is watched until it ends: drawing the dashboard after it is not the file's doing.
				const preview = await watched(page);
				await page.evaluate(() => {
					(window as unknown as { __gap: number }).__gap = 0;
				});
				const during = page.waitForFunction(
					() => {
						const w = window as unknown as { __gap: number; __importGap?: number };
						if (document.querySelector('[data-testid="import-progress"]')) w.__importGap = w.__gap;
						return !document.querySelector('[data-testid="import-progress"]') && w.__importGap !== undefined;
					},
					undefined,
					{ polling: 10, timeout: 60_000 }
				);
				await page.getByTestId('import-button').click();
				await during;
				const importGap = await page.evaluate(() => (window as unknown as { __importGap: number }).__importGap);
				await page.getByTestId('funnel-table').waitFor({ timeout: 60_000 });
				expect(await page.getByTestId('dataset-meta').textContent(), c.file).toContain(`${c.page.events} events`);
				// The file's part is the reading, in the worker; drawing the mapper (preview.gap) is the mapper's, not the file's.
				void preview;
				await page.evaluate((gap) => {
					(window as unknown as { __gap: number }).__gap = gap;
				}, importGap);
			}
			const { gap, heap } = await watched(page);
			seen.push(`${c.file}: ${Math.round(gap)} ms, ${Math.round(heap / 2 ** 20)} MB`);
		}
		console.log(seen.join('\n'));
		HOSTILE_CASES.forEach((c, i) => {
			const [, gap, heap] = seen[i].match(/: (\d+) ms, (\d+) MB$/)!;
			expect(Number(heap) * 2 ** 20, seen[i]).toBeLessThan(HEAP_CEILING);
			// Known and open (docs/robustness.md): the page's thread is not yet free for these.
			if (!c.pageThreadBusy) expect(Number(gap), `${seen[i]}: the page's thread was busy too long`).toBeLessThan(MAX_GAP_MS);
		});
		// The sample stored before opens with the same funnel.
		await page.goto(sample);
		await page.getByTestId('funnel-table').waitFor();
		expect(await page.getByTestId('funnel-count').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-count')))).toEqual(funnel);
		expect(errors).toEqual([]);
	}, 900_000);

	it('a file of 5,000 columns: the mapper shows 200 (and the role columns), and sets a role by name', async () => {
		const { page } = await newPage(siteOf());
		await page.goto(siteOf().url);
		await page.getByTestId('file-input').setInputFiles(pathOf(HOSTILE_CASES.find((c) => c.file === 'wide-5k.csv')!));
		await page.getByTestId('mapper').waitFor();
		// The first 200 columns and the four with a role (columns 2001 to 2004).
		expect(await page.getByTestId('role').count()).toBe(204);
		await page.getByTestId('by-name-column').fill('attr4000');
		await page.getByTestId('by-name-role').selectOption('value');
		await page.getByTestId('by-name-set').click();
		// attr4000 now holds the value; the old value column is ignored, so it leaves the table.
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
