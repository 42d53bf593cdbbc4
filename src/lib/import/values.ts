/** Reading timestamps and numbers from text straight into numbers (no Date objects per row). */

const DATE_TIME =
	/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const EPOCH = /^\d{9,14}(?:\.\d+)?$/;

export const TIMESTAMP_EXPECTED = 'a date such as 2024-03-01, 2024-03-01 09:30, 2024-03-01T09:30:00Z or 20240301';

/**
 * Epoch milliseconds (UTC) of an ISO-like date/time, a compact YYYYMMDD date, or epoch seconds
 * (9–11 digits) / milliseconds (12–14 digits); NaN when the text is none of these or not a real date.
 * A time without a zone is read as UTC.
 */
export function parseTimestamp(text: string): number {
	const s = text.trim();
	const compact = COMPACT_DATE.exec(s);
	if (compact) return utc(+compact[1], +compact[2], +compact[3], 0, 0, 0, 0);
	if (EPOCH.test(s)) {
		const n = Number(s);
		return s.indexOf('.') === -1 && s.length >= 12 ? n : Math.round(n * 1000);
	}
	const m = DATE_TIME.exec(s);
	if (!m) return NaN;
	const fraction = m[7] ? Math.round(Number('0.' + m[7]) * 1000) : 0;
	const local = utc(+m[1], +m[2], +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, fraction);
	return local - zoneOffsetMinutes(m[8]) * 60_000;
}

function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number) {
	if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
	if (hour > 23 || minute > 59 || second > 59) return NaN;
	const date = new Date(0);
	// setUTCFullYear keeps years 0–99 literal, unlike Date.UTC.
	date.setUTCFullYear(year, month - 1, day);
	date.setUTCHours(hour, minute, second, ms);
	return date.getTime();
}

function daysInMonth(year: number, month: number): number {
	if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
	return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function zoneOffsetMinutes(zone: string | undefined): number {
	if (!zone || /^(Z|UTC|GMT)$/i.test(zone)) return 0;
	const sign = zone[0] === '-' ? -1 : 1;
	const digits = zone.slice(1).replace(':', '');
	return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0));
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export const NUMBER_EXPECTED = 'a number such as 42 or 19.99';

/** A plain decimal number; NaN for an empty field (absent); null when the text is not a number. */
export function parseNumber(text: string): number | null {
	const s = text.trim();
	if (s === '') return NaN;
	return DECIMAL.test(s) ? Number(s) : null;
}
