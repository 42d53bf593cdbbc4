/**
 * Layout checks read from the page's boxes, shared by the dashboard's, the slides' and the print tests: each gives
 * what is wrong as sentences (none: it fits). Each runs in the page on its own, so each names elements itself.
 */
import type { Page } from 'playwright-core';

/**
 * Elements that reach past the window's sides (and a page that scrolls sideways). With `scrollBoxes`, what lies
 * inside a designated scroll box (data-scroll-box) may be wider than the window; the box itself may not.
 */
export function pastTheSides(page: Page, options: { scrollBoxes: boolean }): Promise<string[]> {
	return page.evaluate(({ scrollBoxes }) => {
		const problems: string[] = [];
		const vw = document.documentElement.clientWidth;
		const name = (el: Element) => `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
		if (document.documentElement.scrollWidth > vw + 1) problems.push(`the page scrolls sideways (${document.documentElement.scrollWidth} > ${vw})`);
		for (const el of document.body.querySelectorAll('*')) {
			// Screen-reader text and the chart tooltip (hidden until hovered) have boxes that are not seen.
			if (el.closest('.visually-hidden, [hidden], [role=tooltip]')) continue;
			const r = el.getBoundingClientRect();
			if (r.width === 0 && r.height === 0) continue;
			if (scrollBoxes && el.parentElement?.closest('[data-scroll-box]')) continue;
			if (r.left < -1 || r.right > vw + 1) problems.push(`${name(el)} reaches past the window's side (${Math.round(r.left)}–${Math.round(r.right)} of ${vw})`);
		}
		return problems;
	}, options);
}

/** Labels whose text is clipped: an HTML box narrower than its text, or an SVG text crossing its chart's edge. */
export function clippedText(page: Page, scope: string): Promise<string[]> {
	return page.evaluate((scope) => {
		const problems: string[] = [];
		const name = (el: Element) => `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
		const unseen = (el: Element) => el.closest('.visually-hidden, [hidden], [role=tooltip]') !== null;
		const root = document.querySelector(scope)!;
		for (const el of root.querySelectorAll<HTMLElement>('h1, h2, h3, h4, th, td, span, p, button, a, label, caption, legend, dt, dd, li')) {
			if (unseen(el) || el.clientWidth === 0) continue;
			const overflow = getComputedStyle(el).overflowX;
			if (overflow !== 'visible' && el.scrollWidth > el.clientWidth + 1) problems.push(`${name(el)} is clipped (${el.scrollWidth} > ${el.clientWidth})`);
		}
		for (const text of root.querySelectorAll<SVGTextElement>('svg text')) {
			if (unseen(text) || !text.textContent?.trim()) continue;
			const box = text.getBoundingClientRect();
			const edge = text.ownerSVGElement!.getBoundingClientRect();
			if (box.width === 0) continue;
			if (box.left < edge.left - 1 || box.right > edge.right + 1 || box.top < edge.top - 1 || box.bottom > edge.bottom + 1) problems.push(`${name(text)} crosses its chart's edge`);
		}
		return problems;
	}, scope);
}

/** Label collisions in a Sankey, read from the page's boxes: labels over nodes, labels over labels, labels past the chart. */
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

/**
 * Each drawn Sankey label that leaves out its node's count (the count is what the chart is read for: a label with
 * room for one line reads "name · count", a shortened name keeps the count whole). Counts are formatted as English.
 */
export function sankeyLabelsWithoutCount(page: Page, scope: string): Promise<string[]> {
	return page.evaluate((scope) => {
		const missing: string[] = [];
		for (const g of document.querySelectorAll<SVGGElement>(`${scope} [data-testid=sankey] [data-testid=sankey-node]`)) {
			const label = g.querySelector('[data-testid=sankey-label]');
			if (!label) continue;
			const count = Number(g.dataset.customers).toLocaleString('en-US');
			const text = [...label.querySelectorAll('tspan')].map((t) => t.textContent).join(' ');
			if (!text.includes(count)) missing.push(`node ${g.dataset.node} (${count} customers) reads "${text}"`);
		}
		return missing;
	}, scope);
}
