/**
 * Sankey labels never cover a node or another label, and stay inside the chart, from a phone's width to a desktop's,
 * with few and many steps: a label is shortened to its room or hidden (its node's tooltip says it all). Where there
 * is room, as on a desktop, the last column's labels read in full (wrapped if need be), not shortened.
 */
import { describe, expect, it } from 'vitest';
import { openSample, useSite } from './browser';
import { sankeyLabelProblems } from './layout-checks';

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

	it('read in full in the last column at 1280 and 1440 px, with 3 and 4 steps', async () => {
		const { page, errors } = await openSample(siteOf());
		await page.getByTestId('tab-flows').click();
		await page.getByTestId('sankey').waitFor();
		const found: string[] = [];
		for (const width of [1280, 1440]) {
			await page.setViewportSize({ width, height: 900 });
			for (const steps of ['3', '4']) {
				await page.getByTestId('flow-positions').fill(steps);
				await page.waitForFunction((n) => new Set([...document.querySelectorAll('[data-testid=sankey-node]')].map((g) => g.getAttribute('data-node')!.split(':')[0])).size === Number(n), steps);
				await page.waitForTimeout(100);
				// Each node of the last column: its label's text, and its name as its tooltip's label gives it.
				const last = await page.evaluate(() => {
					const nodes = [...document.querySelectorAll<SVGGElement>('[data-testid=sankey] [data-testid=sankey-node]')];
					const position = Math.max(...nodes.map((g) => Number(g.dataset.node!.split(':')[0])));
					return nodes
						.filter((g) => Number(g.dataset.node!.split(':')[0]) === position)
						.map((g) => ({ node: g.dataset.node!, label: [...g.querySelectorAll('tspan')].map((t) => t.textContent).join(' ') }));
				});
				expect(last.length).toBeGreaterThan(1);
				for (const { node, label } of last) if (!label || label.includes('…')) found.push(`${width} px, ${steps} steps: node ${node} reads "${label}"`);
				found.push(...(await sankeyLabelProblems(page, 'body')).map((problem) => `${width} px, ${steps} steps: ${problem}`));
			}
		}
		expect(found).toEqual([]);
		expect(errors).toEqual([]);
	});
});
