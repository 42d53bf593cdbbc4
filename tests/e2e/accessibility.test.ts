/**
 * Accessibility in the built site: axe-core scans of every page (and every theme of the dashboard) find no
 * serious or critical violation; import → funnel → presentation works with the keyboard alone; phones and
 * projectors get a usable page; each language gets a screenshot.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useSite, type Site } from './browser';

const siteOf = useSite();
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SCREENSHOTS = 'test-results/screenshots';
const SAMPLE_ROWS = ['customer_id,timestamp,event,value,channel', 'a,2024-01-01,lead,,web', 'a,2024-01-05,purchase,20,web', 'b,2024-01-02,lead,,ads'];

/** A page without the site's CSP, so that axe (injected from outside) may run; nothing else changes. */
async function pageFor(site: Site, viewport = { width: 1280, height: 720 }) {
	const context = await site.browser.newContext({ bypassCSP: true, viewport });
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	return { page, errors };
}

interface Violation {
	id: string;
	impact: string;
	help: string;
	nodes: string[];
}

/** axe's serious and critical findings (WCAG 2.0–2.2 A and AA), each with the elements it names. */
async function seriousViolations(page: Page): Promise<Violation[]> {
	await page.evaluate(AXE_SOURCE);
	return page.evaluate(async () => {
		const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
		const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
		return result.violations
			.filter((v) => v.impact === 'serious' || v.impact === 'critical')
			.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
	});
}

/** Presses Tab until an element matching the selector has the focus, as a keyboard user would. */
async function tabTo(page: Page, selector: string, limit = 150) {
	for (let i = 0; i < limit; i++) {
		await page.keyboard.press('Tab');
		if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
	}
	throw new Error(`${selector} was not reached with ${limit} presses of Tab`);
}
const byTestId = (id: string) => `[data-testid="${id}"]`;

async function openSampleDashboard(page: Page) {
	await page.goto(siteOf().url);
	await page.getByTestId('try-sample').click();
	await page.getByTestId('funnel-table').waitFor();
}

describe('axe scans find no serious or critical violation', () => {
	it('home, and the import mapper', async () => {
		const { page, errors } = await pageFor(siteOf());
		await page.goto(siteOf().url);
		await page.getByTestId('try-sample').waitFor();
		expect(await seriousViolations(page)).toEqual([]);
		await page.getByTestId('file-input').setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(SAMPLE_ROWS.join('\n')) });
		await page.locator('[data-testid=mapper][aria-busy=false]').waitFor();
		expect(await seriousViolations(page)).toEqual([]);
		expect(errors).toEqual([]);
	});

	it('every dashboard view, in every theme', async () => {
		const { page, errors } = await pageFor(siteOf());
		await openSampleDashboard(page);
		for (const theme of ['light', 'dark', 'contrast']) {
			await page.getByTestId('theme').selectOption(theme);
			for (const view of ['funnel', 'flows', 'journeys', 'retention', 'trend', 'value']) {
				await page.getByTestId(`tab-${view}`).click();
				await page.waitForFunction((v) => new URLSearchParams(location.search).get('view') === v, view);
				// The drivers' table is drawn once a step is chosen.
				if (view === 'funnel') {
					await page.getByTestId('drivers-step').selectOption('customer');
					await page.getByTestId('drivers-table').waitFor();
				}
				await page.waitForLoadState('networkidle');
				await page.waitForTimeout(300);
				const found = await seriousViolations(page);
				expect(found, `${view} in the ${theme} theme`).toEqual([]);
			}
		}
		expect(errors).toEqual([]);
	}, 120_000);

	it('two datasets with a file dropped on one, and their comparison (docs/compare.md)', async () => {
		const { page, errors } = await pageFor(siteOf());
		const hubspot = (name: string) => ({ name, mimeType: 'text/csv', buffer: readFileSync(`tests/fixtures/${name}`) });
		for (const name of ['hubspot-contacts.csv', 'hubspot-contacts-april.csv']) {
			await page.goto(siteOf().url);
			await page.getByTestId('file-input').setInputFiles(hubspot(name));
			await page.getByTestId('import-button').click();
			await page.getByTestId('funnel-table').waitFor();
		}
		await page.goto(siteOf().url);
		await page.getByTestId('compare-form').waitFor();
		await page.getByTestId('dataset-file-input').first().setInputFiles(hubspot('hubspot-contacts.csv'));
		await page.getByTestId('file-target').waitFor();
		await page.locator('[data-testid=mapper][aria-busy=false]').waitFor();
		expect(await seriousViolations(page)).toEqual([]);
		await page.getByTestId('compare-go').click();
		await page.getByTestId('compare-categories').waitFor();
		await page.getByRole('button', { name: 'List the customers: Went quiet' }).click();
		await page.getByTestId('compared-customers').waitFor();
		await page.waitForTimeout(300);
		expect(await seriousViolations(page)).toEqual([]);
		expect(errors).toEqual([]);
	}, 120_000);

	it('the presentation', async () => {
		const { page, errors } = await pageFor(siteOf());
		await openSampleDashboard(page);
		await page.getByTestId('present').click();
		await page.getByTestId('deck').waitFor();
		// Five analysis slides and the three value slides (80/20, RFM, lifetime value).
		await page.waitForTimeout(500);
		expect(await seriousViolations(page)).toEqual([]);
		expect(errors).toEqual([]);
	});
});

