/**
 * Every slide fits, at a projector's sizes and in both themes: nothing past the window's edges, no label clipped,
 * the chart inside its slide, chart text at least 24 px at 1280 × 720, no Sankey label over a node or another label.
 * Screenshots go to test-results/screenshots/ (git-ignored) for a look by eye. Printed, each slide is one whole A4
 * landscape page: the PDF Chromium prints is rasterised with pdf.js, its pages saved to test-results/pdf/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openSample, useSite } from './browser';
import { clippedText, pastTheSides, sankeyLabelProblems } from './layout-checks';
import { pdfPages } from './pdf-pages';

const siteOf = useSite();
const SHOTS = 'test-results/screenshots';
/** The printed deck's pages as images, for a look by eye. */
const PDF_SHOTS = 'test-results/pdf';

/** What is wrong with the layout of the current slide, as sentences (none: it fits). */
async function layoutProblems(page: Page, minTextPx: { chart: number; table: number }): Promise<string[]> {
	return [...(await pastTheSides(page, { scrollBoxes: false })), ...(await clippedText(page, 'section.slide.current')), ...(await slideProblems(page, minTextPx))];
}

/** The slide inside the window, its chart inside its area, and its text large enough to read. */
function slideProblems(page: Page, minTextPx: { chart: number; table: number }): Promise<string[]> {
	return page.evaluate((minText) => {
		const problems: string[] = [];
		const vw = innerWidth;
		const vh = innerHeight;
		const slide = document.querySelector<HTMLElement>('section.slide.current')!;
		const s = slide.getBoundingClientRect();
		if (s.left < -1 || s.right > vw + 1 || s.top < -1 || s.bottom > vh + 1) problems.push(`the slide (${Math.round(s.width)}×${Math.round(s.height)}) is not inside the ${vw}×${vh} window`);
		// The fitted chart stays inside its area (which clips).
		for (const area of slide.querySelectorAll('.fit-area')) {
			const a = area.getBoundingClientRect();
			const f = area.firstElementChild!.getBoundingClientRect();
			if (f.bottom > a.bottom + 1 || f.right > a.right + 1) problems.push(`the chart (${Math.round(f.width)}×${Math.round(f.height)}) is larger than its area (${Math.round(a.width)}×${Math.round(a.height)})`);
			for (const table of area.querySelectorAll('table')) {
				const t = table.getBoundingClientRect();
				if (t.right > a.right + 1 || t.bottom > a.bottom + 1) problems.push(`a table (${Math.round(t.width)}×${Math.round(t.height)}) is cut at the chart area's edge`);
			}
		}
		let smallest = Infinity;
		const deckScale = s.width / slide.offsetWidth;
		for (const text of slide.querySelectorAll<SVGTextElement>('svg text')) {
			if (text.getBoundingClientRect().width === 0 || !text.textContent?.trim()) continue;
			const fit = Number(text.closest<HTMLElement>('.fit')?.dataset.scale ?? 1);
			smallest = Math.min(smallest, parseFloat(getComputedStyle(text).fontSize) * fit * deckScale);
		}
		if (smallest < minText.chart - 0.05) problems.push(`chart text is ${smallest.toFixed(1)} px, under ${minText.chart} px`);
		// Tables (the stage table, heatmaps) shrink to a readable floor, then continue on another slide.
		let smallestCell = Infinity;
		for (const cell of slide.querySelectorAll<HTMLElement>('.fit td, .fit th')) {
			const fit = Number(cell.closest<HTMLElement>('.fit')?.dataset.scale ?? 1);
			smallestCell = Math.min(smallestCell, parseFloat(getComputedStyle(cell).fontSize) * fit * deckScale);
		}
		if (smallestCell < minText.table - 0.05) problems.push(`table text is ${smallestCell.toFixed(1)} px, under ${minText.table} px`);
		return problems;
	}, minTextPx);
}

/** Waits until the current slide's fitted scale holds still (a busy machine lays out slowly). */
async function settled(page: Page) {
	// A slide whose answer is still on its way says so first (the value slides come after the deck).
	await page.locator('section.slide.current [data-testid=slide-computing]').waitFor({ state: 'detached' });
	const scale = () => page.evaluate(() => [...document.querySelectorAll<HTMLElement>('section.slide.current .fit')].map((f) => f.dataset.scale).join());
	let before = await scale();
	for (let tries = 0; tries < 20; tries++) {
		await page.waitForTimeout(200);
		const now = await scale();
		if (now === before) return;
		before = now;
	}
}

async function slideCount(page: Page): Promise<number> {
	const text = await page.getByTestId('slide-number').filter({ visible: true }).textContent();
	return Number(text!.split('/')[1]);
}

