import { sveltekit } from '@sveltejs/kit/vite';
import { build, type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { compileHints } from './scripts/vite/compile-hints';
import { localeMessages } from './scripts/vite/locale-messages';

/** The one-file report's template is built first (vite.config.report.ts), into static/ which the site copies. */
function reportTemplate(): Plugin {
	let built: Promise<unknown> | null = null;
	return {
		name: 'report-template',
		apply: 'build',
		buildStart() {
			// SvelteKit builds twice (client and server): the template once.
			return (built ??= build({ configFile: 'vite.config.report.ts', logLevel: 'warn' })).then(() => {});
		}
	};
}

export default defineConfig({
	plugins: [reportTemplate(), localeMessages(), sveltekit(), compileHints()],
	worker: { format: 'es' },
	build: {
		// Chunks under 30 KB that only define things are merged into a chunk loaded with them: a reload takes each module
		// from the service worker's cache at a cost per file, and the dashboard's 34 became 21 (first chart 828 -> 774
		// ms at 1M, bench/README.md). The first page's JS grew by 0.4 KB gzip.
		rollupOptions: { output: { experimentalMinChunkSize: 30_000 } }
	},
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['tests/unit/**/*.test.ts'],
					environment: 'node',
					setupFiles: ['tests/helpers/property-seed.ts'],
					// Property tests and the SQL parsers take a second or two alone, and several times that when the
					// two cores are busy; a timeout is there to catch a hang, not to time them.
					testTimeout: 20_000
				}
			},
			{
				extends: true,
				test: {
					// Whole paths on real data: imports into a fake IndexedDB, the CLI, SQL run in DuckDB against the engine.
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					setupFiles: ['tests/helpers/property-seed.ts'],
					// Seconds alone, several times that on a busy two-core machine; files with a larger need say so.
					testTimeout: 30_000
				}
			},
			{
				extends: true,
				test: {
					name: 'bench',
					include: ['bench/**/*.run.ts'],
					environment: 'node',
					fileParallelism: false
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.test.ts'],
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 60_000,
					// One browser at a time: the machine has two cores.
					fileParallelism: false
				}
			}
		]
	}
});
