/**
 * Every dashboard view reflows (WCAG 2.2, 1.4.10) at a phone's, a projector's and two desktops' sizes, in the light
 * and dark themes: nothing reaches past the window's sides except inside a designated scroll box (data-scroll-box),
 * which then shows that it scrolls; no label's text is clipped; the first screen holds the key figures (with
 * targets set, each badge on its figure's line from 1280 px up) and the first chart. One page, resized between sizes. Screenshots go to test-results/screenshots/ for a look by eye.
 */
import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newPage, openSample, useSite } from './browser';
import { clippedText, pastTheSides } from './layout-checks';

const siteOf = useSite();
const SHOTS = 'test-results/screenshots';
const SIZES = [
	[390, 844],
	[1280, 720],
	[1440, 900],
	[1920, 1080]
] as const;
const VIEWS = ['funnel', 'flows', 'journeys', 'retention', 'trend', 'value'] as const;
/** What each view draws when it has its answer. */
const DRAWN: Record<(typeof VIEWS)[number], string> = {
	funnel: '[data-testid=funnel-table]',
	flows: 'figure.chart svg',
	journeys: 'figure.chart svg',
	retention: '[data-testid=retention-table]',
	trend: '[data-testid=trend-chart]',
	value: '[data-testid=rfm-segments]'
};

/** What is wrong with the page's layout, as sentences (none: it reflows). */
async function layoutProblems(page: Page): Promise<string[]> {
	return [...(await pastTheSides(page, { scrollBoxes: true })), ...(await scrollProblems(page)), ...(await clippedText(page, 'body')), ...(await chartLabelProblems(page))];
}

/** A scroll box wider than its content says so where it can be seen; nothing else scrolls sideways. */
function scrollProblems(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const problems: string[] = [];
		const name = (el: Element) => `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
		const unseen = (el: Element) => el.closest('.visually-hidden, [hidden], [role=tooltip]') !== null;
		for (const box of document.querySelectorAll<HTMLElement>('[data-scroll-box]')) {
			if (box.scrollWidth <= box.clientWidth + 1) continue;
			const hint = box.parentElement?.querySelector<HTMLElement>('[data-scroll-hint]');
			if (!hint || hint.getBoundingClientRect().height === 0 || getComputedStyle(hint).visibility === 'hidden')
				problems.push(`${name(box)} scrolls (${box.scrollWidth} > ${box.clientWidth}) with no visible hint that it does`);
		}
		for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
			if (unseen(el) || el.hasAttribute('data-scroll-box') || el.clientWidth === 0) continue;
			const overflow = getComputedStyle(el).overflowX;
			if ((overflow === 'auto' || overflow === 'scroll') && el.scrollWidth > el.clientWidth + 1) problems.push(`${name(el)} scrolls sideways but is not a scroll box with a hint`);
		}
		return problems;
	});
}

/** Chart labels not printed over one another (axis ticks thin out) nor over a mark. */
function chartLabelProblems(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const problems: string[] = [];
		const name = (el: Element) => `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
		const overlap = (a: DOMRect, b: DOMRect) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
		for (const svg of document.querySelectorAll<SVGSVGElement>('figure.chart svg')) {
			if (svg.closest('.visually-hidden, [hidden], [role=tooltip]')) continue;
			const texts = [...svg.querySelectorAll<SVGTextElement>('text')].filter((text) => text.textContent?.trim()).map((text) => ({ text, box: text.getBoundingClientRect() }));
			const marks = [...svg.querySelectorAll('rect[role=button]')].map((mark) => mark.getBoundingClientRect());
			texts.forEach(({ text, box }, i) => {
				if (box.width === 0) return;
				const over = texts.slice(i + 1).find((other) => overlap(box, other.box));
				if (over) problems.push(`${name(text)} is printed over ${name(over.text)}`);
				if (marks.some((mark) => overlap(box, mark))) problems.push(`${name(text)} is printed over a mark of its chart`);
			});
		}
		return problems;
	});
}

/**
 * From a projector's width up, a key figure's target badge sits on its figure's line, after it, not wrapped under
 * it (on a phone it has the line under the name and figure).
 */
function badgeProblems(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const problems: string[] = [];
		for (const badge of document.querySelectorAll<HTMLElement>('[data-testid=key-figures] [data-testid=target]')) {
			const figure = badge.closest('div')!.querySelector<HTMLElement>('dd.number')!;
			const b = badge.getBoundingClientRect();
			const f = figure.getBoundingClientRect();
			const middle = (b.top + b.bottom) / 2;
			if (middle < f.top || middle > f.bottom || b.left < f.right - 1) problems.push(`the badge "${badge.textContent}" of ${figure.dataset.testid} is not on its figure's line (badge ${Math.round(b.left)},${Math.round(b.top)}; figure ends at ${Math.round(f.right)},${Math.round(f.bottom)})`);
		}
		return problems;
	});
}

