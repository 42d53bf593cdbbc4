/** The JavaScript the site's first page loads before any interaction: its scripts and modulepreloads, gzipped. */
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface FirstPageJs {
	files: number;
	bytes: number;
	gzipBytes: number;
}

export function firstPageJs(buildDir = 'build'): FirstPageJs {
	const html = readFileSync(join(buildDir, 'index.html'), 'utf8');
	const refs = new Set<string>();
	// <link rel="modulepreload" href>, <script src> and the boot script's import("…") calls.
	for (const [tag] of html.matchAll(/<link[^>]*>/g)) if (/rel="modulepreload"/.test(tag)) refs.add(/href="([^"]+)"/.exec(tag)![1]);
	for (const m of html.matchAll(/<script[^>]+src="([^"]+)"/g)) refs.add(m[1]);
	for (const m of html.matchAll(/import\("([^"]+\.js)"\)/g)) refs.add(m[1]);
	let bytes = 0;
	let gzipBytes = 0;
	for (const ref of refs) {
		const text = readFileSync(normalize(join(buildDir, dirname('index.html'), ref)));
		bytes += text.byteLength;
		gzipBytes += gzipSync(text, { level: 9 }).byteLength;
	}
	return { files: refs.size, bytes, gzipBytes };
}
