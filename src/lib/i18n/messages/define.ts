/**
 * One area's messages in every language. English is complete and defines the keys; a translation may miss a
 * key (it then falls back to English, and tests/unit/i18n.test.ts names it) but may not add one.
 * Placeholders are written {name}; plural forms are keys ending in .one and .other (see tn in i18n.svelte.ts).
 */
import type { Locale } from '../locales';

export type AreaMessages<K extends string> = { en: Record<K, string> } & { [L in Exclude<Locale, 'en'>]: Partial<Record<NoInfer<K>, string>> };

export const defineMessages = <K extends string>(messages: AreaMessages<K>): AreaMessages<K> => messages;
