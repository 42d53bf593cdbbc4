/**
 * The interface's language: chosen from the link (?lang=) or the browser, switchable, and read reactively,
 * so every t() in a template follows a switch. Missing translations fall back to English.
 *
 * English is in the first page's script, as every language's fallback; another language's messages are
 * downloaded when a page opens in it or switches to it (one module per language: scripts/vite/locale-messages.ts).
 */
import english from 'virtual:locale-messages/en';
import { isLocale, pickLocale, type Locale } from './locales';
import type { MessageKey } from './messages';

type Table = Partial<Record<MessageKey, string>>;

const TABLES: Partial<Record<Locale, Table>> & { en: Table } = { en: english };

const LATER: Record<Exclude<Locale, 'en'>, () => Promise<{ default: Table }>> = {
	vi: () => import('virtual:locale-messages/vi'),
	es: () => import('virtual:locale-messages/es'),
	nl: () => import('virtual:locale-messages/nl')
};

/** The current language. Set it through setLocale, which first loads the language's messages. */
export const i18n = $state<{ locale: Locale }>({ locale: 'en' });

/** Downloads a language's messages once; later calls wait for the same download. */
const loading = new Map<Locale, Promise<void>>();
export function loadLocale(locale: Locale): Promise<void> {
	if (locale === 'en' || TABLES[locale]) return Promise.resolve();
	let done = loading.get(locale);
	if (!done) {
		done = LATER[locale]().then(
			(module) => void (TABLES[locale] = module.default),
			(error) => {
				loading.delete(locale); // offline or a failed chunk: a later switch tries again
				throw error;
			}
		);
		loading.set(locale, done);
	}
	return done;
}

let switches = 0;
/**
 * Switches the interface to a language once its messages are here, so nothing is shown half in the old one. Of
 * two quick switches the last one wins, whichever download ends first.
 */
export async function setLocale(locale: Locale): Promise<void> {
	const asked = ++switches;
	await loadLocale(locale);
	if (asked === switches) i18n.locale = locale;
}

/** The language a page opens in: the link's, else the browser's first one we speak. */
export function initialLocale(search: string, preferred: readonly string[]): Locale {
	const fromLink = new URLSearchParams(search).get('lang');
	return isLocale(fromLink) ? fromLink : pickLocale(preferred);
}

/** The message for a key in the current language, with {placeholders} filled in. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
	return fill(TABLES[i18n.locale]?.[key] ?? TABLES.en[key] ?? key, params);
}

type PluralBase<K> = K extends `${infer B}.other` ? B : never;

/** A message that depends on a count: the key's .one/.other (etc.) form by the language's plural rules; {count} is filled in. */
export function tn(key: PluralBase<MessageKey>, count: number, params: Record<string, string | number> = {}): string {
	const locale = i18n.locale;
	const table = (TABLES[locale] ?? {}) as Record<string, string | undefined>;
	const english = TABLES.en as Record<string, string | undefined>;
	const text = table[`${key}.${counting(locale).plural.select(count)}`] ?? table[`${key}.other`] ?? english[`${key}.${counting('en').plural.select(count)}`] ?? english[`${key}.other`] ?? key;
	return fill(text, { count: counting(locale).number.format(count), ...params });
}

// Intl objects cost far more to build than to use, and a chart may ask for hundreds of counts: one set per language.
const countingByLocale = new Map<Locale, { plural: Intl.PluralRules; number: Intl.NumberFormat }>();
/** Builds the current language's plural rules and count format ahead of the first count shown (format.ts: prepareFormats). */
export function prepareCounting(): void {
	counting(i18n.locale);
}

function counting(locale: Locale) {
	let set = countingByLocale.get(locale);
	if (!set) countingByLocale.set(locale, (set = { plural: new Intl.PluralRules(locale), number: new Intl.NumberFormat(locale) }));
	return set;
}

function fill(text: string, params?: Record<string, string | number>): string {
	if (!params) return text;
	return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The tables of the languages loaded so far (English always). */
export const messageTables = (): Partial<Record<Locale, Table>> & { en: Table } => TABLES;
