/** Label collisions in a Sankey, read from the page's boxes: labels over nodes, labels over labels, labels past the chart. */
import type { Page } from 'playwright-core';

export function sankeyLabelProblems(page: Page, scope: string): Promise<string[]> {
	return page.evaluate((scope) => {
		const problems: string[] = [];
		const overlap = (a: DOMRect, b: DOMRect) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
		for (const svg of document.querySelectorAll<SVGSVGElement>(`${scope} [data-testid=sankey] svg`)) {
			const edge = svg.getBoundingClientRect();
			const labels = [...svg.querySelectorAll<SVGTextElement>('[data-testid=sankey-label]')].map((text) => ({ text: text.textContent ?? '', box: text.getBoundingClientRect() }));
			const nodes = [...svg.querySelectorAll<SVGRectElement>('[data-testid=sankey-node] rect')].map((rect) => ({ id: rect.parentElement!.dataset.node, box: rect.getBoundingClientRect() }));
			labels.forEach((label, i) => {
				for (const node of nodes) if (overlap(label.box, node.box)) problems.push(`label "${label.text}" covers node ${node.id}`);
				for (const other of labels.slice(i + 1)) if (overlap(label.box, other.box)) problems.push(`label "${label.text}" overlaps label "${other.text}"`);
				const b = label.box;
				if (b.left < edge.left - 1 || b.right > edge.right + 1 || b.top < edge.top - 1 || b.bottom > edge.bottom + 1) problems.push(`label "${label.text}" crosses the chart's edge`);
			});
		}
		return problems;
	}, scope);
}
