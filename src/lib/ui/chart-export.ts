/**
 * A chart as a standalone SVG or a 2x PNG, with its title (and legend) drawn in: styles that come from
 * the page's CSS are copied onto the elements, so the file looks the same outside the page.
 */
import { problem, ProblemError } from '../base/problem';
import { downloadText } from '../browser/download';

const STYLE_PROPERTIES = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'opacity', 'font-size', 'font-family', 'font-weight', 'text-anchor', 'dominant-baseline'];
const TITLE_HEIGHT = 34;
const LEGEND_HEIGHT = 26;

export function standaloneSvg(svg: SVGSVGElement, title: string, legend: [string, string][] = []): string {
	const width = svg.width.baseVal.value || svg.getBoundingClientRect().width;
	const height = svg.height.baseVal.value || svg.getBoundingClientRect().height;
	const clone = svg.cloneNode(true) as SVGSVGElement;
	const originals = [svg, ...svg.querySelectorAll('*')];
	const copies = [clone, ...clone.querySelectorAll('*')];
	originals.forEach((element, i) => {
		const computed = getComputedStyle(element);
		const style = STYLE_PROPERTIES.map((p) => `${p}:${computed.getPropertyValue(p)}`).join(';');
		(copies[i] as SVGElement).setAttribute('style', style);
	});
	const ns = 'http://www.w3.org/2000/svg';
	const total = height + TITLE_HEIGHT + (legend.length ? LEGEND_HEIGHT : 0);
	const out = document.createElementNS(ns, 'svg');
	out.setAttribute('xmlns', ns);
	out.setAttribute('width', String(width));
	out.setAttribute('height', String(total));
	out.setAttribute('viewBox', `0 0 ${width} ${total}`);
	const background = document.createElementNS(ns, 'rect');
	background.setAttribute('width', '100%');
	background.setAttribute('height', '100%');
	background.setAttribute('fill', '#ffffff');
	out.append(background);
	const heading = document.createElementNS(ns, 'text');
	heading.setAttribute('x', '4');
	heading.setAttribute('y', '22');
	heading.setAttribute('style', 'font: 600 16px system-ui, sans-serif; fill: #1b2430');
	heading.textContent = title;
	out.append(heading);
	const body = document.createElementNS(ns, 'g');
	body.setAttribute('transform', `translate(0, ${TITLE_HEIGHT})`);
	body.append(...clone.childNodes);
	out.append(body);
	let x = 4;
	for (const [label, colour] of legend) {
		const swatch = document.createElementNS(ns, 'rect');
		swatch.setAttribute('x', String(x));
		swatch.setAttribute('y', String(TITLE_HEIGHT + height + 8));
		swatch.setAttribute('width', '12');
		swatch.setAttribute('height', '12');
		swatch.setAttribute('fill', colour);
		const text = document.createElementNS(ns, 'text');
		text.setAttribute('x', String(x + 16));
		text.setAttribute('y', String(TITLE_HEIGHT + height + 18));
		text.setAttribute('style', 'font: 12px system-ui, sans-serif; fill: #1b2430');
		text.textContent = label;
		out.append(swatch, text);
		x += 28 + label.length * 7;
	}
	return new XMLSerializer().serializeToString(out);
}

export function downloadSvg(svg: SVGSVGElement, title: string, fileName: string, legend?: [string, string][]) {
	downloadText(standaloneSvg(svg, title, legend), `${fileName}.svg`, 'image/svg+xml');
}

/** Draws the standalone SVG on a canvas at twice its size and saves it as PNG. */
export async function downloadPng(svg: SVGSVGElement, title: string, fileName: string, legend?: [string, string][]) {
	const markup = standaloneSvg(svg, title, legend);
	const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml' }));
	try {
		const image = new Image();
		await new Promise((done, fail) => {
			image.onload = done;
			image.onerror = () => fail(new ProblemError('the chart could not be drawn as an image', problem('export.noImage')));
			image.src = url;
		});
		const canvas = document.createElement('canvas');
		canvas.width = image.width * 2;
		canvas.height = image.height * 2;
		const context = canvas.getContext('2d')!;
		context.scale(2, 2);
		context.drawImage(image, 0, 0);
		const png = await new Promise<Blob | null>((done) => canvas.toBlob(done, 'image/png'));
		if (!png) throw new ProblemError('the browser could not make a PNG', problem('export.noPng'));
		const link = document.createElement('a');
		link.href = URL.createObjectURL(png);
		link.download = `${fileName}.png`;
		link.click();
		setTimeout(() => URL.revokeObjectURL(link.href), 0);
	} finally {
		URL.revokeObjectURL(url);
	}
}
