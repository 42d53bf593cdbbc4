/**
 * Number, percent, duration and date formatting for display, with Intl in the interface's language.
 * Reading i18n.locale makes every caller in a template follow a language switch.
 */
import { i18n } from '$lib/i18n/i18n.svelte';
import type { Locale } from '$lib/i18n/locales';

function formattersOf(locale: Locale) {
	return {
		integer: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }),
		decimal: new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 }),
		percent: new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }),
		money: new Intl.NumberFormat(locale, { maximumFractionDigits: 2, minimumFractionDigits: 0 }),
		day: new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }),
		month: new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }),
		minute: new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'short', maximumFractionDigits: 0 }),
		hour: new Intl.NumberFormat(locale, { style: 'unit', unit: 'hour', unitDisplay: 'short', maximumFractionDigits: 1, minimumFractionDigits: 1 }),
		days: new Intl.NumberFormat(locale, { style: 'unit', unit: 'day', unitDisplay: 'short', maximumFractionDigits: 1, minimumFractionDigits: 1 }),
		manyDays: new Intl.NumberFormat(locale, { style: 'unit', unit: 'day', unitDisplay: 'short', maximumFractionDigits: 0 })
	};
}

// Building a formatter costs far more than using one: one set per language.
const cache = new Map<Locale, ReturnType<typeof formattersOf>>();
function formatters() {
	const locale = i18n.locale;
	let set = cache.get(locale);
	if (!set) cache.set(locale, (set = formattersOf(locale)));
	return set;
}

export const formatCount = (n: number) => formatters().integer.format(n);

/** An amount in the data's own currency, which the file does not name. */
export const formatMoney = (n: number) => formatters().money.format(n);

export const formatPercent = (r: number | null) => (r === null ? '–' : formatters().percent.format(r));

export const formatDate = (ms: number) => formatters().day.format(ms);

export const formatMonth = (ms: number) => formatters().month.format(ms);

export const formatDateRange = (from: number, to: number) => `${formatDate(from)} – ${formatDate(to)}`;

/** A duration in the largest unit that keeps it readable: "45 min", "3.5 hr", "12 days" (in the interface's language). */
export function formatDuration(ms: number | null): string {
	if (ms === null) return '–';
	const minutes = ms / 60_000;
	const f = formatters();
	if (ms <= 0) return f.minute.format(0);
	if (minutes < 1) return `< ${f.minute.format(1)}`;
	if (minutes < 90) return f.minute.format(Math.round(minutes));
	const hours = minutes / 60;
	if (hours < 36) return f.hour.format(hours);
	const days = hours / 24;
	return (days < 10 ? f.days : f.manyDays).format(days);
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
	return `${unit === 0 ? value : formatters().decimal.format(value)} ${units[unit]}`;
}