/** The key figures and the top of the first chart are on the first screen (the page scrolled to its top). */
function firstScreenProblems(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		scrollTo(0, 0);
		const problems: string[] = [];
		const vh = innerHeight;
		const figures = document.querySelector('[data-testid=key-figures]');
		if (!figures) problems.push('there is no strip of key figures');
		else if (figures.getBoundingClientRect().bottom > vh) problems.push(`the key figures end below the fold (${Math.round(figures.getBoundingClientRect().bottom)} > ${vh})`);
		const chart = document.querySelector('[data-testid=funnel] svg');
		// At least 120 px of the first chart (two and a half funnel steps) shows without scrolling.
		const top = chart?.getBoundingClientRect().top ?? Infinity;
		if (top + 120 > vh) problems.push(`the first chart starts at ${Math.round(top)} px, under the fold of ${vh} px`);
		return problems;
	});
}

/**
 * Targets on every stage's conversion and on the share active, so that the key figures carry their badges (met or
 * missed): the strip's longest content.
 */
async function setTargets(page: Page) {
	await page.getByTestId('model-menu').click();
	await page.getByTestId('edit-model').click();
	for (const id of ['prospect', 'lead', 'mql', 'sql', 'sqo', 'customer']) {
		const field = page.locator(`[data-testid=stage-editor][data-stage=${id}]`).getByTestId('target-conversion');
		await field.fill('50');
		await field.press('Enter');
	}
	await page.getByTestId('target-active').fill('10');
	await page.getByTestId('target-active').press('Enter');
	await page.locator('[data-testid=figure-conversion-target] [data-testid=target]').waitFor();
	await page.locator('[data-testid=figure-active-target] [data-testid=target]').waitFor();
	// The editor closed again: the page as a visitor sees it.
	if (!(await page.getByTestId('edit-model').isVisible())) await page.getByTestId('model-menu').click();
	await page.getByTestId('edit-model').click();
	await page.locator('[data-testid=stage-editor]').first().waitFor({ state: 'detached' });
	if (await page.getByTestId('edit-model').isVisible()) await page.keyboard.press('Escape');
}

for (const theme of ['light', 'dark'] as const) {
	describe(`the dashboard reflows (${theme})`, () => {
		// One page per theme, resized from size to size.
		let opened: Awaited<ReturnType<typeof openSample>>;
		beforeAll(async () => {
			mkdirSync(SHOTS, { recursive: true });
			opened = await openSample(siteOf());
			await opened.page.emulateMedia({ reducedMotion: 'reduce' });
			if (theme === 'dark') await opened.page.getByTestId('theme').selectOption('dark');
			await setTargets(opened.page);
		});

		for (const [width, height] of SIZES) {
			it(`every view fits at ${width}×${height}`, async () => {
				const { page, errors } = opened;
				await page.setViewportSize({ width, height });
				const found: string[] = [];
				for (const view of VIEWS) {
					await page.getByTestId(`tab-${view}`).click();
					await page.locator(DRAWN[view]).first().waitFor();
					await page.mouse.move(0, 0); // no tooltip open
					// Let the charts follow the width (a ResizeObserver, then a frame).
					await page.waitForTimeout(200);
					if (view === 'funnel') for (const problem of [...(await firstScreenProblems(page)), ...(width >= 1280 ? await badgeProblems(page) : [])]) found.push(`${view}: ${problem}`);
					await page.screenshot({ path: `${SHOTS}/dashboard-${theme}-${width}x${height}-${view}.png`, fullPage: true });
					for (const problem of await layoutProblems(page)) found.push(`${view}: ${problem}`);
				}
				expect(found).toEqual([]);
				expect(errors).toEqual([]);
			});
		}
	});
}

describe('a shop of five-digit counts and a nine-digit total', () => {
	it('keeps the funnel\'s values inside the chart and each key figure inside its card, on a phone and a desktop', async () => {
		const { page, errors } = await newPage(siteOf());
		await page.goto(siteOf().url);
		// 12,345 customers, each with one purchase of 9,999.99: every bar is "12,345 · 100%", the total 123,449,876.55.
		const rows = ['customer_id,timestamp,event,value', ...Array.from({ length: 12_345 }, (_, i) => `c${i},2025-01-${String((i % 28) + 1).padStart(2, '0')},purchase,9999.99`)];
		await page.getByTestId('file-input').setInputFiles({ name: 'purchases.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
		await page.getByTestId('import-button').click();
		await page.getByTestId('funnel-table').waitFor();
		await page.mouse.move(0, 0);
		const found: string[] = [];
		for (const [width, height] of [[390, 844], [1280, 720], [1440, 900]]) {
			await page.setViewportSize({ width, height });
			await page.waitForTimeout(200);
			await page.screenshot({ path: `${SHOTS}/five-digits-${width}x${height}.png` });
			const figures = await page.evaluate(() =>
				[...document.querySelectorAll<HTMLElement>('[data-testid=key-figures] dd.number')].flatMap((figure) => {
					const card = figure.closest('div')!.getBoundingClientRect();
					const box = figure.getBoundingClientRect();
					return box.right > card.right + 1 ? [`"${figure.textContent}" runs past its card (${Math.round(box.right)} > ${Math.round(card.right)})`] : [];
				})
			);
			for (const problem of [...figures, ...(await clippedText(page, '[data-testid=funnel]')), ...(await pastTheSides(page, { scrollBoxes: true }))]) found.push(`${width}: ${problem}`);
		}
		expect(await page.locator('[data-testid=funnel] svg text').allTextContents()).toContain('12,345 · 100%');
		expect(await page.getByTestId('figure-value').textContent()).toBe('123,449,876.55');
		expect(found).toEqual([]);
		expect(errors).toEqual([]);
	});
});
