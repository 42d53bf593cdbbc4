/**
 * Builds the benchmark's own pages (bench/pages) into bench/.build: the engine probe and the two baselines.
 * They are served next to the site by bench/lib/server.ts; nothing here is part of the site.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const pages = resolve(import.meta.dirname, 'pages');

export default defineConfig({
	root: pages,
	base: './',
	logLevel: 'warn',
	worker: { format: 'es' },
	build: {
		outDir: resolve(import.meta.dirname, '.build'),
		emptyOutDir: true,
		target: 'es2022',
		rollupOptions: {
			input: {
				lens: resolve(pages, 'lens.html'),
				plain: resolve(pages, 'plain.html'),
				duckdb: resolve(pages, 'duckdb.html')
			}
		}
	}
});
