/**
 * Dates: the formats exports use, decided once per column from its values, then parsed
 * straight to epoch milliseconds (no Date object per row where it can be helped).
 */
import { codeAt } from './text-or-bytes';
import { DAY_MS } from '../engine/periods';
import type { DateFormat } from '../base/source-types';

export const DATE_FORMAT_LABELS: Record<DateFormat, string> = {
	iso: 'ISO 8601 (2024-03-01 09:30)',
	compact: 'Compact (20240301)',
	dmy: 'Day first (01/03/2024)',
	mdy: 'Month first (03/01/2024)',
	rfc2822: 'RFC 2822 (Fri, 01 Mar 2024 09:30:00 +0000)',
	'epoch-s': 'Unix seconds (1709285400)',
	'epoch-ms': 'Unix milliseconds (1709285400000)',
	excel: 'Excel serial days (45352.4)'
};

export const DATE_FORMAT_EXAMPLES: Record<DateFormat, string> = {
	iso: '2024-03-01 or 2024-03-01T09:30:00Z',
	compact: '20240301',
	dmy: '01/03/2024 (day first)',
	mdy: '03/01/2024 (month first)',
	rfc2822: 'Fri, 01 Mar 2024 09:30:00 +0000',
	'epoch-s': 'seconds since 1970 such as 1709285400',
	'epoch-ms': 'milliseconds since 1970 such as 1709285400000',
	excel: 'an Excel day number such as 45352.5'
};

