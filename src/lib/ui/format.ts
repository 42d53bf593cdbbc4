/** Number, percent, duration and date formatting for display (Intl; English until translations come). */

const locale = 'en';
const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
const money = new Intl.NumberFormat(locale, { maximumFractionDigits: 2, minimumFractionDigits: 0 });
const day = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });

export const formatCount = (n: number) => integer.format(n);

/** An amount in the data's own currency, which the file does not name. */
export const formatMoney = (n: number) => money.format(n);

export const formatPercent = (r: number | null) => (r === null ? '–' : percent.format(r));

export const formatDate = (ms: number) => day.format(ms);

export const formatDateRange = (from: number, to: number) => `${formatDate(from)} – ${formatDate(to)}`;

/** A duration in the largest unit that keeps it readable: "45 min", "3.5 h", "12 d". */
export function formatDuration(ms: number | null): string {
	if (ms === null) return '–';
	const minutes = ms / 60_000;
	if (ms <= 0) return '0 min';
	if (minutes < 1) return '< 1 min';
	if (minutes < 90) return `${Math.round(minutes)} min`;
	const hours = minutes / 60;
	if (hours < 36) return `${hours.toFixed(1)} h`;
	const days = hours / 24;
	return `${days < 10 ? days.toFixed(1) : Math.round(days)} d`;
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
	return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
