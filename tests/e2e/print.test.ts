/**
 * The dashboard printed (or saved as PDF) on A4: in print media at an A4 page's width nothing reaches past the page's
 * side, not even inside a scroll box (paper does not scroll), the toolbar's actions and the export buttons are left
 * out, and the PDF holds as many pages as the view is long.
 */
import { describe, expect, it } from 'vitest';
import { openSample, useSite } from './browser';
import { pastTheSides } from './layout-checks';

const siteOf = useSite();
/** A4 portrait, 210 mm × 297 mm at 96 px an inch, less the 1 cm margins the PDF is made with. */
const A4_WIDTH = 718;
const A4_HEIGHT = 1047;

describe('printing the dashboard', () => {
	it('fits every view to an A4 page and prints it whole', async () => {
		const { page, errors } = await openSample(siteOf());
		await page.emulateMedia({ reducedMotion: 'reduce' });
		const found: string[] = [];
		for (const [view, drawn] of [
			['funnel', '[data-testid=stage-table]'],
			['retention', '[data-testid=retention-table]'],
			['value', '[data-testid=rfm-segments]']
		] as const) {
			await page.emulateMedia({ media: 'screen' });
			await page.setViewportSize({ width: 1280, height: 800 });
			await page.getByTestId(`tab-${view}`).click();
			await page.locator(drawn).first().waitFor();
			await page.emulateMedia({ media: 'print' });
			await page.setViewportSize({ width: A4_WIDTH, height: A4_HEIGHT });
			await page.waitForTimeout(300);
			// Paper does not scroll: nothing past the page's side, not even inside a scroll box.
			const problems = await pastTheSides(page, { scrollBoxes: false });
			const { height, hidden } = await page.evaluate(() => {
				const shown = (testid: string) => [...document.querySelectorAll(`[data-testid=${testid}]`)].some((el) => el.getBoundingClientRect().height > 0);
				return { height: document.documentElement.scrollHeight, hidden: !shown('chart-export') && !shown('present') && !shown('filters-menu') };
			});
			found.push(...problems.map((problem) => `${view}: ${problem}`));
			expect(hidden).toBe(true);
			const pdf = await page.pdf({ format: 'A4', margin: { top: '1cm', right: '1cm', bottom: '1cm', left: '1cm' } });
			expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
			const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
			// The whole view, not its first page only: at least as many pages as its height fills.
			expect(pages).toBeGreaterThanOrEqual(Math.ceil(height / A4_HEIGHT));
		}
		expect(found).toEqual([]);
		expect(errors).toEqual([]);
	});
});
