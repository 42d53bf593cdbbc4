import { loadLocale } from '../../src/lib/i18n/i18n.svelte';
import { LOCALES } from '../../src/lib/i18n/locales';

/**
 * The page downloads a language's messages when it switches to it (setLocale); a test that sets i18n.locale
 * directly loads them all first: `beforeAll(loadEveryLocale)`.
 */
export const loadEveryLocale = () => Promise.all(LOCALES.map(loadLocale));
