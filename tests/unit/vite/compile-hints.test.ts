/**
 * The compile hint is the first line of every client chunk a real Vite build writes, after minification (which drops
 * comments) and after Vite's preload map (which it puts first in a chunk that imports dynamically); never in a
 * server build.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPILE_HINT, compileHints } from '../../../scripts/vite/compile-hints';

const root = mkdtempSync(join(tmpdir(), 'compile-hints-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A page whose script loads a second one when asked, which shares a third with it: the page's chunk gets Vite's
// preload map, listing the shared chunk.
writeFileSync(join(root, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>');
writeFileSync(join(root, 'main.js'), "// a comment minification drops\nimport { shared } from './shared.js';\nwindow.start = () => import('./later.js').then((m) => m.later() + shared());\n");
writeFileSync(join(root, 'later.js'), "import { shared } from './shared.js';\nexport function later() { return shared() + 40; }\n");
writeFileSync(join(root, 'shared.js'), 'export function shared() { return globalThis.n ?? 1; }\n');

async function chunks(ssr: boolean): Promise<string[]> {
	const outDir = join(root, ssr ? 'server' : 'client');
	await build({
		root,
		configFile: false,
		logLevel: 'silent',
		plugins: [compileHints()],
		build: { outDir, ssr: ssr ? 'main.js' : undefined, minify: true, rollupOptions: { output: { manualChunks: { shared: [join(root, 'shared.js')] } } } }
	});
	const files = readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.m?js$/.test(f));
	return files.map((f) => readFileSync(join(outDir, f), 'utf8'));
}

describe('compile hints', () => {
	it('start every chunk of a client build, ahead of everything else', async () => {
		const written = await chunks(false);
		expect(written.length).toBe(3);
		expect(written.some((code) => code.includes('__vite__mapDeps'))).toBe(true);
		for (const code of written) expect(code.startsWith(COMPILE_HINT)).toBe(true);
		// The hint is the only comment left: the minifier ran before it was added.
		for (const code of written) expect(code.match(/\/\/.*$/gm)).toEqual([COMPILE_HINT.trim()]);
	});

	it('are left out of a server build', async () => {
		const written = await chunks(true);
		expect(written.length).toBeGreaterThan(0);
		for (const code of written) expect(code).not.toContain('allFunctionsCalledOnLoad');
	});
});
