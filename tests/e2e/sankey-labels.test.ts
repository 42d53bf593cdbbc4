/**
 * Sankey labels never cover a node or another label, and stay inside the chart, from a phone's width to a desktop's,
 * with few and many steps: a label is shortened to its room or hidden (its node's tooltip says it all). Where there
 * is room, as on a desktop, the last column's labels read in full (wrapped if need be), not shortened. On the flows
 * slide, at a projector's sizes, every node's label reads in full, in text of at least 24 px at 1280 × 720.
 */
import { describe, expect, it } from 'vitest';
import { openSample, useSite } from './browser';
import { sankeyLabelProblems, sankeyLabelsWithoutCount } from './layout-checks';

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

	it('keep their node’s count whenever they are drawn: journeys of 5 and 10 steps at 390, 1280 and 1440 px', async () => {
		const { page, errors } = await openSample(siteOf());
		await page.getByTestId('tab-journeys').click();
		await page.getByTestId('journey-goal').selectOption('purchase');
		const found: string[] = [];
		let drawn = 0;
		for (const width of [390, 1280, 1440]) {
			await page.setViewportSize({ width, height: 900 });
			for (const steps of ['5', '10']) {
				await page.getByTestId('journey-steps').fill(steps);
				await page.waitForFunction((n) => new Set([...document.querySelectorAll('[data-testid=sankey-node]')].map((g) => g.getAttribute('data-node')!.split(':')[0])).size === Number(n) + 1, steps);
				await page.waitForTimeout(100);
				for (const problem of await sankeyLabelsWithoutCount(page, 'body')) found.push(`${width} px, ${steps} steps: ${problem}`);
				for (const problem of await sankeyLabelProblems(page, 'body')) found.push(`${width} px, ${steps} steps: ${problem}`);
				drawn += await page.getByTestId('sankey-label').count();
			}
		}
		expect(found).toEqual([]);
		expect(drawn).toBeGreaterThan(40);
		expect(errors).toEqual([]);
	});

	it('read in full on the flows slide at 1280×720, 1366×768 and 1920×1080, at 24 px or more', async () => {
		const { page, errors } = await openSample(siteOf());
		await page.getByTestId('present').click();
		await page.getByTestId('deck').waitFor();
		await page.emulateMedia({ reducedMotion: 'reduce' });
		// The flows slide comes after the funnel (which first reveals its steps) and the stage table's slides.
		for (let k = 0; k < 30 && !(await page.locator('section.slide.current[data-testid=slide-flows]').count()); k++) await page.keyboard.press('ArrowRight');
		const found: string[] = [];
		for (const [width, height] of [
			[1280, 720],
			[1366, 768],
			[1920, 1080]
		]) {
			await page.setViewportSize({ width, height });
			await page.mouse.move(0, 0); // no tooltip open
			await page.waitForTimeout(500);
			const nodes = await page.evaluate(() => {
				const slide = document.querySelector<HTMLElement>('section.slide.current')!;
				const deckScale = slide.getBoundingClientRect().width / slide.offsetWidth;
				const fit = Number(slide.querySelector<HTMLElement>('.fit')?.dataset.scale ?? 1);
				return [...slide.querySelectorAll<SVGGElement>('[data-testid=sankey-node]')].map((g) => {
					const text = g.querySelector('text');
					return {
						node: g.dataset.node!,
						label: [...g.querySelectorAll('tspan')].map((t) => t.textContent).join(' '),
						px: text ? parseFloat(getComputedStyle(text).fontSize) * fit * deckScale : 0
					};
				});
			});
			expect(nodes.length).toBeGreaterThan(4);
			for (const { node, label, px } of nodes) {
				if (!label || label.includes('…')) found.push(`${width}×${height}: node ${node} reads "${label}"`);
				else if (width === 1280 && px < 23.95) found.push(`${width}×${height}: node ${node}'s label is ${px.toFixed(1)} px`);
			}
			found.push(...(await sankeyLabelProblems(page, 'section.slide.current')).map((problem) => `${width}×${height}: ${problem}`));
		}
		expect(found).toEqual([]);
		expect(errors).toEqual([]);
	});
});
