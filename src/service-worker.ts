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
});

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
			// Pages are cached by path; the query (the dashboard's state) does not change the file.
			const cached = await cache.match(request, { ignoreSearch: true });
			if (cached) return cached;
			try {
				const response = await fetch(request);
				// Files not in the build list (the workers' scripts) are kept as they are first fetched.
				if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
				return response;
			} catch (error) {
				const page = await cache.match(new URL('./', worker.registration.scope).pathname, { ignoreSearch: true });
				if (page && request.mode === 'navigate') return page;
				throw error;
			}
		})()
	);
});
