/** ?src=: a link to public data loads it (with CORS) or says plainly why it cannot (without). */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../scripts/serve.mjs';
import { newPage, useSite } from './browser';

const siteOf = useSite();
let open: Server;
let closed: Server;
const portOf = (server: Server) => (server.address() as { port: number }).port;
beforeAll(async () => {
	open = await serveStatic('static/samples', { port: 0, base: '/data', cors: true });
	closed = await serveStatic('static/samples', { port: 0, base: '/data' });
});
afterAll(async () => {
	await Promise.all([open, closed].map((s) => new Promise((done) => s?.close(done))));
});

describe('loading public data from a link', () => {
	it('loads a CSV from another origin that allows it, and the link keeps the address', async () => {
		const { page, errors } = await newPage(siteOf());
		const src = `http://127.0.0.1:${portOf(open)}/data/lead-lifecycle.csv`;
		await page.goto(`${siteOf().url}?src=${encodeURIComponent(src)}`);
		await page.getByTestId('funnel-table').waitFor();
		expect(await page.getByTestId('funnel-count').first().textContent()).toBe('2,000');
		await page.waitForFunction(() => location.search.includes('src=') && location.search.includes('ds='));
		expect(new URL(page.url()).searchParams.get('src')).toBe(src);
		expect(errors).toEqual([]);
	});

	it('explains a server that does not allow other sites to read its files', async () => {
		const { page } = await newPage(siteOf());
		const src = `http://127.0.0.1:${portOf(closed)}/data/lead-lifecycle.csv`;
		await page.goto(`${siteOf().url}dashboard/?src=${encodeURIComponent(src)}`);
		await page.getByTestId('source-error').waitFor();
		expect(await page.getByTestId('source-error').textContent()).toContain('does not allow other sites to read its files (it sends no CORS header');
		await page.goto(`${siteOf().url}dashboard/?src=${encodeURIComponent('http://example.org/x.csv')}`);
		expect(await page.getByTestId('source-error').textContent()).toBe('Only https addresses can be loaded (got http:).');
	});
});