describe('slides fit the screen', () => {
	for (const theme of ['light', 'dark'] as const) {
		it(`every slide fits at 1280×720, 1366×768 and 1920×1080 (${theme})`, async () => {
			mkdirSync(SHOTS, { recursive: true });
			const { page, errors } = await openSample(siteOf());
			if (theme === 'dark') await page.getByTestId('theme').selectOption('dark');
			await page.getByTestId('present').click();
			await page.getByTestId('deck').waitFor();
			await page.emulateMedia({ reducedMotion: 'reduce' });
			const found: string[] = [];
			const kinds = new Set<string>();
			for (const [width, height] of [
				[1280, 720],
				[1366, 768],
				[1920, 1080]
			]) {
				await page.setViewportSize({ width, height });
				await page.keyboard.press('End');
				const total = await slideCount(page);
				// Funnel, stage table, flows, retention, trend, and the three value slides (80/20, RFM, lifetime value).
				expect(total).toBeGreaterThanOrEqual(8);
				// Backwards from the last slide (forwards, the funnel reveals its steps first); the funnel fully revealed.
				for (let n = total; n >= 1; n--) {
					if (n < total) await page.keyboard.press('ArrowLeft');
					if (n === 1) for (let k = (await page.locator('section.slide.current g.step').count()) - 1; k > 0; k--) await page.keyboard.press('ArrowRight');
					await page.mouse.move(0, 0); // no tooltip open
					// Let the chart settle at its fitted scale.
					await settled(page);
					const id = await page.locator('section.slide.current').getAttribute('data-testid');
					kinds.add(id!.replace(/-\d+$/, ''));
					await page.screenshot({ path: `${SHOTS}/slide-${theme}-${width}x${height}-${n}-${id}.png` });
					for (const problem of await layoutProblems(page, width === 1280 ? { chart: 24, table: 16 } : { chart: 0, table: 0 })) found.push(`${width}×${height} slide ${n} (${id}): ${problem}`);
					for (const problem of await sankeyLabelProblems(page, 'section.slide.current')) found.push(`${width}×${height} slide ${n} (${id}): ${problem}`);
				}
			}
			expect([...kinds].sort()).toEqual(['slide-flows', 'slide-funnel', 'slide-retention', 'slide-stages', 'slide-trend', 'slide-value-clv', 'slide-value-rfm', 'slide-value-top']);
			expect(found).toEqual([]);
			expect(errors).toEqual([]);
			// Ten slides at three sizes, each settled, measured and photographed: longer than one page's test.
		}, 240_000);
	}

	it('prints one slide per A4 landscape page, each whole: the printed PDF rasterised and looked at', async () => {
		mkdirSync(PDF_SHOTS, { recursive: true });
		const { page, errors } = await openSample(siteOf());
		await page.getByTestId('present').click();
		await page.getByTestId('deck').waitFor();
		// The slides after the first are drawn a slide per task: print once every slide has its chart.
		await page.waitForFunction(() => [...document.querySelectorAll('section.slide')].every((s) => s.querySelector('.fit-area')));
		await page.emulateMedia({ media: 'print', reducedMotion: 'reduce' });
		await page.setViewportSize({ width: 1123, height: 794 });
		const slides = await page.locator('section.slide').evaluateAll((sections) =>
			sections.map((s) => {
				const r = s.getBoundingClientRect();
				// In print every slide is laid out: its chart must still fit the area that clips it.
				const cut = [...s.querySelectorAll('.fit-area')].some((area) => {
					const a = area.getBoundingClientRect();
					const f = area.firstElementChild!.getBoundingClientRect();
					return f.bottom > a.bottom + 1 || f.right > a.right + 1;
				});
				// Paper has nothing to press: a button printed on a slide is clutter (the stage table's Export CSV was); a
				// sorting column heading prints as the heading it is.
				const buttons = [...s.querySelectorAll('button:not(.sort)')].filter((b) => b.getClientRects().length > 0).map((b) => b.textContent!.trim());
				return { width: r.width, height: r.height, title: s.querySelector('h1')!.textContent!.trim(), cut, buttons };
			})
		);
		expect(slides.length).toBeGreaterThanOrEqual(8);
		for (const slide of slides) {
			expect(slide.width).toBeLessThanOrEqual(1123);
			expect(slide.height).toBeLessThanOrEqual(794);
			expect(slide.cut, `${slide.title}: its chart is larger than its area`).toBe(false);
			expect(slide.buttons, `${slide.title}: buttons printed`).toEqual([]);
		}
		const pdf = await page.pdf({ format: 'A4', landscape: true, preferCSSPageSize: true });
		const pages = await pdfPages(siteOf().browser, pdf);
		expect(pages.length).toBe(slides.length);
		const found: string[] = [];
		pages.forEach((printed, i) => {
			writeFileSync(`${PDF_SHOTS}/present-page-${i + 1}.png`, printed.png);
			const n = i + 1;
			// A4 landscape, 297 mm × 210 mm: 1123 × 794 CSS pixels.
			if (Math.abs(printed.width - 1123) > 1 || Math.abs(printed.height - 794) > 1) found.push(`page ${n} is ${printed.width}×${printed.height}, not A4 landscape`);
			// The slide whole on its page: its title at the top and its footer's slide number at the bottom.
			if (!printed.text.startsWith(slides[i].title)) found.push(`page ${n} does not start with its slide's title "${slides[i].title}": "${printed.text.slice(0, 60)}"`);
			if (!printed.text.includes(`${n} / ${slides.length}`)) found.push(`page ${n} has no "${n} / ${slides.length}" (its slide's footer)`);
			// Nothing printed up to the page's edge, where it would be cut: two pixels of paper all round.
			const ink = printed.ink;
			if (!ink) found.push(`page ${n} is blank`);
			else if (ink.left < 2 || ink.top < 2 || ink.right > printed.width - 2 || ink.bottom > printed.height - 2)
				found.push(`page ${n}'s content reaches its edge (${ink.left}, ${ink.top} to ${ink.right}, ${ink.bottom} of ${printed.width}×${printed.height})`);
		});
		expect(found).toEqual([]);
		expect(errors).toEqual([]);
		// Ten pages printed, rendered and scanned pixel by pixel: longer than one page's test.
	}, 180_000);
});
