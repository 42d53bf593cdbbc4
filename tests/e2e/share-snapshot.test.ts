/**
 * Sharing the sample's dashboard (issue 22): the threshold k set in the Share menu reaches the snapshot, on the page
 * and in its CSV; the snapshot's value view and deck are the dashboard's own (the same tables, the same slides on
 * the same 1280 × 720 frame); a snapshot over the 32 KB link budget is refused, saying what to do instead.
 *
 * The sample's funnel ends at "Repeat customer: 69": at k = 70 that step is under k.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, openSample, useSite } from './browser';

const siteOf = useSite();

/** Shares the open dashboard at threshold k and gives back the message and the link (null when refused). */
async function share(page: Page, k: number): Promise<{ message: string; link: string | null }> {
	await page.getByTestId('share-menu').click();
	await page.getByTestId('share-k').fill(String(k));
	await page.getByTestId('share-snapshot').click();
	const message = page.getByTestId('share-message');
	await expect.poll(() => message.textContent(), { timeout: 120_000 }).not.toMatch(/Preparing/);
	const link = (await page.getByTestId('snapshot-link').count()) ? await page.getByTestId('snapshot-link').getAttribute('href') : null;
	return { message: (await message.textContent())!.trim(), link };
}

const rowsOf = (page: Page, testid: string) =>
	page.getByTestId(testid).locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent?.trim())));
/** Each slide's test id and title, in order. */
const slidesOf = (page: Page) => page.locator('section.slide').evaluateAll((slides) => slides.map((s) => [s.getAttribute('data-testid'), s.querySelector('h1')?.textContent?.trim()]));

describe('a snapshot of the sample', () => {
	it('hides what is under the k chosen in the Share menu, on the page and in its CSV', async () => {
		const { page, errors } = await openSample(siteOf());
		const funnel = await rowsOf(page, 'funnel-table');
		expect(funnel.at(-1)!.slice(0, 2)).toEqual(['Repeat customer', '69']);
		const { message, link } = await share(page, 70);
		expect(message).toMatch(/^Link to the results copied/);

		const fresh = await newPage(siteOf());
		await fresh.page.goto(link!);
		await fresh.page.getByTestId('funnel-table').waitFor();
		const shared = await rowsOf(fresh.page, 'funnel-table');
		expect(shared.map((r) => r.slice(0, 2))).toEqual([...funnel.slice(0, -1).map((r) => r.slice(0, 2)), ['Repeat customer', '<70']]);
		expect(await fresh.page.getByTestId('shared-legend').textContent()).toContain('"<70" means fewer than 70 customers');
		const [download] = await Promise.all([fresh.page.waitForEvent('download'), fresh.page.getByTestId('export-csv').click()]);
		const csv = readFileSync((await download.path())!, 'utf8');
		expect(csv.split('\n').find((line) => line.includes('Repeat customer'))).toMatch(/^repeat,Repeat customer,no,<70,/);
		expect(fresh.errors).toEqual([]);
		expect(errors).toEqual([]);
		await fresh.page.context().close();
		await page.context().close();
	});

	it('shows the value view’s own tables, and presents the live deck’s slides on the same frame', async () => {
		const { page, errors } = await openSample(siteOf());
		await page.getByTestId('tab-value').click();
		await page.getByTestId('top-shares').waitFor();
		const topShares = await rowsOf(page, 'top-shares');
		const segments = await rowsOf(page, 'rfm-segments');
		/** The lifetime value's forecast, or why there is none: the same sentence in both. */
		const clv = (p: Page) => p.locator('[data-testid=clv-forecast], [data-testid=clv-problem]').first().textContent();
		const forecast = await clv(page);
		await page.getByTestId('present').click();
		await page.getByTestId('deck').waitFor();
		const liveSlides = await slidesOf(page);
		// Back on the dashboard, on the value view the link names.
		await page.keyboard.press('Escape');
		await page.getByTestId('top-shares').waitFor();
		const { link } = await share(page, 5);

		const fresh = await newPage(siteOf());
		await fresh.page.setViewportSize({ width: 1440, height: 900 });
		await fresh.page.goto(link!);
		await fresh.page.getByTestId('tab-value').click();
		await fresh.page.getByTestId('top-shares').waitFor();
		// The top 1% of 2,000 customers is 20: nothing there is under k, so the rows are the dashboard's.
		expect(await rowsOf(fresh.page, 'top-shares')).toEqual(topShares);
		// Segments: the same names and rules; a count under 5 is "<5", and the others are the dashboard's.
		const shared = await rowsOf(fresh.page, 'rfm-segments');
		expect(shared.map(([name, , rule]) => [name, rule])).toEqual(segments.map(([name, , rule]) => [name, rule]));
		shared.forEach(([, count], i) => expect(count === '<5' || count === '–' ? Number(segments[i][1]) < 5 || count === '–' : count === segments[i][1]).toBe(true));
		await fresh.page.getByTestId('value-cohorts').waitFor();
		expect(await clv(fresh.page)).toBe(forecast);

		await fresh.page.getByTestId('present').click();
		await fresh.page.getByTestId('deck').waitFor();
		expect(await slidesOf(fresh.page)).toEqual(liveSlides);
		// The slide is 1280 × 720 scaled to the window: 1440 × 900 fits it at 1.125 (810 px high), centred.
		const box = (await fresh.page.locator('section.slide.current').boundingBox())!;
		expect([Math.round(box.width), Math.round(box.height), Math.round(box.x), Math.round(box.y)]).toEqual([1440, 810, 0, 45]);
		await fresh.page.keyboard.press('End');
		expect(await fresh.page.locator('section.slide.current').getAttribute('data-testid')).toBe('slide-value-clv');
		expect(await fresh.page.getByTestId('slide-number').filter({ visible: true }).textContent()).toBe(`${liveSlides.length} / ${liveSlides.length}`);
		await fresh.page.keyboard.press('Escape');
		await fresh.page.getByTestId('shared-title').waitFor();
		expect(fresh.errors).toEqual([]);
		expect(errors).toEqual([]);
		await fresh.page.context().close();
		await page.context().close();
	});

	it('is refused over the 32 KB link budget, with the report offered instead', async () => {
		const { page, errors } = await openSample(siteOf());
		// Daily cohorts and a daily trend over the sample's year, nothing hidden but single customers.
		await page.goto(page.url() + '&rp=day&tp=day');
		await page.getByTestId('funnel-table').waitFor();
		const { message, link } = await share(page, 2);
		expect(link).toBeNull();
		expect(message).toMatch(/^This link is [\d.]+ kB long: too long for most chat and e-mail\. Download the report instead\.$/);
		expect(Number(message.match(/is ([\d.]+) kB/)![1])).toBeGreaterThan(32);
		expect(errors).toEqual([]);
		await page.context().close();
	});
});
