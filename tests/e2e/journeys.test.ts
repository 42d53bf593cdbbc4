/**
 * The journeys view in the browser, on five named customers whose journeys are counted by hand (as in
 * tests/unit/engine/journey.test.ts): open the tab, choose the anchor, the steps and the goal, read the counts,
 * drill into a link from the keyboard, and reload the link to the same state.
 */
import { describe, expect, it } from 'vitest';
import { newPage, openSample, useSite } from './browser';
import { clippedText, pastTheSides } from './layout-checks';

const siteOf = useSite();

/**
 * ann  page_view, signup, page_view, page_view, webinar, purchase
 * bob  email_open, page_view, signup, email_open, purchase
 * cat  signup, email_open
 * dan  page_view, page_view                      (never signs up)
 * eve  signup, signup, webinar, page_view
 */
const LOG = [
	'customer_id,timestamp,event',
	...[
		['ann', ['page_view', 'signup', 'page_view', 'page_view', 'webinar', 'purchase']],
		['bob', ['email_open', 'page_view', 'signup', 'email_open', 'purchase']],
		['cat', ['signup', 'email_open']],
		['dan', ['page_view', 'page_view']],
		['eve', ['signup', 'signup', 'webinar', 'page_view']]
	].flatMap(([id, events]) => (events as string[]).map((event, d) => `${id},2025-01-0${d + 1}T10:00:00Z,${event}`))
].join('\n');

/** Imports the five customers' log and opens the journeys after the first signup, three steps on. */
async function openJourneys() {
	const opened = await newPage(siteOf());
	const { page } = opened;
	await page.goto(siteOf().url);
	await page.getByTestId('file-input').setInputFiles({ name: 'journeys.csv', mimeType: 'text/csv', buffer: Buffer.from(LOG) });
	await page.getByTestId('mapper').waitFor();
	await page.getByTestId('import-button').click();
	await page.getByTestId('funnel-table').waitFor();
	await page.getByTestId('tab-journeys').click();
	await page.getByTestId('journey-anchor').selectOption('signup');
	await page.getByTestId('journey-steps').fill('3');
	return opened;
}

