/**
 * A PDF that Chromium printed, rasterised page by page with pdf.js (pdfjs-dist, Mozilla's reader, a development
 * dependency) in a page of the same headless Chromium: each page's image (PNG), its text, and the box its ink
 * covers, so a test can see that each page holds its content whole and nothing is cut at the page's edge.
 * pdf.js is served to that page from node_modules through a route: nothing is fetched from the network.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';

export interface PdfPage {
	/** The page's size in CSS pixels (1/96 in) and its image, rendered at `scale` times that. */
	width: number;
	height: number;
	png: Buffer;
	/** Its text, in reading order, joined by spaces. */
	text: string;
	/** The box of the pixels that differ from the page's corner (its background), in CSS pixels; null if none. */
	ink: { left: number; top: number; right: number; bottom: number } | null;
}

const require = createRequire(import.meta.url);
const PDFJS = { 'pdf.mjs': 'pdfjs-dist/build/pdf.min.mjs', 'pdf.worker.mjs': 'pdfjs-dist/build/pdf.worker.min.mjs' } as const;
const ORIGIN = 'http://pdf-pages.test';

/**
 * The page's script, as served (plain JavaScript: a function passed to page.evaluate would be rewritten by the test
 * runner, which turns its import() into its own). It leaves renderPdf(base64, scale) on window.
 */
const PAGE = `<!doctype html><title>pdf pages</title><script type="module">
import * as pdfjs from '${ORIGIN}/pdf.mjs';
pdfjs.GlobalWorkerOptions.workerSrc = '${ORIGIN}/pdf.worker.mjs';
window.renderPdf = async (base64, scale) => {
	const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
	const doc = await pdfjs.getDocument({ data }).promise;
	const out = [];
	for (let n = 1; n <= doc.numPages; n++) {
		const page = await doc.getPage(n);
		// PDF points (1/72 in) to CSS pixels (1/96 in), times the scale.
		const viewport = page.getViewport({ scale: (96 / 72) * scale });
		const canvas = document.createElement('canvas');
		canvas.width = Math.round(viewport.width);
		canvas.height = Math.round(viewport.height);
		const context = canvas.getContext('2d', { willReadFrequently: true });
		await page.render({ canvasContext: context, canvas, viewport }).promise;
		const { data: pixels, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
		// Ink: a pixel that differs from the page's corner (its paper).
		const differs = (i) => Math.abs(pixels[i] - pixels[0]) + Math.abs(pixels[i + 1] - pixels[1]) + Math.abs(pixels[i + 2] - pixels[2]) > 24;
		let left = width, top = height, right = -1, bottom = -1;
		for (let y = 0; y < height; y++) {
			for (let x = 0; x < width; x++) {
				if (!differs((y * width + x) * 4)) continue;
				if (x < left) left = x;
				if (x > right) right = x;
				if (y < top) top = y;
				if (y > bottom) bottom = y;
			}
		}
		const text = (await page.getTextContent()).items.map((item) => item.str ?? '').join(' ');
		out.push({
			width: width / scale,
			height: height / scale,
			png: canvas.toDataURL('image/png').split(',')[1],
			text: text.replace(/\\s+/g, ' ').trim(),
			ink: right < 0 ? null : { left: left / scale, top: top / scale, right: (right + 1) / scale, bottom: (bottom + 1) / scale }
		});
	}
	return out;
};
document.title = 'ready';
</script>`;

/** Renders every page of `pdf` at `scale` (2: enough to see a cut letter). */
export async function pdfPages(browser: Browser, pdf: Buffer, scale = 2): Promise<PdfPage[]> {
	const context = await browser.newContext();
	try {
		const page = await context.newPage();
		await page.route(`${ORIGIN}/**`, (route) => {
			const name = new URL(route.request().url()).pathname.slice(1);
			if (name in PDFJS) return route.fulfill({ contentType: 'text/javascript', body: readFileSync(require.resolve(PDFJS[name as keyof typeof PDFJS])) });
			return route.fulfill({ contentType: 'text/html', body: PAGE });
		});
		await page.goto(`${ORIGIN}/`);
		await page.waitForFunction(() => document.title === 'ready');
		const pages: (Omit<PdfPage, 'png'> & { png: string })[] = await page.evaluate(
			([base64, scale]) => (window as unknown as { renderPdf: (base64: string, scale: number) => Promise<never> }).renderPdf(base64, scale),
			[pdf.toString('base64'), scale] as const
		);
		return pages.map((p) => ({ ...p, png: Buffer.from(p.png, 'base64') }));
	} finally {
		await context.close();
	}
}