/** A time of day and an optional zone, after a date. */
const TIME = String.raw`(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([AaPp][Mm])?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?`;
const ISO = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})${TIME}$`, 'i');
const DAY_MONTH = new RegExp(String.raw`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})${TIME}$`, 'i');
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const RFC2822 = new RegExp(
	String.raw`^(?:[a-z]{3},?\s+)?(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(Z|UT|UTC|GMT|[ECMP][SD]T|[+-]\d{4})?$`,
	'i'
);
const RFC_ZONES: Record<string, number> = { EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420 };
const INTEGER = /^\d+(?:\.\d+)?$/;

/**
 * Turns wall-clock fields read without a zone into epoch ms. The default reads them as UTC;
 * `zonedWallClock` gives one for a named time zone.
 */
export type WallClock = (year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number) => number;

export const utcWallClock: WallClock = (year, month, day, hour, minute, second, ms) => {
	// Four-digit years in arithmetic: Date.UTC is a runtime call per row (5% of the import worker's time on a 1M log).
	if (year >= 1000 && year <= 9999) return daysFromCivil(year, month, day) * DAY_MS + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
	if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second, ms);
	const date = new Date(0);
	// setUTCFullYear keeps years 0–99 literal, unlike Date.UTC.
	date.setUTCFullYear(year, month - 1, day);
	date.setUTCHours(hour, minute, second, ms);
	return date.getTime();
};

/**
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar, as Date.UTC counts them (H. Hinnant's
 * days_from_civil; the month may run past 12 or below 1 no more than Date.UTC's callers here let it: they check it).
 */
function daysFromCivil(year: number, month: number, day: number): number {
	const y = month <= 2 ? year - 1 : year;
	const era = Math.floor(y / 400);
	const yearOfEra = y - era * 400;
	const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
	return era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468;
}

/** Epoch ms of text in the given format; NaN when it is not a real date in that format. */
export function parseDate(text: string, format: DateFormat, wallClock: WallClock = utcWallClock): number {
	const s = text.trim();
	switch (format) {
		case 'iso': {
			const fast = fastIso(s, wallClock);
			if (fast !== undefined) return fast;
			const m = ISO.exec(s);
			return m ? fromParts(+m[1], +m[2], +m[3], m, 4, wallClock) : NaN;
		}
		case 'dmy':
		case 'mdy': {
			const fast = fastDayMonth(s, format === 'dmy', wallClock);
			if (fast !== undefined) return fast;
			const m = DAY_MONTH.exec(s);
			if (!m) return NaN;
			const year = m[3].length === 2 ? 2000 + +m[3] - (+m[3] >= 70 ? 100 : 0) : +m[3];
			return format === 'dmy' ? fromParts(year, +m[2], +m[1], m, 4, wallClock) : fromParts(year, +m[1], +m[2], m, 4, wallClock);
		}
		case 'compact': {
			const m = COMPACT.exec(s);
			return m ? checked(+m[1], +m[2], +m[3], 0, 0, 0, 0, wallClock) : NaN;
		}
		case 'rfc2822': {
			const m = RFC2822.exec(s);
			if (!m) return NaN;
			const month = MONTHS.indexOf(m[2].toLowerCase()) + 1;
			if (month === 0) return NaN;
			const local = checked(+m[3], month, +m[1], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, 0, m[7] ? utcWallClock : wallClock);
			return m[7] ? local - rfcZoneMinutes(m[7]) * 60_000 : local;
		}
		case 'epoch-s':
			return INTEGER.test(s) ? Math.round(Number(s) * 1000) : NaN;
		case 'epoch-ms':
			return INTEGER.test(s) ? Math.round(Number(s)) : NaN;
		case 'excel': {
			if (!INTEGER.test(s)) return NaN;
			const days = Number(s);
			// Day 60 is Excel's 29 Feb 1900, which never was; serials are kept to real dates up to 9999.
			if (days < 61 || days > 2958465) return NaN;
			return Math.round((days - 25569) * DAY_MS);
		}
	}
}

/**
 * Two digits at `i` as a number, or -1 when either is not a digit (a character past the end is NaN: not one either).
 * Inline arithmetic, no call per digit: this runs once per row and column of dates on every import.
 */
function twoDigits(s: string, i: number): number {
	const high = s.charCodeAt(i) - 48;
	const low = s.charCodeAt(i + 1) - 48;
	return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : -1;
}

/**
 * The common shapes, read without a regular expression: YYYY-MM-DD, optionally followed by
 * THH:MM:SS or a space and HH:MM:SS, optionally ending in Z. undefined for anything else.
 */
function fastIso(s: string, wallClock: WallClock): number | undefined {
	const n = s.length;
	if (n !== 10 && n !== 19 && n !== 20) return undefined;
	const century = twoDigits(s, 0);
	const yearInCentury = twoDigits(s, 2);
	const month = twoDigits(s, 5);
	const day = twoDigits(s, 8);
	if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (century | yearInCentury | month | day) < 0) return undefined;
	const year = century * 100 + yearInCentury;
	if (n === 10) return checked(year, month, day, 0, 0, 0, 0, wallClock);
	const separator = s.charCodeAt(10);
	if ((separator !== 84 && separator !== 32) || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return undefined;
	const hour = twoDigits(s, 11);
	const minute = twoDigits(s, 14);
	const second = twoDigits(s, 17);
	if ((hour | minute | second) < 0) return undefined;
	if (n === 20 && s.charCodeAt(19) !== 90) return undefined;
	return checked(year, month, day, hour, minute, second, 0, n === 20 ? utcWallClock : wallClock);
}

/**
 * fastIso's shapes read from a field's bytes (import/csv-bytes.ts), with the same results: the field's text need not be
 * made. undefined for anything else, spaces around the date included: parseDate reads those from the text.
 */
export function isoFromBytes(b: Uint8Array, start: number, end: number, wallClock: WallClock): number | undefined {
	const n = end - start;
	if (n !== 10 && n !== 19 && n !== 20) return undefined;
	const century = twoDigitBytes(b, start);
	const yearInCentury = twoDigitBytes(b, start + 2);
	const month = twoDigitBytes(b, start + 5);
	const day = twoDigitBytes(b, start + 8);
	if (b[start + 4] !== 45 || b[start + 7] !== 45 || (century | yearInCentury | month | day) < 0) return undefined;
	const year = century * 100 + yearInCentury;
	if (n === 10) return checked(year, month, day, 0, 0, 0, 0, wallClock);
	const separator = b[start + 10];
	if ((separator !== 84 && separator !== 32) || b[start + 13] !== 58 || b[start + 16] !== 58) return undefined;
	const hour = twoDigitBytes(b, start + 11);
	const minute = twoDigitBytes(b, start + 14);
	const second = twoDigitBytes(b, start + 17);
	if ((hour | minute | second) < 0) return undefined;
	if (n === 20 && b[start + 19] !== 90) return undefined;
	return checked(year, month, day, hour, minute, second, 0, n === 20 ? utcWallClock : wallClock);
}

function twoDigitBytes(b: Uint8Array, i: number): number {
	const high = b[i] - 48;
	const low = b[i + 1] - 48;
	return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : -1;
}

/**
 * The common day-and-month shapes, read without a regular expression: D/M/YYYY or M/D/YYYY (one or two digits, each
 * separator '/', '-' or '.'), optionally followed by a space and H:MM or H:MM:SS. undefined for anything else (two-digit
 * years, AM/PM, fractions, zones): DAY_MONTH reads those. What it reads, it reads as DAY_MONTH and fromParts do.
 */
function fastDayMonth(s: string, dayFirst: boolean, wallClock: WallClock): number | undefined {
	return dayMonthOf(s, 0, s.length, dayFirst, wallClock);
}

/**
 * fastDayMonth's shapes read from a field's bytes (import/csv-bytes.ts), with the same results: an order file's dates
 * (2/3/2024 10:58) without their text. undefined for anything else, spaces around the date included: parseDate reads
 * those from the text.
 */
export function dayMonthFromBytes(b: Uint8Array, start: number, end: number, dayFirst: boolean, wallClock: WallClock): number | undefined {
	return dayMonthOf(b, start, end, dayFirst, wallClock);
}

/** A digit's value at i of a text or its bytes, -1 for any other character and at or past `end`. */
function digitOf(s: string | Uint8Array, i: number, end: number): number {
	const c = codeOf(s, i, end) - 48;
	return c >= 0 && c <= 9 ? c : -1;
}

/** The character (or byte) at i, -1 at or past `end`. */
const codeOf = (s: string | Uint8Array, i: number, end: number): number => (i >= end ? -1 : codeAt(s, i));

/** fastDayMonth of `s[start..end)`, a text or its bytes: one reading for both, so they cannot disagree. */
function dayMonthOf(s: string | Uint8Array, start: number, end: number, dayFirst: boolean, wallClock: WallClock): number | undefined {
	let i = start;
	let first = 0;
	let next = 0;
	for (let p = 0; p < 2; p++) {
		let value = digitOf(s, i++, end);
		if (value < 0) return undefined;
		const second = digitOf(s, i, end);
		if (second >= 0) {
			value = value * 10 + second;
			i++;
		}
		const separator = codeOf(s, i++, end);
		if (separator !== 47 && separator !== 45 && separator !== 46) return undefined;
		if (p === 0) first = value;
		else next = value;
	}
	const y0 = digitOf(s, i, end);
	const y1 = digitOf(s, i + 1, end);
	const y2 = digitOf(s, i + 2, end);
	const y3 = digitOf(s, i + 3, end);
	if ((y0 | y1 | y2 | y3) < 0) return undefined;
	const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
	i += 4;
	let hour = 0;
	let minute = 0;
	let second = 0;
	if (i < end) {
		if (codeOf(s, i++, end) !== 32 || digitOf(s, i, end) < 0) return undefined;
		hour = digitOf(s, i++, end);
		if (digitOf(s, i, end) >= 0) hour = hour * 10 + digitOf(s, i++, end);
		const m0 = digitOf(s, i + 1, end);
		const m1 = digitOf(s, i + 2, end);
		if (codeOf(s, i, end) !== 58 || (m0 | m1) < 0) return undefined;
		minute = m0 * 10 + m1;
		i += 3;
		if (i < end) {
			const s0 = digitOf(s, i + 1, end);
			const s1 = digitOf(s, i + 2, end);
			if (codeOf(s, i, end) !== 58 || (s0 | s1) < 0) return undefined;
			second = s0 * 10 + s1;
			i += 3;
		}
		if (i !== end) return undefined;
	}
	return dayFirst ? checked(year, next, first, hour, minute, second, 0, wallClock) : checked(year, first, next, hour, minute, second, 0, wallClock);
}

/** Date parts plus the time and zone groups at `at`..`at+5` of a TIME match. */
function fromParts(year: number, month: number, day: number, m: RegExpExecArray, at: number, wallClock: WallClock): number {
	let hour = m[at] ? +m[at] : 0;
	const minute = m[at + 1] ? +m[at + 1] : 0;
	const second = m[at + 2] ? +m[at + 2] : 0;
	const ms = m[at + 3] ? Math.round(Number('0.' + m[at + 3]) * 1000) : 0;
	const meridiem = m[at + 4]?.toLowerCase();
	if (meridiem) {
		if (hour < 1 || hour > 12) return NaN;
		hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
	}
	const zone = m[at + 5];
	if (!zone) return checked(year, month, day, hour, minute, second, ms, wallClock);
	return checked(year, month, day, hour, minute, second, ms, utcWallClock) - zoneMinutes(zone) * 60_000;
}

function checked(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number, wallClock: WallClock) {
	if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
	if (hour > 23 || minute > 59 || second > 59) return NaN;
	return wallClock(year, month, day, hour, minute, second, ms);
}

function daysInMonth(year: number, month: number): number {
	if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
	return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function zoneMinutes(zone: string): number {
	if (/^(Z|UTC|GMT)$/i.test(zone)) return 0;
	const sign = zone[0] === '-' ? -1 : 1;
	const digits = zone.slice(1).replace(':', '');
	return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0));
}

function rfcZoneMinutes(zone: string): number {
	const named = RFC_ZONES[zone.toUpperCase()];
	if (named !== undefined) return named;
	return /^[+-]/.test(zone) ? zoneMinutes(zone) : 0;
}

export interface DateDetection {
	/** The format that reads the most values (all, ideally); null when none reads most of them. */
	format: DateFormat | null;
	/** Day-first and month-first both read every value: the user must say which. */
	ambiguous: boolean;
	/** Share of the non-empty sample values the format reads. */
	share: number;
}

/** Formats tried in this order; the first that reads the most values wins. */
const TEXT_FORMATS: DateFormat[] = ['iso', 'compact', 'rfc2822', 'dmy', 'mdy'];

/**
 * Decides a column's date format from its values (not from one value): day-first versus month-first is
 * settled by any value whose first or second part exceeds 12; when none does, it is ambiguous.
 * Plain numbers are read as dates only when `numbersMayBeDates` (the header says date), by their size.
 */
export function detectDateFormat(values: string[], numbersMayBeDates = false): DateDetection {
	const sample = values.map((v) => v.trim()).filter((v) => v !== '');
	if (sample.length === 0) return { format: null, ambiguous: false, share: 0 };
	const share = (format: DateFormat) => sample.filter((v) => !Number.isNaN(parseDate(v, format))).length / sample.length;

	let best: DateFormat | null = null;
	let bestShare = 0;
	for (const format of TEXT_FORMATS) {
		const s = share(format);
		if (s > bestShare) {
			best = format;
			bestShare = s;
		}
	}
	if (best === 'dmy' || best === 'mdy') {
		const dmy = share('dmy');
		const mdy = share('mdy');
		if (dmy === mdy) return { format: 'dmy', ambiguous: true, share: dmy };
		best = dmy > mdy ? 'dmy' : 'mdy';
		bestShare = Math.max(dmy, mdy);
	}
	if (bestShare === 0 && numbersMayBeDates && sample.every((v) => INTEGER.test(v))) {
		const format = numericDateFormat(sample);
		if (format) return { format, ambiguous: false, share: share(format) };
	}
	return bestShare >= 0.5 ? { format: best, ambiguous: false, share: bestShare } : { format: null, ambiguous: false, share: bestShare };
}

/** Numbers as dates, by magnitude: Excel serials (1900–2199), Unix seconds or milliseconds (1973–2286). */
function numericDateFormat(sample: string[]): DateFormat | null {
	const numbers = sample.map(Number);
	const within = (lo: number, hi: number) => numbers.every((n) => n >= lo && n <= hi);
	if (within(61, 109574)) return 'excel';
	if (within(1e8, 1e10)) return 'epoch-s';
	if (within(1e11, 1e13)) return 'epoch-ms';
	return null;
}

/**
 * A WallClock for a named IANA time zone: wall time there to epoch ms, through Intl.
 * Offsets are cached per hour of wall time, so a million rows cost a few thousand Intl calls.
 */
export function zonedWallClock(timeZone: string): WallClock {
	if (timeZone === 'UTC') return utcWallClock;
	const format = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		hour: 'numeric',
		minute: 'numeric',
		second: 'numeric',
		era: 'short'
	});
	const offsetAt = (epoch: number): number => {
		const parts: Record<string, string> = {};
		for (const p of format.formatToParts(epoch)) parts[p.type] = p.value;
		const year = parts.era === 'BC' || parts.era === 'B' ? 1 - Number(parts.year) : Number(parts.year);
		const wall = utcWallClock(year, +parts.month, +parts.day, +parts.hour, +parts.minute, +parts.second, 0);
		return wall - Math.floor(epoch / 1000) * 1000;
	};
	/**
	 * The offset for wall times in an hour, by the usual ("compatible") rule around a clock change: the offsets a
	 * few hours before and after are the candidates; a wall time that happens twice takes the earlier instant, and
	 * one skipped by the change is read with the offset from before it (so 02:30 on a spring-forward night is 03:30).
	 */
	const offsetForWallHour = (wallHour: number): number => {
		const before = offsetAt(wallHour - 6 * 3_600_000);
		const after = offsetAt(wallHour + 6 * 3_600_000);
		const valid = [before, after].filter((o) => offsetAt(wallHour - o) === o);
		if (valid.length === 0) return before;
		return Math.max(...valid);
	};
	const cache = new Map<number, number>();
	return (year, month, day, hour, minute, second, ms) => {
		const wall = utcWallClock(year, month, day, hour, minute, second, ms);
		const hourKey = Math.floor(wall / 3_600_000);
		let result = cache.get(hourKey);
		if (result === undefined) {
			result = offsetForWallHour(hourKey * 3_600_000);
			cache.set(hourKey, result);
		}
		return wall - result;
	};
}

/** Whether the browser knows this IANA time zone name. */
export function isTimeZone(name: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: name });
		return true;
	} catch {
		return false;
	}
}