describe('journeys', () => {
	it('anchored on entering a stage: the anchor holds the customers the funnel counts at that stage', async () => {
		const { page, errors } = await openSample(siteOf());
		// The sample's lead lifecycle counts 955 customers at MQL (its funnel table, the CLI's journey and drivers).
		expect(await page.locator('[data-testid=funnel-table] tr[data-stage=mql] [data-testid=funnel-count]').getAttribute('data-count')).toBe('955');
		await page.getByTestId('tab-journeys').click();
		await page.getByTestId('journey-anchor').selectOption('stage:mql');
		await page.getByRole('button', { name: /^MQL \(step 0\): 955 customers/ }).waitFor();
		expect(await page.getByTestId('journey-summary').textContent()).toContain('955 customers: entering MQL');
		await page.waitForFunction(() => new URLSearchParams(location.search).get('ja') === 'stage:mql');
		expect(errors).toEqual([]);
	});

	it('merges repeats, hides events and folds small ones into Other in the page; a list closes when its journey changes', async () => {
		const { page, errors } = await openJourneys();
		const node = (name: RegExp) => page.getByRole('button', { name });
		await node(/^page_view \(step \+2\): 1 customers/).waitFor();
		await node(/^webinar \(step \+2\): 1 customers/).waitFor();

		// Merged: ann's two page views are one step, so webinar is her second, as it is eve's (her second signup is a
		// step: the anchor is not merged with the steps).
		await page.getByTestId('journey-merge').check();
		await node(/^webinar \(step \+2\): 2 customers/).waitFor();
		await node(/^purchase \(step \+3\): 1 customers/).waitFor();
		await page.waitForFunction(() => new URLSearchParams(location.search).get('jm') === 'yes');
		await page.getByTestId('journey-merge').uncheck();

		// email_open hidden: bob goes straight to purchase, cat's journey ends at once.
		await page.getByTestId('journey-hide').selectOption('email_open');
		await node(/^purchase \(step \+1\): 1 customers/).waitFor();
		await node(/^End of journey \(step \+1\): 1 customers/).waitFor();
		expect(await page.getByRole('button', { name: /^email_open \(step/ }).count()).toBe(0);
		await page.waitForFunction(() => new URLSearchParams(location.search).get('jh') === 'email_open');
		await page.getByRole('button', { name: 'Show email_open again' }).click();
		await node(/^email_open \(step \+1\): 2 customers/).waitFor();

		// Folded under 30%: at step +1, ann's page_view and eve's signup (a quarter each) are Other; a click lists them.
		await page.getByTestId('journey-fold').fill('30');
		await node(/^Other \(step \+1\): 2 customers/).click();
		await page.getByTestId('customer-list').waitFor();
		expect((await page.getByTestId('customer-row').allInnerTexts()).map((row) => row.split(/\s/)[0]).sort()).toEqual(['ann', 'eve']);
		// Another journey: the list of the one before is gone, not left under a chart it no longer belongs to.
		await page.getByTestId('journey-fold').fill('0');
		await node(/^page_view \(step \+1\): 1 customers/).waitFor();
		await page.getByTestId('customer-list').waitFor({ state: 'detached' });
		expect(errors).toEqual([]);
	});

	it('shows the hand-checked journey after the first signup, lists a link’s customers, and keeps it all in the link', async () => {
		const { page, errors } = await openJourneys();
		await page.getByTestId('journey-goal').selectOption('purchase');
		const node = (name: RegExp) => page.getByRole('button', { name });
		// Four customers signed up; after it, bob and cat opened an email, ann viewed a page, eve signed up again.
		await node(/^email_open \(step \+1\): 2 customers/).waitFor();
		await node(/^page_view \(step \+1\): 1 customers/).waitFor();
		await node(/^signup \(step \+1\): 1 customers/).waitFor();
		// Each column says which step it is.
		await expect.poll(() => page.getByTestId('sankey-column').allTextContents()).toEqual(['Anchor', 'Step +1', 'Step +2', 'Step +3']);
		// Cat ends after one event, bob after two: two customers at the end of the journey by step 3.
		await node(/^End of journey \(step \+3\): 2 customers/).waitFor();
		// The goal's answer comes a moment after the steps' (each change is asked anew).
		await expect.poll(() => page.getByTestId('journey-summary').textContent(), { timeout: 15_000 }).toContain('2 of them (50');
		await page.getByTestId('conversion-legend').waitFor();

		// The link from signup to email_open: bob (who purchased) and cat (who did not), half of them reached the goal.
		const link = page.getByRole('button', { name: /^signup → email_open: 2 customers \(50(\.0)?%\); 50(\.0)?% then reached purchase/ });
		await link.focus();
		await page.keyboard.press('Enter');
		await page.getByTestId('customer-list').waitFor();
		expect(await page.getByTestId('customer-total').textContent()).toMatch(/^2\b/);
		expect((await page.getByTestId('customer-row').allInnerTexts()).map((row) => row.split(/\s/)[0]).sort()).toEqual(['bob', 'cat']);

		await page.waitForFunction(() => new URLSearchParams(location.search).get('js') === '3' && new URLSearchParams(location.search).get('jg') === 'purchase');
		const url = page.url();
		expect(new URL(url).searchParams.get('view')).toBe('journeys');
		expect(new URL(url).searchParams.get('ja')).toBe('signup');
		await page.reload();
		await node(/^email_open \(step \+1\): 2 customers/).waitFor();
		expect(await page.getByTestId('journey-anchor').inputValue()).toBe('signup');
		expect(await page.getByTestId('journey-steps').inputValue()).toBe('3');
		expect(await page.getByTestId('journey-goal').inputValue()).toBe('purchase');

		// Looking back two events from the first signup: bob's page_view and ann's, then cat and eve at the start.
		await page.getByTestId('journey-direction').selectOption('previous');
		await page.getByTestId('journey-steps').fill('2');
		await node(/^page_view \(step −1\): 2 customers/).waitFor();
		await node(/^Start of journey \(step −2\): 3 customers/).waitFor();
		await expect.poll(() => page.getByTestId('sankey-column').allTextContents()).toEqual(['Step −2', 'Step −1', 'Anchor']);
		expect(errors).toEqual([]);
	});

	it('on a phone, a node’s tooltip (where a narrow Sankey names it) stays on the screen at either edge', async () => {
		const { page, errors } = await openJourneys();
		await page.setViewportSize({ width: 390, height: 844 });
		const tip = page.getByTestId('chart-tooltip');
		for (const name of [/^signup \(step 0\): 4 customers/, /^End of journey \(step \+3\): 2 customers/]) {
			await page.getByRole('button', { name }).focus();
			await tip.waitFor();
			expect(await tip.textContent()).toMatch(name);
			const box = (await tip.boundingBox())!;
			expect([Math.round(box.x) >= 0, Math.round(box.x + box.width) <= 390]).toEqual([true, true]);
			await page.keyboard.press('Escape');
		}
		expect(errors).toEqual([]);
	});

	it('on a phone, a node’s customers are listed with every column whole, the list scrolling sideways in its box', async () => {
		const { page, errors } = await openJourneys();
		await page.setViewportSize({ width: 390, height: 844 });
		await page.getByRole('button', { name: /^signup \(step 0\): 4 customers/ }).focus();
		await page.keyboard.press('Enter');
		await page.getByTestId('customer-list').waitFor();
		await expect.poll(() => page.getByTestId('customer-row').count()).toBe(4);
		expect(await clippedText(page, '[data-testid=customer-list]')).toEqual([]);
		expect(await pastTheSides(page, { scrollBoxes: true })).toEqual([]);
		expect(errors).toEqual([]);
	});
});
