/** Import end to end in headless Chromium: the mapper, a HubSpot export, rejected rows, cancelling. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newPage, openSample, storedCounts, useSite } from './browser';

const siteOf = useSite();

const DUTCH = [
	'Klantnummer;Datum;Gebeurtenis;Bedrag;Kanaal',
	'K-001;03-01-2025 09:15;lead;;e-mail',
	'K-001;17-01-2025 14:00;aankoop;1.249,95;e-mail',
	'K-002;04-01-2025 10:00;lead;;zoeken',
	'K-002;25-02-2025 16:30;aankoop;89,50;zoeken',
	'K-003;05-01-2025 11:45;nieuwsbrief;;e-mail'
].join('\r\n');

const HUBSPOT = [
	'"Record ID","First Name","Email","Lifecycle Stage","Create Date","Became a Lead Date","Became a Marketing Qualified Lead Date","Became a Sales Qualified Lead Date","Became an Opportunity Date","Became a Customer Date","Became an Evangelist Date"',
	'101,Ann,ann@example.com,customer,2024-01-02 09:00,2024-01-02 09:00,2024-01-10 10:00,2024-01-20 11:00,2024-02-01 12:00,2024-02-15 13:00,',
	'102,Bob,bob@example.com,opportunity,2024-01-05 09:00,2024-01-05 09:00,2024-01-12 10:00,2024-01-25 11:00,2024-02-10 12:00,,',
	'103,Cleo,cleo@example.com,marketingqualifiedlead,2024-02-01 09:00,2024-02-01 09:00,2024-02-03 10:00,,,,',
	'104,Dan,dan@example.com,lead,2024-02-02 09:00,2024-02-02 09:00,,,,,',
	'105,Eve,eve@example.com,subscriber,2024-02-03 09:00,,,,,,'
].join('\n');

async function dropFile(page: import('playwright-core').Page, name: string, text: string | Buffer) {
	await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.isBuffer(text) ? text : Buffer.from(text) });
	await page.locator('[data-testid=mapper][aria-busy=false]').waitFor();
}

describe('import, in the browser', () => {
	it('shows the detected roles of a Dutch semicolon CSV with decimal commas', async () => {
		const { page, errors } = await newPage(siteOf());
		await page.goto(siteOf().url);
		await dropFile(page, 'klanten.csv', DUTCH);
		expect(await page.getByTestId('delimiter').inputValue()).toBe(';');
		expect(await page.getByTestId('shape').inputValue()).toBe('event-log');
		expect(await page.getByTestId('role').evaluateAll((s) => s.map((e) => (e as HTMLSelectElement).value))).toEqual([
			'customer', 'timestamp', 'event', 'value', 'attribute'
		]);
		expect(await page.getByTestId('decimal').inputValue()).toBe(',');
		expect(await page.getByTestId('date-format').inputValue()).toBe('dmy');
		// The time-zone list comes from the import worker after the mapper (the page's thread does not build it): every
		// zone the browser knows is offered, UTC first and chosen, and choosing one keeps it.
		await page.waitForFunction(() => document.querySelectorAll('[data-testid=time-zone] option').length > 100);
		expect(await page.getByTestId('time-zone').inputValue()).toBe('UTC');
		const zones = await page.locator('[data-testid=time-zone] option').evaluateAll((o) => o.map((e) => (e as HTMLOptionElement).value));
		expect(zones[0]).toBe('UTC');
		expect(new Set(zones).size).toBe(zones.length);
		expect(zones).toContain('Europe/Amsterdam');
		await page.getByTestId('time-zone').selectOption('Europe/Amsterdam');
		expect(await page.getByTestId('time-zone').inputValue()).toBe('Europe/Amsterdam');
		await page.getByTestId('import-button').click();
		await page.getByTestId('funnel-table').waitFor();
		expect(await page.getByTestId('dataset-meta').textContent()).toContain('5 events · 3 customers');
		expect(errors).toEqual([]);
	});

	it('names the delimiter that splits a file read as one column, and reads it so in one click: runs of spaces, a tilde', async () => {
		const { page, errors } = await newPage(siteOf());
		await page.goto(siteOf().url);
		const cases: [string, string | Buffer, string, string][] = [
			// name, file, delimiter detected, its name in the notice
			['CDNOW_master.txt', readFileSync(new URL('../fixtures/cdnow-master-head.txt', import.meta.url)), ' ', 'spaces (one or more)'],
			['tilde.csv', 'customer~date~event\na~2025-01-01~signup\nb~2025-01-02~signup\na~2025-01-03~purchase\n', '~', '"~"']
		];
		for (const [name, text, detected, named] of cases) {
			await dropFile(page, name, text);
			// The mapper of the file before stays (not busy) until this file's preview replaces it: wait for this one's.
			await expect.poll(() => page.getByTestId('delimiter').inputValue()).toBe(detected);
			await page.locator('[data-testid=mapper][aria-busy=false]').waitFor();
			await page.getByTestId('delimiter').selectOption(',');
			await page.getByTestId('one-column').waitFor();
			expect(await page.getByTestId('one-column').textContent()).toContain(`The file reads as one column. Its lines split evenly on ${named}.`);
			expect(await page.getByTestId('import-button').isDisabled()).toBe(true);
			await page.getByTestId('one-column').getByRole('button', { name: 'Read it so' }).click();
			await expect.poll(() => page.getByTestId('delimiter').inputValue()).toBe(detected);
			await page.locator('[data-testid=mapper][aria-busy=false]').waitFor();
			expect(await page.getByTestId('one-column').count()).toBe(0);
		}
		await page.getByTestId('import-button').click();
		await page.getByTestId('funnel-table').waitFor();
		expect(await page.getByTestId('dataset-meta').textContent()).toContain('3 events · 2 customers');
		expect(errors).toEqual([]);
	});

	it('opens a HubSpot stage-date export straight into the lead funnel', async () => {
		const { page, errors } = await newPage(siteOf());
		await page.goto(siteOf().url);
		await dropFile(page, 'hubspot-contacts.csv', HUBSPOT);
		expect(await page.getByTestId('shape').inputValue()).toBe('stage-dates');
		await page.getByTestId('import-button').click();
		await page.getByTestId('funnel-table').waitFor();
		const counts = await page.getByTestId('funnel-count').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))));
		// prospect 5; lead: Ann, Bob, Cleo, Dan; MQL: Ann, Bob, Cleo; SQL and SQO: Ann, Bob; customer: Ann; repeat: none.
		expect(counts).toEqual([5, 4, 3, 2, 2, 1, 0]);
		expect(errors).toEqual([]);
	});

	it('summarises rejected rows by reason, and the download holds exactly those rows', async () => {
		const { page, errors } = await newPage(siteOf());
		await page.goto(siteOf().url);
		const text = [
			'customer_id,timestamp,event,value',
			'a,2024-01-01,lead,',
			'b,yesterday,lead,',
			'c,2024-01-03,purchase,12.50',
			'd,2024-01-04,purchase,twelve',
			'e,2024-01-05',
			'f,2024-01-06,lead,'
		].join('\n');
		await dropFile(page, 'bad-rows.csv', text);
		await page.getByTestId('import-button').click();
		await page.getByTestId('rejects').waitFor();
		const summary = await page.getByTestId('rejects').locator('summary').textContent();
		expect(summary?.replace(/\s+/g, ' ').trim()).toBe(
			'Of 6 rows read from bad-rows.csv, 3 were imported and 3 could not be read: 1 unreadable date, 1 unreadable number, 1 wrong number of fields.'
		);
		await page.getByTestId('rejects').locator('summary').click();
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-rejects').click()]);
		const csv = readFileSync(await download.path(), 'utf8');
		expect(csv.trimEnd().split('\n')).toEqual([
			'line,column,reason,message,raw',
			'3,timestamp,unreadable date,"""yesterday"" is not a date; expected 2024-03-01 or 2024-03-01T09:30:00Z","b,yesterday,lead,"',
			'5,value,unreadable number,"""twelve"" is not a number such as 1234.50, 1,234.50, $1,234.50 or (12.00)","d,2024-01-04,purchase,twelve"',
			'6,,wrong number of fields,"expected 4 fields, found 2","e,2024-01-05"'
		]);
		expect(errors).toEqual([]);
	});

	it('reads a CSV file of several megabytes in two parts (two workers), with every reject at its line in the file', async () => {
		const { page, errors } = await newPage(siteOf());
		await page.goto(siteOf().url);
		// 60,000 rows (3.4 MB, over MIN_SPLIT_BYTES): every 7th has a quoted line break, every 997th an unreadable date.
		const lines = ['customer_id,timestamp,event,value,channel'];
		const rejected: number[] = [];
		let line = 2;
		for (let i = 0; i < 60_000; i++) {
			const day = String(1 + (i % 28)).padStart(2, '0');
			const date = i % 997 === 500 ? 'soon' : `2024-02-${day}T10:${String(i % 60).padStart(2, '0')}:00Z`;
			const event = i % 7 === 3 ? '"page\nview"' : i % 5 ? 'visit' : 'purchase';
			if (date === 'soon') rejected.push(line);
			lines.push(`c${i % 5000},${date},${event},${i % 5 ? '' : i % 300},${i % 3 ? 'email' : 'ads'}`);
			line += i % 7 === 3 ? 2 : 1;
		}
		expect(rejected.length).toBe(60);
		const workers: string[] = [];
		page.on('worker', (worker) => workers.push(worker.url()));
		await dropFile(page, 'two-parts.csv', lines.join('\n'));
		await page.getByTestId('import-button').click();
		await page.getByTestId('rejects').waitFor({ timeout: 60_000 });
		expect(await page.getByTestId('dataset-meta').textContent()).toContain('59,940 events · 5,000 customers');
		await page.getByTestId('rejects').locator('summary').click();
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-rejects').click()]);
		// A reject's raw text may hold the quoted line break: its record's first line is the one naming the line.
		const records = readFileSync(await download.path(), 'utf8').split('\n').filter((r) => /^\d+,timestamp,/.test(r));
		expect(records.map((r) => Number(r.split(',')[0]))).toEqual(rejected);
		// The second part was read by a worker of its own (tests/unit/import/parts.test.ts checks what is made of it).
		expect(workers.filter((url) => /\/part\.worker-[^/]*\.js$/.test(url))).toHaveLength(1);
		expect(errors).toEqual([]);
	});

	it('starts the import in the Import click\'s task and swaps the mapper for the progress bar in the next; a double click imports once', async () => {
		const { page, errors } = await newPage(siteOf());
		// Each import the page asks of the import worker (Comlink's call of importFile), with what the page showed then.
		await page.addInitScript(() => {
			const w = window as unknown as { __imports: { mapper: boolean; progress: boolean }[] };
			w.__imports = [];
			const post = Worker.prototype.postMessage;
			Worker.prototype.postMessage = function (this: Worker, message: { type?: string; path?: string[] }, ...rest: [StructuredSerializeOptions?]) {
				if (message?.type === 'APPLY' && message.path?.at(-1) === 'importFile')
					w.__imports.push({ mapper: !!document.querySelector('[data-testid=mapper]'), progress: !!document.querySelector('[data-testid=import-progress]') });
				return post.call(this, message, ...rest);
			} as typeof post;
		});
		await page.goto(siteOf().url);
		await dropFile(page, 'klanten.csv', DUTCH);
		// Two clicks in one task, before the page has redrawn: one import.
		await page.getByTestId('import-button').evaluate((button) => {
			(button as HTMLButtonElement).click();
			(button as HTMLButtonElement).click();
		});
		await page.getByTestId('funnel-table').waitFor();
		expect(await page.evaluate(() => (window as unknown as { __imports: unknown[] }).__imports)).toEqual([{ mapper: true, progress: false }]);
		expect(await page.getByTestId('dataset-meta').textContent()).toContain('5 events · 3 customers');
		expect(errors).toEqual([]);
	});

	it('leaves the dataset list unchanged when an import is cancelled midway', async () => {
		const { page, errors } = await openSample(siteOf());
		await page.goto(siteOf().url);
		await page.getByTestId('dataset-row').first().waitFor();
		const before = await page.getByTestId('dataset-row').allTextContents();

		const lines = ['customer_id,timestamp,event,value'];
		for (let i = 0; i < 600_000; i++) lines.push(`c${i % 20000},${1700000000 + i * 37},${i % 5 ? 'visit' : 'purchase'},${i % 5 ? '' : i % 300}`);
		await dropFile(page, 'big.csv', lines.join('\n'));
		await page.getByTestId('import-button').click();
		await page.getByTestId('cancel-import').click();
		await page.getByTestId('import-progress').waitFor({ state: 'detached' });
		expect(page.url()).toBe(siteOf().url);
		await page.reload();
		await page.getByTestId('dataset-row').first().waitFor();
		expect(await page.getByTestId('dataset-row').allTextContents()).toEqual(before);
		// Nothing half-stored either: one dataset's records only.
		expect(await storedCounts(page, ['datasets', 'chunks'])).toEqual([1, 5]);
		expect(errors).toEqual([]);
	});

	it("stores a file read in two parts under its bytes' SHA-256 (hashed in a worker of its own), and knows it when dropped again", async () => {
		const { page, errors } = await newPage(siteOf());
		await page.goto(siteOf().url);
		// Over 2 MB: read in two parts, the hash computed beside them.
		const lines = ['customer_id,timestamp,event'];
		for (let i = 0; i < 100_000; i++) lines.push(`c${i % 3000},${1700000000 + i * 61},${i % 4 ? 'visit' : 'signup'}`);
		const bytes = Buffer.from(lines.join('\n'));
		expect(bytes.length).toBeGreaterThan(2 * 1024 * 1024);
		await dropFile(page, 'two-parts.csv', bytes);
		await page.getByTestId('import-button').click();
		await page.getByTestId('funnel-table').waitFor();
		const stored = await page.evaluate(async () => {
			const open = indexedDB.open('lifecycle-lens');
			const db: IDBDatabase = await new Promise((done) => (open.onsuccess = () => done(open.result)));
			const all: { source: { sha256: string }; rowCount: number }[] = await new Promise((done) => {
				const request = db.transaction('datasets').objectStore('datasets').getAll();
				request.onsuccess = () => done(request.result);
			});
			db.close();
			return all.map((d) => ({ sha256: d.source.sha256, rowCount: d.rowCount }));
		});
		expect(stored).toEqual([{ sha256: createHash('sha256').update(bytes).digest('hex'), rowCount: 100_000 }]);
		await page.goto(siteOf().url);
		await dropFile(page, 'two-parts-again.csv', bytes);
		expect(await page.getByTestId('duplicate').textContent()).toContain('You imported this file before, as "two-parts"');
		expect(errors).toEqual([]);
	});

	it('notices the same file imported twice and offers to open the existing one', async () => {
		const { page, errors } = await openSample(siteOf());
		const dashboard = page.url();
		await page.goto(siteOf().url);
		await dropFile(page, 'my-copy.csv', readFileSync(new URL('../../static/samples/lead-lifecycle.csv', import.meta.url)));
		expect(await page.getByTestId('duplicate').textContent()).toContain('You imported this file before, as "lead-lifecycle-sample"');
		await page.getByTestId('open-existing').click();
		await page.getByTestId('funnel-table').waitFor();
		await expect.poll(() => page.url()).toBe(dashboard);
		expect(errors).toEqual([]);
	});
});
