/**
 * Number, percent, duration, date and list formatting for display, with Intl in the interface's language.
 * Reading i18n.locale makes every caller in a template follow a language switch.
 */
import { i18n, prepareCounting } from '$lib/i18n/i18n.svelte';
import type { Locale } from '$lib/i18n/locales';

const FORMATS = {
	integer: (locale: Locale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }),
	decimal: (locale: Locale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 }),
	hundredths: (locale: Locale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 2, minimumFractionDigits: 2 }),
	percent: (locale: Locale) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }),
	thousandths: (locale: Locale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 3, minimumFractionDigits: 3 }),
	significant: (locale: Locale) => new Intl.NumberFormat(locale, { maximumSignificantDigits: 4, minimumSignificantDigits: 4 }),
	money: (locale: Locale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 2, minimumFractionDigits: 2 }),
	day: (locale: Locale) => new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }),
	month: (locale: Locale) => new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }),
	minute: (locale: Locale) => new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'short', maximumFractionDigits: 0 }),
	hour: (locale: Locale) => new Intl.NumberFormat(locale, { style: 'unit', unit: 'hour', unitDisplay: 'short', maximumFractionDigits: 1, minimumFractionDigits: 1 }),
	days: (locale: Locale) => new Intl.NumberFormat(locale, { style: 'unit', unit: 'day', unitDisplay: 'short', maximumFractionDigits: 1, minimumFractionDigits: 1 }),
	manyDays: (locale: Locale) => new Intl.NumberFormat(locale, { style: 'unit', unit: 'day', unitDisplay: 'short', maximumFractionDigits: 0 }),
	list: (locale: Locale) => new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' })
};
type Formats = typeof FORMATS;

// Building a formatter costs far more than using one (the first of a kind loads locale data): each is built once
// per language, when first used.
const cache = new Map<string, ReturnType<Formats[keyof Formats]>>();
function formatter<K extends keyof Formats>(name: K): ReturnType<Formats[K]> {
	const locale = i18n.locale;
	const key = `${locale} ${name}`;
	let built = cache.get(key);
	if (!built) cache.set(key, (built = FORMATS[name](locale)));
	return built as ReturnType<Formats[K]>;
}

/**
 * Builds formats ahead of their first use (and the language's plural rules, which counts in messages use), so that a
 * page can build them in a task of its own rather than in the one that first draws a number.
 */
export function prepareFormats(names: (keyof Formats)[]): void {
	for (const name of names) formatter(name);
	prepareCounting();
}

/** How the counts a shared snapshot hides are shown: by their stand-in values (share/display.ts). */
const hiddenCounts = new Map<number, string>();
export function labelHiddenCounts(labels: [number, string][]): void {
	hiddenCounts.clear();
	for (const [value, label] of labels) hiddenCounts.set(value, label);
}

export const formatCount = (n: number) => hiddenCounts.get(n) ?? formatter('integer').format(n);

/** Two decimals, always: an expected number of purchases ("0.40"). */
export const formatHundredths = (n: number) => formatter('hundredths').format(n);

/** One decimal, always: a log-likelihood ("-1,234.5"). */
export const formatTenths = (n: number) => formatter('decimal').format(n);

/** Three decimals, always: a Gini coefficient ("0.742", "0,742" in Vietnamese). */
export const formatThousandths = (n: number) => formatter('thousandths').format(n);

/** Four significant digits: a fitted model parameter ("0.2430", "4.414", "79.95"). */
export const formatSignificant = (n: number) => formatter('significant').format(n);

/**
 * An amount in the data's own currency, which the file does not name: always two decimals (the minor unit of most
 * currencies), so that 12.5 and 12.50 never stand side by side.
 */
export const formatMoney = (n: number) => formatter('money').format(n);

export const formatPercent = (r: number | null) => (r === null ? '–' : formatter('percent').format(r));

export const formatDate = (ms: number) => formatter('day').format(ms);

export const formatMonth = (ms: number) => formatter('month').format(ms);

/** "a, b and c" (or "a, b y c", "a, b và c", "a, b en c"). */
export const formatList = (items: string[]) => formatter('list').format(items);

export const formatDateRange = (from: number, to: number) => `${formatDate(from)} – ${formatDate(to)}`;

/** A duration in the largest unit that keeps it readable: "45 min", "3.5 hr", "12 days" (in the interface's language). */
export function formatDuration(ms: number | null): string {
	if (ms === null) return '–';
	const minutes = ms / 60_000;
	if (ms <= 0) return formatter('minute').format(0);
	if (minutes < 1) return `< ${formatter('minute').format(1)}`;
	if (minutes < 90) return formatter('minute').format(Math.round(minutes));
	const hours = minutes / 60;
	if (hours < 36) return formatter('hour').format(hours);
	const days = hours / 24;
	return formatter(days < 10 ? 'days' : 'manyDays').format(days);
}

/** Bytes in B, kB, MB or GB (powers of 1000, as file managers show). */
export function formatBytes(bytes: number): string {
	const units = ['B', 'kB', 'MB', 'GB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit++;
	}
	return `${unit === 0 ? value : formatter('decimal').format(value)} ${units[unit]}`;
}
