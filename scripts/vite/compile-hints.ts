/**
 * Every client chunk starts with V8's per-file compile hint (`//# allFunctionsCalledOnLoad`, Chromium 136+): its
 * functions are compiled as the script streams in, on the streaming thread, instead of one by one on the page's
 * thread the first time each runs. A page runs most of what its chunks hold at once (SvelteKit's start, the mount),
 * and the lazy compiles were about a third of the longest start-up task of a reload, SvelteKit's start (10 of 35 ms
 * on the thread, bench/README.md). Other engines read it as a comment. Added last, after minification (which drops
 * comments) and Vite's preload map (which it puts first in a chunk).
 */
import type { Plugin } from 'vite';

export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

export function compileHints(): Plugin {
	let ssr = false;
	return {
		name: 'compile-hints',
		apply: 'build',
		configResolved(config) {
			ssr = Boolean(config.build.ssr);
		},
		generateBundle: {
			order: 'post',
			handler(_, bundle) {
				if (ssr) return;
				for (const output of Object.values(bundle)) if (output.type === 'chunk') output.code = COMPILE_HINT + output.code;
			}
		}
	};
}
