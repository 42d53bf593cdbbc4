import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
	preprocess: vitePreprocess(),
	kit: {
		// Every page is prerendered to a plain HTML shell; the app runs in the browser only.
		adapter: adapter({ pages: 'build', assets: 'build', fallback: undefined, strict: true }),
		// Relative asset and link paths, so the build works from any sub-path of any static server.
		paths: { relative: true },
		// Each page's stylesheets in its HTML rather than linked: a linked stylesheet holds the boot script behind it,
		// which starts the page's scripts, until it has arrived (a reload at 1M: the dashboard's 8 stylesheets kept
		// it about 90 ms after the HTML; bench/README.md, reload2). Every one is under 8 KB; the largest is 7.5 KB.
		inlineStyleThreshold: 8192,
		// The service worker is registered by the root layout once the page is drawn, not at the load event
		// (lib/browser/service-worker-registration.ts): its first install ran beside SvelteKit's start.
		serviceWorker: { register: false },
		// A Content-Security-Policy meta tag on every page: scripts only from the site itself (the boot script by
		// hash), nothing fetched from elsewhere except a public file a ?src= link asks for.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'worker-src': ['self', 'blob:'],
				'connect-src': ['self', 'https:', 'http://127.0.0.1:*', 'http://localhost:*'],
				'img-src': ['self', 'data:', 'blob:'],
				'style-src': ['self', 'unsafe-inline'],
				'font-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['none']
			}
		}
	}
};
