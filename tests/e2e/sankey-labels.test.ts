/**
 * Sankey labels never cover a node or another label, and stay inside the chart, from a phone's width to a desktop's,
 * with few and many steps: a label is shortened to its room or hidden (its node's tooltip says it all).
 */
import { describe, expect, it } from 'vitest';
import { openSample, useSite } from './browser';
import { sankeyLabelProblems } from './label-overlap';

const siteOf = useSite();

describe('Sankey labels', () => {
	it('do not overlap at 390, 768 and 1440 px wide, with 2, 4 and 8 steps', async () => {
		const { page, errors } = await openSample(siteOf());
		await page.getByTestId('tab-flows').click();
		await page.getByTestId('sankey').waitFor();
		const found: string[] = [];
		let shown = 0;
		for (const width of [390, 768, 1440]) {
			await page.setViewportSize({ width, height: 900 });
			for (const steps of ['2', '4', '8']) {
				await page.getByTestId('flow-positions').fill(steps);
				await page.waitForFunction((n) => new Set([...document.querySelectorAll('[data-testid=sankey-node]')].map((g) => g.getAttribute('data-node')!.split(':')[0])).size >= Math.min(Number(n), 3), steps);
				await page.waitForTimeout(100);
				for (const problem of await sankeyLabelProblems(page, 'body')) found.push(`${width} px, ${steps} steps: ${problem}`);
				shown += await page.getByTestId('sankey-label').count();
			}
		}
		expect(found).toEqual([]);
		// Not by hiding everything: most sizes leave room for labels.
		expect(shown).toBeGreaterThan(20);
		expect(errors).toEqual([]);
	});
});
