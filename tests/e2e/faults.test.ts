/**
 * Faults of issue 21 in a real browser: the page reloaded in the middle of storing a 1M-row import leaves no half
 * dataset (the next start removes it), and two tabs importing the same bytes at the same moment store it once.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newPage, openSample, storedCounts, useSite } from './browser';

const siteOf = useSite();

/** A million-row event log, about 30 MB. */
function millionRows(seed: number): Buffer {
	const lines = ['customer_id,timestamp,event,value'];
	for (let i = 0; i < 1_000_000; i++) lines.push(`c${(i * 7 + seed) % 50_000},${1700000000 + i * 31},${i % 4 ? 'visit' : 'purchase'},${i % 4 ? '' : i % 500}`);
	return Buffer.from(lines.join('\n'));
}

/** Every dataset record, ready or not, read in the page. */
const datasetStatuses = (page: import('playwright-core').Page) =>
	page.evaluate(async () => {
		const open = indexedDB.open('lifecycle-lens');
		const db: IDBDatabase = await new Promise((done) => (open.onsuccess = () => done(open.result)));
		const all: { status: string }[] = await new Promise((done) => {
			const request = db.transaction('datasets').objectStore('datasets').getAll();
			request.onsuccess = () => done(request.result);
		});
		db.close();
		return all.map((d) => d.status).sort();
	});

describe('faults', () => {
	it('a reload while a 1M-row import is being stored leaves no half dataset, and the next start cleans up', async () => {
		const { page, errors } = await openSample(siteOf());
		await page.goto(siteOf().url);
		await page.getByTestId('dataset-row').first().waitFor();
		const before = await storedCounts(page, ['datasets', 'chunks']);
		// From disk: Chromium reads the file itself, rather than 30 MB sent through the protocol.
		const path = join(mkdtempSync(join(tmpdir(), 'lens-faults-')), 'million.csv');
		writeFileSync(path, millionRows(1));
		await page.getByTestId('file-input').setInputFiles(path);
		await page.getByTestId('mapper').waitFor();
		await page.getByTestId('import-button').click();
		// Reload as soon as storing has begun: chunks are being written under status 'importing'.
		await page.waitForFunction(() => /Storing/.test(document.querySelector('[data-testid="import-progress"]')?.textContent ?? ''), undefined, { polling: 10, timeout: 120_000 });
		const midway = await datasetStatuses(page);
		await page.reload();
		await page.getByTestId('dataset-row').first().waitFor();
		// The half-stored import was there; after the restart's clean-up, storage is as before.
		expect(midway).toContain('importing');
		await expect.poll(() => storedCounts(page, ['datasets', 'chunks']), { timeout: 20_000 }).toEqual(before);
		expect(await datasetStatuses(page)).toEqual(['ready']);
		expect(await page.getByTestId('dataset-row').count()).toBe(1);
		expect(errors).toEqual([]);
	}, 180_000);

	it('two tabs importing the same bytes at the same moment store one dataset', async () => {
		const { page: first, errors } = await newPage(siteOf());
		const second = await first.context().newPage();
		const bytes = millionRows(2).subarray(0, 3_000_000); // about 100,000 rows: a few seconds to store
		for (const page of [first, second]) {
			await page.goto(siteOf().url);
			await page.getByTestId('file-input').setInputFiles({ name: 'same.csv', mimeType: 'text/csv', buffer: bytes });
			await page.getByTestId('mapper').waitFor();
		}
		await Promise.all([first, second].map((page) => page.getByTestId('import-button').click()));
		await Promise.all([first, second].map((page) => page.getByTestId('funnel-table').waitFor({ timeout: 120_000 })));
		// Both tabs show the same dataset, and storage holds it once.
		expect(new URL(first.url()).searchParams.get('ds')).toBe(new URL(second.url()).searchParams.get('ds'));
		expect(await datasetStatuses(first)).toEqual(['ready']);
		expect(errors).toEqual([]);
	}, 240_000);
});
