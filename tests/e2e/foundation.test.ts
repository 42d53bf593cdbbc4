/** End to end in headless Chromium: import a file, see the funnel the engine computes, reload, delete. */
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/lib/engine/classify';
import { funnel } from '../../src/lib/engine/funnel';
import { leadLifecycle } from '../../src/lib/engine/model';
import { readFile } from '../helpers/import';
import { generateLeadEvents, toCsv } from '../../scripts/lib/lead-events.mjs';
import { newPage, openSample, useSite } from './browser';

const siteOf = useSite();

/** A lead log unlike the sample, with two unreadable rows at known lines. */
function testLog(): string {
	const lines = toCsv(generateLeadEvents({ customers: 400, seed: 4242, start: '2024-03-01T00:00:00Z', months: 8 })).trimEnd().split('\n');
	lines.splice(10, 0, 'C99999,31/31/2024,lead,,email');
	lines.splice(20, 0, 'C99998,2024-05-01T10:00:00Z,purchase,twelve,email');
	return lines.join('\n') + '\n';
}

async function engineCounts(text: string) {
	const { table, rejectedCount } = await readFile(text);
	return { counts: funnel(classify(table, leadLifecycle), leadLifecycle).steps.map((s) => s.count), rejectedCount, customers: table.customerIds.length };
}

describe('foundation, in the browser', () => {
	it('imports a CSV chosen with the file button and shows the funnel the engine computes', async () => {
		const { page, errors } = await newPage(siteOf());
		const text = testLog();
		const expected = await engineCounts(text);
		expect(expected.rejectedCount).toBe(2);

		await page.goto(siteOf().url);
		await page.getByTestId('file-input').setInputFiles({ name: 'crm-export.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
		await page.getByTestId('import-button').click();
		await page.getByTestId('funnel-table').waitFor();

		const shown = await page.getByTestId('funnel-count').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))));
		expect(shown).toEqual(expected.counts);
		expect(shown[0]).toBe(expected.customers);
		const stages = await page.locator('[data-testid=funnel-table] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-stage')));
		expect(stages).toEqual(['prospect', 'lead', 'mql', 'sql', 'sqo', 'customer', 'repeat']);
		// The chart draws one bar per step.
		expect(await page.locator('[data-testid=funnel] svg rect.bar').count()).toBe(7);
		// The unreadable rows are counted and listed by line.
		expect(await page.getByTestId('rejected-count').textContent()).toBe('2');
		await page.getByTestId('rejects').locator('summary').click();
		const listed = await page.getByTestId('rejects').locator('tbody tr td:first-child').allTextContents();
		expect(listed).toEqual(['11', '21']);
		expect(errors).toEqual([]);
	});

	it('keeps the sample dataset across a reload, opens it without re-importing, and deletes it', async () => {
		const { page, errors } = await openSample(siteOf());
		const firstCounts = await page.getByTestId('funnel-count').allTextContents();
		expect(firstCounts[0]).toBe('2,000');

		await page.goto(siteOf().url);
		await page.reload();
		const row = page.getByTestId('dataset-row').filter({ hasText: 'lead-lifecycle-sample' });
		await row.waitFor();
		expect(await row.getByTestId('dataset-rows').textContent()).toBe('20,673');
		expect(await row.getByTestId('dataset-customers').textContent()).toBe('2,000');
		expect(await row.textContent()).toContain('Jan 1, 2025 – Dec 31, 2025');

		await row.getByTestId('open-dataset').click();
		await page.getByTestId('funnel-table').waitFor();
		expect(await page.getByTestId('funnel-count').allTextContents()).toEqual(firstCounts);
		// The link follows what is shown a little later.
		await expect.poll(() => page.url()).toMatch(/\/lens\/dashboard\/\?v=1&ds=[0-9a-f]{12}&model=lead&view=funnel&lang=en&dn=lead-lifecycle-sample&dr=20673&df=2025-01-01&dt=2025-12-31&map=[A-Za-z0-9_-]+$/);

		// The bookmark opens the same view in a new tab of the same browser profile.
		const again = await page.context().newPage();
		await again.goto(page.url());
		await again.getByTestId('funnel-table').waitFor();
		expect(await again.getByTestId('funnel-count').allTextContents()).toEqual(firstCounts);

		await page.goto(siteOf().url);
		page.once('dialog', (dialog) => dialog.accept());
		await page.getByTestId('dataset-row').filter({ hasText: 'lead-lifecycle-sample' }).getByRole('button', { name: /Delete/ }).click();
		await page.getByTestId('dataset-list').waitFor({ state: 'detached' });
		expect(await page.getByTestId('dataset-row').count()).toBe(0);
		expect(errors).toEqual([]);
	});

	it('says clearly why a file cannot be imported, and stores nothing', async () => {
		const { page } = await newPage(siteOf());
		await page.goto(siteOf().url);
		await page.getByTestId('file-input').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from('name,city\nAnn,Oslo\n') });
		await page.getByTestId('mapper').waitFor();
		expect(await page.getByTestId('missing-roles').textContent()).toBe('Choose the column that holds the customer id and the timestamp and the event name.');
		expect(await page.getByTestId('import-button').isDisabled()).toBe(true);

		await page.getByTestId('file-input').setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
		await page.waitForFunction(() => document.querySelector('[data-testid=import-error]')?.textContent?.startsWith('empty.csv'));
		expect(await page.getByTestId('dataset-row').count()).toBe(0);
	});
});
