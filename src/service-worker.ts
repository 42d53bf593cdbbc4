/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Offline: after the first visit every file of the site is cached, so the page opens and works with no
 * network (a meeting room without Wi-Fi). Only the site's own files are cached; data never leaves IndexedDB.
 * Cache first: a new version of the site comes with a new cache name and replaces the old one.
 */
import { build, files, prerendered, version } from '$service-worker';

const worker = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `lifecycle-lens-${version}`;
const ASSETS = [...build, ...files, ...prerendered];

worker.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(CACHE)
			.then((cache) => cache.addAll(ASSETS))
			.then(() => worker.skipWaiting())
	);
	routeBuildFilesToCache(event);
});

/**
 * Where the browser can (static routing, Chromium 123+), the build's hashed files come straight from this
 * version's cache without running this worker: a page's scripts arrive ~100 ms sooner. The workers' scripts are
 * not in the build list, so they still go through the fetch handler below, which keeps them for offline use.
 */
function routeBuildFilesToCache(event: ExtendableEvent) {
	const install = event as ExtendableEvent & { addRoutes?: (rules: object[]) => Promise<void> };
	if (!install.addRoutes) return;
	const immutable = new URL('_app/immutable/', worker.registration.scope).pathname;
	const routes = install.addRoutes([
		{ condition: { urlPattern: { pathname: `${immutable}workers/*` } }, source: 'fetch-event' },
		{ condition: { urlPattern: { pathname: `${immutable}*` } }, source: { cacheName: CACHE } }
	]);
	// A browser that knows addRoutes but not these rules keeps serving everything from the fetch handler.
	event.waitUntil(routes.catch(() => undefined));
}

worker.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
			.then(() => worker.clients.claim())
	);
});

worker.addEventListener('fetch', (event) => {
	const request = event.request;
	const url = new URL(request.url);
	// Only this site's own files; a user-requested ?src= file goes to the network as usual.
	if (request.method !== 'GET' || url.origin !== location.origin) return;
	event.respondWith(
		(async () => {
			const cache = await caches.open(CACHE);
			// Pages are cached by path: the query (the dashboard's state) does not change the file. An exact key,
			// not match(…, { ignoreSearch }), which reads every entry of the cache for each request (100-200 ms per
			// script while a page loads).
			const key = request.mode === 'navigate' ? url.pathname : request;
			const cached = await cache.match(key);
			if (cached) return cached;
			try {
				const response = await fetch(request);
				// Files not in the build list (the workers' scripts) are kept as they are first fetched; the page gets the
				// response without waiting for the copy to be written (a worker's start waited on it).
				if (response.ok && response.type === 'basic') event.waitUntil(cache.put(key, response.clone()));
				return response;
			} catch (error) {
				const page = await cache.match(new URL('./', worker.registration.scope).pathname);
				if (page && request.mode === 'navigate') return page;
				throw error;
			}
		})()
	);
});
