/**
 * The interface's language: chosen from the link (?lang=) or the browser, switchable, and read reactively,
 * so every t() in a template follows a switch. Missing translations fall back to English.
 */
import { isLocale, LOCALES, pickLocale, type Locale } from './locales';
import { AREAS, type MessageKey } from './messages';

type Table = Partial<Record<MessageKey, string>>;

const TABLES = Object.fromEntries(
	LOCALES.map((locale) => [locale, Object.assign({}, ...AREAS.map((area) => (area as unknown as Record<Locale, Table>)[locale])) as Table])
) as Record<Locale, Table>;

export const i18n = $state<{ locale: Locale }>({ locale: 'en' });

/** The language a page opens in: the link's, else the browser's first one we speak. */
export function initialLocale(search: string, preferred: readonly string[]): Locale {
	const fromLink = new URLSearchParams(search).get('lang');
	return isLocale(fromLink) ? fromLink : pickLocale(preferred);
}

/** The message for a key in the current language, with {placeholders} filled in. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
	return fill(TABLES[i18n.locale][key] ?? TABLES.en[key] ?? key, params);
}

type PluralBase<K> = K extends `${infer B}.other` ? B : never;

/** A message that depends on a count: the key's .one/.other (etc.) form by the language's plural rules; {count} is filled in. */
export function tn(key: PluralBase<MessageKey>, count: number, params: Record<string, string | number> = {}): string {
	const locale = i18n.locale;
	const table = TABLES[locale] as Record<string, string | undefined>;
	const english = TABLES.en as Record<string, string | undefined>;
	const text = table[`${key}.${counting(locale).plural.select(count)}`] ?? table[`${key}.other`] ?? english[`${key}.${counting('en').plural.select(count)}`] ?? english[`${key}.other`] ?? key;
	return fill(text, { count: counting(locale).number.format(count), ...params });
}

// Intl objects cost far more to build than to use, and a chart may ask for hundreds of counts: one set per language.
const countingByLocale = new Map<Locale, { plural: Intl.PluralRules; number: Intl.NumberFormat }>();
function counting(locale: Locale) {
	let set = countingByLocale.get(locale);
	if (!set) countingByLocale.set(locale, (set = { plural: new Intl.PluralRules(locale), number: new Intl.NumberFormat(locale) }));
	return set;
}

function fill(text: string, params?: Record<string, string | number>): string {
	if (!params) return text;
	return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** For tests: every table, to find missing or extra keys. */
export const messageTables = (): Record<Locale, Table> => TABLES;
