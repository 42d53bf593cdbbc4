import { browser } from '$app/environment';
import { initialLocale, setLocale } from '$lib/i18n/i18n.svelte';

// The app needs the browser (workers, IndexedDB): pages are prerendered as empty shells and rendered client-side.
export const ssr = false;
export const prerender = true;
export const trailingSlash = 'always';

/** The page opens in the link's or the browser's language, its messages loaded first so that no text flashes in English. */
export async function load() {
	// Offline with the language's messages not cached: the page opens in English rather than not at all.
	if (browser) await setLocale(initialLocale(location.search, navigator.languages ?? [navigator.language])).catch(() => {});
}
