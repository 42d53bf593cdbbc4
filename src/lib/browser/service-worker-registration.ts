import { whenIdle } from './when-idle';

/**
 * Registers the site's service worker (offline use, src/service-worker.ts) once the page has been drawn and the
 * browser is idle, not at the load event as SvelteKit would: a first visit's install fetches and caches every file of
 * the site, and from the load event it ran beside SvelteKit's start, whose first layout then took 17-37 ms more and
 * made its task one of 51-80 ms (bench/README.md). A reload's registration, a check for a new version, waits too.
 */
export function registerServiceWorkerWhenIdle(scriptUrl: string, options: RegistrationOptions): void {
	if (!('serviceWorker' in navigator)) return;
	whenIdle(() => void navigator.serviceWorker.register(scriptUrl, options).catch(() => {}));
}