describe('keyboard only', () => {
	it('imports a file, reads the funnel and presents it without a mouse', async () => {
		const { page, errors } = await pageFor(siteOf());
		await page.goto(siteOf().url);
		await page.getByTestId('try-sample').waitFor();
		// The drop zone is a button: Enter opens the file chooser. Listening starts well before the key press, so
		// that the browser is told to hand the chooser to the test before it opens.
		const opened = page.waitForEvent('filechooser');
		await tabTo(page, '.zone[role="button"]');
		await page.keyboard.press('Enter');
		const chooser = await opened;
		await chooser.setFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(SAMPLE_ROWS.join('\n')) });
		await page.getByTestId('mapper').waitFor();
		await tabTo(page, byTestId('import-button'));
		await page.keyboard.press('Enter');
		await page.getByTestId('funnel-table').waitFor();
		const counts = await page.getByTestId('funnel-count').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))));
		expect(counts.slice(0, 3)).toEqual([2, 2, 1]);

		// A funnel bar opens its customers with Enter.
		await tabTo(page, byTestId('funnel-bar'));
		await page.keyboard.press('Enter');
		await page.getByTestId('customer-list').waitFor();

		await tabTo(page, byTestId('present'));
		await page.keyboard.press('Enter');
		await page.getByTestId('deck').waitFor();
		const current = () => page.getByTestId('slide-number').filter({ visible: true }).textContent();
		expect(await current()).toBe('1 / 8');
		// The funnel slide reveals its steps one by one, then the next slide comes.
		for (let i = 0; i < 12 && (await current()) === '1 / 8'; i++) await page.keyboard.press('ArrowRight');
		expect(await current()).toBe('2 / 8');
		await page.keyboard.press('Escape');
		await page.waitForFunction(() => location.pathname.includes('/dashboard/'));
		expect(errors).toEqual([]);
	});

	it('shows where the focus is', async () => {
		const { page } = await pageFor(siteOf());
		await page.goto(siteOf().url);
		await tabTo(page, byTestId('try-sample'));
		const outline = await page.evaluate(() => {
			const style = getComputedStyle(document.activeElement!);
			return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
		});
		expect(outline.style).not.toBe('none');
		expect(outline.width).toBeGreaterThanOrEqual(2);
	});
});

describe('every size of screen', () => {
	for (const [name, viewport] of [
		['phone', { width: 375, height: 667 }],
		['projector', { width: 1280, height: 720 }]
	] as const) {
		it(`${name}: nothing wider than the screen; wide tables scroll inside their box`, async () => {
			const { page, errors } = await pageFor(siteOf(), viewport);
			await page.goto(siteOf().url);
			// The header's language select whole: as wide as a copy of it nothing squeezes (it was cut to "Englis" on a phone).
			const [inHeader, unsqueezed] = await page.getByTestId('language').evaluate((select) => {
				const copy = select.cloneNode(true) as HTMLSelectElement;
				copy.style.position = 'absolute';
				document.body.append(copy);
				const widths = [select.getBoundingClientRect().width, copy.getBoundingClientRect().width];
				copy.remove();
				return widths;
			});
			expect(inHeader).toBeGreaterThanOrEqual(unsqueezed - 0.5);
			await page.getByTestId('file-input').setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(SAMPLE_ROWS.join('\n')) });
			await page.locator('[data-testid=mapper][aria-busy=false]').waitFor();
			expect(await pageOverflow(page), 'the mapper').toBe(0);
			await page.getByTestId('import-button').click();
			await page.getByTestId('funnel-table').waitFor();
			for (const view of ['funnel', 'flows', 'journeys', 'retention', 'trend', 'value']) {
				await page.getByTestId(`tab-${view}`).click();
				await page.waitForFunction((v) => new URLSearchParams(location.search).get('view') === v, view);
				await page.waitForTimeout(400);
				expect(await pageOverflow(page), view).toBe(0);
			}
			expect(errors).toEqual([]);
		});
	}
});

/** How many pixels the page is wider than the window (0: no sideways scrolling of the page itself). */
const pageOverflow = (page: Page) => page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));

describe('every language', () => {
	it('opens in the browser’s language, switches, keeps the choice in the link, and gets a screenshot', async () => {
		mkdirSync(SCREENSHOTS, { recursive: true });
		const context = await siteOf().browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 720 } });
		// The words the header first shows: Dutch, its messages downloaded before anything is drawn, not English first.
		await context.addInitScript(() => {
			new MutationObserver((_, observer) => {
				const privacy = document.querySelector('.privacy');
				if (!privacy) return;
				(window as unknown as { firstWords: string | null }).firstWords = privacy.textContent;
				observer.disconnect();
			}).observe(document, { childList: true, subtree: true });
		});
		const page = await context.newPage();
		await page.goto(siteOf().url);
		await page.waitForFunction(() => document.documentElement.lang === 'nl');
		expect(await page.getByTestId('language').inputValue()).toBe('nl');
		expect(await page.evaluate(() => (window as unknown as { firstWords: string | null }).firstWords)).toBe('Je gegevens blijven in deze browser.');
		await page.getByTestId('try-sample').click();
		await page.getByTestId('funnel-table').waitFor();
		const seen = new Map<string, string>();
		for (const locale of ['en', 'vi', 'nl', 'es']) {
			await page.getByTestId('language').selectOption(locale);
			await page.waitForFunction((l) => new URLSearchParams(location.search).get('lang') === l, locale);
			await page.waitForTimeout(300);
			seen.set(locale, (await page.locator('main').innerText()).slice(0, 2000));
			await page.screenshot({ path: `${SCREENSHOTS}/dashboard-${locale}.png`, fullPage: true });
		}
		// Each language reads differently from the others.
		expect(new Set(seen.values()).size).toBe(4);
		// A reload keeps the language the link names, whatever the browser prefers.
		await page.reload();
		await page.getByTestId('funnel-table').waitFor();
		expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
		await context.close();
	}, 90_000);
});
