/**
 * A warehouse user's path: the generated SQL runs in DuckDB over the sample's events, its funnel and retention
 * outputs are saved as CSV and dropped on the site, which draws them with the same numbers as its own analysis
 * of the sample. A broken table is refused with its line and column.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { leadLifecycle } from '../../src/lib/engine/model';
import { compileModel } from '../../src/lib/sql';
import { eventsDb } from '../helpers/duckdb';
import { readFile } from '../helpers/import';
import { drawnCohortSizes, openSample, useSite } from './browser';

const siteOf = useSite();
let funnelCsv = '';
let retentionCsv = '';

beforeAll(async () => {
	const { table } = await readFile(readFileSync('static/samples/lead-lifecycle.csv'), 'lead-lifecycle.csv');
	const db = await eventsDb(table);
	// The dashboard's defaults: cumulative funnel, monthly cohorts by first seen, bounded retention of any event.
	const sql = compileModel(leadLifecycle, { retention: { period: 'month', mode: 'bounded', cohortStage: -1, returnEvent: null } });
	funnelCsv = await db.csv(sql.funnel);
	retentionCsv = await db.csv(sql.retention);
	await db.close();
}, 60_000);


const dataCounts = (page: Page, testId: string) => page.getByTestId(testId).evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count') ?? c.textContent?.replace(/\D/g, ''))));
const cohortSizes = async (page: Page) => (await drawnCohortSizes(page)).map((text) => Number(text.replace(/\D/g, '')));

describe('tables computed by the generated SQL', () => {
	it('are drawn with the numbers of the site’s own analysis of the same events', async () => {
		const { page, errors } = await openSample(siteOf());
		const funnel = await dataCounts(page, 'funnel-count');
		await page.getByTestId('tab-retention').click();
		const sizes = await cohortSizes(page);
		expect(funnel[0]).toBe(2000);
		expect(sizes.reduce((a, b) => a + b, 0)).toBe(2000);

		await page.goto(siteOf().url);
		await page.getByTestId('file-input').setInputFiles({ name: 'funnel.csv', mimeType: 'text/csv', buffer: Buffer.from(funnelCsv) });
		await page.getByTestId('aggregate').waitFor();
		expect(await dataCounts(page, 'funnel-count')).toEqual(funnel);

		await page.getByTestId('file-input').setInputFiles({ name: 'retention.csv', mimeType: 'text/csv', buffer: Buffer.from(retentionCsv) });
		expect(await cohortSizes(page)).toEqual(sizes);
		expect(errors).toEqual([]);
	});

	it('refuses a broken table with its line and column, and stores nothing', async () => {
		const { page, errors } = await openSample(siteOf());
		await page.goto(siteOf().url);
		const lines = funnelCsv.trimEnd().split('\n');
		const header = lines[0].split(',');
		const customers = header.indexOf('customers');
		const third = lines[3].split(',');
		third[customers] = '999999';
		lines[3] = third.join(',');
		await page.getByTestId('file-input').setInputFiles({ name: 'funnel.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
		const message = await page.getByTestId('import-error').textContent();
		expect(message).toContain('funnel.csv');
		expect(message).toContain('line 4');
		expect(message).toContain('customers');
		expect(await page.getByTestId('dataset-row').count()).toBe(1);
		expect(errors).toEqual([]);
	});
});
